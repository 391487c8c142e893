"""Validation shared by the taxonomy services, with Saleor's codes and messages.

Saleor validates model mutations with Django's `full_clean` and reports each problem as
`{field (camelCase), code, message}`; `validate_model` does the same so our messages match.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Model
from django.utils import translation
from PIL import Image, UnidentifiedImageError

from catalog.services.slugs import unique_slug
from infra.errors import FieldError, ValidationFailed

_REQUIRED_CODES = {"required", "blank", "null"}
_UNIQUE_CODES = {"unique", "unique_for_date", "unique_together"}
_TAGS = re.compile(r"<[^>]+>")


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def saleor_code(django_code: str | None) -> str:
    if django_code in _REQUIRED_CODES:
        return "REQUIRED"
    if django_code in _UNIQUE_CODES:
        return "UNIQUE"
    return "INVALID"


def validate_model(
    instance: Model, *, exclude: Iterable[str] = (), rename: Mapping[str, str] | None = None
) -> None:
    """Run `full_clean` and raise its problems as Saleor payload errors.

    Messages are Django's English ones, as Saleor's API gives them, whatever the request's
    language (all our payload messages are English).
    """
    try:
        with translation.override("en"):
            instance.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        errors = []
        for field, field_errors in exc.error_dict.items():
            name = (rename or {}).get(field, camel(field))
            for error in field_errors:
                with translation.override("en"):
                    message = str(error.message % error.params if error.params else error.message)
                errors.append(FieldError(name, saleor_code(error.code), message))
        raise ValidationFailed(errors) from None


def slug_for_create(model: type[Model], slug: str | None, name: str | None) -> str | None:
    """Saleor's `validate_slug_and_generate_if_needed` on create: a given slug is kept,
    a missing one comes from the name (pinyin for Chinese, unique with -2, -3 …)."""
    if slug:
        return slug
    if name:
        return unique_slug(model=model, name=name)
    return slug


def check_slug_for_update(data: Mapping[str, Any]) -> None:
    """On update a slug may change but never become blank (Saleor)."""
    if "slug" in data and not data["slug"]:
        raise ValidationFailed.single("slug", "REQUIRED", "Slug value cannot be blank.")


def metadata_items(items: Iterable[Mapping[str, Any]] | None, *, field: str) -> dict[str, str]:
    """MetadataInput items as a dict; an empty key is Saleor's REQUIRED error."""
    result: dict[str, str] = {}
    for item in items or ():
        key = str(item["key"])
        if not key.strip():
            raise ValidationFailed.single(field, "REQUIRED", "Metadata key cannot be empty.")
        result[key] = str(item["value"])
    return result


def apply_metadata(
    instance: Model,
    *,
    metadata: Iterable[Mapping[str, Any]] | None = None,
    private_metadata: Iterable[Mapping[str, Any]] | None = None,
) -> None:
    """Merge MetadataInput items into the (unsaved) instance, as Saleor's model mutations."""
    if metadata is not None:
        instance.metadata = {
            **(instance.metadata or {}),
            **metadata_items(metadata, field="metadata"),
        }
    if private_metadata is not None:
        instance.private_metadata = {
            **(instance.private_metadata or {}),
            **metadata_items(private_metadata, field="privateMetadata"),
        }


def apply_seo(instance: Model, seo: Mapping[str, Any] | None) -> None:
    if not seo:
        return
    if "title" in seo:
        instance.seo_title = seo["title"]
    if "description" in seo:
        instance.seo_description = seo["description"]


def set_background_image(instance: Model, image: UploadedFile | None, alt: str | None) -> None:
    """Replace a category's or collection's background image (checked) and/or its alt text."""
    if image is not None:
        check_image(image, field="backgroundImage")
        if instance.background_image:
            instance.background_image.delete(save=False)
        instance.background_image = image
    if alt is not None:
        instance.background_image_alt = alt


def check_image(upload: UploadedFile, *, field: str) -> None:
    """Refuse an upload that Pillow cannot read as an image (Saleor's `clean_image_file`)."""
    content_type = getattr(upload, "content_type", "") or ""
    if content_type and not content_type.startswith("image/"):
        raise ValidationFailed.single(field, "INVALID", "Invalid file type.")
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationFailed.single(field, "INVALID", "Invalid file type.") from None
    finally:
        upload.seek(0)
