"""Delivery to a real HTTP receiver on loopback: retries with backoff until it recovers, a
worker that dies or a task that is lost, two workers racing, and the outbox's transaction."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from infra.errors import ValidationFailed
from infra.webhooks import event_types
from infra.webhooks.deliveries import (
    SWEEP_GRACE_SECONDS,
    deliveries_sweep,
    delivery_claim,
    delivery_redeliver,
    delivery_send,
    lease_seconds,
)
from infra.webhooks.events import event_emit
from infra.webhooks.models import DeliveryStatus, EventDelivery, EventPayload
from tests.factories.payments import order_to_pay
from tests.infra.webhooks.conftest import subscribe

QUERY = "subscription { event { ... on OrderUpdated { order { id number } } } }"


def emit_and_commit(capture, order) -> EventDelivery:
    """Emit in a transaction and run what commits schedule (the eager task sends at once)."""
    with capture(execute=True), transaction.atomic():
        event_emit(event_types.ORDER_UPDATED, order)
    return EventDelivery.objects.get()


def minutes_later():
    return timezone.now() + timedelta(seconds=SWEEP_GRACE_SECONDS + 1)


def statuses(delivery: EventDelivery) -> list[tuple[str, int | None]]:
    return [(a.status, a.response_status_code) for a in delivery.attempts.order_by("pk")]


@pytest.mark.django_db
def test_failing_receiver_gets_the_event_once_it_recovers(
    receiver, partner_app, django_capture_on_commit_callbacks
):
    subscribe(partner_app, receiver.url, [event_types.ORDER_UPDATED], QUERY)
    receiver.answer(500, 500)
    order = order_to_pay()

    delivery = emit_and_commit(django_capture_on_commit_callbacks, order)

    first = delivery.attempts.get()
    assert (delivery.status, delivery.attempt_count) == (DeliveryStatus.PENDING, 1)
    wait = (delivery.next_attempt_at - first.created_at).total_seconds()
    assert 10 <= wait <= 12.5  # 10 s × 2^0, plus up to 20% jitter
    assert delivery_send(delivery_id=delivery.pk) is None  # not due yet: nothing sent
    assert len(receiver.requests) == 1

    later = timezone.now() + timedelta(hours=1)
    delivery_send(delivery_id=delivery.pk, now=later)
    delivery.refresh_from_db()
    wait = (delivery.next_attempt_at - later).total_seconds()
    assert 20 <= wait <= 25.5  # doubled after the second failure

    delivery_send(delivery_id=delivery.pk, now=later + timedelta(hours=1))
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCESS
    assert statuses(delivery) == [("FAILED", 500), ("FAILED", 500), ("SUCCESS", 200)]
    # Delivered: neither a late task nor the sweep sends it again.
    assert delivery_send(delivery_id=delivery.pk, now=later + timedelta(days=1)) is None
    assert deliveries_sweep(now=later + timedelta(days=1)) == []
    assert len(receiver.requests) == 3
    ids = {r.headers["Saleor-Delivery-Id"] for r in receiver.requests}
    assert len(ids) == 1  # the same id each time, so a receiver can dedupe
    assert receiver.requests[0].body == receiver.requests[2].body


@pytest.mark.django_db
@override_settings(WEBHOOK_MAX_ATTEMPTS=3)
def test_attempts_run_out_then_staff_redeliver_it(
    receiver, partner_app, django_capture_on_commit_callbacks
):
    subscribe(partner_app, receiver.url, [event_types.ORDER_UPDATED], QUERY)
    receiver.default_status = 503
    delivery = emit_and_commit(django_capture_on_commit_callbacks, order_to_pay())
    for hours in (1, 2, 3):
        delivery_send(delivery_id=delivery.pk, now=timezone.now() + timedelta(hours=hours))
    delivery.refresh_from_db()

    assert (delivery.status, delivery.attempt_count) == (DeliveryStatus.FAILED, 3)
    assert deliveries_sweep(now=timezone.now() + timedelta(days=1)) == []

    receiver.default_status = 204
    with django_capture_on_commit_callbacks(execute=True):
        delivery_redeliver(delivery=delivery)
    delivery.refresh_from_db()

    assert (delivery.status, delivery.attempt_count) == (DeliveryStatus.SUCCESS, 4)
    assert len(receiver.requests) == 4
    with pytest.raises(ValidationFailed):
        delivery_redeliver(delivery=delivery)  # delivered events are never sent twice


@pytest.mark.django_db
def test_a_lost_task_is_delivered_by_the_sweep_exactly_once(receiver, partner_app):
    subscribe(partner_app, receiver.url, [event_types.ORDER_UPDATED], QUERY)
    with transaction.atomic():
        event_emit(event_types.ORDER_UPDATED, order_to_pay())
    # The test transaction never commits, so the queued task never ran: as if it were lost.
    delivery = EventDelivery.objects.get()
    assert receiver.requests == []
    assert deliveries_sweep() == []  # its task may still be on its way: the sweep waits

    assert deliveries_sweep(now=minutes_later()) == [delivery.pk]
    assert deliveries_sweep(now=minutes_later()) == []

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCESS
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_a_worker_that_dies_mid_attempt_is_replaced_after_its_lease(receiver, partner_app):
    subscribe(partner_app, receiver.url, [event_types.ORDER_UPDATED], QUERY)
    with transaction.atomic():
        event_emit(event_types.ORDER_UPDATED, order_to_pay())
    delivery = EventDelivery.objects.get()
    now = timezone.now()

    # A worker claims it and dies before sending: its lease blocks everyone until it expires.
    assert delivery_claim(delivery_id=delivery.pk, now=now) is not None
    assert deliveries_sweep(now=minutes_later()) == []
    assert delivery_send(delivery_id=delivery.pk, now=now) is None
    expired = now + timedelta(seconds=lease_seconds() + 1)
    assert deliveries_sweep(now=expired) == [delivery.pk]  # queued; the eager task runs now…
    assert receiver.requests == []  # …but with the real clock, for which the lease still holds

    delivery_send(delivery_id=delivery.pk, now=expired)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCESS
    assert statuses(delivery) == [("FAILED", None), ("SUCCESS", 200)]
    assert delivery.attempts.order_by("pk").first().response.startswith("Interrupted")
    assert len(receiver.requests) == 1


@pytest.mark.django_db
@override_settings(WEBHOOK_MAX_ATTEMPTS=1)
def test_a_last_attempt_cut_short_is_failed_by_the_sweep(receiver, partner_app):
    subscribe(partner_app, receiver.url, [event_types.ORDER_UPDATED], QUERY)
    with transaction.atomic():
        event_emit(event_types.ORDER_UPDATED, order_to_pay())
    delivery = EventDelivery.objects.get()
    now = timezone.now()
    delivery_claim(delivery_id=delivery.pk, now=now)

    deliveries_sweep(now=now + timedelta(seconds=lease_seconds() + 1))

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert statuses(delivery) == [("FAILED", None)]  # visible in the log, redeliverable


@pytest.mark.django_db
def test_a_paused_webhook_keeps_its_deliveries_until_it_is_active_again(receiver, partner_app):
    webhook = subscribe(partner_app, receiver.url, [event_types.ORDER_UPDATED], QUERY)
    with transaction.atomic():
        event_emit(event_types.ORDER_UPDATED, order_to_pay())
    webhook.is_active = False
    webhook.save()

    assert deliveries_sweep(now=minutes_later()) == []
    assert delivery_send(delivery_id=EventDelivery.objects.get().pk) is None

    webhook.is_active = True
    webhook.save()
    deliveries_sweep(now=minutes_later())

    assert EventDelivery.objects.get().status == DeliveryStatus.SUCCESS
    assert len(receiver.requests) == 1


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_delivery(
    receiver, partner_app, django_capture_on_commit_callbacks
):
    subscribe(partner_app, receiver.url, [event_types.ORDER_UPDATED], QUERY)
    order = order_to_pay()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        event_emit(event_types.ORDER_UPDATED, order)
        assert EventDelivery.objects.count() == 1
        raise RuntimeError("the change failed")

    assert callbacks == []
    assert EventDelivery.objects.count() == 0
    assert EventPayload.objects.count() == 0
    assert receiver.requests == []


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_for_one_delivery_send_it_once(receiver, partner_app):
    subscribe(partner_app, receiver.url, [event_types.ORDER_UPDATED], QUERY)
    webhook = partner_app.webhooks.get()
    delivery = EventDelivery.objects.create(
        webhook=webhook,
        event_type=event_types.ORDER_UPDATED,
        payload=EventPayload.objects.create(payload='{"order": null}'),
    )
    receiver.delay = 0.5  # the first worker is still sending when the second tries
    start = threading.Barrier(2)
    results = []

    def worker():
        start.wait()
        try:
            results.append(delivery_send(delivery_id=delivery.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert len(receiver.requests) == 1
    assert sorted(result is None for result in results) == [False, True]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempt_count) == (DeliveryStatus.SUCCESS, 1)
    assert delivery.attempts.count() == 1
