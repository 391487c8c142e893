"""Template helpers of the browsing pages: names kept in three columns (brands)."""

from django import template
from django.utils import translation
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def brand_name(brand) -> str:
    """The brand's name in the active language, else its Chinese name marked lang="zh-Hans"."""
    language = translation.get_language() or "zh-hans"
    if language.startswith("bo") and brand.name_bo:
        return brand.name_bo
    if language.startswith("en") and brand.name_en:
        return brand.name_en
    if language.startswith(("bo", "en")):
        return format_html('<span lang="zh-Hans">{}</span>', brand.name)
    return brand.name
