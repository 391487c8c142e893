"""Granted refunds (Saleor 3.15+): staff grant an amount (from lines, shipping or given) against
one of the order's transactions, then send it to the transaction's gateway."""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction as db_transaction

from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id
from storefront.models import (
    Order,
    OrderGrantedRefund,
    OrderGrantedRefundLine,
    OrderGrantedRefundStatus,
    OrderLine,
    TransactionItem,
)
from storefront.payments.base import REFUND
from storefront.services.payments import GRANTED_REFUND_KEY, order_payments_refresh
from storefront.services.payments_actions import refundable_amount, transaction_action_request
from storefront.services.payments_errors import OrderGrantRefundCreateErrorCode as GrantCode
from storefront.services.payments_errors import OrderGrantRefundCreateLineErrorCode as LineCode
from storefront.services.payments_errors import (
    TransactionRequestRefundForGrantedRefundErrorCode as RequestCode,
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class GrantedLine:
    line_id: str  # the OrderLine's UUID, or the raw ID when it did not decode
    quantity: int
    reason: str = ""
    global_id: str = ""


def _fmt(amount: Decimal, currency: str) -> str:
    return f"{amount:.2f} {currency}"


def _clean_lines(order: Order, lines: list[GrantedLine]) -> list[OrderGrantedRefundLine]:
    order_lines = {
        str(line.pk): line for line in OrderLine.objects.filter(order=order, pk__in=_uuids(lines))
    }
    already: dict[str, int] = defaultdict(int)
    for granted in OrderGrantedRefundLine.objects.filter(granted_refund__order=order):
        already[str(granted.order_line_id)] += granted.quantity
    errors, cleaned = [], []
    for line in lines:
        order_line = order_lines.get(line.line_id)
        line_gid = line.global_id or to_global_id("OrderLine", line.line_id)
        if order_line is None:
            errors.append(
                {
                    "line_id": line_gid,
                    "field": "id",
                    "code": LineCode.NOT_FOUND,
                    "message": "Could not resolve to a line.",
                }
            )
            continue
        available = order_line.quantity - already[line.line_id]
        if line.quantity > available:
            errors.append(
                {
                    "line_id": line_gid,
                    "field": "quantity",
                    "code": LineCode.QUANTITY_GREATER_THAN_AVAILABLE,
                    "message": (
                        "Cannot grant refund for more than the available quantity "
                        f"of the line ({available})."
                    ),
                }
            )
            continue
        cleaned.append(
            OrderGrantedRefundLine(
                order_line=order_line, quantity=line.quantity, reason=line.reason
            )
        )
    if errors:
        raise ValidationFailed(
            [
                FieldError(
                    "lines",
                    GrantCode.INVALID,
                    "Provided input for lines is invalid.",
                    {"lines": errors},
                )
            ]
        )
    return cleaned


def _uuids(lines: list[GrantedLine]) -> list[str]:
    result = []
    for line in lines:
        try:
            result.append(str(uuid.UUID(line.line_id)))
        except ValueError:
            continue
    return result


def order_grant_refund_create(
    *,
    order: Order,
    transaction: TransactionItem | None,
    amount: Decimal | None = None,
    reason: str = "",
    lines: list[GrantedLine] | None = None,
    grant_refund_for_shipping: bool = False,
    user: Any = None,
    app: Any = None,
) -> OrderGrantedRefund:
    lines = lines or []
    if amount is None and not lines and not grant_refund_for_shipping:
        message = "You must provide at least one of `amount`, `lines`, `grantRefundForShipping`."
        raise ValidationFailed(
            [
                FieldError("amount", GrantCode.REQUIRED, message),
                FieldError("lines", GrantCode.REQUIRED, message),
                FieldError("grantRefundForShipping", GrantCode.REQUIRED, message),
            ]
        )
    if transaction is None or transaction.order_id != order.pk:
        raise ValidationFailed.single(
            "transactionId",
            GrantCode.NOT_FOUND,
            "The transaction with provided `transactionId` doesn't exist or it is not "
            "assigned to the order.",
        )
    with db_transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        cleaned = _clean_lines(order, lines) if lines else []
        if (
            grant_refund_for_shipping
            and order.granted_refunds.filter(shipping_costs_included=True).exists()
        ):
            raise ValidationFailed.single(
                "grantRefundForShipping",
                GrantCode.SHIPPING_COSTS_ALREADY_GRANTED,
                "Shipping costs have already been granted.",
            )
        if amount is None:
            amount = sum((g.order_line.unit_price_amount * g.quantity for g in cleaned), ZERO)
            if grant_refund_for_shipping:
                amount += order.shipping_price_amount
        if amount <= ZERO:
            raise ValidationFailed.single(
                "amount", GrantCode.INVALID, "The amount to grant must be positive."
            )
        transaction.refresh_from_db()
        available = refundable_amount(transaction) - _granted_not_refunded(transaction)
        if amount > available:
            raise ValidationFailed.single(
                "amount",
                GrantCode.AMOUNT_GREATER_THAN_AVAILABLE,
                f"Cannot grant a refund of {_fmt(amount, order.currency)}: the transaction "
                f"has {_fmt(max(available, ZERO), order.currency)} left to refund.",
            )
        granted = OrderGrantedRefund.objects.create(
            order=order,
            amount_value=amount,
            currency=order.currency,
            reason=reason or "",
            shipping_costs_included=bool(grant_refund_for_shipping),
            transaction_item=transaction,
            user=user if getattr(user, "is_authenticated", False) else None,
            app=app,
        )
        for line in cleaned:
            line.granted_refund = granted
        OrderGrantedRefundLine.objects.bulk_create(cleaned)
        order_payments_refresh(order=order, user=user, app=app)
    return granted


def _granted_not_refunded(transaction: TransactionItem) -> Decimal:
    """Granted refunds on the transaction that were not sent (or failed): already promised."""
    pending = OrderGrantedRefund.objects.filter(
        transaction_item=transaction,
        status__in=[OrderGrantedRefundStatus.NONE, OrderGrantedRefundStatus.FAILURE],
    )
    return sum((g.amount_value for g in pending), ZERO)


def transaction_request_refund_for_granted_refund(
    *,
    transaction: TransactionItem,
    granted_refund: OrderGrantedRefund,
    user: Any = None,
    app: Any = None,
) -> TransactionItem:
    """Send a granted refund to the transaction's gateway, once."""
    if transaction.order_id != granted_refund.order_id:
        raise ValidationFailed(
            [
                FieldError(
                    "grantedRefundId",
                    RequestCode.INVALID,
                    "The granted refund belongs to different order than transaction.",
                ),
                FieldError(
                    "id",
                    RequestCode.INVALID,
                    "The transaction belongs to different order than granted refund.",
                ),
            ]
        )
    with db_transaction.atomic():
        granted_refund = OrderGrantedRefund.objects.select_for_update().get(pk=granted_refund.pk)
        if granted_refund.status == OrderGrantedRefundStatus.SUCCESS:
            raise ValidationFailed.single(
                "grantedRefundId",
                RequestCode.REFUND_ALREADY_PROCESSED,
                "The granted refund has already been refunded.",
            )
        if granted_refund.status == OrderGrantedRefundStatus.PENDING:
            raise ValidationFailed.single(
                "grantedRefundId",
                RequestCode.REFUND_IS_PENDING,
                "A refund for this granted refund is already pending.",
            )
        transaction.refresh_from_db()
        available = refundable_amount(transaction)
        if granted_refund.amount_value > available:
            raise ValidationFailed.single(
                "id",
                RequestCode.AMOUNT_GREATER_THAN_AVAILABLE,
                f"Cannot refund {_fmt(granted_refund.amount_value, transaction.currency)}: "
                f"only {_fmt(available, transaction.currency)} was charged and not yet "
                "refunded.",
            )
        attempt = transaction.events.filter(
            idempotency_key__startswith=GRANTED_REFUND_KEY.format(pk=granted_refund.pk)
        ).count()
        if granted_refund.transaction_item_id != transaction.pk:
            granted_refund.transaction_item = transaction
            granted_refund.save(update_fields=["transaction_item", "updated_at"])
        transaction_action_request(
            transaction=transaction,
            action=REFUND,
            amount=granted_refund.amount_value,
            user=user,
            app=app,
            # Stable per attempt: a retried request never refunds twice at the provider.
            idempotency_key=f"tibet-granted-refund-{granted_refund.pk}-{attempt}",
            request_key=f"{GRANTED_REFUND_KEY.format(pk=granted_refund.pk)}{attempt}",
            error_code=RequestCode.INVALID,
        )
        order_payments_refresh(order=transaction.order, user=user, app=app)
    transaction.refresh_from_db()
    return transaction
