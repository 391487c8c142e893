"""The payment ledger: amounts from events, exactly-once recording, statuses of checkouts and
orders, and the hand-over at checkoutComplete."""

from decimal import Decimal

import pytest

from storefront.models import (
    CheckoutAuthorizeStatus,
    CheckoutChargeStatus,
    OrderAuthorizeStatus,
    OrderChargeStatus,
    OrderEvent,
    OrderEvents,
    TransactionEvent,
    TransactionEventType,
    TransactionItem,
)
from storefront.payments.base import EventSpec
from storefront.services.payments import (
    checkout_payment_statuses_update,
    transaction_event_record,
    transaction_events_record,
    transactions_move_to_order,
)
from storefront.services.payments_amounts import transaction_amounts
from tests.factories.payments import checkout_to_pay, order_to_pay, transaction_for

pytestmark = pytest.mark.django_db
T = TransactionEventType


def spec(kind, amount, psp, key=None, **extra):
    return EventSpec(
        type=kind, amount=Decimal(amount), psp_reference=psp, idempotency_key=key, **extra
    )


def events(*specs):
    return [
        TransactionEvent(
            type=s.type, amount_value=s.amount, psp_reference=s.psp_reference, currency="CNY"
        )
        for s in specs
    ]


def test_amounts_pending_until_settled_and_refunds_even_pending_taken_from_charged():
    values = transaction_amounts(
        events(
            spec(T.CHARGE_REQUEST, "100", "pi_1"),
            spec(T.CHARGE_SUCCESS, "100", "pi_1"),
            spec(T.REFUND_REQUEST, "30", "re_1"),
            spec(T.REFUND_SUCCESS, "20", "re_2"),
        )
    )

    assert values["charged_value"] == Decimal("50")
    assert values["charge_pending_value"] == 0
    assert values["refunded_value"] == Decimal("20")
    assert values["refund_pending_value"] == Decimal("30")


@pytest.mark.parametrize(
    "order",
    [
        ["success", "failure"],
        ["failure", "success"],
    ],
)
def test_a_success_stands_whatever_the_order_of_a_failure(order):
    kinds = {"success": T.CHARGE_SUCCESS, "failure": T.CHARGE_FAILURE}

    values = transaction_amounts(events(*(spec(kinds[k], "100", "pi_1") for k in order)))

    assert values["charged_value"] == Decimal("100")


def test_refund_before_charge_ends_as_charge_then_refund():
    refund_first = transaction_amounts(
        events(spec(T.REFUND_SUCCESS, "30", "re_1"), spec(T.CHARGE_SUCCESS, "100", "pi_1"))
    )
    charge_first = transaction_amounts(
        events(spec(T.CHARGE_SUCCESS, "100", "pi_1"), spec(T.REFUND_SUCCESS, "30", "re_1"))
    )

    assert refund_first == charge_first
    assert refund_first["charged_value"] == Decimal("70")
    assert refund_first["refunded_value"] == Decimal("30")


def test_failed_request_leaves_nothing_pending():
    values = transaction_amounts(
        events(spec(T.CHARGE_REQUEST, "100", "cash-1"), spec(T.CHARGE_FAILURE, "100", "cash-1"))
    )

    assert all(value == 0 for value in values.values())


def test_an_event_is_recorded_once_by_its_idempotency_key():
    order = order_to_pay(total="100.00")
    transaction = transaction_for(order)
    success = spec(T.CHARGE_SUCCESS, "100", "dummy-1", key="charge_success:dummy-1")

    first = transaction_event_record(transaction=transaction, event=success)
    again = transaction_event_record(transaction=transaction, event=success)

    assert first.created and not again.created
    assert again.event.pk == first.event.pk
    assert transaction.events.count() == 1
    transaction.refresh_from_db()
    assert transaction.charged_value == Decimal("100")
    order.refresh_from_db()
    assert order.total_charged_amount == Decimal("100")
    assert order.charge_status == OrderChargeStatus.FULL
    assert order.authorize_status == OrderAuthorizeStatus.FULL
    assert list(order.events.values_list("type", flat=True)) == [
        OrderEvents.PAYMENT_CAPTURED,
        OrderEvents.ORDER_FULLY_PAID,
    ]


def test_order_statuses_follow_partial_payments_and_refunds():
    order = order_to_pay(total="100.00")
    first, second = transaction_for(order), transaction_for(order)

    transaction_events_record(
        transaction=first, events=[spec(T.CHARGE_SUCCESS, "60", "a", key="a")]
    )
    order.refresh_from_db()
    assert (order.charge_status, order.total_charged_amount) == ("partial", Decimal("60"))

    transaction_events_record(
        transaction=second, events=[spec(T.CHARGE_SUCCESS, "60", "b", key="b")]
    )
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.OVERCHARGED

    transaction_events_record(
        transaction=second, events=[spec(T.REFUND_SUCCESS, "20", "r", key="r")]
    )
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.FULL
    assert order.total_refunded_amount == Decimal("20")
    assert order.total_charged_amount == Decimal("100")
    types = list(OrderEvent.objects.filter(order=order).values_list("type", flat=True))
    assert types.count(OrderEvents.ORDER_FULLY_PAID) == 1
    assert OrderEvents.PAYMENT_REFUNDED in types


def test_failed_payment_is_in_the_order_history():
    order = order_to_pay(total="100.00")
    transaction = transaction_for(order)

    transaction_events_record(
        transaction=transaction,
        events=[spec(T.CHARGE_FAILURE, "100", "x", key="x", message="Card declined")],
    )

    event = order.events.get()
    assert event.type == OrderEvents.PAYMENT_FAILED
    assert event.parameters["message"] == "Card declined"
    order.refresh_from_db()
    assert order.charge_status == OrderChargeStatus.NONE


def test_checkout_statuses_count_pending_payments():
    checkout = checkout_to_pay(price="100.00", pickup=True)
    transaction = TransactionItem.objects.create(
        gateway="tibet.payments.cash", currency="CNY", checkout=checkout
    )

    transaction_events_record(
        transaction=transaction,
        events=[spec(T.CHARGE_REQUEST, "100", "cash-1", key="charge_request:cash-1")],
    )

    checkout.refresh_from_db()
    assert checkout.authorize_status == CheckoutAuthorizeStatus.FULL
    assert checkout.charge_status == CheckoutChargeStatus.FULL
    checkout_payment_statuses_update(checkout=checkout, total=Decimal("150.00"))
    checkout.refresh_from_db()
    assert checkout.authorize_status == CheckoutAuthorizeStatus.PARTIAL
    assert checkout.charge_status == CheckoutChargeStatus.PARTIAL


def test_moving_transactions_to_the_order_sets_its_payment_fields():
    checkout = checkout_to_pay(price="100.00")
    transaction = TransactionItem.objects.create(
        gateway="mirumee.payments.dummy", currency="CNY", checkout=checkout
    )
    transaction_events_record(
        transaction=transaction, events=[spec(T.CHARGE_SUCCESS, "100", "d", key="d")]
    )
    order = order_to_pay(total="100.00")

    transactions_move_to_order(checkout=checkout, order=order)

    transaction.refresh_from_db()
    assert transaction.order_id == order.pk
    order.refresh_from_db()
    assert order.total_charged_amount == Decimal("100")
    assert order.charge_status == OrderChargeStatus.FULL
    assert order.events.filter(type=OrderEvents.ORDER_FULLY_PAID).count() == 1
