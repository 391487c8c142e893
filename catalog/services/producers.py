"""Writes of producers: enterprises, cooperatives, family farms and households of a county.

A registration code, when given, must be a unified social credit code with a correct check
character. The household status is private (see catalog.models.producer) and is only ever
set here, by staff.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from catalog.models import (
    BrandLicence,
    Certification,
    Division,
    DivisionLevel,
    HouseholdStatus,
    LicenceStatus,
    Producer,
    ProducerKind,
)
from catalog.services.licences import division_within
from catalog.services.taxonomy_common import camel
from catalog.validators import is_valid_registration_code, normalize_registration_code
from infra.errors import FieldError, ValidationFailed

TEXT_FIELDS = ("contact_name", "contact_phone", "address")
UPDATABLE = {
    "name", "kind", "county", "registration_code", "certifications", "household_status",
    *TEXT_FIELDS,
}  # fmt: skip


def _clean_certifications(values: Iterable[str] | None, errors: list[FieldError]) -> list[str]:
    known = set(Certification.values)
    cleaned = list(dict.fromkeys(values or ()))
    unknown = [value for value in cleaned if value not in known]
    if unknown:
        errors.append(
            FieldError("certifications", "INVALID", f"Unknown certifications: {unknown}.")
        )
    return cleaned


def _validate(producer: Producer, errors: list[FieldError]) -> None:
    if not (producer.name or "").strip():
        errors.append(FieldError("name", "REQUIRED", "This field is required."))
    if producer.kind not in ProducerKind.values:
        errors.append(FieldError("kind", "INVALID", f"Unknown producer kind: {producer.kind!r}."))
    county: Division | None = producer.county if producer.county_id else None
    if county is None:
        errors.append(FieldError("county", "REQUIRED", "This field is required."))
    elif county.level != DivisionLevel.COUNTY:
        errors.append(FieldError("county", "INVALID", "A producer belongs to a county."))
    if producer.household_status not in HouseholdStatus.values:
        errors.append(FieldError("householdStatus", "INVALID", "Unknown household status."))
    code = producer.registration_code
    if code is not None and not is_valid_registration_code(code):
        errors.append(
            FieldError(
                "registrationCode",
                "INVALID",
                "Enter a valid unified social credit code (18 characters, check character "
                "per GB 32100-2015).",
            )
        )
    if errors:
        raise ValidationFailed(errors)
    others = Producer.objects.exclude(pk=producer.pk)
    if code is not None and others.filter(registration_code=code).exists():
        errors.append(
            FieldError(
                "registrationCode", "UNIQUE", "Producer with this registration code already exists."
            )
        )
    if others.filter(county_id=producer.county_id, name=producer.name).exists():
        errors.append(
            FieldError("name", "UNIQUE", "Producer with this name already exists in the county.")
        )
    if errors:
        raise ValidationFailed(errors)


def _check_licences_still_apply(producer: Producer) -> None:
    """A producer cannot move out of the division of a brand it holds a live licence for."""
    live = BrandLicence.objects.filter(
        producer=producer, status__in=(LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED)
    ).values_list("brand__owner_division_id", flat=True)
    if any(not division_within(producer.county_id, owner) for owner in set(live)):
        raise ValidationFailed.single(
            "county",
            "INVALID",
            "The producer holds licences of brands outside this county; expire them first.",
        )


def _apply(producer: Producer, data: Mapping[str, Any], errors: list[FieldError]) -> None:
    for field in ("name", "kind", *TEXT_FIELDS):
        if field in data and data[field] is not None:
            setattr(producer, field, str(data[field]).strip())
    if "county" in data:
        producer.county = data["county"]
    if "registration_code" in data:
        producer.registration_code = normalize_registration_code(data["registration_code"])
    if "certifications" in data:
        producer.certifications = _clean_certifications(data["certifications"], errors)
    if "household_status" in data:
        producer.household_status = data["household_status"] or HouseholdStatus.NONE


@transaction.atomic
def producer_create(
    *,
    name: str,
    kind: str,
    county: Division | None,
    registration_code: str | None = None,
    certifications: Iterable[str] = (),
    household_status: str = HouseholdStatus.NONE,
    contact_name: str = "",
    contact_phone: str = "",
    address: str = "",
) -> Producer:
    """Create a producer of a county."""
    producer = Producer()
    errors: list[FieldError] = []
    _apply(
        producer,
        {
            "name": name,
            "kind": kind,
            "county": county,
            "registration_code": registration_code,
            "certifications": certifications,
            "household_status": household_status,
            "contact_name": contact_name,
            "contact_phone": contact_phone,
            "address": address,
        },
        errors,
    )
    _validate(producer, errors)
    producer.save()
    return producer


@transaction.atomic
def producer_update(*, producer: Producer, data: Mapping[str, Any]) -> Producer:
    """Change the fields named in `data` (snake_case keys; `county` a Division)."""
    unknown = set(data) - UPDATABLE
    if unknown:
        raise ValidationFailed(
            [
                FieldError(camel(name), "INVALID", "This field cannot be changed.")
                for name in sorted(unknown)
            ]
        )
    producer = Producer.objects.select_for_update().select_related("county").get(pk=producer.pk)
    previous_county_id = producer.county_id
    errors: list[FieldError] = []
    _apply(producer, data, errors)
    _validate(producer, errors)
    if producer.county_id != previous_county_id:
        _check_licences_still_apply(producer)
    producer.save()
    return producer
