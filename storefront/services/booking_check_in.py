"""Checking a booking's holder in by voucher code, at the product's meeting place, on the
booked day; the order line is fulfilled there (dated variants track no stock)."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from catalog.models import Warehouse
from infra.errors import ValidationFailed
from storefront.error_codes import BookingErrorCode as Code
from storefront.models import Booking, BookingStatus
from storefront.services.orders_fulfillment import FulfillLine, FulfillStock, order_fulfill


def _booking_failure(code: Code, message: str, field: str = "voucherCode") -> ValidationFailed:
    return ValidationFailed.single(field, code, message)


def _check_in_date_check(booking: Booking) -> None:
    today = timezone.localdate()
    first = timezone.localtime(booking.slot.starts_at).date()
    last = timezone.localtime(booking.slot.ends_at).date() if booking.slot.ends_at else first
    if not first <= today <= last:
        raise _booking_failure(
            Code.WRONG_DATE, f"This voucher is for {first:%Y-%m-%d}, not today ({today:%Y-%m-%d})."
        )


def booking_check_in(
    *, voucher_code: str, place: Warehouse | None = None, user: Any = None, app: Any = None
) -> Booking:
    """Check the voucher's holder in on the slot's day at the product's meeting place (the
    place given must be it, when the product names one); the order line is fulfilled there."""
    code = "".join((voucher_code or "").split()).upper()
    if not code:
        raise _booking_failure(Code.REQUIRED, "This field is required.")
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("slot__variant__product__booking_terms", "order_line__order")
            .filter(voucher_code=code)
            .first()
        )
        if booking is None:
            raise _booking_failure(Code.NOT_FOUND, f"No booking has the voucher code '{code}'.")
        if booking.status == BookingStatus.CHECKED_IN:
            raise _booking_failure(
                Code.ALREADY_CHECKED_IN,
                "This voucher was already checked in at "
                f"{timezone.localtime(booking.checked_in_at):%Y-%m-%d %H:%M}.",
            )
        if booking.status == BookingStatus.CANCELLED:
            raise _booking_failure(Code.ALREADY_CANCELLED, "This booking was cancelled.")
        if booking.status != BookingStatus.CONFIRMED:
            raise _booking_failure(Code.NOT_PAID, "This booking is not paid yet.")
        terms = getattr(booking.slot.variant.product, "booking_terms", None)
        meeting_place_id = terms.meeting_place_id if terms is not None else None
        if place is not None and meeting_place_id and place.pk != meeting_place_id:
            raise _booking_failure(
                Code.WRONG_PLACE, "This voucher is checked in at another place.", "place"
            )
        _check_in_date_check(booking)
        booking.status = BookingStatus.CHECKED_IN
        booking.checked_in_at = timezone.now()
        booking.checked_in_by = user if getattr(user, "is_authenticated", False) else None
        booking.checked_in_place_id = place.pk if place is not None else meeting_place_id
        booking.save(update_fields=["status", "checked_in_at", "checked_in_by", "checked_in_place"])
        line = booking.order_line
        if booking.checked_in_place_id and line.quantity_unfulfilled:
            order_fulfill(
                order=line.order,
                lines=[
                    FulfillLine(
                        order_line_id=line.pk,
                        stocks=[
                            FulfillStock(
                                warehouse_id=booking.checked_in_place_id,
                                quantity=line.quantity_unfulfilled,
                            )
                        ],
                    )
                ],
                user=user,
                app=app,
            )
    return booking
