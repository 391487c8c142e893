"""Tours are never overbooked: many shoppers taking the last seats at the same moment, each
on its own database connection (real parallel transactions on PostgreSQL; SQLite serialises
its writers), get exactly the capacity and clear errors for the rest."""

from datetime import timedelta

import pytest
from django.db.models import Sum
from django.utils import timezone

from storefront.models import Booking, BookingHold, Checkout
from storefront.selectors.bookings import slots_available
from tests.concurrency import race_outcomes
from tests.factories import ChannelFactory
from tests.factories.tourism import bookable_variant, checkout_for_slot, pay_and_complete, slot_of

SHOPPERS = 30
SEATS = 4


@pytest.mark.django_db(transaction=True)
def test_shoppers_holding_the_last_seats_at_once_get_exactly_the_capacity():
    channel = ChannelFactory()
    slot = slot_of(bookable_variant(channel), capacity=SEATS)

    outcomes = race_outcomes(
        [lambda: checkout_for_slot(slot, quantity=1, channel=channel)] * SHOPPERS
    )

    assert outcomes.count("OK") == SEATS, outcomes
    assert outcomes.count("INSUFFICIENT_STOCK") == SHOPPERS - SEATS
    assert BookingHold.objects.aggregate(seats=Sum("quantity"))["seats"] == SEATS
    assert slots_available([slot]) == {slot.pk: 0}


@pytest.mark.django_db(transaction=True)
def test_shoppers_whose_holds_lapsed_completing_at_once_book_exactly_the_capacity():
    """Every hold has lapsed (the shoppers took too long), so completion itself must keep
    the slot from being overbooked."""
    channel = ChannelFactory()
    slot = slot_of(bookable_variant(channel), capacity=SEATS)
    checkouts = []
    for _ in range(SHOPPERS // 2):
        checkouts.append(checkout_for_slot(slot, quantity=1, channel=channel))
        BookingHold.objects.update(held_until=timezone.now() - timedelta(seconds=1))

    outcomes = race_outcomes([lambda c=checkout: pay_and_complete(c) for checkout in checkouts])

    assert outcomes.count("OK") == SEATS, outcomes
    assert outcomes.count("INSUFFICIENT_STOCK") == len(checkouts) - SEATS
    assert Booking.objects.aggregate(seats=Sum("quantity"))["seats"] == SEATS
    assert Checkout.objects.count() == len(checkouts) - SEATS
