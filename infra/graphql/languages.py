"""Saleor's LanguageCodeEnum names and Django's language codes, both ways."""

from django.conf import settings


def language_enum_name(code: str) -> str:
    """Django language code to Saleor's LanguageCodeEnum name: 'zh-hans' -> 'ZH_HANS'."""
    return code.replace("-", "_").upper()


def django_language(enum_name: str) -> str:
    """Saleor's LanguageCodeEnum name to Django's code: 'ZH_HANS' -> 'zh-hans'."""
    return str(enum_name).replace("_", "-").lower()


def supported_language(enum_name: str) -> str | None:
    """The language we keep translations in for a LanguageCodeEnum value, or None.

    Regional variants fall back to their base language (EN_US -> en, ZH_HANS_CN -> zh-hans).
    """
    code = django_language(enum_name)
    supported = [lang for lang, _name in settings.LANGUAGES]
    for candidate in (code, "-".join(code.split("-")[:2]), code.split("-")[0]):
        if candidate in supported:
            return candidate
    return None
