"""Reading checkouts: Query.checkout, the Checkout and CheckoutLine types, and the customer's
checkouts on User (checkouts, checkoutIds, checkoutTokens).

Everything priced comes from one `fetch_checkout_info` per checkout and request, kept on the
checkout instance; the lines' variants and products are handed to the catalog's loaders, so a
checkout costs the same number of queries however many lines it has.
"""

from dataclasses import dataclass

from ariadne import ObjectType, QueryType
from graphql import GraphQLResolveInfo

from catalog.graphql.channel_scope import in_scope, scoped
from catalog.graphql.loaders import (
    ProductByIdLoader,
    ProductChannelListingByProductIdAndChannelIdLoader,
    ProductTypeByIdLoader,
    VariantChannelListingByVariantIdAndChannelIdLoader,
    remember_siblings,
)
from catalog.graphql.pricing import money, untaxed
from catalog.graphql.product_connection import remember_channel
from catalog.graphql.taxonomy_common import one_of_args
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.connections import SortKey, paginate
from infra.graphql.errors import PermissionDenied
from infra.graphql.languages import language_enum_name
from infra.graphql.metadata import bind_metadata
from infra.graphql.nodes import NodeType, register_node
from infra.graphql.permissions import has_one_of
from infra.ids import from_global_id_or_error, to_global_id
from storefront.graphql.checkout_access import can_read_checkout, is_checkout_owner
from storefront.graphql.checkout_shipping import CheckoutShippingMethod
from storefront.models import Checkout, CheckoutLine
from storefront.selectors import checkout as checkout_selectors
from storefront.selectors.checkout import CheckoutInfo, CheckoutLineInfo

query = QueryType()
checkout_type = ObjectType("Checkout")
line_type = ObjectType("CheckoutLine")
user_type = ObjectType("User")


def _manage_checkouts(_instance) -> list[PermissionEnum]:
    return [PermissionEnum.MANAGE_CHECKOUTS]


def _no_permissions(_instance) -> list[PermissionEnum]:
    # Saleor: anyone holding a checkout may write its public metadata.
    return []


bind_metadata(checkout_type, _manage_checkouts)
bind_metadata(line_type, _manage_checkouts)
register_node(
    NodeType(
        "Checkout",
        Checkout,
        _no_permissions,
        _manage_checkouts,
        visible=lambda info, checkout: in_scope(info, checkout.channel_id),
    )
)
register_node(
    NodeType(
        "CheckoutLine",
        CheckoutLine,
        _no_permissions,
        _manage_checkouts,
        visible=lambda info, line: in_scope(info, line.checkout.channel_id),
    )
)


@dataclass(frozen=True)
class _LineContext:
    info: CheckoutLineInfo
    currency: str
    channel_slug: str


_INFO = "_checkout_info"
_LINE = "_checkout_line_context"


def checkout_info(checkout: Checkout, info: GraphQLResolveInfo) -> CheckoutInfo:
    """The checkout's lines and prices, computed once per request; the catalog loaders are
    primed with the lines' variants, products and listings."""
    cached = checkout.__dict__.get(_INFO)
    if cached is not None:
        return cached
    cached = checkout_selectors.fetch_checkout_info(checkout)
    checkout.__dict__[_INFO] = cached
    channel = cached.channel
    remember_channel(info, channel)
    products = ProductByIdLoader.of(info)
    product_types = ProductTypeByIdLoader.of(info)
    variant_listings = VariantChannelListingByVariantIdAndChannelIdLoader.of(info)
    product_listings = ProductChannelListingByProductIdAndChannelIdLoader.of(info)
    for line_info in cached.lines:
        product = line_info.product
        products.prime(product.pk, product)
        product_types.prime(product.product_type_id, product.product_type)
        variant_listings.prime((line_info.variant.pk, channel.pk), line_info.variant_listing)
        product_listings.prime((product.pk, channel.pk), line_info.product_listing)
        line_info.line.__dict__[_LINE] = _LineContext(line_info, cached.currency, channel.slug)
    remember_siblings(line_info.variant for line_info in cached.lines)
    remember_siblings(
        line_info.line.booking_slot for line_info in cached.lines if line_info.line.booking_slot_id
    )
    remember_siblings(
        {line_info.product.pk: line_info.product for line_info in cached.lines}.values()
    )
    return cached


@query.field("checkout")
def resolve_checkout(_obj, info, id=None, token=None) -> Checkout | None:
    name, value = one_of_args(id=id, token=token)
    if name == "id":
        value = from_global_id_or_error(id, "Checkout", int_pk=False)
    checkout = checkout_selectors.checkout_by_token(value)
    if checkout is None or not can_read_checkout(info, checkout):
        return None
    return checkout


# --- Checkout ----------------------------------------------------------------------------------


def _attribute(name: str):
    def resolve(checkout: Checkout, _info):
        return getattr(checkout, name)

    return resolve


for _field, _attribute_name in (
    ("created", "created_at"),
    ("updatedAt", "updated_at"),
    ("lastChange", "updated_at"),
    ("customerNote", "customer_note"),
):
    checkout_type.set_field(_field, _attribute(_attribute_name))


@checkout_type.field("user")
def resolve_user(checkout: Checkout, info):
    if checkout.user_id is None:
        return None
    if is_checkout_owner(info, checkout):
        return checkout.user
    permissions = (PermissionEnum.MANAGE_USERS, PermissionEnum.HANDLE_PAYMENTS)
    if not has_one_of(info.context, permissions):
        raise PermissionDenied(permissions=[*permissions, "OWNER"])
    return checkout.user


@checkout_type.field("languageCode")
def resolve_language_code(checkout: Checkout, _info) -> str:
    return language_enum_name(checkout.language_code)


@checkout_type.field("lines")
def resolve_lines(checkout: Checkout, info) -> list[CheckoutLine]:
    return [line_info.line for line_info in checkout_info(checkout, info).lines]


@checkout_type.field("quantity")
def resolve_quantity(checkout: Checkout, info) -> int:
    return checkout_info(checkout, info).quantity


@checkout_type.field("isShippingRequired")
def resolve_is_shipping_required(checkout: Checkout, info) -> bool:
    return checkout_info(checkout, info).is_shipping_required


def _price(getter):
    def resolve(checkout: Checkout, info):
        computed = checkout_info(checkout, info)
        return untaxed(getter(computed), computed.currency)

    return resolve


checkout_type.set_field("subtotalPrice", _price(lambda computed: computed.subtotal))
checkout_type.set_field("shippingPrice", _price(lambda computed: computed.shipping_price))
checkout_type.set_field("totalPrice", _price(lambda computed: computed.total))


@checkout_type.field("discount")
def resolve_discount(checkout: Checkout, _info):
    return money(0, checkout.currency)


for _field, _value in (
    ("discountName", None),
    ("translatedDiscountName", None),
    ("voucherCode", None),
    ("taxExemption", False),
    ("displayGrossPrices", True),
):
    checkout_type.set_field(_field, lambda _checkout, _info, value=_value: value)


def _shipping_methods(checkout: Checkout, info) -> list[CheckoutShippingMethod]:
    options = checkout_info(checkout, info).shipping_options
    return [CheckoutShippingMethod.of_option(option) for option in options]


checkout_type.set_field("shippingMethods", _shipping_methods)
checkout_type.set_field("availableShippingMethods", _shipping_methods)


@checkout_type.field("availableCollectionPoints")
def resolve_available_collection_points(checkout: Checkout, info):
    return checkout_selectors.collection_points(checkout_info(checkout, info))


@checkout_type.field("stockReservationExpires")
def resolve_stock_reservation_expires(checkout: Checkout, _info):
    return checkout_selectors.stock_reservation_expires(checkout)


def _assigned_shipping_method(checkout: Checkout, info) -> CheckoutShippingMethod | None:
    if checkout.shipping_method_id is None:
        return None
    computed = checkout_info(checkout, info)
    option = computed.shipping_option
    if option is not None:
        return CheckoutShippingMethod.of_option(option)
    # Chosen earlier but no longer deliverable here: shown inactive at its listed price.
    listing = checkout_selectors.shipping_listing(checkout.shipping_method_id, computed.channel)
    return CheckoutShippingMethod(
        method=checkout.shipping_method,
        listing=listing,
        price=listing.price if listing else 0,
        currency=checkout.currency,
        active=False,
    )


checkout_type.set_field("shippingMethod", _assigned_shipping_method)


@checkout_type.field("deliveryMethod")
def resolve_delivery_method(checkout: Checkout, info):
    if checkout.collection_point_id is not None:
        return checkout.collection_point
    return _assigned_shipping_method(checkout, info)


@checkout_type.field("delivery")
def resolve_delivery(checkout: Checkout, info):
    method = _assigned_shipping_method(checkout, info)
    if method is None:
        return None
    delivery_id = to_global_id("Delivery", f"{checkout.pk}:{method.method.pk}")
    return {"id": delivery_id, "shipping_method": method}


# --- CheckoutLine ------------------------------------------------------------------------------


def _line_context(line: CheckoutLine) -> _LineContext:
    context = line.__dict__.get(_LINE)
    if context is None:
        # A line reached on its own (e.g. from updateMetadata): price it with its checkout.
        checkout = Checkout.objects.select_related("channel").get(pk=line.checkout_id)
        line_info = next(
            item
            for item in checkout_selectors.checkout_lines_info(checkout)
            if item.line.pk == line.pk
        )
        context = _LineContext(line_info, checkout.currency, checkout.channel.slug)
        line.__dict__[_LINE] = context
    return context


@line_type.field("variant")
def resolve_variant(line: CheckoutLine, _info) -> ChannelContext:
    context = _line_context(line)
    return ChannelContext(context.info.variant, context.channel_slug)


@line_type.field("requiresShipping")
def resolve_requires_shipping(line: CheckoutLine, _info) -> bool:
    return _line_context(line).info.requires_shipping


def _line_money(getter, *, taxed: bool):
    def resolve(line: CheckoutLine, _info):
        context = _line_context(line)
        amount = getter(context.info)
        if amount is None:
            return None
        return untaxed(amount, context.currency) if taxed else money(amount, context.currency)

    return resolve


def _prior(line_info: CheckoutLineInfo, quantity: int = 1):
    listing = line_info.variant_listing
    if listing is None or listing.prior_price_amount is None:
        return None
    return listing.prior_price_amount * quantity


line_type.set_field("unitPrice", _line_money(lambda li: li.unit_price, taxed=True))
line_type.set_field("totalPrice", _line_money(lambda li: li.total_price, taxed=True))
line_type.set_field(
    "undiscountedUnitPrice", _line_money(lambda li: li.undiscounted_unit_price, taxed=False)
)
line_type.set_field(
    "undiscountedTotalPrice", _line_money(lambda li: li.undiscounted_total_price, taxed=False)
)
line_type.set_field("priorUnitPrice", _line_money(_prior, taxed=False))
line_type.set_field(
    "priorTotalPrice", _line_money(lambda li: _prior(li, li.line.quantity), taxed=False)
)
line_type.set_field("isGift", lambda _line, _info: False)
line_type.set_field("priceOverrideReason", lambda _line, _info: None)


# --- the customer's checkouts ------------------------------------------------------------------


def _user_checkouts(info, user, channel: str | None):
    return scoped(info, checkout_selectors.user_checkouts(user.pk, channel))


@user_type.field("checkouts")
def resolve_user_checkouts(user, info, channel=None, **args):
    checkouts = _user_checkouts(info, user, channel)
    return paginate(checkouts, info, args, SortKey(fields=("created_at", "pk"), descending=True))


@user_type.field("checkoutIds")
def resolve_user_checkout_ids(user, info, channel=None) -> list[str]:
    tokens = _user_checkouts(info, user, channel).values_list("pk", flat=True)
    return [to_global_id("Checkout", token) for token in tokens]


@user_type.field("checkoutTokens")
def resolve_user_checkout_tokens(user, info, channel=None) -> list:
    return list(_user_checkouts(info, user, channel).values_list("pk", flat=True))


bindables = [query, checkout_type, line_type, user_type]
cost_map = {
    "User": {"checkouts": {"complexity": 1, "multipliers": ["first", "last"]}},
    "Checkout": {
        "lines": {"complexity": 1},
        "shippingMethods": {"complexity": 1},
        "availableShippingMethods": {"complexity": 1},
        "availableCollectionPoints": {"complexity": 1},
    },
}
