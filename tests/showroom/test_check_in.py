"""Voucher check-in at a showroom (/places/<id>/check-in/) and the bookings-per-slot report."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import ClickAndCollectOption, PlaceKind
from storefront.models import Booking, BookingStatus
from storefront.services.booking_cancel import booking_cancel
from tests.factories import ChannelFactory, WarehouseFactory
from tests.factories.tourism import bookable_variant, checkout_for_slot, pay_and_complete, slot_of
from tests.showroom.helpers import staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return ChannelFactory()


@pytest.fixture
def place():
    return WarehouseFactory(
        name="林芝展示展销中心",
        kind=PlaceKind.SHOWROOM,
        click_and_collect_option=ClickAndCollectOption.LOCAL_STOCK,
    )


@pytest.fixture
def tour(channel, place):
    return bookable_variant(
        channel,
        name="巴松措一日游",
        terms={"meeting_place": place, "cancellation_fee": Decimal("0")},
    )


def departing_now(tour, channel, quantity=2):
    slot = slot_of(tour, capacity=10, days=0, hours=2)
    pay_and_complete(checkout_for_slot(slot, quantity=quantity, channel=channel))
    slot.starts_at = timezone.now()
    slot.save()
    return slot, Booking.objects.filter(slot=slot).latest("created_at")


def test_clerk_checks_a_voucher_in_and_sees_the_departure(place, tour, channel):
    _slot, booking = departing_now(tour, channel, quantity=2)
    client = staff_of(place)
    url = reverse("showroom:check-in", args=[place.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert "巴松措一日游" in page.content.decode()

    response = client.post(url, {"voucher_code": booking.voucher_code.lower()})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="checked-in"' in html and booking.voucher_code in html
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN
    assert booking.checked_in_place == place
    again = client.post(url, {"voucher_code": booking.voucher_code})
    assert again.status_code == 400
    assert "ALREADY_CHECKED_IN" in again.content.decode()


def test_check_in_page_is_for_the_place_staff_only(place, tour, channel):
    _slot, booking = departing_now(tour, channel)
    url = reverse("showroom:check-in", args=[place.pk])

    assert (
        staff_of(WarehouseFactory(kind=PlaceKind.SHOWROOM))
        .post(url, {"voucher_code": booking.voucher_code})
        .status_code
        == 403
    )
    assert Client().get(url).status_code == 403
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_bookings_per_slot_report(place, tour, channel):
    first = slot_of(tour, capacity=8, days=2)
    second = slot_of(tour, capacity=4, days=3)
    slot_of(bookable_variant(channel), capacity=5, days=2)  # meets elsewhere
    pay_and_complete(checkout_for_slot(first, quantity=3, channel=channel))
    pay_and_complete(checkout_for_slot(first, quantity=2, channel=channel))
    booking_cancel(booking=Booking.objects.filter(quantity=2).get())

    response = staff_of(place).get(reverse("showroom:report", args=[place.pk, "bookings"]))

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["开始/starts at", "商品/product", "规格/variant", "容量/capacity"]
    local = [
        timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M") for slot in (first, second)
    ]
    assert [row[0] for row in rows[1:]] == local
    assert rows[1][3:] == ["8", "3", "0", "2", "5"]
    assert rows[2][3:] == ["4", "0", "0", "0", "4"]


def test_bookings_report_takes_a_period(place, tour, channel):
    slot_of(tour, capacity=8, days=40)
    client = staff_of(place)
    url = reverse("showroom:report", args=[place.pk, "bookings"])

    default = list(csv.reader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    later = (timezone.localdate() + timedelta(days=35)).isoformat()
    ranged = client.get(url + f"?from={later}")

    assert len(default) == 1
    assert len(list(csv.reader(io.StringIO(ranged.content.decode("utf-8-sig"))))) == 2
    assert client.get(url + "?from=bad").status_code == 400
