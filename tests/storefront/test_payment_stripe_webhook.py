"""POST /webhooks/stripe/: payloads signed with a real secret by Stripe's scheme, posted
through Django's test client; the database is checked after redeliveries and reorderings."""

import json
from decimal import Decimal

import pytest
from django.test import Client

from storefront.models import (
    Checkout,
    Order,
    OrderEvents,
    ProviderEvent,
    TransactionEvent,
    TransactionItem,
)
from storefront.payments.stripe_gateway import StripeGateway
from tests.factories.payments import (
    WEBHOOK_SECRET,
    checkout_to_pay,
    order_to_pay,
    stripe_event,
    stripe_signature,
)

pytestmark = pytest.mark.django_db

PI = "pi_3PtibetWebhook00000001"
URL = "/webhooks/stripe/"


@pytest.fixture(autouse=True)
def stripe_settings(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_recorded"
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET


@pytest.fixture
def order_transaction():
    """An order paying with a Stripe intent the shopper is confirming."""
    order = order_to_pay(total="100.00")
    transaction = TransactionItem.objects.create(
        gateway=StripeGateway.id, currency="CNY", order=order, psp_reference=PI
    )
    return order, transaction


def intent(status="succeeded", **fields):
    return {
        "id": PI,
        "object": "payment_intent",
        "amount": 10000,
        "amount_received": 10000 if status == "succeeded" else 0,
        "currency": "cny",
        "status": status,
        "metadata": {},
        "last_payment_error": None,
        **fields,
    }


def failed_intent(charge="ch_failed_1"):
    return intent(
        "requires_payment_method",
        last_payment_error={
            "charge": charge,
            "code": "card_declined",
            "message": "Your card was declined.",
            "type": "card_error",
        },
    )


def refunded_charge(*refunds, amount_refunded=None):
    return {
        "id": "ch_3PtibetWebhook0001",
        "object": "charge",
        "amount": 10000,
        "amount_captured": 10000,
        "amount_refunded": amount_refunded or sum(r["amount"] for r in refunds),
        "currency": "cny",
        "paid": True,
        "payment_intent": PI,
        "refunded": False,
        "status": "succeeded",
        "refunds": {"object": "list", "data": list(refunds), "has_more": False},
    }


def refund(refund_id, amount, status="succeeded"):
    return {
        "id": refund_id,
        "object": "refund",
        "amount": amount,
        "currency": "cny",
        "payment_intent": PI,
        "status": status,
    }


def deliver(payload: str, signature: str | None = "sign", secret: str = WEBHOOK_SECRET):
    headers = {}
    if signature == "sign":
        headers["HTTP_STRIPE_SIGNATURE"] = stripe_signature(payload, secret)
    elif signature is not None:
        headers["HTTP_STRIPE_SIGNATURE"] = signature
    return Client().post(URL, payload, content_type="application/json", **headers)


def amounts(transaction):
    transaction.refresh_from_db()
    return transaction.charged_value, transaction.refunded_value


def test_bad_or_missing_signature_is_refused_and_changes_nothing(order_transaction):
    _order, transaction = order_transaction
    payload = stripe_event("evt_forged", "payment_intent.succeeded", intent())

    unsigned = deliver(payload, signature=None)
    wrong_secret = deliver(payload, secret="whsec_someone_else")
    tampered = deliver(payload.replace("10000", "99999"), signature=stripe_signature(payload))
    garbage = deliver(payload, signature="t=1,v1=deadbeef")

    assert [r.status_code for r in (unsigned, wrong_secret, tampered, garbage)] == [400] * 4
    assert ProviderEvent.objects.count() == 0
    assert TransactionEvent.objects.count() == 0
    assert amounts(transaction) == (0, 0)


def test_stale_signature_is_refused(order_transaction):
    payload = stripe_event("evt_old", "payment_intent.succeeded", intent())

    response = deliver(payload, signature=stripe_signature(payload, timestamp=1_600_000_000))

    assert response.status_code == 400
    assert ProviderEvent.objects.count() == 0


def test_success_is_applied_once_across_redeliveries(order_transaction):
    order, transaction = order_transaction
    payload = stripe_event("evt_success", "payment_intent.succeeded", intent())

    responses = [deliver(payload) for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [json.loads(r.content)["applied"] for r in responses] == [True, False, False]
    assert ProviderEvent.objects.get().event_id == "evt_success"
    event = transaction.events.get()
    assert (event.type, event.amount_value) == ("charge_success", Decimal("100.00"))
    assert event.idempotency_key == f"charge_success:{PI}"
    assert amounts(transaction) == (Decimal("100.00"), 0)
    order.refresh_from_db()
    assert order.charge_status == "full"
    assert order.events.filter(type=OrderEvents.PAYMENT_CAPTURED).count() == 1
    assert order.events.filter(type=OrderEvents.ORDER_FULLY_PAID).count() == 1


def test_success_reported_by_a_new_event_is_still_one_charge(order_transaction):
    _order, transaction = order_transaction

    deliver(stripe_event("evt_a", "payment_intent.succeeded", intent()))
    deliver(stripe_event("evt_b", "payment_intent.succeeded", intent()))

    assert ProviderEvent.objects.count() == 2
    assert transaction.events.count() == 1
    assert amounts(transaction) == (Decimal("100.00"), 0)


@pytest.mark.parametrize("failure_first", [True, False])
def test_failure_and_success_in_either_order_end_charged(order_transaction, failure_first):
    order, transaction = order_transaction
    failure = stripe_event("evt_failed", "payment_intent.payment_failed", failed_intent())
    success = stripe_event("evt_succeeded", "payment_intent.succeeded", intent())

    for payload in [failure, success] if failure_first else [success, failure]:
        assert deliver(payload).status_code == 200

    assert amounts(transaction) == (Decimal("100.00"), 0)
    assert set(transaction.events.values_list("type", flat=True)) == {
        "charge_failure",
        "charge_success",
    }
    order.refresh_from_db()
    assert order.charge_status == "full"


def test_failure_alone_leaves_the_order_unpaid(order_transaction):
    order, transaction = order_transaction

    deliver(stripe_event("evt_failed", "payment_intent.payment_failed", failed_intent()))

    event = transaction.events.get()
    assert event.message == "Your card was declined."
    assert event.idempotency_key == f"charge_failure:{PI}:ch_failed_1"
    order.refresh_from_db()
    assert order.charge_status == "none"
    assert order.events.get().type == OrderEvents.PAYMENT_FAILED


@pytest.mark.parametrize("refund_first", [True, False])
def test_refund_and_success_in_either_order(order_transaction, refund_first):
    order, transaction = order_transaction
    refunded = stripe_event(
        "evt_refunded", "charge.refunded", refunded_charge(refund("re_1", 3000))
    )
    success = stripe_event("evt_succeeded", "payment_intent.succeeded", intent())

    for payload in [refunded, success] if refund_first else [success, refunded]:
        assert deliver(payload).status_code == 200

    assert amounts(transaction) == (Decimal("70.00"), Decimal("30.00"))
    assert transaction.events.filter(type="charge_success").count() == 1
    order.refresh_from_db()
    assert order.total_refunded_amount == Decimal("30.00")
    assert order.total_charged_amount == Decimal("70.00")


def test_refund_before_success_is_right_at_once(order_transaction):
    _order, transaction = order_transaction

    deliver(stripe_event("evt_r", "charge.refunded", refunded_charge(refund("re_1", 3000))))

    # A refunded charge was paid: the refund alone already shows the charge.
    assert amounts(transaction) == (Decimal("70.00"), Decimal("30.00"))


def test_each_refund_is_recorded_once_by_its_id(order_transaction):
    _order, transaction = order_transaction
    first = stripe_event("evt_r1", "charge.refunded", refunded_charge(refund("re_1", 3000)))
    second = stripe_event(
        "evt_r2",
        "charge.refunded",
        refunded_charge(refund("re_2", 2000), refund("re_1", 3000)),
    )

    for payload in (first, second, second, first):
        deliver(payload)

    assert amounts(transaction) == (Decimal("50.00"), Decimal("50.00"))
    keys = set(
        transaction.events.filter(type="refund_success").values_list("idempotency_key", flat=True)
    )
    assert keys == {"refund_success:re_1", "refund_success:re_2"}


def test_pending_refund_settles_by_refund_updated(order_transaction):
    _order, transaction = order_transaction
    deliver(stripe_event("evt_s", "payment_intent.succeeded", intent()))
    deliver(stripe_event("evt_p", "refund.created", refund("re_9", 2000, status="pending")))
    transaction.refresh_from_db()
    assert transaction.refund_pending_value == Decimal("20.00")

    deliver(stripe_event("evt_u", "refund.updated", refund("re_9", 2000)))

    assert amounts(transaction) == (Decimal("80.00"), Decimal("20.00"))
    transaction.refresh_from_db()
    assert transaction.refund_pending_value == 0


def test_unknown_types_and_foreign_intents_are_acknowledged_and_ignored(order_transaction):
    _order, _transaction = order_transaction
    unknown = deliver(stripe_event("evt_cust", "customer.created", {"id": "cus_1"}))
    foreign = deliver(
        stripe_event("evt_other", "payment_intent.succeeded", intent(id="pi_not_ours"))
    )

    assert unknown.status_code == foreign.status_code == 200
    assert json.loads(unknown.content) == {"received": True, "applied": False}
    assert TransactionEvent.objects.count() == 0
    assert set(ProviderEvent.objects.values_list("event_id", flat=True)) == {
        "evt_cust",
        "evt_other",
    }


def test_intent_found_by_metadata_on_a_checkout():
    checkout = checkout_to_pay(price="100.00")
    transaction = TransactionItem.objects.create(
        gateway=StripeGateway.id, currency="CNY", checkout=checkout
    )
    payload = stripe_event(
        "evt_meta",
        "payment_intent.succeeded",
        intent(metadata={"transaction_token": str(transaction.token)}),
    )

    assert deliver(payload).status_code == 200

    assert amounts(transaction) == (Decimal("100.00"), 0)
    checkout.refresh_from_db()
    assert (checkout.authorize_status, checkout.charge_status) == ("full", "full")


def test_only_post_is_allowed():
    assert Client().get(URL).status_code == 405


def _stripe_paid_pickup_checkout():
    checkout = checkout_to_pay(price="100.00", pickup=True)
    transaction = TransactionItem.objects.create(
        gateway=StripeGateway.id, currency="CNY", checkout=checkout, psp_reference="pi_redirect"
    )
    payload = stripe_event("evt_paid", "payment_intent.succeeded", intent(id="pi_redirect"))
    return checkout, transaction, payload


def test_a_checkout_paid_by_redirect_is_completed_when_the_shopper_never_returns(
    django_capture_on_commit_callbacks,
):
    checkout, transaction, payload = _stripe_paid_pickup_checkout()

    with django_capture_on_commit_callbacks(execute=True):
        assert deliver(payload).status_code == 200

    order = Order.objects.get(checkout_token=str(checkout.pk))
    assert (order.charge_status, order.total_amount) == ("full", Decimal("100.000"))
    assert not Checkout.objects.filter(pk=checkout.pk).exists()
    transaction.refresh_from_db()
    assert transaction.order_id == order.pk
    with django_capture_on_commit_callbacks(execute=True):
        assert json.loads(deliver(payload).content)["applied"] is False
    assert Order.objects.count() == 1


def test_automatic_completion_can_be_turned_off(settings, django_capture_on_commit_callbacks):
    settings.AUTOMATICALLY_COMPLETE_FULLY_PAID_CHECKOUTS = False
    checkout, _transaction, payload = _stripe_paid_pickup_checkout()

    with django_capture_on_commit_callbacks(execute=True):
        deliver(payload)

    assert not Order.objects.exists()
    checkout.refresh_from_db()
    assert checkout.charge_status == "full"
