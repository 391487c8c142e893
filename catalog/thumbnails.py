"""Thumbnails of product media, as Saleor makes them: a fixed set of sizes, made on demand.

The API answers a thumbnail's stored URL when one exists, otherwise the URL of the
/thumbnail/ endpoint, which makes it with Pillow, stores it through Django's storage
(local disk or S3), records a Thumbnail row and redirects to it.
"""

import posixpath
from io import BytesIO

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from PIL import Image, ImageOps

from catalog.models import ProductMedia, Thumbnail

THUMBNAIL_SIZES = (32, 64, 128, 256, 512, 1024, 2048, 4096)
DEFAULT_THUMBNAIL_SIZE = 4096  # Saleor's default for media URLs; Product.thumbnail uses 256
PRODUCT_THUMBNAIL_SIZE = 256

ORIGINAL = ""  # stored format of a thumbnail kept in the image's own format
AVIF = "avif"
WEBP = "webp"
# The formats the endpoint converts to (Saleor's list and order).
CONVERTIBLE_FORMATS = (WEBP, AVIF)
# ThumbnailFormatEnum names to the stored format.
FORMAT_BY_ENUM = {"ORIGINAL": ORIGINAL, "AVIF": AVIF, "WEBP": WEBP}

_PIL_FORMAT = {AVIF: "AVIF", WEBP: "WEBP"}
_EXTENSION = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp", "AVIF": "avif"}
_QUALITY = 70  # Saleor's JPEG and WebP quality


def thumbnail_size(size: int | None, *, default: int = DEFAULT_THUMBNAIL_SIZE) -> int:
    """The available size closest to `size` (Saleor's rule; a tie goes to the smaller)."""
    requested = default if size is None else int(size)
    return min(THUMBNAIL_SIZES, key=lambda available: abs(available - requested))


def thumbnail_format(enum_name: str | None) -> str:
    return FORMAT_BY_ENUM.get(enum_name or "ORIGINAL", ORIGINAL)


def _render(source: Image.Image, size: int, image_format: str) -> tuple[bytes, str]:
    """The resized image's bytes and file extension."""
    image = ImageOps.exif_transpose(source)
    pil_format = _PIL_FORMAT.get(image_format) or source.format or "PNG"
    image.thumbnail((size, size))
    options: dict = {"format": pil_format}
    if icc_profile := source.info.get("icc_profile"):
        options["icc_profile"] = icc_profile
    if pil_format == "JPEG":
        image = image.convert("RGB") if image.mode != "RGB" else image
        options.update(quality=_QUALITY, progressive=False)
    elif pil_format in ("WEBP", "AVIF"):
        options.update(quality=_QUALITY)
        if pil_format == "WEBP":
            options["lossless"] = False
    elif pil_format == "GIF" and "transparency" in source.info:
        options["transparency"] = source.info["transparency"]
    output = BytesIO()
    image.save(output, **options)
    return output.getvalue(), _EXTENSION.get(pil_format, pil_format.lower())


def thumbnail_create(*, media: ProductMedia, size: int, image_format: str) -> Thumbnail:
    """Make, store and record the thumbnail of `media`'s image at `size` in `image_format`.

    Preconditions: `media.image` is set; `size` is one of THUMBNAIL_SIZES and `image_format`
    is ORIGINAL or one of CONVERTIBLE_FORMATS. When another request recorded the same
    thumbnail first, its row is returned and the file made here is deleted.
    """
    with media.image.open("rb") as stored, Image.open(stored) as source:
        source.load()
        content, extension = _render(source, size, image_format)
    stem = posixpath.splitext(posixpath.basename(media.image.name))[0]
    thumbnail = Thumbnail(product_media=media, size=size, format=image_format)
    thumbnail.image.save(f"{stem}_thumbnail_{size}.{extension}", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            thumbnail.save()
    except IntegrityError:
        thumbnail.image.delete(save=False)
        return Thumbnail.objects.get(product_media=media, size=size, format=image_format)
    return thumbnail
