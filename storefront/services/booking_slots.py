"""Opening dates for booking: slots of a bookable variant, each with its capacity.

A slot's capacity may not go below the seats its live bookings already use, and a slot with
bookings keeps its date (close it instead), so no booked holder is ever left without a seat.
"""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Sum

from catalog.models import BookingSlot, ProductVariant
from infra.errors import ValidationFailed
from storefront.error_codes import BookingErrorCode as Code
from storefront.models import LIVE_BOOKING_STATUSES, Booking
from storefront.services.booking_holds import is_bookable

UNSET = object()


def _capacity_check(capacity) -> int:
    if capacity is None or int(capacity) < 1:
        raise ValidationFailed.single("capacity", Code.INVALID, "The capacity must be at least 1.")
    return int(capacity)


def _dates_check(starts_at: datetime, ends_at: datetime | None) -> None:
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationFailed.single("endsAt", Code.INVALID, "The end must be after the start.")


def _save(slot: BookingSlot) -> BookingSlot:
    try:
        with transaction.atomic():
            slot.save()
    except IntegrityError:
        raise ValidationFailed.single(
            "startsAt", Code.UNIQUE, "The variant already has a slot starting then."
        ) from None
    return slot


def booking_slot_create(
    *, variant: ProductVariant, starts_at: datetime, capacity: int, ends_at: datetime | None = None
) -> BookingSlot:
    if not is_bookable(variant):
        raise ValidationFailed.single(
            "variant", Code.INVALID, "The variant's product type is not booked by date."
        )
    _dates_check(starts_at, ends_at)
    slot = BookingSlot(
        variant=variant, starts_at=starts_at, ends_at=ends_at, capacity=_capacity_check(capacity)
    )
    return _save(slot)


def booking_slot_update(
    *,
    slot: BookingSlot,
    starts_at: datetime | None = None,
    ends_at=UNSET,
    capacity: int | None = None,
    is_active: bool | None = None,
) -> BookingSlot:
    with transaction.atomic():
        slot = BookingSlot.objects.select_for_update().get(pk=slot.pk)
        booked = (
            Booking.objects.filter(slot=slot, status__in=LIVE_BOOKING_STATUSES).aggregate(
                total=Sum("quantity")
            )["total"]
            or 0
        )
        if capacity is not None:
            capacity = _capacity_check(capacity)
            if capacity < booked:
                raise ValidationFailed.single(
                    "capacity",
                    Code.INVALID,
                    f"{booked} seats are already booked; the capacity can't be lower.",
                )
            slot.capacity = capacity
        if starts_at is not None and starts_at != slot.starts_at:
            if booked:
                raise ValidationFailed.single(
                    "startsAt",
                    Code.INVALID,
                    "The slot has bookings; close it and open another date instead.",
                )
            slot.starts_at = starts_at
        if ends_at is not UNSET:
            slot.ends_at = ends_at
        if is_active is not None:
            slot.is_active = bool(is_active)
        _dates_check(slot.starts_at, slot.ends_at)
        return _save(slot)
