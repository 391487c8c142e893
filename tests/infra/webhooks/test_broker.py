"""Through the real broker: the event is committed, the worker sends it to the receiver."""

import time

import pytest
from django.db import transaction

from infra.webhooks import event_types
from infra.webhooks.events import event_emit
from infra.webhooks.models import DeliveryStatus, EventDelivery
from tests.factories.payments import order_to_pay
from tests.infra.webhooks.conftest import subscribe


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_a_committed_event(celery_broker, receiver, partner_app):
    subscribe(partner_app, receiver.url, [event_types.ORDER_CREATED])

    with transaction.atomic():
        event_emit(event_types.ORDER_CREATED, order_to_pay())

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not receiver.requests:
        time.sleep(0.2)
    assert len(receiver.requests) == 1, "no worker consumed the 'default' queue"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if EventDelivery.objects.get().status == DeliveryStatus.SUCCESS:
            break
        time.sleep(0.2)
    assert EventDelivery.objects.get().status == DeliveryStatus.SUCCESS
    assert EventDelivery.objects.get().attempts.get().task_id  # sent by a worker's task
