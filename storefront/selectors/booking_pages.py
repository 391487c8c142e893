"""Reads of the bookings the shopper pages show: how long a cart holds its seats, and an
order's bookings with their dates and meeting places."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils import timezone

from catalog.models import BookingTerms, Warehouse
from catalog.selectors.places import PUBLIC_KINDS
from storefront.models import Booking, BookingHold, BookingStatus, Order, OrderLine

CANCELLABLE = (BookingStatus.PENDING, BookingStatus.CONFIRMED)


def holds_until_by_line(line_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, datetime]:
    """Until when each checkout line's seats are held (lines without a hold are absent)."""
    line_ids = list(line_ids)
    if not line_ids:
        return {}
    rows = BookingHold.objects.filter(checkout_line_id__in=line_ids).values_list(
        "checkout_line_id", "held_until"
    )
    return dict(rows)


@dataclass
class BookingRow:
    booking: Booking
    line: OrderLine
    terms: BookingTerms | None
    # What cancelling now would give back (booking_cancellation_quote), set by the order page.
    quote: Any = None

    @property
    def name(self) -> str:
        return self.line.translated_product_name or self.line.product_name

    @property
    def meeting_place(self) -> Warehouse | None:
        return self.terms.meeting_place if self.terms is not None else None

    @property
    def meeting_point(self) -> str:
        return self.terms.meeting_point if self.terms is not None else ""

    @property
    def meeting_place_has_page(self) -> bool:
        place = self.meeting_place
        return place is not None and not place.is_private and place.kind in PUBLIC_KINDS

    @property
    def paid(self) -> bool:
        return self.booking.status == BookingStatus.CONFIRMED

    @property
    def cancelled(self) -> bool:
        return self.booking.status == BookingStatus.CANCELLED

    def cancellable(self, now: datetime | None = None) -> bool:
        """Not used nor cancelled yet, and the date has not started (booking_cancel's rule)."""
        now = now or timezone.now()
        return self.booking.status in CANCELLABLE and now < self.booking.slot.starts_at


def _bookings():
    return Booking.objects.select_related(
        "slot__variant__product__booking_terms__meeting_place", "order_line__order"
    )


def order_bookings(order: Order) -> list[BookingRow]:
    """The order's bookings in the order of its lines (one query)."""
    bookings = _bookings().filter(order_line__order=order).order_by("order_line__created_at", "pk")
    return [
        BookingRow(
            booking=booking,
            line=booking.order_line,
            terms=getattr(booking.slot.variant.product, "booking_terms", None),
        )
        for booking in bookings
    ]


def order_booking(order: Order, booking_id: uuid.UUID) -> Booking | None:
    return _bookings().filter(order_line__order=order, pk=booking_id).first()
