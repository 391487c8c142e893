"""Validation and display of postal addresses (customers, checkouts, orders, warehouses),
with Chinese rules for CN.

A Chinese address is written from the largest unit down: province (countryArea), city,
district (cityArea), street; the postal code has six digits and the phone is a mainland
mobile or landline number. Tibetan addresses are tied to their county Division when the
district names one.
"""

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from catalog.models import Division
from infra.errors import FieldError, ValidationFailed

ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company_name",
    "street_address_1",
    "street_address_2",
    "city",
    "city_area",
    "postal_code",
    "country",
    "country_area",
    "phone",
)
# Saleor names address fields in errors as the API spells them.
API_NAMES = {
    "street_address_1": "streetAddress1",
    "street_address_2": "streetAddress2",
    "city": "city",
    "city_area": "cityArea",
    "postal_code": "postalCode",
    "country": "country",
    "country_area": "countryArea",
    "phone": "phone",
}
CN_REQUIRED = ("country_area", "city", "city_area", "street_address_1", "postal_code")
OTHER_REQUIRED = ("street_address_1", "city", "country")
TIBET_NAMES = {"西藏", "西藏自治区"}
POSTAL_CODE = re.compile(r"^\d{6}$")
MOBILE = re.compile(r"^1[3-9]\d{9}$")
# Area code (3–4 digits with the trunk 0) then a 7–8 digit subscriber number.
LANDLINE = re.compile(r"^0(\d{2,3})(\d{7,8})$")
# The codes every Saleor error enum shares (Account…, Checkout…, WarehouseErrorCode).
REQUIRED = "REQUIRED"
INVALID = "INVALID"
REQUIRED_MESSAGE = "This field is required."
INVALID_MESSAGE = "This value is not valid for the address."


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def normalize_cn_phone(raw: str) -> str | None:
    """E.164 form of a mainland mobile or landline number, or None when it is neither."""
    digits = re.sub(r"[\s()-]", "", raw)
    international = digits.startswith(("+86", "0086"))
    if international:
        digits = digits.removeprefix("+").removeprefix("00").removeprefix("86")
    if MOBILE.match(digits):
        return f"+86{digits}"
    # Dialled from abroad, an area code drops its trunk 0; at home it must carry it.
    if international and not digits.startswith("0"):
        digits = f"0{digits}"
    if LANDLINE.match(digits):
        return f"+86{digits[1:]}"
    return None


@cache
def _counties() -> dict[tuple[str, str], int]:
    """County pks by (prefecture name, county name); reference data, read once per process
    (forgotten when a division is saved)."""
    rows = Division.objects.filter(level="county").values_list("parent__name_zh", "name_zh", "pk")
    return {(parent or "", name): pk for parent, name, pk in rows}


def forget_counties(**_signal_kwargs) -> None:
    _counties.cache_clear()


def _tibet_county(cleaned: Mapping[str, Any]) -> int | None:
    counties = _counties()
    if cleaned["city"]:
        return counties.get((cleaned["city"], cleaned["city_area"]))
    found = [pk for (_parent, name), pk in counties.items() if name == cleaned["city_area"]]
    return min(found) if found else None


def address_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate address input (snake_case keys) and return the model's field values.

    Raises ValidationFailed naming each bad field with REQUIRED or INVALID.
    """
    cleaned = {name: _text(data.get(name)) for name in ADDRESS_FIELDS}
    cleaned["country"] = cleaned["country"].upper()
    is_cn = cleaned["country"] == "CN"
    required = CN_REQUIRED if is_cn else OTHER_REQUIRED
    errors = [
        FieldError(API_NAMES[name], REQUIRED, REQUIRED_MESSAGE)
        for name in required
        if not cleaned[name]
    ]
    division = None
    if is_cn:
        if cleaned["postal_code"] and not POSTAL_CODE.match(cleaned["postal_code"]):
            errors.append(FieldError("postalCode", INVALID, INVALID_MESSAGE))
        if cleaned["phone"]:
            phone = normalize_cn_phone(cleaned["phone"])
            if phone is None:
                message = f"{cleaned['phone']} is not a valid phone number."
                errors.append(FieldError("phone", INVALID, message))
            cleaned["phone"] = phone or cleaned["phone"]
        if cleaned["country_area"] in TIBET_NAMES and cleaned["city_area"] and not errors:
            division = _tibet_county(cleaned)
            if division is None:
                errors.append(FieldError("cityArea", INVALID, INVALID_MESSAGE))
    if errors:
        raise ValidationFailed(errors)
    cleaned["division_id"] = division
    return cleaned


def format_address_lines(address: Any) -> list[str]:
    """Lines for display: Chinese order (region down to street, then name, then phone) for CN."""
    name = " ".join(part for part in (address.first_name, address.last_name) if part)
    if address.country == "CN":
        name = f"{address.last_name}{address.first_name}"
        region = f"{address.country_area}{address.city}{address.city_area}"
        street = f"{address.street_address_1}{address.street_address_2}"
        lines = [f"{region}{street}", address.company_name, name, address.phone]
        if address.postal_code:
            lines.insert(1, address.postal_code)
        return [line for line in lines if line]
    lines = [
        name,
        address.company_name,
        address.street_address_1,
        address.street_address_2,
        " ".join(p for p in (address.postal_code, address.city, address.city_area) if p),
        " ".join(p for p in (address.country_area, address.country) if p),
        address.phone,
    ]
    return [line for line in lines if line]
