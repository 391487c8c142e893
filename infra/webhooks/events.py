"""Emitting webhook events into the outbox, in the transaction of the change they describe.

`event_emit` finds the active webhooks of active apps subscribed to the event (one query;
nothing else happens when there are none), renders each payload now — so it shows the state
at the change — and writes the deliveries; they are queued once the transaction commits. A
rolled-back change leaves no delivery, and a committed one cannot lose its deliveries.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from infra.accounts.models import App
from infra.webhooks.deliveries import deliveries_enqueue
from infra.webhooks.models import EventDelivery, EventPayload, Webhook, WebhookEvent

logger = logging.getLogger(__name__)


def subscriptions(event_types: set[str]) -> dict[str, list[Webhook]]:
    """Active webhooks of active apps per event type, in one query."""
    rows = WebhookEvent.objects.filter(
        event_type__in=event_types, webhook__is_active=True, webhook__app__is_active=True
    ).select_related("webhook__app")
    subscribed: dict[str, list[Webhook]] = {}
    for row in rows:
        subscribed.setdefault(row.event_type, []).append(row.webhook)
    return subscribed


def _hears_channel(app: App, channel_id: int | None, cache: dict[int, Any]) -> bool:
    """Whether an app limited to some channels may hear of an event in `channel_id`."""
    if channel_id is None or not settings.WEBHOOK_APP_CHANNELS_READER:
        return True
    if app.pk not in cache:
        cache[app.pk] = import_string(settings.WEBHOOK_APP_CHANNELS_READER)(app)
    allowed = cache[app.pk]
    return allowed is None or channel_id in allowed


def _render(webhook: Webhook, event_type: str, instance: Any, issued_at) -> str:
    from infra.webhooks.graphql.payloads import payload_render

    try:
        # A savepoint: a failing read must not break the caller's transaction.
        with transaction.atomic():
            return payload_render(
                query=webhook.subscription_query,
                event_type=event_type,
                instance=instance,
                recipient=webhook.app,
                issued_at=issued_at,
            )
    except Exception:  # the change must go through; the delivery says what went wrong
        logger.exception("Could not render the %s payload of webhook %s", event_type, webhook.pk)
        return '{"errors": [{"message": "Internal Server Error"}]}'


def event_emit(event_type: str, instance: Any, *, channel_id: int | None = None) -> None:
    """Record `event_type` about `instance` for every subscribed webhook, in the caller's
    transaction. `channel_id` (default: the instance's own) keeps apps limited to other
    channels from hearing of it."""
    events_emit([(event_type, instance)], channel_id=channel_id)


def events_emit(events: Iterable[tuple[str, Any]], *, channel_id: int | None = None) -> None:
    """`event_emit` for several (event type, instance) pairs, with one query in all when no
    webhook listens (so a change of many rows costs the same as a change of one)."""
    events = list(events)
    subscribed = subscriptions({event_type for event_type, _instance in events}) if events else {}
    if not subscribed:
        return
    scopes: dict[int, Any] = {}
    issued_at = timezone.now()
    delivery_ids: list[int] = []
    with transaction.atomic():
        for event_type, instance in events:
            channel = getattr(instance, "channel_id", None) if channel_id is None else channel_id
            for webhook in subscribed.get(event_type, ()):
                if not _hears_channel(webhook.app, channel, scopes):
                    continue
                payload = EventPayload.objects.create(
                    payload=_render(webhook, event_type, instance, issued_at),
                    created_at=issued_at,
                )
                delivery = EventDelivery.objects.create(
                    webhook=webhook,
                    event_type=event_type,
                    payload=payload,
                    created_at=issued_at,
                    next_attempt_at=issued_at,
                    max_attempts=settings.WEBHOOK_MAX_ATTEMPTS,
                )
                delivery_ids.append(delivery.pk)
        if delivery_ids:
            transaction.on_commit(lambda: deliveries_enqueue(delivery_ids))
