"""Factories for search tests: translations, and products indexed for search."""

import factory

from catalog.models import (
    AssignedProductAttributeValue,
    AttributeValueTranslation,
    CategoryTranslation,
    Division,
    Product,
    ProductTranslation,
)
from catalog.services.search_index import products_search_index_update
from tests.factories.catalog import (
    AttributeFactory,
    AttributeValueFactory,
    CategoryFactory,
    ProductFactory,
    ProductVariantFactory,
    assign_product_attribute,
)


class ProductTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductTranslation

    product = factory.SubFactory(ProductFactory)
    language_code = "en"
    name = factory.Sequence(lambda n: f"Product {n}")


class CategoryTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CategoryTranslation

    category = factory.SubFactory(CategoryFactory)
    language_code = "en"
    name = factory.Sequence(lambda n: f"Category {n}")


class AttributeValueTranslationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AttributeValueTranslation

    attribute_value = factory.SubFactory(AttributeValueFactory)
    language_code = "en"
    name = factory.Sequence(lambda n: f"Value {n}")


def searchable_product(
    name: str,
    *,
    description: str = "",
    sku: str | None = None,
    variant_name: str = "",
    category: str | None = None,
    origin: str | None = None,
    translations: dict[str, str] | None = None,
    attribute_values: tuple[str, ...] = (),
    index: bool = True,
) -> Product:
    """A product with the given texts, indexed for search (unless index=False)."""
    extra = {"category": CategoryFactory(name=category)} if category else {}
    product = ProductFactory(
        name=name,
        description_plaintext=description,
        origin=Division.objects.get(code=origin) if origin else None,
        **extra,
    )
    ProductVariantFactory(product=product, sku=sku, name=variant_name)
    for language_code, translated in (translations or {}).items():
        ProductTranslationFactory(product=product, language_code=language_code, name=translated)
    if attribute_values:
        attribute = AttributeFactory()
        assign_product_attribute(product.product_type, attribute)
        for value_name in attribute_values:
            value = AttributeValueFactory(attribute=attribute, name=value_name)
            AssignedProductAttributeValue.objects.create(product=product, value=value)
    if index:
        products_search_index_update(product_ids=[product.pk])
        product.refresh_from_db()
    return product
