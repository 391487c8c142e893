"""How a checkout may be delivered, in Saleor's shapes: the ShippingMethod type (a method
priced for one checkout), the DeliveryMethod union (Warehouse | ShippingMethod) and Delivery."""

from dataclasses import dataclass
from decimal import Decimal

from ariadne import ObjectType, UnionType

from catalog.graphql.pricing import money, weight
from catalog.models import Warehouse
from infra.accounts.permissions import PermissionEnum
from infra.graphql.metadata import bind_metadata
from infra.ids import to_global_id
from storefront.models import ShippingMethod, ShippingMethodChannelListing
from storefront.selectors.shipping import ShippingOption


@dataclass(frozen=True)
class CheckoutShippingMethod:
    """A shipping method as one checkout sees it: its price there and whether it applies."""

    method: ShippingMethod
    listing: ShippingMethodChannelListing | None
    price: Decimal
    currency: str
    active: bool = True
    message: str | None = None

    @classmethod
    def of_option(cls, option: ShippingOption) -> "CheckoutShippingMethod":
        return cls(
            method=option.method,
            listing=option.listing,
            price=option.price,
            currency=option.currency,
        )


shipping_method_type = ObjectType("ShippingMethod")
delivery_method_union = UnionType("DeliveryMethod")
bind_metadata(
    shipping_method_type,
    lambda _method: [PermissionEnum.MANAGE_SHIPPING],
    get_instance=lambda view: view.method,
)


@delivery_method_union.type_resolver
def resolve_delivery_method_type(obj, *_args) -> str:
    return "Warehouse" if isinstance(obj, Warehouse) else "ShippingMethod"


@shipping_method_type.field("id")
def resolve_id(view: CheckoutShippingMethod, _info) -> str:
    return to_global_id("ShippingMethod", view.method.pk)


def _method_attribute(name: str):
    def resolve(view: CheckoutShippingMethod, _info):
        return getattr(view.method, name)

    return resolve


for _field, _attribute in (
    ("name", "name"),
    ("description", "description"),
    ("type", "type"),
    ("minimumDeliveryDays", "minimum_delivery_days"),
    ("maximumDeliveryDays", "maximum_delivery_days"),
):
    shipping_method_type.set_field(_field, _method_attribute(_attribute))


@shipping_method_type.field("price")
def resolve_price(view: CheckoutShippingMethod, _info):
    return money(view.price, view.currency)


@shipping_method_type.field("minimumOrderPrice")
def resolve_minimum_order_price(view: CheckoutShippingMethod, _info):
    listing = view.listing
    return money(listing.minimum_order_price, listing.currency) if listing else None


@shipping_method_type.field("maximumOrderPrice")
def resolve_maximum_order_price(view: CheckoutShippingMethod, _info):
    listing = view.listing
    return money(listing.maximum_order_price, listing.currency) if listing else None


@shipping_method_type.field("minimumOrderWeight")
def resolve_minimum_order_weight(view: CheckoutShippingMethod, _info):
    return weight(view.method.minimum_order_weight)


@shipping_method_type.field("maximumOrderWeight")
def resolve_maximum_order_weight(view: CheckoutShippingMethod, _info):
    return weight(view.method.maximum_order_weight)


bindables = [shipping_method_type, delivery_method_union]
