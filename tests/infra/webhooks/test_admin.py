"""The back office's delivery log: filters, attempts inline, and redelivery."""

import pytest
from django.test import Client

from infra.webhooks import event_types
from infra.webhooks.deliveries import delivery_send
from infra.webhooks.events import event_emit
from infra.webhooks.models import DeliveryStatus, EventDelivery
from tests.factories.accounts import StaffUserFactory
from tests.factories.payments import order_to_pay
from tests.infra.webhooks.conftest import subscribe

pytestmark = pytest.mark.django_db

LOG = "/admin/webhooks/eventdelivery/"


def admin_client() -> Client:
    client = Client()
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


def failed_deliveries(receiver, app, count: int) -> list[EventDelivery]:
    subscribe(app, receiver.url, [event_types.ORDER_UPDATED])
    receiver.default_status = 500
    for _ in range(count):
        event_emit(event_types.ORDER_UPDATED, order_to_pay())
    for delivery in EventDelivery.objects.all():
        delivery_send(delivery_id=delivery.pk)
    EventDelivery.objects.update(status=DeliveryStatus.FAILED)
    return list(EventDelivery.objects.order_by("pk"))


def test_the_log_filters_by_status_and_shows_attempts(
    receiver, partner_app, django_assert_max_num_queries
):
    deliveries = failed_deliveries(receiver, partner_app, 3)
    client = admin_client()

    with django_assert_max_num_queries(20):
        page = client.get(LOG, {"status__exact": "FAILED"})
    assert page.status_code == 200
    assert page.context["cl"].result_count == 3
    assert client.get(LOG, {"status__exact": "SUCCESS"}).context["cl"].result_count == 0

    detail = client.get(f"{LOG}{deliveries[0].pk}/change/")
    assert detail.status_code == 200
    assert "500" in detail.content.decode()  # the failed attempt's HTTP status, inline


def test_redeliver_action_sends_the_selected_failed_deliveries_once(
    receiver, partner_app, django_capture_on_commit_callbacks
):
    deliveries = failed_deliveries(receiver, partner_app, 2)
    receiver.default_status = 200
    client = admin_client()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            LOG, {"action": "redeliver", "_selected_action": [d.pk for d in deliveries]}
        )

    assert response.status_code == 302
    assert set(EventDelivery.objects.values_list("status", flat=True)) == {"SUCCESS"}
    assert len(receiver.requests) == 4  # two failed attempts, then one each
    with django_capture_on_commit_callbacks(execute=True):
        client.post(LOG, {"action": "redeliver", "_selected_action": [d.pk for d in deliveries]})
    assert len(receiver.requests) == 4  # delivered ones are left alone
