"""Writes of category and collection translations (one row per language)."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from catalog.models import Category, CategoryTranslation, Collection, CollectionTranslation
from catalog.services.taxonomy_common import validate_model

TRANSLATED_FIELDS = ("name", "description", "seo_title", "seo_description")


def _upsert(model, owner_field: str, owner, language_code: str, fields: Mapping[str, Any]):
    values = {key: fields[key] for key in TRANSLATED_FIELDS if key in fields}
    translation = (
        model.objects.select_for_update()
        .filter(**{owner_field: owner}, language_code=language_code)
        .first()
    ) or model(**{owner_field: owner}, language_code=language_code)
    for key, value in values.items():
        setattr(translation, key, value)
    validate_model(translation, exclude=[owner_field, "language_code"])
    translation.save()
    return translation


@transaction.atomic
def category_translate(
    *, category: Category, language_code: str, fields: Mapping[str, Any]
) -> CategoryTranslation:
    """Create or update the category's translation into `language_code` (Django's code:
    zh-hans, bo, en). Only the given fields change; a null clears one."""
    return _upsert(CategoryTranslation, "category", category, language_code, fields)


@transaction.atomic
def collection_translate(
    *, collection: Collection, language_code: str, fields: Mapping[str, Any]
) -> CollectionTranslation:
    """Create or update the collection's translation into `language_code` (Django's code)."""
    return _upsert(CollectionTranslation, "collection", collection, language_code, fields)
