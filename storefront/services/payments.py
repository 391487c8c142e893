"""The payment ledger: events are recorded once, amounts and statuses follow from them.

`transaction_events_record` is the one way events enter the ledger, whoever reports them
(gateway responses, staff actions, Stripe webhooks). Under row locks on the order or checkout
and the transaction, it skips events whose idempotency key the transaction already has,
recomputes the transaction's amounts from all its events, and then the statuses of the
checkout or order it pays for (with the order's history events).

`checkout_payment_statuses_update` and `transactions_move_to_order` are called by
checkoutComplete.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction as db_transaction

from infra.webhooks import event_types as webhook_events
from infra.webhooks.events import events_emit
from storefront.models import (
    Checkout,
    Order,
    OrderChargeStatus,
    OrderEvents,
    OrderGrantedRefund,
    OrderGrantedRefundStatus,
    TransactionEvent,
    TransactionItem,
)
from storefront.models import TransactionEventType as T
from storefront.payments.base import EventSpec, PaymentSource
from storefront.payments.registry import gateway_of
from storefront.selectors.checkout import fetch_checkout_info
from storefront.services import payments_amounts as amounts
from storefront.services.bookings import bookings_confirm_for_order
from storefront.services.order_events import order_event_record

ZERO = Decimal(0)
PAID = (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED)
# Idempotency keys of the REFUND_REQUEST events that send a granted refund to its gateway.
GRANTED_REFUND_KEY = "granted-refund:{pk}:"


@dataclass
class RecordedEvent:
    event: TransactionEvent
    created: bool


def _staff(user: Any):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def transaction_events_record(
    *,
    transaction: TransactionItem,
    events: Iterable[EventSpec],
    user: Any = None,
    app: Any = None,
) -> list[RecordedEvent]:
    """Record `events` on `transaction` exactly once each (by idempotency key), then recompute
    its amounts and the payment state of its order or checkout. Returns one entry per spec:
    the event created, or the one recorded before under the same key."""
    specs = list(events)
    with db_transaction.atomic():
        order = _lock_owner(transaction)
        locked = TransactionItem.objects.select_for_update().get(pk=transaction.pk)
        if locked.order_id is not None and (order is None or order.pk != locked.order_id):
            # checkoutComplete moved it to an order while we waited for the checkout's lock.
            order = Order.objects.select_for_update().get(pk=locked.order_id)
        keys = [s.idempotency_key for s in specs if s.idempotency_key]
        existing = {e.idempotency_key: e for e in locked.events.filter(idempotency_key__in=keys)}
        recorded = []
        for spec in specs:
            if spec.idempotency_key and spec.idempotency_key in existing:
                recorded.append(RecordedEvent(existing[spec.idempotency_key], created=False))
                continue
            event = TransactionEvent.objects.create(
                transaction=locked,
                type=spec.type,
                amount_value=spec.amount,
                currency=locked.currency,
                psp_reference=spec.psp_reference,
                idempotency_key=spec.idempotency_key,
                message=spec.message[:512],
                external_url=spec.external_url,
                user=_staff(user),
                app=app,
            )
            if spec.idempotency_key:
                existing[spec.idempotency_key] = event
            recorded.append(RecordedEvent(event, created=True))
        created = [r.event for r in recorded if r.created]
        if created:
            transaction_amounts_refresh(locked)
            if order is not None:
                order_payments_refresh(order=order, recorded=created, user=user, app=app)
            elif locked.checkout_id is not None:
                # The caller's checkout (already priced in this request) when it has one;
                # checkoutComplete prices it afresh under its lock anyway.
                same = (
                    TransactionItem.checkout.is_cached(transaction)
                    and transaction.checkout_id == locked.checkout_id
                )
                checkout = transaction.checkout if same else locked.checkout
                info = fetch_checkout_info(checkout)
                checkout_payment_statuses_update(
                    checkout=checkout, total=info.total, has_lines=bool(info.lines)
                )
        _copy_state(locked, transaction)
    return recorded


def transaction_event_record(
    *, transaction: TransactionItem, event: EventSpec, user: Any = None, app: Any = None
) -> RecordedEvent:
    return transaction_events_record(transaction=transaction, events=[event], user=user, app=app)[0]


def _lock_owner(transaction: TransactionItem) -> Order | None:
    """Lock the order (or checkout) first, so concurrent recordings on two transactions of
    the same order each see the other's amounts when summing."""
    owner = (
        TransactionItem.objects.filter(pk=transaction.pk)
        .values_list("order_id", "checkout_id")
        .first()
    )
    order_id, checkout_id = owner or (None, None)
    if order_id is not None:
        return Order.objects.select_for_update().get(pk=order_id)
    if checkout_id is not None:
        Checkout.objects.select_for_update().filter(pk=checkout_id).first()
    return None


def _copy_state(source: TransactionItem, target: TransactionItem) -> None:
    if source is target:
        return
    for name in (*amounts.AMOUNT_FIELDS, "available_actions", "modified_at", "order_id"):
        setattr(target, name, getattr(source, name))


def transaction_amounts_refresh(transaction: TransactionItem) -> TransactionItem:
    """Recompute the transaction's amounts and available actions from its events."""
    events = transaction.events.order_by("created_at", "pk")
    for name, value in amounts.transaction_amounts(events).items():
        setattr(transaction, name, value)
    gateway = gateway_of(transaction.gateway)
    transaction.available_actions = gateway.actions(transaction) if gateway else []
    transaction.save(update_fields=[*amounts.AMOUNT_FIELDS, "available_actions", "modified_at"])
    return transaction


def checkout_payment_statuses_update(
    *, checkout: Checkout, total: Decimal, has_lines: bool | None = None
) -> None:
    """Set and save the checkout's authorize and charge status for its current `total`."""
    if has_lines is None:
        has_lines = total > ZERO or checkout.lines.exists()
    statuses = amounts.checkout_statuses(
        total=total,
        has_lines=has_lines,
        transactions=checkout.transactions.filter(order__isnull=True),
        currency=checkout.currency,
    )
    changed = []
    if checkout.authorize_status != statuses.authorize_status:
        checkout.authorize_status = statuses.authorize_status
        changed.append("authorize_status")
    if checkout.charge_status != statuses.charge_status:
        checkout.charge_status = statuses.charge_status
        changed.append("charge_status")
    if changed:
        Checkout.objects.filter(pk=checkout.pk).update(
            **{name: getattr(checkout, name) for name in changed}
        )


def transactions_move_to_order(*, checkout: Checkout, order: Order) -> None:
    """Hand the checkout's payments over to the order placed from it (checkoutComplete)."""
    TransactionItem.objects.filter(checkout=checkout, order__isnull=True).update(order=order)
    order_payments_refresh(order=order)


def order_granted_total(granted_refunds: Iterable[OrderGrantedRefund]) -> Decimal:
    return sum((g.amount_value for g in granted_refunds), ZERO)


def order_payments_refresh(
    *,
    order: Order,
    recorded: Iterable[TransactionEvent] = (),
    user: Any = None,
    app: Any = None,
) -> Order:
    """Recompute the order's payment totals and statuses from its transactions and granted
    refunds, save them, and record the history events for `recorded` transaction events."""
    transactions = list(order.transactions.all())
    granted = list(order.granted_refunds.all())
    was_paid = order.charge_status in PAID
    charged = sum((t.charged_value for t in transactions), ZERO)
    authorized = sum((t.authorized_value for t in transactions), ZERO)
    total = order.total_amount - order_granted_total(granted)
    order.total_charged_amount = charged
    order.total_authorized_amount = authorized
    order.total_refunded_amount = sum((t.refunded_value for t in transactions), ZERO)
    order.charge_status = amounts.order_charge_status(
        charged=charged, total=total, currency=order.currency
    )
    order.authorize_status = amounts.order_authorize_status(
        authorized=authorized,
        charged=charged,
        total=total,
        order_total=order.total_amount,
        currency=order.currency,
    )
    order.save(
        update_fields=[
            "total_charged_amount",
            "total_authorized_amount",
            "total_refunded_amount",
            "charge_status",
            "authorize_status",
            "updated_at",
        ]
    )
    by_pk = {t.pk: t for t in transactions}
    for event in recorded:
        _history(order, event, by_pk.get(event.transaction_id), user, app)
    if not was_paid and order.charge_status in PAID:
        order_event_record(order=order, type=OrderEvents.ORDER_FULLY_PAID, user=user, app=app)
        bookings_confirm_for_order(order=order)
        events_emit(
            [(webhook_events.ORDER_FULLY_PAID, order), (webhook_events.ORDER_UPDATED, order)]
        )
    if granted:
        _granted_refund_statuses_refresh(granted)
    return order


_HISTORY = {
    T.CHARGE_SUCCESS: OrderEvents.PAYMENT_CAPTURED,
    T.AUTHORIZATION_SUCCESS: OrderEvents.PAYMENT_AUTHORIZED,
    T.CHARGE_FAILURE: OrderEvents.PAYMENT_FAILED,
    T.AUTHORIZATION_FAILURE: OrderEvents.PAYMENT_FAILED,
    T.REFUND_SUCCESS: OrderEvents.PAYMENT_REFUNDED,
}


def _history(order: Order, event: TransactionEvent, transaction, user: Any, app: Any) -> None:
    kind = _HISTORY.get(event.type)
    if kind is None or not event.include_in_calculations:
        return
    parameters = {
        "amount": str(event.amount_value),
        "payment_id": event.psp_reference or "",
        "payment_gateway": transaction.gateway if transaction else "",
    }
    if kind == OrderEvents.PAYMENT_FAILED:
        parameters["message"] = event.message
    order_event_record(order=order, type=kind, user=user, app=app, **parameters)


def _granted_refund_statuses_refresh(granted: list[OrderGrantedRefund]) -> None:
    """A granted refund sent to its gateway is pending until the refund with the reference
    its request got succeeds or fails."""
    sent = [g for g in granted if g.transaction_item_id is not None]
    if not sent:
        return
    events = list(
        TransactionEvent.objects.filter(
            transaction_id__in={g.transaction_item_id for g in sent},
            type__in=[T.REFUND_REQUEST, T.REFUND_SUCCESS, T.REFUND_FAILURE],
        ).order_by("created_at", "pk")
    )
    for granted_refund in sent:
        prefix = GRANTED_REFUND_KEY.format(pk=granted_refund.pk)
        requests = [
            e
            for e in events
            if e.type == T.REFUND_REQUEST and (e.idempotency_key or "").startswith(prefix)
        ]
        if not requests:
            continue
        reference = requests[-1].psp_reference
        outcomes = {
            e.type
            for e in events
            if reference
            and e.psp_reference == reference
            and e.transaction_id == granted_refund.transaction_item_id
        }
        if T.REFUND_SUCCESS in outcomes:
            status = OrderGrantedRefundStatus.SUCCESS
        elif T.REFUND_FAILURE in outcomes:
            status = OrderGrantedRefundStatus.FAILURE
        else:
            status = OrderGrantedRefundStatus.PENDING
        if granted_refund.status != status:
            granted_refund.status = status
            granted_refund.save(update_fields=["status", "updated_at"])


def payment_source_of(transaction: TransactionItem) -> PaymentSource:
    if transaction.order_id is not None:
        return PaymentSource(order=transaction.order)
    return PaymentSource(checkout=transaction.checkout)


def source_balance(source: PaymentSource, total: Decimal) -> Decimal:
    """What is left to pay on `source`: its total less what its transactions cover."""
    transactions = TransactionItem.objects.filter(
        **({"order": source.order} if source.order else {"checkout": source.checkout})
    )
    covered = sum((amounts.transaction_covered(t) for t in transactions), ZERO)
    return max(total - covered, ZERO)
