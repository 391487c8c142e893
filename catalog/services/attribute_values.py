"""AttributeValue rows for product writes: the cleaned assignment, saving it, new choices,
per-instance values and their slugs."""

import datetime
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from catalog.editorjs import editorjs_plaintext
from catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Attribute,
    AttributeInputType,
    AttributeValue,
    Product,
    ProductVariant,
)
from catalog.services.product_inputs import truncate
from catalog.services.slugs import slugify_name

SELECTABLE = {AttributeInputType.DROPDOWN, AttributeInputType.SWATCH}
LEGACY_VALUES = {*SELECTABLE, AttributeInputType.MULTISELECT, AttributeInputType.NUMERIC}
REFERENCES = {AttributeInputType.REFERENCE, AttributeInputType.SINGLE_REFERENCE}

# Values that belong to one product or variant (Saleor's TYPES_WITH_UNIQUE_VALUES): they are
# created per assignment and deleted with their owner.
UNIQUE_VALUE_TYPES = {
    AttributeInputType.FILE,
    AttributeInputType.REFERENCE,
    AttributeInputType.SINGLE_REFERENCE,
    AttributeInputType.RICH_TEXT,
    AttributeInputType.NUMERIC,
    AttributeInputType.PLAIN_TEXT,
    AttributeInputType.DATE,
    AttributeInputType.DATE_TIME,
}


def instance_slug(instance: Product | ProductVariant, suffix: object) -> str:
    """The slug of a value owned by one instance (Saleor: "<instance id>_<suffix>").

    Variants get a prefix so that a product and a variant with the same pk never share a row
    of an attribute used on both levels.
    """
    prefix = "variant-" if isinstance(instance, ProductVariant) else ""
    return f"{prefix}{instance.pk}_{suffix}"


def _free_slug(base: str, taken: set[str]) -> str:
    slug, extension = base, 1
    while slug in taken:
        extension += 1
        slug = f"{base}-{extension}"
    taken.add(slug)
    return slug


def _taken_slugs(attribute: Attribute, bases: Iterable[str]) -> set[str]:
    bases = set(bases)
    if not bases:
        return set()
    prefixes = Q()
    for base in bases:
        prefixes |= Q(slug__startswith=base)
    return set(
        AttributeValue.objects.filter(prefixes, attribute=attribute).values_list("slug", flat=True)
    )


def unique_value_slug(attribute: Attribute, name: str) -> str:
    base = slugify_name(name, max_length=240) or "value"
    return _free_slug(base, _taken_slugs(attribute, [base]))


def new_choice_values(
    attribute: Attribute, items: Sequence[tuple[str, str | None]]
) -> list[AttributeValue]:
    """Create choice values (name, external reference) with slugs unique in the attribute."""
    if not items:
        return []
    bases = [slugify_name(name, max_length=240) or "value" for name, _ref in items]
    taken = _taken_slugs(attribute, bases)
    rows = [
        AttributeValue(
            attribute=attribute,
            name=name,
            slug=_free_slug(base, taken),
            external_reference=ref,
        )
        for (name, ref), base in zip(items, bases, strict=True)
    ]
    return AttributeValue.objects.bulk_create(rows)


def owned_values_delete(
    *, product_ids: Iterable[int] = (), variant_ids: Iterable[int] = ()
) -> None:
    """Delete the per-instance values (text, numeric, file …) of products and variants."""
    product_ids, variant_ids = list(product_ids), list(variant_ids)
    if product_ids:
        AttributeValue.objects.filter(
            productvalueassignment__product_id__in=product_ids,
            attribute__input_type__in=UNIQUE_VALUE_TYPES,
        ).delete()
    if variant_ids:
        AttributeValue.objects.filter(
            variantvalueassignment__variant_id__in=variant_ids,
            attribute__input_type__in=UNIQUE_VALUE_TYPES,
        ).delete()


@dataclass
class Choice:
    """One selectable value: an existing row, or a name (and external reference) to create."""

    id: str | None = None
    external_reference: str | None = None
    value: str | None = None
    existing: AttributeValue | None = None


@dataclass
class AttributeAssignment:
    """The cleaned input for one attribute."""

    attribute: Attribute
    global_id: str | None
    external_reference: str | None
    raw: Mapping[str, Any]
    choices: list[Choice] = field(default_factory=list)
    references: list[Product] = field(default_factory=list)
    file_url: str | None = None

    @property
    def identifier(self) -> str:
        return self.global_id or self.external_reference or ""


def attributes_save(
    *, instance: Product | ProductVariant, cleaned: Sequence[AttributeAssignment]
) -> None:
    """Create or reuse the values of `cleaned` and assign them to `instance`, in input order.

    An attribute given without a value loses its assignment. Call inside a transaction.
    """
    assignment_model, owner = _assignment_model(instance)
    for assignment in cleaned:
        values = _values_for(instance, assignment)
        assignment_model.objects.filter(
            **{owner: instance}, value__attribute=assignment.attribute
        ).delete()
        assignment_model.objects.bulk_create(
            assignment_model(**{owner: instance}, value=value, sort_order=index)
            for index, value in enumerate(values)
        )


def _assignment_model(instance: Product | ProductVariant):
    if isinstance(instance, ProductVariant):
        return AssignedVariantAttributeValue, "variant"
    return AssignedProductAttributeValue, "product"


def _values_for(
    instance: Product | ProductVariant, assignment: AttributeAssignment
) -> list[AttributeValue]:
    attribute, raw = assignment.attribute, assignment.raw
    input_type = attribute.input_type
    if assignment.choices:
        return _choice_values(attribute, assignment.choices)
    if input_type in REFERENCES:
        return [
            AttributeValue.objects.get_or_create(
                attribute=attribute,
                slug=instance_slug(instance, reference.pk),
                defaults={"name": reference.name, "reference_product": reference},
            )[0]
            for reference in assignment.references
        ]
    if input_type == AttributeInputType.FILE:
        return _file_values(instance, assignment)
    if input_type == AttributeInputType.BOOLEAN:
        if raw.get("boolean") is None:
            return []
        flag = bool(raw["boolean"])
        value, _ = AttributeValue.objects.get_or_create(
            attribute=attribute,
            slug=f"{attribute.pk}_{str(flag).lower()}",
            defaults={"name": f"{attribute.name}: {'Yes' if flag else 'No'}", "boolean": flag},
        )
        return [value]
    defaults = _unique_value_defaults(attribute, raw)
    if defaults is None:
        return []
    value, _ = AttributeValue.objects.update_or_create(
        attribute=attribute, slug=instance_slug(instance, attribute.pk), defaults=defaults
    )
    return [value]


def _unique_value_defaults(attribute: Attribute, raw: Mapping[str, Any]) -> dict | None:
    input_type = attribute.input_type
    if input_type == AttributeInputType.PLAIN_TEXT:
        text = raw.get("plain_text")
        return None if text is None else {"plain_text": text, "name": truncate(text, 200)}
    if input_type == AttributeInputType.RICH_TEXT:
        rich = raw.get("rich_text")
        if rich is None:
            return None
        return {"rich_text": rich, "name": truncate(editorjs_plaintext(rich), 200)}
    if input_type == AttributeInputType.NUMERIC:
        numeric = raw.get("numeric")
        return None if numeric is None else {"name": str(numeric)}
    if input_type == AttributeInputType.DATE:
        day = raw.get("date")
        if not day:
            return None
        moment = datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)
        return {"name": str(day), "date_time": moment}
    moment = raw.get("date_time")
    return {"name": str(moment), "date_time": moment} if moment else None


def _choice_values(attribute: Attribute, choices: Sequence[Choice]) -> list[AttributeValue]:
    to_create = [c for c in choices if c.existing is None]
    created = iter(
        new_choice_values(attribute, [(c.value, c.external_reference) for c in to_create])
    )
    return [c.existing if c.existing is not None else next(created) for c in choices]


def _file_values(
    instance: Product | ProductVariant, assignment: AttributeAssignment
) -> list[AttributeValue]:
    file_url = assignment.file_url
    if not file_url:
        return []
    assignment_model, owner = _assignment_model(instance)
    assigned = assignment_model.objects.filter(
        **{owner: instance}, value__attribute=assignment.attribute, value__file_url=file_url
    ).first()
    if assigned is not None:
        return [assigned.value]
    name = file_url.split("/")[-1]
    value = AttributeValue.objects.create(
        attribute=assignment.attribute,
        name=name,
        slug=unique_value_slug(assignment.attribute, name),
        file_url=file_url,
        content_type=assignment.raw.get("content_type"),
    )
    return [value]


def assignment_signature(assignment: AttributeAssignment) -> tuple:
    """What `assignment` would assign, comparable with `value_signature` of saved values."""
    attribute, raw = assignment.attribute, assignment.raw
    input_type = attribute.input_type
    if assignment.choices:
        return tuple(
            sorted(
                ("pk", c.existing.pk) if c.existing else ("new", c.value or "")
                for c in assignment.choices
            )
        )
    if input_type in REFERENCES:
        return tuple(sorted(("ref", r.pk) for r in assignment.references))
    if input_type == AttributeInputType.FILE:
        return (("file", assignment.file_url),) if assignment.file_url else ()
    if input_type == AttributeInputType.BOOLEAN:
        return () if raw.get("boolean") is None else (("bool", bool(raw["boolean"])),)
    defaults = _unique_value_defaults(attribute, raw)
    if defaults is None:
        return ()
    return (_content_token(input_type, defaults),)


def value_signature(value: AttributeValue) -> tuple:
    """The comparable token of one saved value (see `assignment_signature`)."""
    input_type = value.attribute.input_type
    if input_type in UNIQUE_VALUE_TYPES and input_type not in REFERENCES:
        if input_type == AttributeInputType.FILE:
            return ("file", value.file_url)
        return _content_token(input_type, value.__dict__)
    if input_type in REFERENCES:
        return ("ref", value.reference_product_id)
    if input_type == AttributeInputType.BOOLEAN:
        return ("bool", bool(value.boolean))
    return ("pk", value.pk)


def _content_token(input_type: str, data: Mapping[str, Any]) -> tuple:
    if input_type == AttributeInputType.PLAIN_TEXT:
        return ("text", data.get("plain_text"))
    if input_type == AttributeInputType.RICH_TEXT:
        return ("rich", json.dumps(data.get("rich_text"), sort_keys=True))
    if input_type == AttributeInputType.NUMERIC:
        return ("num", float(data["name"]))
    moment = data.get("date_time")
    return ("time", moment.isoformat() if moment else None)
