"""Writes of brands: the three public tiers (region → prefecture → county) and enterprise brands.

A public brand is owned by a division of its own level, and its parent is the brand of the
division above (a county brand's parent is its prefecture's brand, a prefecture brand's the
region's; a region brand has none). An enterprise brand is owned by a producer and has no
parent; its owner division is the producer's county. Tier and owner are fixed once created.
"""

from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from catalog.models import Brand, BrandTier, Division, DivisionLevel, Producer
from catalog.services.slugs import unique_slug
from catalog.services.taxonomy_common import camel, check_image
from infra.errors import FieldError, ValidationFailed

# The tier a public brand's parent must have, and the division level its owner must have.
PARENT_TIER = {BrandTier.PREFECTURE: BrandTier.REGION, BrandTier.COUNTY: BrandTier.PREFECTURE}
OWNER_LEVEL = {
    BrandTier.REGION: DivisionLevel.REGION,
    BrandTier.PREFECTURE: DivisionLevel.PREFECTURE,
    BrandTier.COUNTY: DivisionLevel.COUNTY,
}
TEXT_FIELDS = ("name_bo", "name_en", "description", "usage_rules")
UPDATABLE = {"name", "slug", "parent", "is_active", "logo", *TEXT_FIELDS}


def _public_owner_errors(brand: Brand) -> list[FieldError]:
    tier = BrandTier(brand.tier)
    errors = []
    if brand.owner_producer_id is not None:
        errors.append(
            FieldError(
                "ownerProducer", "INVALID", "Only an enterprise brand has an owner producer."
            )
        )
    owner: Division | None = brand.owner_division if brand.owner_division_id else None
    if owner is None:
        errors.append(FieldError("ownerDivision", "REQUIRED", "A public brand needs its division."))
    elif owner.level != OWNER_LEVEL[tier]:
        errors.append(
            FieldError(
                "ownerDivision", "INVALID", f"A {tier.value} brand is owned by a {tier.value}."
            )
        )
    parent: Brand | None = brand.parent if brand.parent_id else None
    if tier == BrandTier.REGION:
        if parent is not None:
            errors.append(FieldError("parent", "INVALID", "A region brand has no parent brand."))
        return errors
    above = PARENT_TIER[tier]
    if parent is None:
        errors.append(
            FieldError("parent", "REQUIRED", f"A {tier.value} brand needs its {above.value} brand.")
        )
    elif (
        owner is not None
        and owner.level == OWNER_LEVEL[tier]
        and (parent.tier != above or parent.owner_division_id != owner.parent_id)
    ):
        errors.append(
            FieldError(
                "parent",
                "INVALID",
                f"The parent of a {tier.value} brand must be the brand of its {above.value}.",
            )
        )
    return errors


def _enterprise_owner_errors(brand: Brand) -> list[FieldError]:
    errors = []
    producer: Producer | None = brand.owner_producer if brand.owner_producer_id else None
    if producer is None:
        errors.append(
            FieldError("ownerProducer", "REQUIRED", "An enterprise brand is owned by a producer.")
        )
    elif brand.owner_division_id not in (None, producer.county_id):
        errors.append(
            FieldError(
                "ownerDivision", "INVALID", "An enterprise brand belongs to its producer's county."
            )
        )
    else:
        brand.owner_division_id = producer.county_id
    if brand.parent_id is not None:
        errors.append(FieldError("parent", "INVALID", "An enterprise brand has no parent brand."))
    return errors


def _validate(brand: Brand) -> None:
    errors: list[FieldError] = []
    if not (brand.name or "").strip():
        errors.append(FieldError("name", "REQUIRED", "This field is required."))
    if brand.tier not in BrandTier.values:
        errors.append(FieldError("tier", "INVALID", f"Unknown brand tier: {brand.tier!r}."))
    elif brand.tier == BrandTier.ENTERPRISE:
        errors.extend(_enterprise_owner_errors(brand))
    else:
        errors.extend(_public_owner_errors(brand))
    if not brand.slug:
        errors.append(FieldError("slug", "REQUIRED", "Slug value cannot be blank."))
    elif Brand.objects.filter(slug=brand.slug).exclude(pk=brand.pk).exists():
        errors.append(FieldError("slug", "UNIQUE", "Brand with this Slug already exists."))
    if errors:
        raise ValidationFailed(errors)


def _set_logo(brand: Brand, logo: UploadedFile | None) -> None:
    if logo is None:
        return
    check_image(logo, field="logo")
    if brand.logo:
        brand.logo.delete(save=False)
    brand.logo = logo


@transaction.atomic
def brand_create(
    *,
    name: str,
    tier: str,
    owner_division: Division | None = None,
    owner_producer: Producer | None = None,
    parent: Brand | None = None,
    slug: str | None = None,
    name_bo: str = "",
    name_en: str = "",
    description: str = "",
    usage_rules: str = "",
    logo: UploadedFile | None = None,
    is_active: bool = True,
) -> Brand:
    """Create a brand; a missing slug comes from the English name, else the name."""
    name = (name or "").strip()
    brand = Brand(
        name=name,
        tier=tier,
        owner_division=owner_division,
        owner_producer=owner_producer,
        parent=parent,
        name_bo=name_bo or "",
        name_en=name_en or "",
        description=description or "",
        usage_rules=usage_rules or "",
        is_active=is_active,
    )
    brand.slug = slug or (unique_slug(model=Brand, name=name_en or name) if name else "")
    _validate(brand)
    _set_logo(brand, logo)
    brand.save()
    return brand


@transaction.atomic
def brand_update(*, brand: Brand, data: Mapping[str, Any]) -> Brand:
    """Change the fields named in `data` (snake_case keys; `parent` a Brand or None)."""
    fixed = set(data) - UPDATABLE
    if fixed:
        raise ValidationFailed(
            [
                FieldError(camel(name), "INVALID", "This field cannot be changed.")
                for name in sorted(fixed)
            ]
        )
    brand = Brand.objects.select_for_update().get(pk=brand.pk)
    if data.get("name") is not None:
        brand.name = data["name"].strip()
    if "slug" in data:
        if not data["slug"]:
            raise ValidationFailed.single("slug", "REQUIRED", "Slug value cannot be blank.")
        brand.slug = data["slug"]
    for field in TEXT_FIELDS:
        if data.get(field) is not None:
            setattr(brand, field, data[field])
    if data.get("is_active") is not None:
        brand.is_active = data["is_active"]
    if "parent" in data:
        brand.parent = data["parent"]
    _validate(brand)
    _set_logo(brand, data.get("logo"))
    brand.save()
    return brand
