"""Cancelling a booking under its product's terms, with the refund they allow.

Until the slot starts a booking may be cancelled. The price of its line is refunded less the
fixed fee; after the deadline (`cancellation_deadline_hours` before the start) the percentage
kept is withheld too. The refund is granted and sent to the payment's gateway the way
orderGrantRefundCreate + transactionRequestRefundForGrantedRefund do; an unpaid booking refunds
nothing. The seats are free again at once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from infra.errors import ValidationFailed
from storefront.error_codes import BookingErrorCode as Code
from storefront.models import Booking, BookingStatus, OrderEvents
from storefront.services.order_events import order_event_record
from storefront.services.orders import order_can_cancel, order_cancel
from storefront.services.payments_actions import refundable_amount
from storefront.services.payments_refunds import (
    order_grant_refund_create,
    transaction_request_refund_for_granted_refund,
)

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CancellationQuote:
    price: Decimal
    fee: Decimal
    refund: Decimal
    after_deadline: bool


def booking_cancellation_quote(
    booking: Booking, *, now: datetime | None = None
) -> CancellationQuote:
    """What cancelling `booking` now would keep and give back (nothing is written)."""
    now = now or timezone.now()
    terms = getattr(booking.slot.variant.product, "booking_terms", None)
    price = booking.order_line.total_price_amount
    fee = terms.cancellation_fee if terms is not None else ZERO
    deadline_hours = terms.cancellation_deadline_hours if terms is not None else 0
    after_deadline = now > booking.slot.starts_at - timedelta(hours=deadline_hours)
    if after_deadline and terms is not None:
        fee += price * terms.cancellation_kept_percent / 100
    fee = min(fee, price).quantize(CENT, rounding=ROUND_HALF_UP)
    return CancellationQuote(
        price=price, fee=fee, refund=price - fee, after_deadline=after_deadline
    )


def _refund(booking: Booking, amount: Decimal, *, user: Any, app: Any) -> Decimal:
    """Grant and send `amount` (at most what the order's payments can still give back)."""
    order = booking.order_line.order
    refunded = ZERO
    for item in order.transactions.order_by("created_at", "pk"):
        left = min(amount - refunded, refundable_amount(item))
        if left <= ZERO:
            continue
        granted = order_grant_refund_create(
            order=order,
            transaction=item,
            amount=left,
            reason=f"Booking {booking.voucher_code} cancelled",
            user=user,
            app=app,
        )
        transaction_request_refund_for_granted_refund(
            transaction=item, granted_refund=granted, user=user, app=app
        )
        refunded += left
        if refunded >= amount:
            break
    return refunded


def booking_cancel(*, booking: Booking, user: Any = None, app: Any = None) -> Booking:
    """Cancel under the terms, refund what they allow, free the seats; once the slot has
    started (or the holder checked in) it is refused."""
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("slot__variant__product__booking_terms", "order_line__order")
            .get(pk=booking.pk)
        )
        if booking.status == BookingStatus.CANCELLED:
            raise ValidationFailed.single(
                "id", Code.ALREADY_CANCELLED, "This booking was already cancelled."
            )
        if booking.status == BookingStatus.CHECKED_IN:
            raise ValidationFailed.single(
                "id", Code.ALREADY_CHECKED_IN, "A checked-in booking can't be cancelled."
            )
        now = timezone.now()
        if now >= booking.slot.starts_at:
            raise ValidationFailed.single(
                "id",
                Code.CANCELLATION_CLOSED,
                "The booked date has started; it can't be cancelled.",
            )
        quote = booking_cancellation_quote(booking, now=now)
        paid = booking.status == BookingStatus.CONFIRMED
        refund = _refund(booking, quote.refund, user=user, app=app) if paid else ZERO
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = now
        booking.cancellation_fee_amount = quote.fee if paid else ZERO
        booking.refund_amount = refund
        booking.save(
            update_fields=["status", "cancelled_at", "cancellation_fee_amount", "refund_amount"]
        )
        order = booking.order_line.order
        order_event_record(
            order=order,
            type=OrderEvents.NOTE_ADDED,
            user=user,
            app=app,
            message=(
                f"Booking {booking.voucher_code} cancelled: refund {refund} {order.currency}, "
                f"fee kept {booking.cancellation_fee_amount} {order.currency}."
            ),
        )
        if _all_lines_cancelled(order) and order_can_cancel(order):
            order_cancel(order=order, user=user, app=app)
    return booking


def _all_lines_cancelled(order) -> bool:
    lines = order.lines.all()
    cancelled = Booking.objects.filter(
        order_line__order=order, status=BookingStatus.CANCELLED
    ).count()
    return cancelled == lines.count()
