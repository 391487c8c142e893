"""Reads of attributes and their values."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from catalog.models import (
    Attribute,
    AttributeProduct,
    AttributeTranslation,
    AttributeValue,
    AttributeVariant,
    Category,
    Channel,
    Product,
)
from catalog.selectors.products import visible_products


def attributes(*, see_hidden: bool) -> QuerySet[Attribute]:
    """Attributes a caller may see: storefront callers only those visible in the storefront
    (Saleor's `get_visible_to_user`)."""
    queryset = Attribute.objects.all()
    if not see_hidden:
        queryset = queryset.filter(visible_in_storefront=True)
    return queryset


def used_by_products(products: QuerySet[Product]) -> Q:
    """Attributes assigned (for products or variants) to the types of `products`."""
    type_ids = products.values("product_type_id")
    return Q(
        Exists(
            AttributeProduct.objects.filter(attribute=OuterRef("pk"), product_type_id__in=type_ids)
        )
    ) | Q(
        Exists(
            AttributeVariant.objects.filter(attribute=OuterRef("pk"), product_type_id__in=type_ids)
        )
    )


def in_category_q(category_pk: int, *, channel: Channel | None, sees_all: bool) -> Q:
    """Saleor's `inCategory`: attributes of the product types of products the caller sees
    in the category or its subcategories."""
    category = Category.objects.filter(pk=category_pk).first()
    if category is None:
        return Q(pk__in=[])
    products = visible_products(channel, sees_all=sees_all, in_listings=not sees_all).filter(
        category__tree_path__startswith=category.tree_path
    )
    return used_by_products(products)


def in_collection_q(collection_pk: int, *, channel: Channel | None, sees_all: bool) -> Q:
    products = visible_products(channel, sees_all=sees_all).filter(
        collectionproduct__collection_id=collection_pk
    )
    return used_by_products(products)


def with_values(queryset: QuerySet[Attribute]) -> QuerySet[Attribute]:
    """Prefetch each attribute's values (`prefetched_values`, in their order)."""
    return queryset.prefetch_related(
        Prefetch(
            "values",
            queryset=AttributeValue.objects.order_by("sort_order", "pk"),
            to_attr="prefetched_values",
        )
    )


def with_translations(queryset: QuerySet[Attribute]) -> QuerySet[Attribute]:
    return queryset.prefetch_related(
        Prefetch("translations", queryset=AttributeTranslation.objects.order_by("pk"))
    )


def values_of(attribute: Attribute) -> QuerySet[AttributeValue]:
    return AttributeValue.objects.filter(attribute=attribute)
