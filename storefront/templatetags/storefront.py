"""Template helpers of the shopper pages: prices in the visitor's language, canonical URLs,
QR codes."""

from decimal import Decimal

import segno
from django import template
from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

CURRENCY_SIGNS = {"CNY": "¥"}


@register.filter
def money(amount: Decimal | None, currency: str = "CNY") -> str:
    """¥1,280.00 for CNY in every language (the sign Chinese and Tibetan readers use); other
    currencies as "1,280.00 NPR"."""
    if amount is None:
        return ""
    text = f"{Decimal(amount):,.2f}"
    sign = CURRENCY_SIGNS.get(currency or "CNY")
    return f"{sign}{text}" if sign else f"{text} {currency}"


@register.simple_tag(takes_context=True)
def canonical_url(context, path: str | None = None) -> str:
    """The page's absolute URL on the storefront host, without query string."""
    request = context.get("request")
    path = path or (request.path if request else "/")
    return f"{settings.STOREFRONT_URL.rstrip('/')}{path}"


@register.simple_tag
def language_name(code: str) -> str:
    return translation.get_language_info(code)["name_local"]


@register.filter
def qr_svg(text: str) -> str:
    """`text` as an inline SVG QR code that scales with its box. Always a full QR code: a
    short text would otherwise become a Micro QR code, which phone cameras do not read."""
    code = segno.make_qr(str(text), error="m")
    # segno writes only the code's path: nothing of `text` reaches the markup unescaped.
    return mark_safe(code.svg_inline(omitsize=True, border=2, dark="#000", svgclass="qr"))  # noqa: S308
