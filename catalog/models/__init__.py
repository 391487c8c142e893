from catalog.models.attribute import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Attribute,
    AttributeInputType,
    AttributeProduct,
    AttributeTranslation,
    AttributeType,
    AttributeValue,
    AttributeValueTranslation,
    AttributeVariant,
)
from catalog.models.category import Category, CategoryTranslation
from catalog.models.channel import AllocationStrategy, Channel
from catalog.models.collection import (
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    CollectionTranslation,
)
from catalog.models.division import Division, DivisionLevel
from catalog.models.product import (
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductMediaType,
    ProductSearchEntry,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    ProductVariantTranslation,
    Thumbnail,
)
from catalog.models.product_type import ProductType, ProductTypeKind
from catalog.models.warehouse import ChannelWarehouse, ClickAndCollectOption, Stock, Warehouse

__all__ = [
    "AllocationStrategy",
    "AssignedProductAttributeValue",
    "AssignedVariantAttributeValue",
    "Attribute",
    "AttributeInputType",
    "AttributeProduct",
    "AttributeTranslation",
    "AttributeType",
    "AttributeValue",
    "AttributeValueTranslation",
    "AttributeVariant",
    "Category",
    "CategoryTranslation",
    "Channel",
    "ChannelWarehouse",
    "ClickAndCollectOption",
    "Collection",
    "CollectionChannelListing",
    "CollectionProduct",
    "CollectionTranslation",
    "Division",
    "DivisionLevel",
    "Product",
    "ProductChannelListing",
    "ProductMedia",
    "ProductMediaType",
    "ProductSearchEntry",
    "ProductTranslation",
    "ProductType",
    "ProductTypeKind",
    "ProductVariant",
    "ProductVariantChannelListing",
    "ProductVariantTranslation",
    "Stock",
    "Thumbnail",
    "Warehouse",
]
