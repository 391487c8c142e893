"""The places demo step: a showroom with a shelf, a kiosk and a clerk, a village station, and
tours bookable by date; idempotent, and a demo tour can be booked."""

import io

import pytest

from catalog.demo import load_demo_catalog
from catalog.models import (
    BookingSlot,
    BookingTerms,
    Channel,
    PlaceKind,
    StaffScope,
    Stock,
    Warehouse,
)
from showroom.demo import TOUR_DAYS, load_demo_places
from showroom.models import KioskDevice
from storefront.demo import load_demo_shipping
from storefront.models import BookingStatus
from tests.factories.tourism import checkout_for_slot, pay_and_complete

pytestmark = pytest.mark.django_db


def test_demo_places_and_tours():
    out = io.StringIO()
    load_demo_catalog(out)
    load_demo_shipping(out)
    load_demo_places(out)
    counts = [
        model.objects.count()
        for model in (Warehouse, Stock, BookingSlot, BookingTerms, KioskDevice, StaffScope)
    ]
    load_demo_places(io.StringIO())

    assert [
        model.objects.count()
        for model in (Warehouse, Stock, BookingSlot, BookingTerms, KioskDevice, StaffScope)
    ] == counts
    showroom = Warehouse.objects.get(slug="barkhor-showroom")
    assert showroom.kind == PlaceKind.SHOWROOM and not showroom.is_private
    assert Stock.objects.filter(warehouse=showroom, quantity__gt=0).count() > 5
    assert Warehouse.objects.get(slug="lulang-station").kind == PlaceKind.STATION
    assert "kiosk token" in out.getvalue()
    terms = BookingTerms.objects.select_related("product__default_variant").first()
    assert terms.meeting_place == showroom
    slots = BookingSlot.objects.filter(variant=terms.product.default_variant)
    assert slots.count() == TOUR_DAYS

    channel = Channel.objects.get(slug="default-channel")
    order = pay_and_complete(checkout_for_slot(slots.first(), quantity=2, channel=channel))
    assert order.lines.get().booking.status == BookingStatus.CONFIRMED
