"""Tourism bookings through the services: slots held while the shopper pays, bookings made
with the order and confirmed by payment, cancellation under the terms with its refund, and
check-in by voucher."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalog.models import ClickAndCollectOption, PlaceKind, Stock
from infra.errors import ValidationFailed
from storefront.models import (
    Booking,
    BookingHold,
    BookingStatus,
    Checkout,
    FulfillmentStatus,
    OrderStatus,
)
from storefront.selectors.bookings import slots_available
from storefront.services.booking_cancel import booking_cancel
from storefront.services.booking_check_in import booking_check_in
from storefront.services.checkout import checkout_create
from storefront.services.checkout_delivery import checkout_delivery_method_update
from storefront.services.checkout_lines import LineInput, checkout_lines_add, checkout_lines_update
from storefront.services.orders import order_cancel
from tests.factories import ChannelFactory, WarehouseFactory
from tests.factories.addresses import AddressFactory
from tests.factories.checkout import purchasable_variant
from tests.factories.tourism import bookable_variant, checkout_for_slot, pay_and_complete, slot_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return ChannelFactory()


@pytest.fixture
def meeting_place():
    return WarehouseFactory(
        kind=PlaceKind.SHOWROOM, click_and_collect_option=ClickAndCollectOption.LOCAL_STOCK
    )


@pytest.fixture
def tour(channel, meeting_place):
    return bookable_variant(
        channel,
        price="300.00",
        terms={
            "meeting_place": meeting_place,
            "cancellation_deadline_hours": 48,
            "cancellation_fee": Decimal("20.00"),
            "cancellation_kept_percent": Decimal("50"),
        },
    )


def codes(failure: ValidationFailed) -> list[tuple]:
    return [(error.field, error.code) for error in failure.errors]


def test_a_dated_line_holds_its_seats_for_the_checkout(channel, tour, settings):
    settings.BOOKING_HOLD_MINUTES = 15
    slot = slot_of(tour, capacity=5)

    checkout = checkout_for_slot(slot, quantity=3, channel=channel)

    hold = BookingHold.objects.get(checkout_line__checkout=checkout)
    assert (hold.slot, hold.quantity) == (slot, 3)
    assert timedelta(minutes=14) < hold.held_until - timezone.now() <= timedelta(minutes=15)
    assert slots_available([slot]) == {slot.pk: 2}
    # The checkout's own hold does not count against it.
    assert slots_available([slot], exclude_checkout_id=checkout.pk) == {slot.pk: 5}


def test_a_second_shopper_cannot_hold_seats_already_held(channel, tour):
    slot = slot_of(tour, capacity=3)
    checkout_for_slot(slot, quantity=2, channel=channel)

    with pytest.raises(ValidationFailed) as refused:
        checkout_for_slot(slot, quantity=2, channel=channel)

    assert codes(refused.value) == [("quantity", "INSUFFICIENT_STOCK")]
    assert "Only 1 remaining" in refused.value.errors[0].message
    assert Checkout.objects.count() == 1


def test_a_lapsed_hold_frees_its_seats(channel, tour):
    slot = slot_of(tour, capacity=3)
    first = checkout_for_slot(slot, quantity=2, channel=channel)
    BookingHold.objects.filter(checkout_line__checkout=first).update(
        held_until=timezone.now() - timedelta(seconds=1)
    )

    second = checkout_for_slot(slot, quantity=3, channel=channel)

    assert BookingHold.objects.get(checkout_line__checkout=second).quantity == 3


def test_changing_the_quantity_renews_the_hold(channel, tour):
    slot = slot_of(tour, capacity=4)
    checkout = checkout_for_slot(slot, quantity=1, channel=channel)
    line = checkout.lines.get()

    checkout_lines_update(checkout=checkout, lines=[LineInput(line_id=line.pk, quantity=4)])

    assert BookingHold.objects.get(checkout_line=line).quantity == 4
    with pytest.raises(ValidationFailed) as refused:
        checkout_lines_update(checkout=checkout, lines=[LineInput(line_id=line.pk, quantity=5)])
    assert codes(refused.value) == [("quantity", "INSUFFICIENT_STOCK")]


def test_each_date_is_its_own_line(channel, tour):
    first, second = slot_of(tour, days=3), slot_of(tour, days=4)
    checkout = checkout_for_slot(first, quantity=1, channel=channel)

    checkout_lines_add(
        checkout=checkout,
        lines=[
            LineInput(variant_id=tour.pk, quantity=2, booking_slot_id=second.pk),
            LineInput(variant_id=tour.pk, quantity=1, booking_slot_id=first.pk),
        ],
    )

    lines = {line.booking_slot_id: line.quantity for line in checkout.lines.all()}
    assert lines == {first.pk: 2, second.pk: 2}


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("no slot", ("bookingSlotId", "REQUIRED")),
        ("other variant's slot", ("bookingSlotId", "INVALID")),
        ("past slot", ("bookingSlotId", "INVALID")),
        ("closed slot", ("bookingSlotId", "INVALID")),
        ("slot on a stocked product", ("bookingSlotId", "INVALID")),
    ],
)
def test_dates_are_checked(channel, tour, case, expected):
    slot = slot_of(tour)
    other = slot_of(bookable_variant(channel))
    stocked = purchasable_variant(channel)
    variant, slot_id = {
        "no slot": (tour, None),
        "other variant's slot": (tour, other.pk),
        "past slot": (tour, slot_of(tour, days=-1).pk),
        "closed slot": (tour, slot.pk),
        "slot on a stocked product": (stocked, slot.pk),
    }[case]
    if case == "closed slot":
        slot.is_active = False
        slot.save()

    with pytest.raises(ValidationFailed) as refused:
        checkout_create(
            channel=channel,
            email="a@example.com",
            lines=[LineInput(variant_id=variant.pk, quantity=1, booking_slot_id=slot_id)],
        )
    assert codes(refused.value) == [expected]


def test_paying_makes_a_confirmed_booking_with_a_voucher(channel, tour):
    slot = slot_of(tour, capacity=4)
    checkout = checkout_for_slot(slot, quantity=2, channel=channel)

    order = pay_and_complete(checkout)

    booking = Booking.objects.get()
    assert booking.order_line.order == order
    assert (booking.slot, booking.quantity, booking.status) == (slot, 2, BookingStatus.CONFIRMED)
    assert len(booking.voucher_code) == 10 and booking.confirmed_at is not None
    assert not BookingHold.objects.exists()
    assert slots_available([slot]) == {slot.pk: 2}


def test_a_tour_and_farm_products_in_one_checkout(channel, tour):
    """A bundle: seats of a slot and stocked goods, shipped, paid and placed together."""
    goods = purchasable_variant(channel, price="50.00", stock=5, shipping_price="10.00")
    slot = slot_of(tour, capacity=4)
    checkout = checkout_for_slot(
        slot, quantity=1, channel=channel, extra=[LineInput(variant_id=goods.pk, quantity=2)]
    )
    checkout.shipping_address = AddressFactory()
    checkout.save()
    method = channel.shipping_method_listings.first().shipping_method
    checkout = checkout_delivery_method_update(checkout=checkout, method=method)

    order = pay_and_complete(checkout)

    assert order.total_amount == Decimal("300.00") + 2 * Decimal("50.00") + Decimal("10.00")
    assert Booking.objects.get().order_line.order == order
    assert Stock.objects.get(product_variant=goods).quantity_allocated == 2


def test_completing_after_the_hold_lapsed_takes_seats_only_if_free(channel, tour):
    slot = slot_of(tour, capacity=2)
    late = checkout_for_slot(slot, quantity=2, channel=channel)
    BookingHold.objects.filter(checkout_line__checkout=late).update(
        held_until=timezone.now() - timedelta(seconds=1)
    )
    pay_and_complete(checkout_for_slot(slot, quantity=1, channel=channel))

    with pytest.raises(ValidationFailed) as refused:
        pay_and_complete(late)

    assert codes(refused.value) == [("quantity", "INSUFFICIENT_STOCK")]
    assert Booking.objects.count() == 1
    assert Checkout.objects.filter(pk=late.pk).exists()


def test_cancelling_before_the_deadline_refunds_all_but_the_fee(channel, tour):
    slot = slot_of(tour, capacity=4, days=5)
    order = pay_and_complete(checkout_for_slot(slot, quantity=2, channel=channel))
    booking = Booking.objects.get()

    booking = booking_cancel(booking=booking)

    assert booking.status == BookingStatus.CANCELLED
    assert (booking.refund_amount, booking.cancellation_fee_amount) == (
        Decimal("580.00"),
        Decimal("20.00"),
    )
    order.refresh_from_db()
    assert order.total_refunded_amount == Decimal("580.00")
    assert order.status == OrderStatus.CANCELED
    assert slots_available([slot]) == {slot.pk: 4}


def test_cancelling_after_the_deadline_keeps_the_percentage_too(channel, tour):
    slot = slot_of(tour, capacity=4, days=0, hours=24)
    pay_and_complete(checkout_for_slot(slot, quantity=1, channel=channel))

    booking = booking_cancel(booking=Booking.objects.get())

    # 300 − 20 fixed − 50 % of 300.
    assert (booking.refund_amount, booking.cancellation_fee_amount) == (
        Decimal("130.00"),
        Decimal("170.00"),
    )


def test_nothing_can_be_cancelled_once_the_slot_started(channel, tour):
    slot = slot_of(tour, capacity=4, days=0, hours=1)
    pay_and_complete(checkout_for_slot(slot, quantity=1, channel=channel))
    slot.starts_at = timezone.now() - timedelta(minutes=1)
    slot.save()

    with pytest.raises(ValidationFailed) as refused:
        booking_cancel(booking=Booking.objects.get())

    assert codes(refused.value) == [("id", "CANCELLATION_CLOSED")]
    assert Booking.objects.get().status == BookingStatus.CONFIRMED


def test_cancelling_twice_is_refused_and_refunds_once(channel, tour):
    slot = slot_of(tour, capacity=4)
    order = pay_and_complete(checkout_for_slot(slot, quantity=1, channel=channel))
    booking_cancel(booking=Booking.objects.get())

    with pytest.raises(ValidationFailed) as refused:
        booking_cancel(booking=Booking.objects.get())

    assert codes(refused.value) == [("id", "ALREADY_CANCELLED")]
    order.refresh_from_db()
    assert order.total_refunded_amount == Decimal("280.00")


def test_cancelling_the_order_releases_its_seats(channel, tour):
    slot = slot_of(tour, capacity=3)
    order = pay_and_complete(checkout_for_slot(slot, quantity=3, channel=channel))
    assert slots_available([slot]) == {slot.pk: 0}

    order_cancel(order=order)

    assert Booking.objects.get().status == BookingStatus.CANCELLED
    assert slots_available([slot]) == {slot.pk: 3}


def test_check_in_on_the_day_at_the_meeting_place(channel, tour, meeting_place):
    slot = slot_of(tour, capacity=3, days=0, hours=2)
    order = pay_and_complete(checkout_for_slot(slot, quantity=2, channel=channel))
    code = Booking.objects.get().voucher_code
    # The day has come: the tour leaves now.
    slot.starts_at = timezone.now()
    slot.save()

    booking = booking_check_in(voucher_code=code.lower(), place=meeting_place)

    assert booking.status == BookingStatus.CHECKED_IN
    assert booking.checked_in_place == meeting_place
    fulfillment = order.fulfillments.get()
    assert fulfillment.status == FulfillmentStatus.FULFILLED
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    with pytest.raises(ValidationFailed) as again:
        booking_check_in(voucher_code=code, place=meeting_place)
    assert codes(again.value) == [("voucherCode", "ALREADY_CHECKED_IN")]


def test_check_in_is_refused_elsewhere_on_other_days_and_unknown_codes(
    channel, tour, meeting_place
):
    slot = slot_of(tour, capacity=3, days=3)
    pay_and_complete(checkout_for_slot(slot, quantity=1, channel=channel))
    code = Booking.objects.get().voucher_code
    elsewhere = WarehouseFactory(kind=PlaceKind.STATION)

    for voucher, place, expected in [
        (code, elsewhere, ("place", "WRONG_PLACE")),
        (code, meeting_place, ("voucherCode", "WRONG_DATE")),
        ("NOPE", meeting_place, ("voucherCode", "NOT_FOUND")),
        ("  ", meeting_place, ("voucherCode", "REQUIRED")),
    ]:
        with pytest.raises(ValidationFailed) as refused:
            booking_check_in(voucher_code=voucher, place=place)
        assert codes(refused.value) == [expected]
    assert Booking.objects.get().status == BookingStatus.CONFIRMED
