"""Sending deliveries: claim one with a lease, POST its signed payload, record the attempt,
schedule the retry. The sweep re-queues what a lost task or a dead worker left behind.

Nothing is doubled: a claim is one compare-and-set UPDATE on the delivery's own columns
(PENDING, due, lease free, attempts left), so of two workers only one sends; a SUCCESS
delivery is never claimed again. Nothing is lost: a delivery stays PENDING until an attempt
answers 2xx or its attempts run out, and a held lease expires if its worker dies.
"""

import logging
import random
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from infra.errors import ValidationFailed
from infra.ids import to_global_id
from infra.webhooks.event_types import event_header_value
from infra.webhooks.models import DeliveryStatus, EventDelivery, EventDeliveryAttempt
from infra.webhooks.signing import payload_sign
from infra.webhooks.transport import HttpOutcome, http_post

logger = logging.getLogger(__name__)

RESPONSE_MAX_CHARS = 2000
INTERRUPTED = "Interrupted: the worker sending this attempt stopped before it finished."
SWEEP_BATCH = 500
# The sweep leaves a delivery this long past due to the task already queued for it.
SWEEP_GRACE_SECONDS = 60
# Custom headers whose values are secrets: never written to the delivery log.
SECRET_HEADER_PREFIXES = ("authorization",)


@dataclass(frozen=True)
class Claim:
    delivery: EventDelivery
    attempt: EventDeliveryAttempt
    token: str


def lease_seconds() -> float:
    """Longer than any attempt can take, so a live worker never loses its lease."""
    return settings.WEBHOOK_TIMEOUT * 3 + 60


def retry_delay(attempt_count: int) -> float:
    """Seconds before the next attempt: backoff × 2^(n-1), plus up to 20% jitter."""
    base = settings.WEBHOOK_RETRY_BACKOFF * 2 ** max(attempt_count - 1, 0)
    return base + random.uniform(0, base * 0.2)  # noqa: S311 - jitter, not a secret


def _claimable(now: datetime) -> Q:
    return (
        Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        & (Q(lease_until__isnull=True) | Q(lease_until__lte=now))
        & Q(attempt_count__lt=F("max_attempts"))
    )


def delivery_claim(*, delivery_id: int, now: datetime, task_id: str = "") -> Claim | None:
    """Take the delivery for one attempt, or None when it is not ours to send now."""
    delivery = (
        EventDelivery.objects.select_related("webhook__app", "payload")
        .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
        .first()
    )
    if delivery is None or not (delivery.webhook.is_active and delivery.webhook.app.is_active):
        return None  # done, or paused with its webhook: the sweep sends it once reactivated
    token = secrets.token_hex(16)
    with transaction.atomic():
        # Only the delivery's own columns in the condition: the database re-checks them
        # against the latest row when two workers race, so exactly one UPDATE matches.
        claimed = EventDelivery.objects.filter(_claimable(now), pk=delivery_id).update(
            lease_token=token,
            lease_until=now + timedelta(seconds=lease_seconds()),
            attempt_count=F("attempt_count") + 1,
        )
        if not claimed:
            return None
        delivery.attempts.filter(status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED, response=INTERRUPTED
        )
        attempt = EventDeliveryAttempt.objects.create(
            delivery=delivery, created_at=now, task_id=task_id or ""
        )
        # The counters as claimed (a redelivery may have raised max_attempts meanwhile).
        delivery.refresh_from_db(fields=["attempt_count", "max_attempts", "next_attempt_at"])
    return Claim(delivery=delivery, attempt=attempt, token=token)


def request_headers(delivery: EventDelivery, body: bytes) -> dict[str, str]:
    """Saleor's headers, the signature over `body`, our delivery id, the custom headers."""
    api_url = settings.PUBLIC_API_URL
    headers = {
        "Content-Type": "application/json",
        "Saleor-Event": event_header_value(delivery.event_type),
        "Saleor-Domain": urlsplit(api_url).netloc,
        "Saleor-Api-Url": api_url,
        # Ours (Saleor has no delivery id): the same for every attempt, so a receiver dedupes.
        "Saleor-Delivery-Id": to_global_id("EventDelivery", delivery.pk),
        "Saleor-Signature": payload_sign(body),
    }
    headers.update(delivery.webhook.custom_headers or {})
    return headers


def _loggable(headers: dict[str, str]) -> dict[str, str]:
    return {
        key: "***" if key.lower().startswith(SECRET_HEADER_PREFIXES) else value
        for key, value in headers.items()
    }


def delivery_send(
    *, delivery_id: int, now: datetime | None = None, task_id: str = ""
) -> EventDeliveryAttempt | None:
    """Make one attempt at the delivery if it is due and nobody else holds it."""
    now = now or timezone.now()
    claim = delivery_claim(delivery_id=delivery_id, now=now, task_id=task_id)
    if claim is None:
        return None
    delivery = claim.delivery
    body = delivery.payload.payload.encode()
    headers: dict[str, str] = {}
    try:
        headers = request_headers(delivery, body)
    except ImproperlyConfigured as exc:
        logger.error("Webhook delivery %s cannot be signed: %s", delivery.pk, exc)
        outcome = HttpOutcome(status_code=None, body=str(exc))
    else:
        outcome = http_post(
            delivery.webhook.target_url,
            body,
            headers,
            timeout=settings.WEBHOOK_TIMEOUT,
            max_body_chars=RESPONSE_MAX_CHARS,
        )
    return _attempt_finish(claim, outcome, _loggable(headers), now=now)


def _attempt_finish(
    claim: Claim, outcome: HttpOutcome, headers: dict[str, str], *, now: datetime
) -> EventDeliveryAttempt:
    delivery, attempt = claim.delivery, claim.attempt
    finished = now + timedelta(seconds=outcome.duration)
    if outcome.ok:
        status, next_attempt_at = DeliveryStatus.SUCCESS, delivery.next_attempt_at
    elif delivery.attempt_count >= delivery.max_attempts:
        status, next_attempt_at = DeliveryStatus.FAILED, delivery.next_attempt_at
    else:
        delay = retry_delay(delivery.attempt_count)
        status, next_attempt_at = DeliveryStatus.PENDING, finished + timedelta(seconds=delay)
    recorded = {
        "status": DeliveryStatus.SUCCESS if outcome.ok else DeliveryStatus.FAILED,
        "duration": outcome.duration,
        "request_headers": headers,
        "response": outcome.body,
        "response_headers": outcome.headers,
        "response_status_code": outcome.status_code,
    }
    for field, value in recorded.items():
        setattr(attempt, field, value)
    with transaction.atomic():
        # An UPDATE, not save(): the webhook may have been deleted meanwhile, log and all.
        EventDeliveryAttempt.objects.filter(pk=attempt.pk).update(**recorded)
        released = EventDelivery.objects.filter(pk=delivery.pk, lease_token=claim.token).update(
            status=status, next_attempt_at=next_attempt_at, lease_token="", lease_until=None
        )
        if released and status == DeliveryStatus.PENDING:
            countdown = (next_attempt_at - finished).total_seconds()
            transaction.on_commit(lambda: _retry_schedule(delivery.pk, countdown))
    if not outcome.ok:
        logger.info(
            "Webhook delivery %s attempt %s failed (%s): %s",
            delivery.pk,
            delivery.attempt_count,
            outcome.status_code,
            outcome.body[:200],
        )
    return attempt


def _tasks_run_eagerly() -> bool:
    from infra.webhooks.tasks import deliver_event_task

    return bool(deliver_event_task.app.conf.task_always_eager)


def _retry_schedule(delivery_id: int, countdown: float) -> None:
    # Eager tasks would run the retry at once, ignoring the countdown: there the sweep
    # (or a direct call) makes the next attempt when it is due.
    if _tasks_run_eagerly():
        return
    from infra.webhooks.tasks import deliver_event_task

    try:
        deliver_event_task.apply_async(args=[delivery_id], countdown=max(countdown, 0))
    except Exception:
        logger.warning("Could not schedule the retry of delivery %s", delivery_id, exc_info=True)


def deliveries_enqueue(delivery_ids: Iterable[int]) -> None:
    """Queue a send for each delivery; never raises (what is not queued, the sweep finds)."""
    from infra.webhooks.tasks import deliver_event_task

    for delivery_id in delivery_ids:
        try:
            deliver_event_task.apply_async(args=[delivery_id])
        except Exception:
            logger.warning("Could not queue webhook delivery %s", delivery_id, exc_info=True)


def deliveries_sweep(*, now: datetime | None = None, limit: int = SWEEP_BATCH) -> list[int]:
    """Re-queue due deliveries nobody holds; fail those whose last attempt was cut short."""
    now = now or timezone.now()
    overdue = now - timedelta(seconds=SWEEP_GRACE_SECONDS)
    due = EventDelivery.objects.filter(
        Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=overdue)
        & (Q(lease_until__isnull=True) | Q(lease_until__lte=now)),
        webhook__is_active=True,
        webhook__app__is_active=True,
    )
    exhausted = list(
        due.filter(attempt_count__gte=F("max_attempts")).values_list("pk", flat=True)[:limit]
    )
    if exhausted:
        with transaction.atomic():
            EventDeliveryAttempt.objects.filter(
                delivery_id__in=exhausted, status=DeliveryStatus.PENDING
            ).update(status=DeliveryStatus.FAILED, response=INTERRUPTED)
            EventDelivery.objects.filter(
                pk__in=exhausted, status=DeliveryStatus.PENDING, lease_until__lte=now
            ).update(status=DeliveryStatus.FAILED, lease_token="", lease_until=None)
    ids = list(
        due.filter(attempt_count__lt=F("max_attempts"))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    deliveries_enqueue(ids)
    return ids


def delivery_redeliver(*, delivery: EventDelivery, now: datetime | None = None) -> EventDelivery:
    """Send a pending or failed delivery again, now, with at least one more attempt.

    A delivered event is never sent twice (receivers rely on it), so SUCCESS is refused.
    """
    if delivery.status == DeliveryStatus.SUCCESS:
        raise ValidationFailed.single(
            "id", "INVALID", "This event was delivered already; it is never sent twice."
        )
    now = now or timezone.now()
    with transaction.atomic():
        EventDelivery.objects.filter(pk=delivery.pk).exclude(status=DeliveryStatus.SUCCESS).update(
            status=DeliveryStatus.PENDING,
            next_attempt_at=now,
            max_attempts=Greatest(F("max_attempts"), F("attempt_count") + 1),
        )
        transaction.on_commit(lambda: deliveries_enqueue([delivery.pk]))
    delivery.refresh_from_db()
    return delivery
