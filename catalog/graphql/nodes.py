"""The catalog's object types in infra's node registry, so generic operations (updateMetadata,
updatePrivateMetadata) work on them with Saleor's permissions."""

from catalog.graphql.channel_scope import in_scope
from catalog.models import (
    Attribute,
    AttributeType,
    Category,
    Channel,
    Collection,
    Product,
    ProductType,
    ProductVariant,
    Warehouse,
)
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.nodes import NodeType, register_node


def _fixed(*permissions: PermissionEnum):
    return lambda _instance: list(permissions)


def _attribute_permissions(attribute: Attribute) -> list[PermissionEnum]:
    if attribute.type == AttributeType.PAGE_TYPE:
        return [PermissionEnum.MANAGE_PAGE_TYPES_AND_ATTRIBUTES]
    return [PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES]


def _in_no_channel(instance):
    return ChannelContext(node=instance, channel_slug=None)


MANAGE_PRODUCTS = _fixed(PermissionEnum.MANAGE_PRODUCTS)

for node_type in (
    NodeType(
        "Channel",
        Channel,
        *[_fixed(PermissionEnum.MANAGE_CHANNELS)] * 2,
        visible=lambda info, channel: in_scope(info, channel.pk),
    ),
    NodeType("Category", Category, MANAGE_PRODUCTS, MANAGE_PRODUCTS),
    NodeType("Collection", Collection, MANAGE_PRODUCTS, MANAGE_PRODUCTS, wrap=_in_no_channel),
    NodeType("Product", Product, MANAGE_PRODUCTS, MANAGE_PRODUCTS, wrap=_in_no_channel),
    NodeType(
        "ProductVariant", ProductVariant, MANAGE_PRODUCTS, MANAGE_PRODUCTS, wrap=_in_no_channel
    ),
    NodeType(
        "ProductType",
        ProductType,
        *[_fixed(PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES)] * 2,
    ),
    NodeType("Attribute", Attribute, _attribute_permissions, _attribute_permissions),
    NodeType("Warehouse", Warehouse, MANAGE_PRODUCTS, MANAGE_PRODUCTS),
):
    register_node(node_type)
