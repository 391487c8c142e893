"""Reads of booking capacity: how much of each slot is taken, and what is left."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.db.models import Sum
from django.utils import timezone

from catalog.models import BookingSlot
from storefront.models import LIVE_BOOKING_STATUSES, Booking, BookingHold


def slots_taken(
    slot_ids: Iterable[int], *, exclude_checkout_id=None, now: datetime | None = None
) -> dict[int, int]:
    """Seats of each slot held by live bookings and by the unexpired holds of checkouts other
    than `exclude_checkout_id` (two queries whatever the number of slots)."""
    slot_ids = list(slot_ids)
    taken: dict[int, int] = defaultdict(int)
    if not slot_ids:
        return taken
    booked = (
        Booking.objects.filter(slot_id__in=slot_ids, status__in=LIVE_BOOKING_STATUSES)
        .values("slot_id")
        .annotate(total=Sum("quantity"))
    )
    for row in booked:
        taken[row["slot_id"]] += row["total"]
    holds = BookingHold.objects.filter(slot_id__in=slot_ids, held_until__gt=now or timezone.now())
    if exclude_checkout_id is not None:
        holds = holds.exclude(checkout_line__checkout_id=exclude_checkout_id)
    for row in holds.values("slot_id").annotate(total=Sum("quantity")):
        taken[row["slot_id"]] += row["total"]
    return taken


def slots_available(slots: Iterable[BookingSlot], *, exclude_checkout_id=None) -> dict[int, int]:
    """Seats left in each slot for a new booking (0 for inactive or started slots)."""
    slots = list(slots)
    now = timezone.now()
    taken = slots_taken(
        [slot.pk for slot in slots], exclude_checkout_id=exclude_checkout_id, now=now
    )
    return {
        slot.pk: (
            max(slot.capacity - taken[slot.pk], 0) if slot.is_active and slot.starts_at > now else 0
        )
        for slot in slots
    }


def bookable_slots(product_ids: Iterable[int], *, start: datetime, end: datetime | None):
    """The active slots of the products' variants starting between `start` and `end`, by
    start time."""
    slots = BookingSlot.objects.filter(
        variant__product_id__in=list(product_ids), is_active=True, starts_at__gt=start
    )
    if end is not None:
        slots = slots.filter(starts_at__lt=end)
    return slots.order_by("starts_at", "pk")
