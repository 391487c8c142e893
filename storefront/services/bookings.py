"""Bookings of dated lines: made with the order, confirmed once it is paid, released when it is
cancelled (checking in: booking_check_in.py; cancelling one: booking_cancel.py).

Bookings are made at checkoutComplete under the slots' row locks, counting live bookings and
other checkouts' unexpired holds, so however many shoppers complete at once a slot never holds
more than its capacity (its own hold may have lapsed: the seats are then taken only if free).
"""

from collections import defaultdict
from collections.abc import Sequence

from django.utils import timezone

from storefront.models import Booking, BookingStatus, Order, OrderLine
from storefront.selectors.checkout import CheckoutInfo
from storefront.services.booking_holds import capacity_check


def bookings_create_for_order(
    *, order: Order, order_lines: Sequence[OrderLine], info: CheckoutInfo
) -> list[Booking]:
    """One PENDING booking per dated line of the checkout `order` was placed from (its lines
    in `info.lines` order), or INSUFFICIENT_STOCK if a slot no longer has the seats."""
    dated = [
        (order_line, line_info.line.booking_slot_id)
        for order_line, line_info in zip(order_lines, info.lines, strict=True)
        if line_info.line.booking_slot_id is not None
    ]
    if not dated:
        return []
    wanted: dict[int, int] = defaultdict(int)
    for order_line, slot_id in dated:
        wanted[slot_id] += order_line.quantity
    capacity_check(wanted, exclude_checkout_id=info.checkout.pk)
    return Booking.objects.bulk_create(
        Booking(order_line=order_line, slot_id=slot_id, quantity=order_line.quantity)
        for order_line, slot_id in dated
    )


def bookings_confirm_for_order(*, order: Order) -> int:
    """The order is paid: its pending bookings are confirmed (how many)."""
    return Booking.objects.filter(order_line__order=order, status=BookingStatus.PENDING).update(
        status=BookingStatus.CONFIRMED, confirmed_at=timezone.now()
    )


def bookings_release_for_order(*, order: Order) -> int:
    """The order is cancelled: its bookings not yet used give their seats back (how many)."""
    return Booking.objects.filter(
        order_line__order=order,
        status__in=(BookingStatus.PENDING, BookingStatus.CONFIRMED),
    ).update(status=BookingStatus.CANCELLED, cancelled_at=timezone.now())
