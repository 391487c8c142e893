"""Vouchers checked in at a showroom or station: the day's departures meeting here."""

import datetime

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from catalog.models import BookingSlot, Warehouse
from showroom.reports import local_midnight
from storefront.models import LIVE_BOOKING_STATUSES, BookingStatus


def departures_today(place: Warehouse) -> QuerySet[BookingSlot]:
    """Today's slots of the products meeting at `place` (local day), with seats `booked` and
    `checked_in`, by start time (one query)."""
    today = timezone.localdate()
    start = local_midnight(today)
    return (
        BookingSlot.objects.filter(
            variant__product__booking_terms__meeting_place=place,
            starts_at__gte=start,
            starts_at__lt=start + datetime.timedelta(days=1),
        )
        .select_related("variant__product")
        .annotate(
            booked=Sum(
                "bookings__quantity",
                filter=Q(bookings__status__in=LIVE_BOOKING_STATUSES),
            ),
            checked_in=Sum(
                "bookings__quantity", filter=Q(bookings__status=BookingStatus.CHECKED_IN)
            ),
        )
        .order_by("starts_at", "pk")
    )
