"""Staff actions on payments: refund, charge or cancel a transaction (transactionRequestAction),
the legacy orderRefund, and orderMarkAsPaid (cash taken at the pickup counter).

Each action runs under a lock on the transaction, checks the amount against what the
transaction holds (a refund never exceeds what was charged and not yet refunded), calls the
gateway and records its answer, all in one database transaction: a failed gateway call leaves
nothing behind, and two concurrent refunds cannot both pass the check.
"""

import uuid
from decimal import Decimal
from typing import Any

from django.db import transaction as db_transaction

from infra.errors import ValidationFailed
from storefront.models import Order, OrderChargeStatus, OrderEvents, TransactionItem
from storefront.models import TransactionEventType as T
from storefront.payments.base import CANCEL, CHARGE, REFUND, EventSpec, GatewayError
from storefront.payments.cash import CashGateway
from storefront.payments.registry import gateway_of
from storefront.services.order_events import order_event_record
from storefront.services.payments import (
    order_payments_refresh,
    transaction_events_record,
)
from storefront.services.payments_errors import OrderPaymentErrorCode as OrderCode
from storefront.services.payments_errors import TransactionRequestActionErrorCode as ActionCode

ZERO = Decimal(0)
_REQUEST_TYPES = {REFUND: T.REFUND_REQUEST, CHARGE: T.CHARGE_REQUEST, CANCEL: T.CANCEL_REQUEST}


def refundable_amount(transaction: TransactionItem) -> Decimal:
    """What can still be refunded: the charged amount, from which refunds, done or pending,
    are already deducted (Saleor's arithmetic)."""
    return max(transaction.charged_value, ZERO)


def chargeable_amount(transaction: TransactionItem) -> Decimal:
    return transaction.authorized_value + transaction.charge_pending_value


def _fmt(amount: Decimal, currency: str) -> str:
    return f"{amount:.2f} {currency}"


def transaction_action_request(
    *,
    transaction: TransactionItem,
    action: str,
    amount: Decimal | None = None,
    user: Any = None,
    app: Any = None,
    idempotency_key: str | None = None,
    request_key: str | None = None,
    reason: str = "",
    error_code: str = ActionCode.INVALID,
) -> TransactionItem:
    """Ask the transaction's gateway to REFUND, CHARGE or CANCEL. `idempotency_key` is sent
    to the provider (default: new per call); `request_key` names the request event."""
    with db_transaction.atomic():
        locked = TransactionItem.objects.select_for_update().get(pk=transaction.pk)
        gateway = gateway_of(locked.gateway)
        if gateway is None:
            raise ValidationFailed.single(
                "id",
                ActionCode.MISSING_TRANSACTION_ACTION_REQUEST_WEBHOOK,
                f"The gateway {locked.gateway} of this transaction is not configured.",
            )
        amount = _checked_amount(locked, action, amount, error_code)
        if action not in gateway.actions(locked):
            raise ValidationFailed.single(
                "actionType",
                error_code,
                f"The transaction does not allow the {action} action now.",
            )
        idempotency_key = idempotency_key or f"tibet-{locked.token}-{action.lower()}-{uuid.uuid4()}"
        request = locked.events.create(
            type=_REQUEST_TYPES[action],
            amount_value=amount,
            currency=locked.currency,
            idempotency_key=request_key or idempotency_key,
            message=reason[:512],
            include_in_calculations=False,
            user=user if getattr(user, "is_authenticated", False) else None,
            app=app,
        )
        try:
            if action == REFUND:
                result = gateway.refund(
                    transaction=locked, amount=amount, idempotency_key=idempotency_key
                )
            elif action == CHARGE:
                result = gateway.charge(
                    transaction=locked, amount=amount, idempotency_key=idempotency_key
                )
            else:
                result = gateway.cancel(transaction=locked, idempotency_key=idempotency_key)
        except GatewayError as error:
            raise ValidationFailed.single(None, error_code, str(error)) from None
        if result.psp_reference:
            request.psp_reference = result.psp_reference
            request.save(update_fields=["psp_reference"])
        transaction_events_record(transaction=locked, events=result.events, user=user, app=app)
    transaction.refresh_from_db()
    return transaction


def _checked_amount(
    transaction: TransactionItem, action: str, amount: Decimal | None, error_code: str
) -> Decimal:
    if amount is not None and amount <= ZERO:
        raise ValidationFailed.single("amount", error_code, "Amount should be a positive number.")
    currency = transaction.currency
    if action == REFUND:
        available = refundable_amount(transaction)
        if available <= ZERO:
            raise ValidationFailed.single(
                "amount", error_code, "The transaction has no charged amount left to refund."
            )
        if amount is not None and amount > available:
            raise ValidationFailed.single(
                "amount",
                error_code,
                f"Cannot refund {_fmt(amount, currency)}: only {_fmt(available, currency)} "
                "was charged and not yet refunded.",
            )
        return amount if amount is not None else available
    if action == CHARGE:
        available = chargeable_amount(transaction)
        if amount is not None and amount > available:
            raise ValidationFailed.single(
                "amount",
                error_code,
                f"Cannot charge {_fmt(amount, currency)}: only {_fmt(available, currency)} "
                "is authorized or pending.",
            )
        return amount if amount is not None else available
    return amount if amount is not None else transaction.authorized_value


def order_refund(*, order: Order, amount: Decimal, user: Any = None, app: Any = None) -> Order:
    """Legacy orderRefund: refund `amount` from the latest transaction that can cover it."""
    if amount <= ZERO:
        raise ValidationFailed.single(
            "amount", OrderCode.ZERO_QUANTITY, "Amount should be a positive number."
        )
    transactions = list(order.transactions.order_by("-created_at", "-pk"))
    refundable = [t for t in transactions if refundable_amount(t) > ZERO]
    if not refundable:
        raise ValidationFailed.single(
            "id", OrderCode.CANNOT_REFUND, "The order has no charged payment to refund."
        )
    transaction = next((t for t in refundable if refundable_amount(t) >= amount), None)
    if transaction is None:
        most = max(refundable_amount(t) for t in refundable)
        raise ValidationFailed.single(
            "amount",
            OrderCode.CANNOT_REFUND,
            f"Cannot refund {_fmt(amount, order.currency)}: a single payment of this order "
            f"can refund at most {_fmt(most, order.currency)}.",
        )
    transaction_action_request(
        transaction=transaction,
        action=REFUND,
        amount=amount,
        user=user,
        app=app,
        error_code=OrderCode.PAYMENT_ERROR,
    )
    order.refresh_from_db()
    return order


def order_mark_as_paid(
    *,
    order: Order,
    transaction_reference: str | None = None,
    user: Any = None,
    app: Any = None,
) -> Order:
    """Staff took the money: confirm the order's pending cash payments, or, if it has none,
    record a manual payment of what is left to pay."""
    if order.billing_address_id is None:
        raise ValidationFailed.single(
            "billingAddress",
            OrderCode.BILLING_ADDRESS_NOT_SET,
            "Order billing address is required to mark order as paid.",
        )
    reference = (transaction_reference or "").strip()
    message = f"Marked as paid (reference {reference})" if reference else "Marked as paid"
    with db_transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED):
            raise ValidationFailed.single(
                "id", OrderCode.TRANSACTION_ERROR, "The order is already fully paid."
            )
        pending_cash = list(
            order.transactions.filter(gateway=CashGateway.id, charge_pending_value__gt=ZERO)
        )
        for transaction in pending_cash:
            result = CashGateway().charge(
                transaction=transaction,
                amount=transaction.charge_pending_value,
                idempotency_key=str(uuid.uuid4()),
            )
            events = [_with_message(event, message) for event in result.events]
            transaction_events_record(transaction=transaction, events=events, user=user, app=app)
        if not pending_cash:
            _manual_payment(order, message, user=user, app=app)
        order.refresh_from_db()
        order_event_record(
            order=order,
            type=OrderEvents.ORDER_MARKED_AS_PAID,
            user=user,
            app=app,
            transaction_reference=reference or None,
        )
    return order


def _with_message(event: EventSpec, message: str) -> EventSpec:
    return EventSpec(
        type=event.type,
        amount=event.amount,
        psp_reference=event.psp_reference,
        idempotency_key=event.idempotency_key,
        message=message,
    )


def _manual_payment(order: Order, message: str, *, user: Any, app: Any) -> None:
    granted = sum((g.amount_value for g in order.granted_refunds.all()), ZERO)
    balance = order.total_amount - granted - order.total_charged_amount
    if balance <= ZERO:
        order_payments_refresh(order=order, user=user, app=app)
        return
    transaction = TransactionItem.objects.create(
        gateway=CashGateway.id,
        name="Manual payment",
        currency=order.currency,
        order=order,
        payment_method_type="cash",
        user=user if getattr(user, "is_authenticated", False) else None,
        app=app,
    )
    reference = f"manual-{transaction.token}"
    event = EventSpec(
        type=T.CHARGE_SUCCESS,
        amount=balance,
        psp_reference=reference,
        idempotency_key=f"charge_success:{reference}",
        message=message,
    )
    transaction_events_record(transaction=transaction, events=[event], user=user, app=app)
