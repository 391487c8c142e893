"""Writes of webhooks (Saleor's webhookCreate / webhookUpdate / webhookDelete rules).

The subscription query is checked by the caller (it needs the GraphQL schema); these services
take the events it names, or the events given explicitly.
"""

import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction

from infra.accounts.models import App
from infra.errors import FieldError, ValidationFailed
from infra.webhooks.event_types import ALL
from infra.webhooks.models import Webhook, WebhookEvent

HEADERS_NUMBER_LIMIT = 5
HEADERS_LENGTH_LIMIT = 998
# RFC 5322: printable ASCII; no colon in a field name.
_KEY_CHARS = {chr(code) for code in range(33, 127)} - {":"}
_VALUE_CHARS = {chr(code) for code in range(33, 127)} | {" ", "\t"}
_ALLOWED_KEY = re.compile(r"^(X-\S*|Authorization\S*|BrokerProperties)$", re.IGNORECASE)
_url_validator = URLValidator(schemes=["http", "https"])


def custom_headers_clean(headers: Any) -> dict[str, str]:
    """Saleor's limits: at most 5 headers, `X-*`, `Authorization*` or `BrokerProperties`
    keys, RFC 5322 characters, 998 characters per header line."""

    def refuse(message: str) -> ValidationFailed:
        return ValidationFailed.single("customHeaders", "INVALID_CUSTOM_HEADERS", message)

    if not isinstance(headers, dict):
        raise refuse("Custom headers must be a JSON object.")
    if len(headers) > HEADERS_NUMBER_LIMIT:
        raise refuse(f"Number of headers exceeds the limit: {HEADERS_NUMBER_LIMIT}.")
    for key, value in headers.items():
        if not isinstance(value, str):
            raise refuse(f'Header with "{key}" can\'t be converted to string.')
        line = f"{key}: {value}"
        if len(line) > HEADERS_LENGTH_LIMIT:
            raise refuse(f'"{line}" exceeds the limit of characters: {HEADERS_LENGTH_LIMIT}.')
        if not set(key) <= _KEY_CHARS:
            raise refuse(f'Key "{key}" contains invalid character.')
        if not set(value) <= _VALUE_CHARS:
            raise refuse(f'Value "{value}" contains invalid character.')
        if not _ALLOWED_KEY.match(key):
            raise refuse(
                f'"{key}" does not match allowed key pattern: "X-*", "Authorization*", '
                'or "BrokerProperties".'
            )
    return dict(headers)


def _target_url_clean(target_url: str | None) -> str:
    if not target_url:
        raise ValidationFailed.single("targetUrl", "REQUIRED", "This field is required.")
    try:
        _url_validator(target_url)
    except ValidationError:
        raise ValidationFailed.single("targetUrl", "INVALID", "Enter a valid URL.") from None
    return target_url


def _events_clean(events: Iterable[str], field: str) -> list[str]:
    events = list(dict.fromkeys(events))
    unsupported = [e for e in events if e not in ALL]
    if unsupported:
        raise ValidationFailed.single(
            field,
            "INVALID",
            f"Event types not supported yet: {', '.join(unsupported)}. "
            f"Supported: {', '.join(ALL)}.",
        )
    return events


def _identifier_clean(app: App, identifier: str | None, webhook: Webhook | None) -> str | None:
    if not identifier:
        return None
    if len(identifier) > 256:
        raise ValidationFailed.single(
            "identifier", "INVALID", "Ensure this value has at most 256 characters."
        )
    taken = Webhook.objects.filter(app=app, identifier=identifier)
    if webhook is not None:
        taken = taken.exclude(pk=webhook.pk)
    if taken.exists():
        raise ValidationFailed.single(
            "identifier", "UNIQUE", "Webhook with this identifier already exists for this app."
        )
    return identifier


def _name_clean(name: str | None) -> str:
    name = (name or "").strip()
    if len(name) > 255:
        raise ValidationFailed.single(
            "name", "INVALID", "Ensure this value has at most 255 characters."
        )
    return name


def _events_set(webhook: Webhook, events: list[str]) -> None:
    webhook.events.exclude(event_type__in=events).delete()
    existing = set(webhook.events.values_list("event_type", flat=True))
    WebhookEvent.objects.bulk_create(
        [WebhookEvent(webhook=webhook, event_type=e) for e in events if e not in existing]
    )


@transaction.atomic
def webhook_create(
    *,
    app: App,
    target_url: str | None,
    events: Iterable[str],
    events_field: str = "asyncEvents",
    name: str | None = None,
    identifier: str | None = None,
    is_active: bool | None = True,
    subscription_query: str | None = None,
    custom_headers: Any = None,
) -> Webhook:
    if not app.is_active:
        raise ValidationFailed.single("app", "NOT_FOUND", "App doesn't exist or is disabled")
    webhook = Webhook(
        app=app,
        name=_name_clean(name),
        identifier=_identifier_clean(app, identifier, None),
        target_url=_target_url_clean(target_url),
        is_active=True if is_active is None else is_active,
        subscription_query=subscription_query or "",
        custom_headers=custom_headers_clean(custom_headers) if custom_headers else {},
    )
    clean_events = _events_clean(events, events_field)
    webhook.save()
    _events_set(webhook, clean_events)
    return webhook


@transaction.atomic
def webhook_update(
    *,
    webhook: Webhook,
    changes: dict[str, Any],
    events: Iterable[str] | None = None,
    events_field: str = "asyncEvents",
) -> Webhook:
    """Apply the given fields (name, identifier, target_url, is_active, subscription_query,
    custom_headers); `events`, when given, replace the webhook's events."""
    errors: list[FieldError] = []
    for field, value in changes.items():
        try:
            if field == "name":
                webhook.name = _name_clean(value)
            elif field == "identifier":
                webhook.identifier = _identifier_clean(webhook.app, value, webhook)
            elif field == "target_url":
                webhook.target_url = _target_url_clean(value)
            elif field == "is_active":
                webhook.is_active = bool(value)
            elif field == "subscription_query":
                webhook.subscription_query = value or ""
            elif field == "custom_headers":
                webhook.custom_headers = custom_headers_clean(value) if value else {}
            else:
                raise ValueError(f"Unknown webhook field {field}")
        except ValidationFailed as failure:
            errors.extend(failure.errors)
    clean_events = None
    if events is not None:
        try:
            clean_events = _events_clean(events, events_field)
        except ValidationFailed as failure:
            errors.extend(failure.errors)
    if errors:
        raise ValidationFailed(errors)
    webhook.save()
    if clean_events is not None:
        _events_set(webhook, clean_events)
    return webhook


@transaction.atomic
def webhook_delete(*, webhook: Webhook) -> Webhook:
    """Delete the webhook with its delivery log; a sending worker finds its delivery gone."""
    pk = webhook.pk
    webhook.delete()
    webhook.pk = pk  # the mutation answers the deleted webhook's ID
    return webhook
