"""The printed handbook: an A4 PDF rendered from HTML and CSS with WeasyPrint.

A cover page, then two entries per page. Images come from the media storage (local or S3),
scaled down for print before WeasyPrint sees them; the fetcher serves only those, so the
HTML can never make the renderer read a file or a URL of its own choosing.
"""

import logging
from io import BytesIO

import segno
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from PIL import Image, ImageOps
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from catalog.handbook_outputs.sheets import EntrySheet, HandbookSheet

logger = logging.getLogger(__name__)

PDF_LANGUAGE = "zh-hans"
TEMPLATE = "catalog/handbook/handbook.html"
SCHEME = "handbook-image"
# Long side in pixels: about 300 dpi across the 80 mm image box of a half page.
PRINT_IMAGE_SIZE = 1000
JPEG_QUALITY = 82


class _PreparedImages(URLFetcher):
    """Serves the images prepared for this document and refuses every other URL."""

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(SCHEME,))
        self._images: dict[str, tuple[bytes, str]] = {}

    def add(self, storage_name: str) -> str | None:
        """The URL of the stored image scaled for print, or None if it cannot be read."""
        if not storage_name:
            return None
        key = str(len(self._images))
        try:
            self._images[key] = _print_image(storage_name)
        except Exception:  # a missing or broken image gets the placeholder
            logger.warning("Handbook image %s cannot be read", storage_name, exc_info=True)
            return None
        return f"{SCHEME}:{key}"

    def fetch(self, url, headers=None):
        body, mime_type = self._images[url.removeprefix(f"{SCHEME}:")]
        return URLFetcherResponse(url, body, {"Content-Type": mime_type})


def _print_image(storage_name: str) -> tuple[bytes, str]:
    with default_storage.open(storage_name, "rb") as handle, Image.open(handle) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((PRINT_IMAGE_SIZE, PRINT_IMAGE_SIZE))
        output = BytesIO()
        if image.mode in ("RGBA", "LA", "P"):
            image.save(output, format="PNG", optimize=True)
            return output.getvalue(), "image/png"
        image.convert("RGB").save(output, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        return output.getvalue(), "image/jpeg"


def _qr_svg(url: str) -> str:
    """An inline SVG QR code (scaled by the CSS), medium error correction for print."""
    return segno.make(url, error="m").svg_inline(omitsize=True, dark="#000")


def _entry_card(entry: EntrySheet, images: _PreparedImages) -> dict:
    image_url = images.add(entry.image_names[0]) if entry.image_names else None
    return {
        "entry": entry,
        "image_url": image_url,
        "qr_svg": _qr_svg(entry.product_url) if entry.product_url else "",
    }


def handbook_pdf_render(sheet: HandbookSheet) -> bytes:
    images = _PreparedImages()
    cards = [_entry_card(entry, images) for entry in sheet.entries]
    context = {
        "sheet": sheet,
        "county": sheet.county,
        "prefecture": sheet.prefecture,
        "brand": sheet.public_brand,
        "logo_url": images.add(sheet.logo_name),
        "pages": [cards[start : start + 2] for start in range(0, len(cards), 2)],
        "entry_count": len(cards),
    }
    with translation.override(PDF_LANGUAGE):
        html = render_to_string(TEMPLATE, context)
    return HTML(string=html, url_fetcher=images).write_pdf()
