"""The fields of a station intake as the operator types them, checked and normalised with
the handbook import's normalisers (weights, prices, seasons), so "500克/袋", "20-30元" or
"6-8月" read as a spreadsheet row would. Each problem becomes a FieldError naming the field
(camelCase), its message in English and, in extra["message_zh"], in Chinese."""

import os
import re
import uuid
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from catalog.handbook_import import normalize as n
from catalog.handbook_import.messages import Localized, render
from catalog.models import Category, HandbookEntry, Producer
from catalog.services.media import clean_image
from infra.errors import FieldError, ValidationFailed

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_QUANTITY = 1_000_000
PHONE_LENGTH = Producer._meta.get_field("contact_phone").max_length
CONTACT_LENGTH = Producer._meta.get_field("contact_name").max_length
LENGTHS = {
    "nameZh": HandbookEntry._meta.get_field("name_zh").max_length,
    "nameBo": HandbookEntry._meta.get_field("name_bo").max_length,
    "specification": HandbookEntry._meta.get_field("specification").max_length,
    "unit": HandbookEntry._meta.get_field("unit").max_length,
    "season": HandbookEntry._meta.get_field("season").max_length,
    "householdPublicName": Producer._meta.get_field("name").max_length,
}
# Labels for the handbook import's messages: its own field names, or (zh, en) labels.
LABELS: dict[str, str | Localized] = {
    "nameZh": "name_zh",
    "nameBo": "name_bo",
    "specification": "specification",
    "unit": "unit",
    "price": "price",
    "season": "season",
    "householdName": Localized("农户姓名", "villager's name"),
    "householdPhone": Localized("联系电话", "phone"),
    "householdPublicName": Localized("公开名称", "public name"),
}
QUANTITY = re.compile(r"\d{1,9}")


def field_error(field: str, code: str, message_en: str, message_zh: str) -> FieldError:
    return FieldError(field, code, message_en, extra={"message_zh": message_zh})


def import_error(field: str, code: str, message: str, **params) -> FieldError:
    """An error worded as the handbook import words it (Chinese and English)."""
    zh, en = render(message, field=LABELS.get(field, field), **params)
    return field_error(field, code, en, zh)


def _text(field: str, raw: str, errors: list[FieldError]) -> str:
    text = n.clean_text(raw or "")
    if n.is_blank(text):
        return ""
    if len(text) > LENGTHS[field]:
        errors.append(import_error(field, "INVALID", "too_long", limit=LENGTHS[field]))
    return text


def intake_entry_values(
    *,
    name_zh: str,
    name_bo: str,
    specification: str,
    net_weight: str,
    unit: str,
    price: str,
    season: str,
    errors: list[FieldError],
) -> dict[str, Any]:
    """HandbookEntry field values from what was typed; problems are added to `errors`."""
    values: dict[str, Any] = {
        "name_zh": _text("nameZh", name_zh, errors),
        "name_bo": _text("nameBo", name_bo, errors),
        "specification": _text("specification", specification, errors),
        "unit": _text("unit", unit, errors),
    }
    if not values["name_zh"]:
        errors.append(import_error("nameZh", "REQUIRED", "required"))
    elif n.has_tibetan(values["name_zh"]) and not n.has_han(values["name_zh"]):
        errors.append(import_error("nameZh", "INVALID", "not_chinese"))
    weight_text = n.clean_text(net_weight or "")
    if weight_text:
        values["net_weight"] = n.parse_net_weight(weight_text)
        if values["net_weight"] is None or values["net_weight"] <= 0:
            errors.append(
                field_error(
                    "netWeight",
                    "INVALID",
                    "State the net weight with a unit, as “500克”, “2斤” or “1.5kg”.",
                    "净重请带单位填写，如“500克”“2斤”或“1.5kg”。",
                )
            )
    else:
        values["net_weight"] = n.parse_net_weight(values["specification"])
    if not values["unit"]:
        values["unit"] = n.package_unit(values["specification"])
    try:
        low, high = n.parse_price_range(price or "")
    except n.NormalizeError as error:
        errors.append(import_error("price", "INVALID", error.code, **error.params))
    else:
        if low is None:
            errors.append(import_error("price", "REQUIRED", "required"))
        elif low <= 0 or (high is not None and low > high):
            errors.append(import_error("price", "INVALID", "price"))
        values["price_min"], values["price_max"] = low, high
    values["season"] = _text("season", season, errors)
    values["season_months"] = []
    if values["season"]:
        try:
            values["season_months"] = n.parse_season(values["season"])
        except n.NormalizeError as error:
            errors.append(import_error("season", "INVALID", error.code, **error.params))
    return values


def intake_quantity(raw: int | str | None, errors: list[FieldError]) -> int:
    """The quantity the villager has on hand: a whole number from 1 to MAX_QUANTITY."""
    text = n.parsing_form(n.clean_text(raw if raw is not None else ""))
    quantity = int(text) if QUANTITY.fullmatch(text) else 0
    if not 1 <= quantity <= MAX_QUANTITY:
        errors.append(
            field_error(
                "quantity",
                "INVALID",
                f"Enter the quantity on hand as a whole number from 1 to {MAX_QUANTITY}.",
                f"可供数量请填写 1 到 {MAX_QUANTITY} 之间的整数。",
            )
        )
    return quantity


def intake_category(
    category: Category | int | str | None, errors: list[FieldError]
) -> Category | None:
    """The chosen category (optional), by instance or primary key."""
    if category in (None, ""):
        return None
    if isinstance(category, Category):
        return category
    found = Category.objects.filter(pk=int(category)).first() if str(category).isdigit() else None
    if found is None:
        errors.append(field_error("category", "NOT_FOUND", "No such category.", "没有这个品类。"))
    return found


def intake_photo(photo: UploadedFile | None, errors: list[FieldError]) -> UploadedFile | None:
    """The photo (optional) if it is a real image of a supported type, renamed neutrally."""
    if not photo:
        return None
    if photo.size and photo.size > MAX_PHOTO_BYTES:
        limit = MAX_PHOTO_BYTES // (1024 * 1024)
        errors.append(
            field_error(
                "photo",
                "INVALID",
                f"The photo is larger than {limit} MB.",
                f"照片超过 {limit} MB。",
            )
        )
        return None
    try:
        clean_image(photo, field="photo")
    except ValidationFailed as failure:
        errors.extend(
            field_error("photo", e.code, e.message, "文件不是可用的图片（JPEG、PNG 或 WebP）。")
            for e in failure.errors
        )
        return None
    # The file's own name may carry the villager's name; the published product shows it.
    extension = os.path.splitext(photo.name or "")[1].lower()
    photo.name = f"intake-{uuid.uuid4().hex}{extension}"
    return photo
