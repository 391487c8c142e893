"""`manage.py check --deploy` reports a deployment that would sign webhooks with no key."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def webhook_signing_key_check(app_configs, **kwargs) -> list[Error]:
    if settings.WEBHOOK_PRIVATE_KEY or settings.WEBHOOK_GENERATED_KEY_ALLOWED:
        return []
    return [
        Error(
            "WEBHOOK_PRIVATE_KEY is not set: webhooks cannot be signed.",
            hint="Set it to an RSA private key in PEM (openssl genrsa 2048).",
            id="webhooks.E001",
        )
    ]
