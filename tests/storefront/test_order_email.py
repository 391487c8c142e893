"""The order confirmation e-mail: scheduled after commit, in the order's language, recorded."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils import translation

from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import OrderEvents
from storefront.services.orders import order_confirmation_schedule
from storefront.tasks import send_order_confirmation_email_task
from tests.factories import UserFactory, WarehouseFactory
from tests.factories.addresses import AddressFactory
from tests.factories.orders import order_with_lines
from tests.factories.taxonomy import staff_client

pytestmark = pytest.mark.django_db

SUBJECT = "Your order #%(number)s has been received"


def html_of(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return content


def test_schedule_sends_after_commit_and_records_the_event(django_capture_on_commit_callbacks):
    order = order_with_lines(lines=1, user_email="dolma@example.com")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        order_confirmation_schedule(order=order)
        assert mail.outbox == []

    assert len(callbacks) == 1
    [message] = mail.outbox
    assert message.to == ["dolma@example.com"]
    event = order.events.get(type=OrderEvents.EMAIL_SENT)
    assert event.parameters == {"email": "dolma@example.com", "email_type": "order_confirmation"}


def test_chinese_confirmation_writes_the_address_from_province_down():
    order = order_with_lines(
        lines=1,
        quantity=2,
        price="88.50",
        shipping="12.00",
        language_code="zh-hans",
        shipping_method_name="EMS",
        customer_note="请放门口",
    )
    line = order.lines.get()

    send_order_confirmation_email_task(str(order.pk))

    [message] = mail.outbox
    with translation.override("zh-hans"):
        assert message.subject == translation.gettext(SUBJECT) % {"number": order.number}
    html = html_of(message)
    assert '<html lang="zh-hans">' in html
    for body in (message.body, html):
        assert "西藏自治区拉萨市城关区北京中路 12 号" in body
        assert "次仁卓玛" in body
        assert "850000" in body
        assert line.product_name in body
        assert "¥177.00" in body
        assert "¥12.00" in body
        assert "¥189.00" in body
        assert "EMS" in body
        assert "请放门口" in body
    lines = message.body.splitlines()
    assert lines.index("西藏自治区拉萨市城关区北京中路 12 号") < lines.index("次仁卓玛")


def test_english_confirmation_uses_the_translated_names():
    order = order_with_lines(
        lines=1,
        language_code="en",
        billing_address=AddressFactory(first_name="Dolma", last_name="Tsering"),
    )
    order.lines.update(translated_product_name="Nyingchi matsutake")

    send_order_confirmation_email_task(str(order.pk))

    [message] = mail.outbox
    assert message.subject == f"Your order #{order.number} has been received"
    assert message.body.startswith("Hello Dolma Tsering,\n")
    assert "Thank you for your order." in message.body
    assert "Nyingchi matsutake" in message.body
    assert "Subtotal: ¥198.00" in message.body
    assert '<html lang="en">' in html_of(message)


def test_pickup_order_names_the_store_and_the_code():
    store = WarehouseFactory(
        name="拉萨八廓街门店",
        country_area="西藏自治区",
        city="拉萨市",
        city_area="城关区",
        street_address_1="八廓街 5 号",
        postal_code="850000",
    )
    order = order_with_lines(
        lines=1,
        shipping="0",
        shipping_address=None,
        collection_point=store,
        collection_point_name=store.name,
        pickup_code="042719",
        language_code="en",
    )

    send_order_confirmation_email_task(str(order.pk))

    [message] = mail.outbox
    assert "拉萨八廓街门店" in message.body
    assert "西藏自治区拉萨市城关区八廓街 5 号" in message.body
    assert "Pickup code: 042719" in message.body
    assert "Shipping address" not in message.body


def test_sent_once_and_never_without_an_address():
    order = order_with_lines(lines=1)
    nobody = order_with_lines(lines=1, user_email="")

    send_order_confirmation_email_task(str(order.pk))
    send_order_confirmation_email_task(str(order.pk))
    send_order_confirmation_email_task(str(nobody.pk))
    send_order_confirmation_email_task("5f0d1c2e-0000-4000-8000-000000000000")

    assert len(mail.outbox) == 1
    assert order.events.filter(type=OrderEvents.EMAIL_SENT).count() == 1
    assert not nobody.events.exists()


def test_falls_back_to_the_account_email():
    user = UserFactory(email="pema@example.com")
    order = order_with_lines(lines=1, user=user, user_email="")

    send_order_confirmation_email_task(str(order.pk))

    assert mail.outbox[0].to == ["pema@example.com"]


def test_email_sent_event_in_the_api():
    order = order_with_lines(lines=1, user_email="dolma@example.com")
    send_order_confirmation_email_task(str(order.pk))
    query = "query($id: ID!) { order(id: $id) { events { type email emailType } } }"

    data = (
        staff_client(PermissionEnum.MANAGE_ORDERS)
        .post_graphql(query, {"id": to_global_id("Order", order.pk)})
        .data
    )

    assert data["order"]["events"] == [
        {"type": "EMAIL_SENT", "email": "dolma@example.com", "emailType": "ORDER_CONFIRMATION"}
    ]


FULFILL = """
mutation($order: ID, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) { fulfillments { id } errors { code message } }
}
"""
TRACKING = """
mutation($id: ID!, $input: FulfillmentUpdateTrackingInput!) {
  orderFulfillmentUpdateTracking(id: $id, input: $input) { errors { code } }
}
"""


def fulfil(order, warehouse, quantity: int = 1, **extra) -> dict:
    line = order.lines.first()
    variables = {
        "order": to_global_id("Order", order.pk),
        "input": {
            "lines": [
                {
                    "orderLineId": to_global_id("OrderLine", line.pk),
                    "stocks": [
                        {"quantity": quantity, "warehouse": to_global_id("Warehouse", warehouse.pk)}
                    ],
                }
            ],
            **extra,
        },
    }
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)
    return staff.post_graphql(FULFILL, variables).data["orderFulfill"]


def test_fulfilment_notifies_the_customer_unless_told_not_to(django_capture_on_commit_callbacks):
    warehouse = WarehouseFactory()
    order = order_with_lines(warehouse=warehouse, lines=1, quantity=3, language_code="en")
    line = order.lines.get()

    with django_capture_on_commit_callbacks(execute=True):
        fulfil(order, warehouse, 2, trackingNumber="SF123")
    with django_capture_on_commit_callbacks(execute=True):
        fulfil(order, warehouse, 1, notifyCustomer=False)

    [message] = mail.outbox
    assert message.subject == f"Your order #{order.number} has shipped"
    assert f"- {line.product_name} ({line.variant_name}) × 2" in message.body
    assert "Tracking number: SF123" in message.body
    assert "Tracking number" in html_of(message)
    event = order.events.get(type=OrderEvents.EMAIL_SENT)
    assert event.parameters["email_type"] == "fulfillment_confirmation"


def test_pickup_order_is_announced_ready_for_pickup(django_capture_on_commit_callbacks):
    store = WarehouseFactory(name="拉萨门店")
    order = order_with_lines(
        warehouse=store,
        lines=1,
        collection_point=store,
        collection_point_name="拉萨门店",
        pickup_code="777123",
        language_code="en",
    )

    with django_capture_on_commit_callbacks(execute=True):
        fulfil(order, store, 2, notifyCustomer=True)

    [message] = mail.outbox
    assert message.subject == f"Your order #{order.number} is ready for pickup"
    assert "Pickup code: 777123" in message.body


def test_tracking_update_notifies_only_when_asked(django_capture_on_commit_callbacks):
    warehouse = WarehouseFactory()
    order = order_with_lines(warehouse=warehouse, lines=1, language_code="zh-hans")
    fulfillment_id = fulfil(order, warehouse, notifyCustomer=False)["fulfillments"][0]["id"]
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)

    with django_capture_on_commit_callbacks(execute=True):
        staff.post_graphql(TRACKING, {"id": fulfillment_id, "input": {"trackingNumber": "A1"}})
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        staff.post_graphql(
            TRACKING,
            {"id": fulfillment_id, "input": {"trackingNumber": "YT42", "notifyCustomer": True}},
        )

    [message] = mail.outbox
    with translation.override("zh-hans"):
        subject = translation.gettext("Your order #%(number)s has a new tracking number")
    assert message.subject == subject % {"number": order.number}
    assert "YT42" in message.body
    assert order.events.get(type=OrderEvents.EMAIL_SENT).parameters["email_type"] == (
        "tracking_updated"
    )
