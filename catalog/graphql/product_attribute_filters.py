"""Filtering products and variants by attribute values (Saleor's `attributes` inputs).

Two shapes exist: the deprecated one (`values`, `valuesRange`, `boolean`, `date`, `dateTime`
beside `slug`), matched against product and variant values, and `value`
(AssignedAttributeValueInput), matched against the object's own values. Numeric values are
kept in the value's name, as Saleor keeps them, so numeric ranges are compared in Python.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from graphql import GraphQLError

from catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    Attribute,
    AttributeInputType,
    AttributeValue,
)

NOTHING = Q(pk__in=[])
DEPRECATED_FIELDS = ("values", "values_range", "date_time", "date", "boolean")


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return None


def _numeric_value_ids(values: QuerySet[AttributeValue], condition: Mapping[str, Any]) -> list:
    """Pks of numeric values matching {eq, oneOf, range: {gte, lte}}."""
    values = values.filter(attribute__input_type=AttributeInputType.NUMERIC)
    eq, one_of, bounds = condition.get("eq"), condition.get("one_of"), condition.get("range")
    if eq is None and one_of is None and not bounds:
        return []
    matching = []
    for pk, name in values.values_list("pk", "name"):
        number = _number(name)
        if number is None:
            continue
        if eq is not None and number != Decimal(eq):
            continue
        if one_of is not None and number not in {Decimal(v) for v in one_of}:
            continue
        if bounds:
            if bounds.get("gte") is not None and number < Decimal(bounds["gte"]):
                continue
            if bounds.get("lte") is not None and number > Decimal(bounds["lte"]):
                continue
        matching.append(pk)
    return matching


def _string_q(field: str, condition: Mapping[str, Any] | None) -> Q:
    if not condition:
        return Q()
    if condition.get("eq") is not None:
        return Q(**{field: condition["eq"]})
    if condition.get("one_of") is not None:
        return Q(**{f"{field}__in": condition["one_of"]})
    return NOTHING


def _range_q(field: str, bounds: Mapping[str, Any] | None) -> Q:
    condition = Q()
    for bound in ("gte", "lte"):
        if bounds and bounds.get(bound) is not None:
            condition &= Q(**{f"{field}__{bound}": bounds[bound]})
    return condition


def _values_matching(attribute: Attribute | None, value: Mapping[str, Any]):
    """AttributeValue pks (a queryset or a list) matching an AssignedAttributeValueInput."""
    values = AttributeValue.objects.all()
    if attribute is not None:
        values = values.filter(attribute=attribute)
    if value.get("reference") is not None:
        raise GraphQLError("Filtering by `reference` is not supported.")
    if value.get("slug") is not None or value.get("name") is not None:
        condition = _string_q("slug", value.get("slug")) & _string_q("name", value.get("name"))
        return values.filter(condition).values("pk")
    if value.get("numeric") is not None:
        return _numeric_value_ids(values, value["numeric"])
    if value.get("boolean") is not None:
        return values.filter(
            attribute__input_type=AttributeInputType.BOOLEAN, boolean=value["boolean"]
        ).values("pk")
    if value.get("date") is not None:
        return values.filter(_range_q("date_time__date", value["date"])).values("pk")
    if value.get("date_time") is not None:
        return values.filter(_range_q("date_time", value["date_time"])).values("pk")
    return []


def _assigned(owner: str, value_ids) -> Q:
    """The object (product or variant) has one of `value_ids` assigned to itself."""
    if owner == "product":
        assigned = AssignedProductAttributeValue.objects.filter(product_id=OuterRef("pk"))
    else:
        assigned = AssignedVariantAttributeValue.objects.filter(variant_id=OuterRef("pk"))
    return Q(Exists(assigned.filter(value_id__in=value_ids)))


def _product_or_variant_has(value_ids: list) -> Q:
    variant_values = AssignedVariantAttributeValue.objects.filter(
        value_id__in=value_ids, variant__product_id=OuterRef("pk")
    )
    return _assigned("product", value_ids) | Q(Exists(variant_values))


def _attributes_by_slug(slugs: Iterable[str]) -> dict[str, Attribute]:
    return {attribute.slug: attribute for attribute in Attribute.objects.filter(slug__in=slugs)}


def assigned_attributes_q(items: list[Mapping[str, Any]], owner: str) -> Q:
    """`value` inputs (and slug-only items: any value of the attribute) on `owner`'s values."""
    attributes = _attributes_by_slug(item["slug"] for item in items if item.get("slug"))
    condition = Q()
    for item in items:
        slug = item.get("slug")
        if slug and slug not in attributes:
            return NOTHING  # filtering by an attribute that does not exist
        attribute = attributes.get(slug) if slug else None
        value = item.get("value")
        if not value:
            if attribute is not None:
                ids = AttributeValue.objects.filter(attribute=attribute).values("pk")
                condition &= _assigned(owner, ids)
            continue
        condition &= _assigned(owner, _values_matching(attribute, value))
    return condition if condition != Q() else NOTHING


def _deprecated_value_ids(attribute: Attribute, item: Mapping[str, Any]) -> list:
    values = AttributeValue.objects.filter(attribute=attribute)
    if item.get("values") is not None:
        return list(values.filter(slug__in=item["values"]).values_list("pk", flat=True))
    if item.get("values_range") is not None:
        return _numeric_value_ids(values, {"range": item["values_range"]})
    if item.get("boolean") is not None:
        if attribute.input_type != AttributeInputType.BOOLEAN:
            raise LookupError(attribute.slug)
        matching = list(values.filter(boolean=item["boolean"]).values_list("pk", flat=True))
        if not matching:
            raise LookupError(attribute.slug)
        return matching
    if item.get("date") is not None:
        return list(
            values.filter(_range_q("date_time__date", item["date"])).values_list("pk", flat=True)
        )
    if item.get("date_time") is not None:
        return list(
            values.filter(_range_q("date_time", item["date_time"])).values_list("pk", flat=True)
        )
    return []


def _deprecated_attributes_q(items: list[Mapping[str, Any]]) -> Q:
    attributes = _attributes_by_slug(item["slug"] for item in items)
    value_ids: dict[int, list] = defaultdict(list)
    try:
        for item in items:
            attribute = attributes.get(item["slug"])
            if attribute is None:
                raise LookupError(item["slug"])
            value_ids[attribute.pk] += _deprecated_value_ids(attribute, item)
    except LookupError:
        return NOTHING  # Saleor answers no products for unknown attributes or values
    condition = Q()
    for ids in value_ids.values():
        condition &= _product_or_variant_has(ids)
    return condition


def _uses_deprecated(item: Mapping[str, Any]) -> bool:
    return any(item.get(name) is not None for name in DEPRECATED_FIELDS)


def product_attributes_q(items: list[Mapping[str, Any]] | None) -> Q:
    """ProductFilterInput / ProductWhereInput `attributes`, with Saleor's input rules."""
    if not items:
        return NOTHING
    deprecated = [_uses_deprecated(item) for item in items]
    if len(set(deprecated)) > 1:
        raise GraphQLError(
            "The provided `attributes` input contains a mix of deprecated fields"
            "and `value`. Please use either the `AttributeInput.value` field "
            "exclusively or only the deprecated fields."
        )
    if not deprecated[0]:
        return assigned_attributes_q(items, "product")
    missing_slug = [str(i) for i, item in enumerate(items) if not item.get("slug")]
    if missing_slug:
        raise GraphQLError(
            "Attribute `slug` is required when using deprecated fields in the `attributes` "
            f"input. Missing at indices: {', '.join(missing_slug)}."
        )
    with_value = [str(i) for i, item in enumerate(items) if item.get("value") is not None]
    if with_value:
        raise GraphQLError(
            "The `value` field cannot be used with deprecated fields in the `attributes` "
            f"input. Used at indices: {', '.join(with_value)}."
        )
    return _deprecated_attributes_q(items)
