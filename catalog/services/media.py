"""Product media: uploaded images (checked with Pillow, kept in Django's storage) and external
media URLs. This platform reaches no outside hosts, so an external image is kept as a URL and a
video as its provider URL, instead of Saleor's download and oEmbed look-up."""

import os
from collections.abc import Iterable
from enum import Enum
from urllib.parse import urlparse

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Max, QuerySet
from PIL import Image, UnidentifiedImageError

from catalog.error_codes import ProductErrorCode
from catalog.models import Product, ProductMedia, ProductMediaType, Thumbnail
from catalog.services.product_inputs import fail, get_node

ALT_CHAR_LIMIT = 250
# The image types thumbnails can be made from (Saleor's MIME_TYPE_TO_PIL_IDENTIFIER).
IMAGE_MIME_TYPES = {
    "image/avif": "AVIF",
    "image/bmp": "BMP",
    "image/gif": "GIF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/tiff": "TIFF",
    "image/webp": "WEBP",
}
IMAGE_URL_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff"}
VIDEO_PROVIDERS = {
    "youtube.com": "YouTube",
    "www.youtube.com": "YouTube",
    "m.youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "www.vimeo.com": "Vimeo",
}


def _allowed_extensions() -> set[str]:
    Image.init()
    formats = set(IMAGE_MIME_TYPES.values())
    return {ext.lower() for ext, fmt in Image.EXTENSION.items() if fmt.upper() in formats}


def clean_image(
    upload: UploadedFile | None, *, field: str = "image", codes: type[Enum] = ProductErrorCode
) -> UploadedFile:
    """Check that an upload is really an image of a supported type; Saleor's messages."""
    if not upload:
        raise fail(field, codes.REQUIRED, "File is required.")
    if getattr(upload, "content_type", None) not in IMAGE_MIME_TYPES:
        raise fail(field, codes.INVALID, "Invalid file type.")
    extension = os.path.splitext(upload.name or "")[1].lower()
    if not extension:
        raise fail(field, codes.INVALID, "Lack of file extension.")
    if extension not in _allowed_extensions():
        raise fail(field, codes.INVALID, "Invalid file extension. Image file required.")
    try:
        with Image.open(upload) as image:
            image.verify()
    except (UnidentifiedImageError, SyntaxError, TypeError, ValueError, OSError) as exc:
        raise fail(
            field,
            codes.INVALID,
            "Invalid file. The following error was raised during the attempt "
            f"of opening the file: {exc}",
        ) from None
    upload.seek(0)
    return upload


def external_media(
    media_url: str, alt: str, *, field: str = "mediaUrl", codes: type[Enum] = ProductErrorCode
) -> tuple[str, str, str, dict]:
    """(type, external_url, alt, oembed_data) for an external media URL."""
    try:
        URLValidator(schemes=["http", "https"])(media_url)
    except DjangoValidationError:
        raise fail(field, codes.INVALID, "Enter a valid URL.") from None
    parsed = urlparse(media_url)
    if os.path.splitext(parsed.path)[1].lower() in IMAGE_URL_EXTENSIONS:
        return ProductMediaType.IMAGE, media_url, alt, {}
    provider = VIDEO_PROVIDERS.get((parsed.hostname or "").lower())
    if provider is None:
        raise fail(
            field, codes.UNSUPPORTED_MEDIA_PROVIDER, "Unsupported media provider or incorrect URL."
        )
    oembed = {"type": "video", "url": media_url, "provider_name": provider}
    return ProductMediaType.VIDEO, media_url, alt, oembed


def check_media_input(
    image: UploadedFile | None,
    media_url: str | None,
    alt: str | None,
    *,
    field: str = "input",
    codes: type[Enum] = ProductErrorCode,
) -> None:
    if not image and not media_url:
        raise fail(field, codes.REQUIRED, "Image or external URL is required.")
    if image and media_url:
        raise fail(field, codes.DUPLICATED_INPUT_ITEM, "Either image or external URL is required.")
    if alt and len(alt) > ALT_CHAR_LIMIT:
        raise fail(
            field, codes.INVALID, f"Alt field exceeds the character limit of {ALT_CHAR_LIMIT}."
        )


def media_add(
    product: Product, *, image=None, media_url: str | None = None, alt: str = ""
) -> ProductMedia:
    """Create one media row (input already checked), last in the product's order."""
    last = product.media.aggregate(last=Max("sort_order"))["last"]
    media = ProductMedia(product=product, alt=alt or "", sort_order=0 if last is None else last + 1)
    if image:
        media.type = ProductMediaType.IMAGE
        media.image = image
    else:
        media.type, media.external_url, media.alt, media.oembed_data = external_media(
            media_url, alt or ""
        )
    media.save()
    return media


@transaction.atomic
def media_create(
    *, product_id: str, image: UploadedFile | None, media_url: str | None, alt: str | None
) -> ProductMedia:
    """Add an uploaded image or an external media URL to a product (Saleor's productMediaCreate).

    The image file is written through Django's default storage.
    """
    check_media_input(image, media_url, alt)
    product = get_node(Product.objects.all(), product_id, "Product", field="product")
    if image:
        clean_image(image)
    elif media_url:
        external_media(media_url, alt or "")
    return media_add(product, image=image, media_url=media_url, alt=alt or "")


def media_files_delete_on_commit(media: QuerySet[ProductMedia] | Iterable[ProductMedia]) -> None:
    """Remove the stored files of media (and their thumbnails) once the deletion commits."""
    media_ids = [m.pk for m in media]
    names = [m.image.name for m in ProductMedia.objects.filter(pk__in=media_ids) if m.image] + [
        t.image.name for t in Thumbnail.objects.filter(product_media_id__in=media_ids) if t.image
    ]
    if names:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in names], robust=True)


@transaction.atomic
def media_delete(*, media_id: str) -> ProductMedia:
    """Delete one product media and, after commit, its files; returns it with its pk kept."""
    media = get_node(
        ProductMedia.objects.select_related("product"), media_id, "ProductMedia", field="id"
    )
    pk = media.pk
    media_files_delete_on_commit([media])
    media.delete()
    media.pk = pk
    return media
