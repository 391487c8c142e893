"""QR codes the kiosk shows, as SVG: only for links into the storefront (STOREFRONT_URL), so
the kiosk's QR endpoint cannot be made to print anyone else's link."""

import io
from urllib.parse import urlsplit

import segno
from django.conf import settings

MAX_LENGTH = 500


def storefront_link(url: str) -> bool:
    """Whether `url` is a link on the storefront's own scheme, host and port."""
    if not url or len(url) > MAX_LENGTH:
        return False
    base, link = urlsplit(settings.STOREFRONT_URL), urlsplit(url)
    return (link.scheme, link.netloc) == (base.scheme, base.netloc) and link.path.startswith(
        base.path.rstrip("/") + "/"
    )


def qr_svg(url: str) -> str:
    """The QR code of `url` as an SVG document that also works inline (it scales with its
    box: no width or height)."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        omitsize=True,
        border=2,
        dark="#000",
        nl=False,
    )
    return buffer.getvalue().decode()
