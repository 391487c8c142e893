"""Product translations (Saleor's productTranslate): name, description and SEO per language."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from graphql import GraphQLError

from catalog.error_codes import TranslationErrorCode
from catalog.models import Product, ProductTranslation
from catalog.services.product_inputs import fail, full_clean, get_node
from catalog.services.search_index import products_search_index_schedule
from infra.ids import from_global_id, to_global_id

TRANSLATED_FIELDS = {
    "name": "name",
    "description": "description",
    "seo_title": "seo_title",
    "seo_description": "seo_description",
}


def _product_global_id(global_id: str) -> str:
    """Saleor accepts a Product ID or a ProductTranslatableContent ID."""
    if not global_id:
        raise fail("id", TranslationErrorCode.REQUIRED, "This field is required")
    try:
        type_name, pk = from_global_id(global_id)
    except GraphQLError:
        raise fail("id", TranslationErrorCode.INVALID, "Invalid ID has been provided.") from None
    if type_name == "ProductTranslatableContent":
        return to_global_id("Product", pk)
    return global_id


@transaction.atomic
def product_translate(
    *, product_id: str, language_code: str | None, data: Mapping[str, Any]
) -> Product:
    """Create or change a product's translation into one of the shop's languages.

    `language_code` is Django's code ("bo", "en", "zh-hans"), or None when the language is not
    one the shop keeps translations in. The product is re-indexed: translations are searched.
    """
    global_id = _product_global_id(product_id)
    product = get_node(
        Product.objects.select_for_update(),
        global_id,
        "Product",
        field="id",
        code=TranslationErrorCode.NOT_FOUND,
    )
    if language_code is None:
        raise fail(
            "languageCode",
            TranslationErrorCode.INVALID,
            "Translations are kept only in the shop's languages: zh-hans, bo, en.",
        )
    if data.get("slug"):
        raise fail("slug", TranslationErrorCode.INVALID, "Translated slugs are not supported.")
    translation = ProductTranslation.objects.filter(
        product=product, language_code=language_code
    ).first() or ProductTranslation(product=product, language_code=language_code)
    for key, attribute in TRANSLATED_FIELDS.items():
        if key in data:
            setattr(translation, attribute, data[key])
    full_clean(translation, exclude=["product"], code_enum=TranslationErrorCode)
    translation.save()
    products_search_index_schedule(product_ids=[product.pk])
    return product
