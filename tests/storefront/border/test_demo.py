"""The border demo: Gyirong and Zhangmu channels with exportable goods, today's NPR rate,
Zhangmu's past closure and a resident; safe to load twice."""

import io

import pytest
from django.utils import timezone

from catalog.demo import load_demo_catalog
from storefront.border.demo import load_demo_border
from storefront.border.models import (
    BorderChannel,
    BorderListing,
    BorderResident,
    FxRate,
    PortClosure,
)
from storefront.border.selectors import export_restrictions, port_closed_message
from storefront.demo import load_demo_shipping
from storefront.services.checkout_lines import LineInput, checkout_lines_add
from tests.factories.checkout import CheckoutFactory

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = io.StringIO()
    load_demo_border(out)
    return out.getvalue()


@pytest.fixture
def demo_shop():
    load_demo_catalog(io.StringIO())
    load_demo_shipping(io.StringIO())


def _counts() -> dict:
    models = (BorderChannel, BorderListing, BorderResident, FxRate, PortClosure)
    return {model.__name__: model.objects.count() for model in models}


def test_the_demo_loads_twice_without_duplicates(demo_shop):
    first = _load()
    counts = _counts()
    _load()

    assert _counts() == counts
    assert counts["BorderChannel"] == 2
    assert counts["BorderListing"] >= 6
    assert "resident 次仁多吉" in first
    assert "5402**********123X" in first


def test_demo_channels_sell_exportable_goods_of_open_ports_in_npr(demo_shop):
    _load()

    for border in BorderChannel.objects.select_related("port", "channel"):
        listings = list(border.listings.select_related("variant__product"))
        assert listings
        assert border.buyer_currency == "NPR"
        assert port_closed_message(border.port) is None
        assert export_restrictions(listing.variant.product for listing in listings) == {}
    assert FxRate.objects.filter(currency="NPR", date=timezone.localdate()).exists()
    [closure] = PortClosure.objects.filter(port__code="zhangmu")
    assert closure.ends_at < timezone.now()


def test_a_demo_listing_can_be_put_in_a_checkout(demo_shop):
    _load()
    border = BorderChannel.objects.get(channel__slug="border-gyirong")
    listing = border.listings.first()
    checkout = CheckoutFactory(channel=border.channel)

    checkout_lines_add(
        checkout=checkout, lines=[LineInput(variant_id=listing.variant_id, quantity=1)]
    )

    assert checkout.lines.get().variant_id == listing.variant_id
