"""Writes of attributes and their predefined values (Saleor's attributeCreate rules)."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from catalog.models import Attribute, AttributeInputType, AttributeValue
from catalog.models.attribute import CHOICE_INPUT_TYPES
from catalog.services.slugs import slugify_name
from catalog.services.taxonomy_common import (
    apply_metadata,
    camel,
    slug_for_create,
    validate_model,
)
from infra.errors import FieldError, ValidationFailed

# Flags that only make sense for attributes whose values can be filtered or sorted on.
FILTERABLE_INPUT_TYPES = {
    AttributeInputType.DROPDOWN,
    AttributeInputType.MULTISELECT,
    AttributeInputType.NUMERIC,
    AttributeInputType.SWATCH,
    AttributeInputType.BOOLEAN,
    AttributeInputType.DATE,
    AttributeInputType.DATE_TIME,
}
FLAG_FIELDS = (
    "filterable_in_storefront",
    "filterable_in_dashboard",
    "available_in_grid",
    "storefront_search_position",
)
REFERENCE_INPUT_TYPES = {AttributeInputType.REFERENCE, AttributeInputType.SINGLE_REFERENCE}
SWATCH_ONLY_FIELDS = ("file_url", "content_type", "value")
ATTRIBUTE_FIELDS = (
    "name",
    "type",
    "input_type",
    "entity_type",
    "unit",
    "value_required",
    "visible_in_storefront",
    *FLAG_FIELDS,
    "external_reference",
)


def _check_settings(input_type: str, data: Mapping[str, Any]) -> None:
    if input_type in REFERENCE_INPUT_TYPES and not data.get("entity_type"):
        raise ValidationFailed.single(
            "entityType",
            "REQUIRED",
            "Entity type is required when REFERENCE input type is used.",
        )
    errors = [
        FieldError(camel(field), "INVALID", f"Cannot set {field} on a {input_type} attribute.")
        for field in FLAG_FIELDS
        if input_type not in FILTERABLE_INPUT_TYPES and data.get(field)
    ]
    if errors:
        raise ValidationFailed(errors)


def _clean_values(
    attribute: Attribute, values: Sequence[Mapping[str, Any]]
) -> list[AttributeValue]:
    if values and attribute.input_type not in CHOICE_INPUT_TYPES:
        raise ValidationFailed.single(
            "values", "INVALID", f"Values cannot be used with input type {attribute.input_type}."
        )
    is_swatch = attribute.input_type == AttributeInputType.SWATCH
    slugs: list[str] = []
    rows = []
    for position, value_data in enumerate(values):
        if is_swatch and value_data.get("value") and value_data.get("file_url"):
            raise ValidationFailed.single(
                "values", "INVALID", "Cannot specify both value and file for swatch attribute."
            )
        if not is_swatch and any(value_data.get(f) for f in SWATCH_ONLY_FIELDS):
            raise ValidationFailed.single(
                "values",
                "INVALID",
                "Cannot define value, file and contentType fields for not swatch attribute.",
            )
        base = slugify_name(value_data["name"]) or "value"
        slug, suffix = base, 1
        while slug in slugs:
            suffix += 1
            slug = f"{base}-{suffix}"
        slugs.append(slug)
        row = AttributeValue(
            attribute=attribute,
            name=value_data["name"],
            slug=slug,
            value=value_data.get("value") or "",
            file_url=value_data.get("file_url"),
            content_type=value_data.get("content_type"),
            external_reference=value_data.get("external_reference"),
            sort_order=position,
        )
        validate_model(row, exclude=["attribute"], rename={name: "values" for name in _FIELDS})
        rows.append(row)
    names = [value_data["name"].lower().strip() for value_data in values]
    if len(set(names)) != len(names):
        raise ValidationFailed.single("values", "UNIQUE", "Provided values are not unique.")
    return rows


_FIELDS = [field.name for field in AttributeValue._meta.fields]


@transaction.atomic
def attribute_create(
    *,
    data: Mapping[str, Any],
    values: Sequence[Mapping[str, Any]] | None = None,
) -> Attribute:
    """Create an attribute with its predefined values (for dropdown, multiselect, swatch).

    `data` holds AttributeCreateInput's fields (snake_case, enum values already as stored).
    A missing slug comes from the name; value slugs are unique within the attribute.
    """
    input_type = data.get("input_type") or AttributeInputType.DROPDOWN
    _check_settings(input_type, data)
    attribute = Attribute(input_type=input_type)
    for field in ATTRIBUTE_FIELDS:
        if data.get(field) is not None:
            setattr(attribute, field, data[field])
    attribute.slug = slug_for_create(Attribute, data.get("slug"), data.get("name")) or ""
    apply_metadata(attribute, metadata=data.get("metadata"))
    value_rows = _clean_values(attribute, values or [])
    validate_model(attribute)
    attribute.save()
    for row in value_rows:
        row.attribute = attribute
    AttributeValue.objects.bulk_create(value_rows)
    return attribute
