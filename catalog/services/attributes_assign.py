"""Assigning attribute values to products and variants from Saleor's AttributeValueInput.

Two steps, as Saleor's AttributeAssignmentMixin: `attributes_clean` resolves and validates the
input against the attributes the product type allows (raising every problem at once under the
field "attributes"), then `attribute_values.attributes_save` — inside the caller's transaction,
once the instance has a pk — creates or reuses AttributeValue rows and assigns them in order.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Q, QuerySet

from catalog.editorjs import editorjs_plaintext
from catalog.error_codes import ProductErrorCode
from catalog.models import Attribute, AttributeInputType, AttributeValue, Product
from catalog.services.attribute_values import (
    LEGACY_VALUES,
    REFERENCES,
    SELECTABLE,
    AttributeAssignment,
    Choice,
)
from catalog.services.product_inputs import (
    decode_pk,
    error,
    fail,
    require_one_of,
)
from infra.errors import ValidationFailed
from infra.ids import to_global_id

VALUE_REQUIRED = ("Attribute expects a value but none were given.", "REQUIRED")
BLANK_VALUE = ("Attribute values cannot be blank.", "REQUIRED")
DUPLICATED_VALUES = ("Duplicated attribute values are provided.", "DUPLICATED_INPUT_ITEM")
INVALID_INPUT = ("Invalid value provided for attribute.", "INVALID")
MORE_THAN_ONE_VALUE = ("Attribute must take only one value.", "INVALID")
ID_AND_VALUE = ("Attribute values cannot be assigned by both id and value.", "INVALID")
ID_AND_EXTERNAL_REFERENCE = (
    "Attribute values cannot be assigned by both id and external reference",
    "INVALID",
)
MAX_LENGTH_EXCEEDED = ("Attribute value length is exceeded.", "INVALID")
FILE_URL_REQUIRED = ("A file URL is required for this attribute.", "REQUIRED")
INVALID_FILE_URL = ("The file_url must be the path to the default storage.", "INVALID")
REFERENCE_REQUIRED = ("A reference is required for this attribute.", "REQUIRED")
INVALID_REFERENCE = ("Invalid reference type.", "INVALID")
NUMERIC_REQUIRED = ("Numeric value is required.", "INVALID")
VALUE_NOT_FOUND = ("Attribute value with given ID can't be found", "NOT_FOUND")
VALUE_EXT_REF_NOT_FOUND = (
    "Attribute value with given externalReference can't be found",
    "NOT_FOUND",
)
VALUE_EXT_REF_CONFLICT = (
    "Attribute value with given external reference already exists with different value.",
    "INVALID",
)


def attributes_for_products(product_type_id: int) -> QuerySet[Attribute]:
    return Attribute.objects.filter(attributeproduct__product_type_id=product_type_id)


def attributes_for_variants(product_type_id: int) -> QuerySet[Attribute]:
    return Attribute.objects.filter(attributevariant__product_type_id=product_type_id)


def attributes_clean(
    *, raw: Sequence[Mapping[str, Any]], allowed: QuerySet[Attribute], creation: bool
) -> list[AttributeAssignment]:
    """Resolve and validate AttributeValueInput items; raise errors on the field "attributes".

    Only attributes in `allowed` (the product type's product or variant attributes) resolve;
    on creation every allowed attribute with `value_required` must be given.
    """
    by_pk: dict[int, Mapping[str, Any]] = {}
    by_ref: dict[str, Mapping[str, Any]] = {}
    try:
        for item in raw:
            gid, ext_ref = item.get("id"), item.get("external_reference")
            require_one_of(
                ("id", gid), ("externalReference", ext_ref), code=ProductErrorCode.REQUIRED
            )
            if gid:
                by_pk[decode_pk(gid, "Attribute", field="attributes")] = item
            else:
                by_ref[ext_ref] = item
    except ValidationFailed as failure:
        raise ValidationFailed(
            [error("attributes", e.code, e.message) for e in failure.errors]
        ) from None

    attributes = list(
        allowed.filter(Q(pk__in=by_pk) | Q(external_reference__in=by_ref)).order_by("pk")
    )
    found_pks = {a.pk for a in attributes}
    found_refs = {a.external_reference for a in attributes}
    missing = [f"ID: {item['id']}" for pk, item in by_pk.items() if pk not in found_pks]
    missing += [f"ExtRef: {ref}" for ref in by_ref if ref not in found_refs]
    if missing:
        raise fail(
            "attributes",
            ProductErrorCode.NOT_FOUND,
            f"Could not resolve attributes: {', '.join(missing)}.",
        )

    problems: dict[tuple[str, str], list[str]] = defaultdict(list)
    cleaned = []
    for attribute in attributes:
        item = by_pk.get(attribute.pk) or by_ref[attribute.external_reference]
        assignment = AttributeAssignment(
            attribute=attribute,
            global_id=item.get("id"),
            external_reference=item.get("external_reference"),
            raw=item,
        )
        for problem in _check(assignment):
            problems[problem].append(assignment.identifier)
        cleaned.append(assignment)

    errors = [
        error("attributes", code, message, attributes=ids)
        for (message, code), ids in problems.items()
    ]
    if creation:
        given = {a.attribute.pk for a in cleaned}
        required = [a.pk for a in allowed.filter(value_required=True) if a.pk not in given]
        if required:
            errors.append(
                error(
                    "attributes",
                    ProductErrorCode.REQUIRED,
                    "All attributes flagged as having a value required must be supplied.",
                    attributes=[to_global_id("Attribute", pk) for pk in required],
                )
            )
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def _check(assignment: AttributeAssignment) -> list[tuple[str, str]]:
    attribute, raw = assignment.attribute, assignment.raw
    input_type = attribute.input_type
    if raw.get("values") and input_type in LEGACY_VALUES:
        return _check_legacy(assignment)
    if input_type in SELECTABLE or input_type == AttributeInputType.MULTISELECT:
        return _check_choices(assignment)
    if input_type == AttributeInputType.FILE:
        return _check_file(assignment)
    if input_type in REFERENCES:
        return _check_references(assignment)
    required = attribute.value_required
    if input_type == AttributeInputType.PLAIN_TEXT:
        text = raw.get("plain_text")
        return [VALUE_REQUIRED] if required and not (text and text.strip()) else []
    if input_type == AttributeInputType.RICH_TEXT:
        text = editorjs_plaintext(raw.get("rich_text") or {})
        return [VALUE_REQUIRED] if required and not text else []
    if input_type == AttributeInputType.NUMERIC:
        return _check_numeric(raw.get("numeric"), required)
    if input_type == AttributeInputType.BOOLEAN:
        return [VALUE_REQUIRED] if required and raw.get("boolean") is None else []
    key = "date" if input_type == AttributeInputType.DATE else "date_time"
    return [VALUE_REQUIRED] if required and not raw.get(key) else []


def _check_numeric(numeric: Any, required: bool) -> list[tuple[str, str]]:
    if numeric is None:
        return [VALUE_REQUIRED] if required else []
    try:
        float(numeric)
    except (TypeError, ValueError):
        return [NUMERIC_REQUIRED]
    return []


def _check_legacy(assignment: AttributeAssignment) -> list[tuple[str, str]]:
    attribute, values = assignment.attribute, list(assignment.raw.get("values") or [])
    problems = []
    if attribute.input_type != AttributeInputType.MULTISELECT and len(values) > 1:
        problems.append(MORE_THAN_ONE_VALUE)
    if len(set(values)) < len(values):
        problems.append(DUPLICATED_VALUES)
    for value in values:
        if attribute.input_type == AttributeInputType.NUMERIC:
            problems += _check_numeric(value, True)
        elif not value.strip():
            problems.append(BLANK_VALUE)
        elif len(value) > AttributeValue._meta.get_field("name").max_length:
            problems.append(MAX_LENGTH_EXCEEDED)
    if problems:
        return problems
    if attribute.input_type == AttributeInputType.NUMERIC:
        assignment.raw = {**assignment.raw, "numeric": values[0], "values": []}
        return []
    assignment.choices = [Choice(value=value) for value in values]
    return _resolve_choices(assignment)


def _check_choices(assignment: AttributeAssignment) -> list[tuple[str, str]]:
    attribute, raw = assignment.attribute, assignment.raw
    if attribute.input_type == AttributeInputType.MULTISELECT:
        items = raw.get("multiselect") or []
    else:
        key = "dropdown" if attribute.input_type == AttributeInputType.DROPDOWN else "swatch"
        items = [raw[key]] if raw.get(key) else []
    choices = [
        Choice(id=i.get("id"), external_reference=i.get("external_reference"), value=i.get("value"))
        for i in items
    ]
    if not choices:
        return [VALUE_REQUIRED] if attribute.value_required else []
    problems = []
    for key in ("id", "value", "external_reference"):
        present = [getattr(c, key) for c in choices if getattr(c, key) is not None]
        if len(set(present)) < len(present):
            problems.append(DUPLICATED_VALUES)
            break
    max_length = AttributeValue._meta.get_field("name").max_length
    for choice in choices:
        if choice.id and choice.external_reference:
            problems.append(ID_AND_EXTERNAL_REFERENCE)
        elif choice.id and choice.value:
            problems.append(ID_AND_VALUE)
        elif not (choice.id or choice.external_reference or choice.value):
            if attribute.value_required:
                problems.append(VALUE_REQUIRED)
        elif choice.value is not None and not choice.value.strip():
            problems.append(BLANK_VALUE)
        elif choice.value and len(choice.value) > max_length:
            problems.append(MAX_LENGTH_EXCEEDED)
    if problems:
        return problems
    assignment.choices = [c for c in choices if c.id or c.external_reference or c.value]
    return _resolve_choices(assignment)


def _resolve_choices(assignment: AttributeAssignment) -> list[tuple[str, str]]:
    """Find the existing rows the choices name; new names stay to be created on save."""
    attribute = assignment.attribute
    pks = []
    for choice in assignment.choices:
        if choice.id:
            try:
                pks.append(decode_pk(choice.id, "AttributeValue", field="attributes"))
            except ValidationFailed:
                return [INVALID_INPUT]
    refs = [c.external_reference for c in assignment.choices if c.external_reference]
    names = [c.value for c in assignment.choices if c.value and not c.external_reference]
    rows = list(
        attribute.values.filter(
            Q(pk__in=pks) | Q(external_reference__in=refs) | Q(name__in=names) | Q(slug__in=names)
        )
    )
    by_pk = {row.pk: row for row in rows}
    by_ref = {row.external_reference: row for row in rows if row.external_reference}
    by_name = {row.slug: row for row in rows} | {row.name: row for row in rows}
    problems = []
    for choice in assignment.choices:
        if choice.id:
            choice.existing = by_pk.get(decode_pk(choice.id, "AttributeValue", field=None))
            if choice.existing is None:
                problems.append(VALUE_NOT_FOUND)
        elif choice.external_reference:
            choice.existing = by_ref.get(choice.external_reference)
            if choice.existing is None and not choice.value:
                problems.append(VALUE_EXT_REF_NOT_FOUND)
            elif choice.existing is not None and choice.value not in (None, choice.existing.name):
                problems.append(VALUE_EXT_REF_CONFLICT)
        else:
            choice.existing = by_name.get(choice.value)
    return problems


def _check_file(assignment: AttributeAssignment) -> list[tuple[str, str]]:
    file_url = assignment.raw.get("file")
    if not (file_url and file_url.strip()):
        return [FILE_URL_REQUIRED] if assignment.attribute.value_required else []
    root = default_storage.url("")
    if not file_url.startswith(root):
        return [INVALID_FILE_URL]
    assignment.file_url = file_url[len(root) :]
    return []


def _check_references(assignment: AttributeAssignment) -> list[tuple[str, str]]:
    attribute, raw = assignment.attribute, assignment.raw
    if attribute.input_type == AttributeInputType.SINGLE_REFERENCE:
        ids = [raw["reference"]] if raw.get("reference") else []
    else:
        ids = list(raw.get("references") or [])
    if not ids:
        return [REFERENCE_REQUIRED] if attribute.value_required else []
    if str(attribute.entity_type or "").replace("_", "").lower() != "product":
        return [INVALID_INPUT]
    try:
        pks = [decode_pk(gid, "Product", field=None) for gid in ids]
    except ValidationFailed:
        return [INVALID_REFERENCE]
    found = Product.objects.in_bulk(pks)
    if len(found) != len(set(pks)):
        return [INVALID_REFERENCE]
    assignment.references = [found[pk] for pk in dict.fromkeys(pks)]
    return []
