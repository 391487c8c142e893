"""Writes of a place's own fields (our extension of Saleor's Warehouse): what kind of place it
is, when it is open, where it is on the map, its description and photos.

Errors name the field as the API spells it (camelCase) with Saleor's WarehouseErrorCode values.
"""

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from catalog.models import PlaceKind, PlacePhoto, Warehouse
from catalog.services.taxonomy_common import check_image
from infra.errors import FieldError, ValidationFailed

PLACE_FIELDS = ("kind", "opening_hours", "latitude", "longitude", "description")

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_DAYS = re.compile(r"^([1-7])(?:-([1-7]))?$")
_COORDINATE_STEP = Decimal("0.000001")
_RANGES = {"latitude": Decimal(90), "longitude": Decimal(180)}


def _invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed.single(field, "INVALID", message)


def _check_days(days: Any, where: str) -> str:
    """ "1-5", "6" or "1-5,7": days 1 (Monday) to 7, each range from an earlier day to a later."""
    if not isinstance(days, str) or not days.strip():
        raise _invalid("openingHours", f'{where}: days must be like "1-5" (1 is Monday).')
    parts = [part.strip() for part in days.split(",")]
    for part in parts:
        match = _DAYS.match(part)
        if not match or (match.group(2) and int(match.group(2)) < int(match.group(1))):
            raise _invalid("openingHours", f'{where}: days "{days}" must be days 1 (Monday) to 7.')
    return ",".join(parts)


def clean_opening_hours(value: Any) -> list[dict[str, str]]:
    """A list of {"days", "opens", "closes"}: days 1-7 (ranges allowed), times HH:MM (24 h)
    with opens before closes."""
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise _invalid("openingHours", "Opening hours must be a list.")
    cleaned = []
    for index, item in enumerate(value):
        where = f"Opening hours #{index + 1}"
        if not isinstance(item, Mapping) or set(item) != {"days", "opens", "closes"}:
            raise _invalid("openingHours", f"{where} must have days, opens and closes.")
        days = _check_days(item["days"], where)
        for key in ("opens", "closes"):
            if not isinstance(item[key], str) or not _TIME.match(item[key]):
                raise _invalid("openingHours", f"{where}: {key} must be a time as HH:MM.")
        if item["opens"] >= item["closes"]:
            raise _invalid("openingHours", f"{where}: opens must be before closes.")
        cleaned.append({"days": days, "opens": item["opens"], "closes": item["closes"]})
    return cleaned


def clean_coordinate(name: str, value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise _invalid(name, f"{name.capitalize()} must be a number.") from None
    limit = _RANGES[name]
    if not number.is_finite() or not -limit <= number <= limit:
        raise _invalid(name, f"{name.capitalize()} must be between -{limit} and {limit}.")
    return number.quantize(_COORDINATE_STEP)


def clean_kind(value: Any) -> str:
    if value not in PlaceKind.values:
        raise _invalid("kind", f"Unknown kind of place: {value}.")
    return value


def clean_place_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The place fields present in `data` (snake_case keys), validated, as model values.

    Latitude and longitude go together: one without the other is refused.
    """
    cleaned: dict[str, Any] = {}
    errors: list[FieldError] = []
    checks = {
        "kind": clean_kind,
        "opening_hours": clean_opening_hours,
        "latitude": lambda v: clean_coordinate("latitude", v),
        "longitude": lambda v: clean_coordinate("longitude", v),
        "description": lambda v: (v or "").strip(),
    }
    for name, check in checks.items():
        if name in data:
            try:
                cleaned[name] = check(data[name])
            except ValidationFailed as exc:
                errors.extend(exc.errors)
    if not errors and ("latitude" in cleaned or "longitude" in cleaned):
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None):
            missing = "latitude" if latitude is None else "longitude"
            errors.append(FieldError(missing, "REQUIRED", "Give latitude and longitude together."))
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def apply_place_fields(warehouse: Warehouse, data: Mapping[str, Any]) -> None:
    """Set the place fields present in `data` on `warehouse` (not saved)."""
    for name, value in clean_place_fields(data).items():
        setattr(warehouse, name, value)


@transaction.atomic
def place_update(*, place: Warehouse, data: Mapping[str, Any]) -> Warehouse:
    """Update kind, opening hours, coordinates and description (only the keys given)."""
    cleaned = clean_place_fields(data)
    place = Warehouse.objects.select_for_update().get(pk=place.pk)
    for name, value in cleaned.items():
        setattr(place, name, value)
    place.save(update_fields=[*cleaned] or None)
    return place


@transaction.atomic
def place_photo_add(
    *, place: Warehouse, image: UploadedFile, alt: str = "", sort_order: int | None = None
) -> PlacePhoto:
    """Add a photo (checked to be an image) after the place's other photos by default."""
    check_image(image, field="image")
    if sort_order is None:
        last = PlacePhoto.objects.filter(place=place).aggregate(last=Max("sort_order"))["last"]
        sort_order = 0 if last is None else last + 1
    return PlacePhoto.objects.create(
        place=place, image=image, alt=(alt or "").strip()[:250], sort_order=sort_order
    )


def place_photo_remove(*, photo: PlacePhoto) -> None:
    """Delete the photo and its file (after commit, so a rolled-back delete keeps the file)."""
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
