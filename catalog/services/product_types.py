"""Writes of product types and the attributes their products and variants carry."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from catalog.error_codes import ProductErrorCode
from catalog.models import (
    Attribute,
    AttributeProduct,
    AttributeType,
    AttributeVariant,
    ProductType,
    ProductTypeKind,
)
from catalog.services.taxonomy_common import apply_metadata, slug_for_create, validate_model
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id


def _check_attributes(
    product_attributes: Sequence[Attribute], variant_attributes: Sequence[Attribute]
) -> None:
    errors = []
    for field, attributes in (
        ("productAttributes", product_attributes),
        ("variantAttributes", variant_attributes),
    ):
        invalid = [
            to_global_id("Attribute", attribute.pk)
            for attribute in attributes
            if attribute.type != AttributeType.PRODUCT_TYPE
        ]
        if invalid:
            errors.append(
                FieldError(
                    field,
                    ProductErrorCode.INVALID,
                    "Only Product type attributes are allowed.",
                    extra={"attributes": invalid},
                )
            )
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def product_type_create(
    *,
    data: Mapping[str, Any],
    product_attributes: Sequence[Attribute] = (),
    variant_attributes: Sequence[Attribute] = (),
) -> ProductType:
    """Create a product type from ProductTypeInput (snake_case keys, kind as stored).

    The attributes must be product-type attributes; they are assigned in the given order.
    """
    weight: Decimal | None = data.get("weight")
    if weight is not None and weight < 0:
        raise ValidationFailed.single(
            "weight", ProductErrorCode.INVALID, "Product type can't have negative weight."
        )
    product_type = ProductType(
        name=data.get("name") or "",
        slug=slug_for_create(ProductType, data.get("slug"), data.get("name")) or "",
        kind=data.get("kind") or ProductTypeKind.NORMAL,
        weight=weight,
    )
    for field in ("has_variants", "is_shipping_required"):
        if data.get(field) is not None:
            setattr(product_type, field, data[field])
    apply_metadata(product_type, metadata=data.get("metadata"))
    _check_attributes(product_attributes, variant_attributes)
    validate_model(product_type)
    product_type.save()
    AttributeProduct.objects.bulk_create(
        AttributeProduct(product_type=product_type, attribute=attribute, sort_order=position)
        for position, attribute in enumerate(product_attributes)
    )
    AttributeVariant.objects.bulk_create(
        AttributeVariant(product_type=product_type, attribute=attribute, sort_order=position)
        for position, attribute in enumerate(variant_attributes)
    )
    return product_type
