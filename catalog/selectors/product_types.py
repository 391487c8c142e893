"""Reads of product types, with the attributes assigned to their products and variants."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from catalog.models import AttributeProduct, AttributeVariant, ProductType


def product_types() -> QuerySet[ProductType]:
    return ProductType.objects.all()


def with_attributes(queryset: QuerySet[ProductType]) -> QuerySet[ProductType]:
    """Prefetch the assignments (with their attributes) in the product type's order:
    `product_assignments` and `variant_assignments`."""
    return queryset.prefetch_related(
        Prefetch(
            "attributeproduct",
            queryset=AttributeProduct.objects.select_related("attribute").order_by(
                "sort_order", "pk"
            ),
            to_attr="product_assignments",
        ),
        Prefetch(
            "attributevariant",
            queryset=AttributeVariant.objects.select_related("attribute").order_by(
                "sort_order", "pk"
            ),
            to_attr="variant_assignments",
        ),
    )


def product_types_of_attribute(attribute_pk: int) -> QuerySet[ProductType]:
    """Product types using the attribute, for their products or their variants."""
    for_products = AttributeProduct.objects.filter(
        product_type=OuterRef("pk"), attribute_id=attribute_pk
    )
    for_variants = AttributeVariant.objects.filter(
        product_type=OuterRef("pk"), attribute_id=attribute_pk
    )
    return ProductType.objects.filter(Q(Exists(for_products)) | Q(Exists(for_variants)))
