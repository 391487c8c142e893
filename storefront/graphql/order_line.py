"""OrderLine (frozen names and prices, the variant when still visible, its thumbnail) and
Allocation (staff: which warehouse holds a line's units)."""

from ariadne import ObjectType
from django.utils import timezone

from catalog.graphql.loaders import (
    MediaByVariantIdLoader,
    ProductChannelListingByProductIdAndChannelIdLoader,
    VariantByIdLoader,
    load_for,
)
from catalog.graphql.media import thumbnail_url
from catalog.graphql.pricing import money, untaxed
from catalog.graphql.product import product_thumbnail
from catalog.graphql.taxonomy_common import sees_all_products
from catalog.models import ProductMediaType
from catalog.thumbnails import PRODUCT_THUMBNAIL_SIZE, thumbnail_format, thumbnail_size
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.metadata import bind_metadata
from infra.graphql.permissions import require_one_of
from storefront.graphql.order_loaders import AllocationsByOrderLineIdLoader, OrderByIdLoader
from storefront.models import Allocation, OrderLine

order_line_type = ObjectType("OrderLine")
allocation_type = ObjectType("Allocation")
bind_metadata(order_line_type, lambda _line: [PermissionEnum.MANAGE_ORDERS])


def _order(info, line: OrderLine):
    return load_for(info, OrderByIdLoader, line, lambda row: row.order_id)


def _taxed(attribute: str):
    def resolve(line: OrderLine, _info):
        return untaxed(getattr(line, attribute), line.currency)

    return resolve


for _field, _attribute in (
    ("unitPrice", "unit_price_amount"),
    ("undiscountedUnitPrice", "undiscounted_unit_price_amount"),
    ("totalPrice", "total_price_amount"),
    ("undiscountedTotalPrice", "undiscounted_total_price_amount"),
):
    order_line_type.set_field(_field, _taxed(_attribute))


def _unit_discount(line: OrderLine):
    return max(line.undiscounted_unit_price_amount - line.unit_price_amount, 0)


@order_line_type.field("unitDiscount")
def resolve_unit_discount(line: OrderLine, _info):
    return money(_unit_discount(line), line.currency)


@order_line_type.field("unitDiscountValue")
def resolve_unit_discount_value(line: OrderLine, _info):
    return _unit_discount(line)


@order_line_type.field("quantityToFulfill")
def resolve_quantity_to_fulfill(line: OrderLine, _info):
    return line.quantity_unfulfilled


for _field, _value in (
    ("taxRate", 0.0),
    ("unitDiscountReason", None),
    ("isPriceOverridden", False),
    ("isGift", False),
):
    order_line_type.set_field(_field, lambda _line, _info, value=_value: value)


def _variant(info, line: OrderLine):
    return load_for(info, VariantByIdLoader, line, lambda row: row.variant_id)


def _listing_key(info, line: OrderLine) -> tuple[int, int] | None:
    """(product, channel) of a line's variant in its order's channel; each sibling line has
    its own, so a page of orders from several channels still loads listings at once."""
    variant, order = _variant(info, line), _order(info, line)
    if variant is None or order is None:
        return None
    return (variant.product_id, order.channel_id)


@order_line_type.field("variant")
def resolve_variant(line: OrderLine, info):
    """The variant in the order's channel; customers only see it while its product is
    published there (Saleor)."""
    if line.variant_id is None:
        return None
    variant, order = _variant(info, line), _order(info, line)
    if variant is None or order is None:
        return None
    if not sees_all_products(info):
        listing = load_for(
            info, ProductChannelListingByProductIdAndChannelIdLoader, line,
            lambda row: _listing_key(info, row),
        )  # fmt: skip
        if listing is None or not listing.is_visible(timezone.now()):
            return None
    return ChannelContext(variant, order.channel.slug)


@order_line_type.field("thumbnail")
def resolve_thumbnail(line: OrderLine, info, size=PRODUCT_THUMBNAIL_SIZE, format=None):
    """The variant's first image, else its product's first media (Saleor)."""
    if line.variant_id is None:
        return None
    size, image_format = thumbnail_size(size), thumbnail_format(format)
    variant = _variant(info, line)
    if variant is None:
        return None
    media = load_for(info, MediaByVariantIdLoader, variant, lambda v: v.pk)
    image = next((m for m in media if m.type == ProductMediaType.IMAGE), None)
    if image is not None:
        return {"url": thumbnail_url(info, image, size, image_format), "alt": image.alt}
    return product_thumbnail(info, variant, lambda v: v.product_id, size, image_format)


@order_line_type.field("allocations")
def resolve_allocations(line: OrderLine, info):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS, PermissionEnum.MANAGE_ORDERS)
    return load_for(info, AllocationsByOrderLineIdLoader, line, lambda row: row.pk)


@allocation_type.field("quantity")
def resolve_allocation_quantity(allocation: Allocation, _info):
    return allocation.quantity_allocated


@allocation_type.field("warehouse")
def resolve_allocation_warehouse(allocation: Allocation, _info):
    return allocation.stock.warehouse


bindables = [order_line_type, allocation_type]
