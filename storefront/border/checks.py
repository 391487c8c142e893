"""System check: production must set its own pepper for the residents' ID hashes."""

from django.conf import settings
from django.core.checks import Warning, register


@register()
def border_pepper_check(app_configs, **kwargs) -> list:
    if settings.BORDER_ID_PEPPER or settings.DEBUG:
        return []
    return [
        Warning(
            "BORDER_ID_PEPPER is not set: border residents' ID hashes use a key derived from "
            "SECRET_KEY, so rotating SECRET_KEY would orphan every registered resident.",
            id="border.W001",
        )
    ]
