"""Stock: what one warehouse holds of one variant; quantities need product or order rights."""

from ariadne import ObjectType

from catalog.graphql.loaders import ReservedQuantityByStockIdLoader, VariantByIdLoader, load_for
from catalog.models import Stock
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.permissions import require_one_of

stock_type = ObjectType("Stock")
QUANTITY_PERMISSIONS = (PermissionEnum.MANAGE_PRODUCTS, PermissionEnum.MANAGE_ORDERS)


@stock_type.field("productVariant")
def resolve_product_variant(stock: Stock, info) -> ChannelContext:
    variant = load_for(info, VariantByIdLoader, stock, lambda row: row.product_variant_id)
    return ChannelContext(variant, None)


@stock_type.field("quantity")
def resolve_quantity(stock: Stock, info) -> int:
    require_one_of(info, *QUANTITY_PERMISSIONS)
    return stock.quantity


@stock_type.field("quantityAllocated")
def resolve_quantity_allocated(stock: Stock, info) -> int:
    require_one_of(info, *QUANTITY_PERMISSIONS)
    return stock.quantity_allocated


@stock_type.field("quantityReserved")
def resolve_quantity_reserved(stock: Stock, info) -> int:
    require_one_of(info, *QUANTITY_PERMISSIONS)
    return load_for(info, ReservedQuantityByStockIdLoader, stock, lambda row: row.pk)


bindables = [stock_type]
cost_map = {"Stock": {"productVariant": {"complexity": 1}}}
