from decimal import Decimal

import pytest

from catalog.models import Division
from storefront.models import ShippingMethodType
from storefront.selectors.shipping import applicable_shipping_methods
from tests.factories import ChannelFactory
from tests.factories.shipping import ShippingZoneFactory, flag_remote, shipping_method

pytestmark = pytest.mark.django_db

LHASA_CHENGGUAN = "540102"
SHIGATSE_SAMZHUBZE = "540202"
NGARI_BURANG = "542521"
NAGQU_SENI = "540602"


@pytest.fixture
def channel():
    return ChannelFactory(slug="default-channel")


@pytest.fixture
def zones(channel):
    """Lhasa prefecture zone, Tibet region zone, and the rest of China by country."""
    lhasa = ShippingZoneFactory(
        name="Lhasa", countries="", channels=[channel], divisions=["540100"]
    )
    tibet = ShippingZoneFactory(
        name="Tibet", countries="", channels=[channel], divisions=["540000"]
    )
    china = ShippingZoneFactory(name="China", countries="CN", channels=[channel])
    return {
        "lhasa": shipping_method(lhasa, channel, "6.00", name="Same city"),
        "tibet": shipping_method(tibet, channel, "12.00", name="EMS", remote_area_surcharge="18"),
        "china": shipping_method(china, channel, "20.00", name="China EMS"),
    }


def offer(channel, division=None, weight="1", subtotal="100", country="CN"):
    options = applicable_shipping_methods(
        channel=channel,
        country_code=country,
        division=division,
        weight=Decimal(weight),
        subtotal=Decimal(subtotal),
    )
    return [(option.method.name, option.price) for option in options]


def test_county_inside_a_prefecture_zone_gets_that_zones_methods(channel, zones):
    assert offer(channel, LHASA_CHENGGUAN) == [("Same city", Decimal("6.00"))]


def test_county_accepts_a_division_instance(channel, zones):
    county = Division.objects.get(code=LHASA_CHENGGUAN)

    assert offer(channel, county) == [("Same city", Decimal("6.00"))]


def test_county_outside_the_prefecture_falls_back_to_the_region_zone(channel, zones):
    assert offer(channel, SHIGATSE_SAMZHUBZE) == [("EMS", Decimal("12.00"))]


def test_rest_of_china_is_served_by_the_country_zone(channel, zones):
    assert offer(channel, None) == [("China EMS", Decimal("20.00"))]


def test_unknown_division_code_is_served_by_the_country_zone(channel, zones):
    assert offer(channel, "110101") == [("China EMS", Decimal("20.00"))]


def test_country_without_a_zone_gets_nothing(channel, zones):
    assert offer(channel, None, country="NP") == []


def test_default_zone_serves_countries_without_a_zone(channel, zones):
    zone = ShippingZoneFactory(name="World", countries="", default=True, channels=[channel])
    shipping_method(zone, channel, "150.00", name="International")

    assert offer(channel, None, country="np") == [("International", Decimal("150.00"))]


def test_remote_prefecture_adds_the_surcharge_for_its_counties(channel, zones):
    flag_remote("542500")
    flag_remote("540600")

    assert offer(channel, NGARI_BURANG) == [("EMS", Decimal("30.00"))]
    assert offer(channel, NAGQU_SENI) == [("EMS", Decimal("30.00"))]
    assert offer(channel, SHIGATSE_SAMZHUBZE) == [("EMS", Decimal("12.00"))]


def test_remote_county_flag_and_unflagged_area(channel, zones):
    flag_remote(NGARI_BURANG)
    area = flag_remote("542522")
    area.remote = False
    area.save()

    assert offer(channel, NGARI_BURANG) == [("EMS", Decimal("30.00"))]
    assert offer(channel, "542522") == [("EMS", Decimal("12.00"))]


def test_weight_based_method_honours_its_weight_bounds(channel):
    zone = ShippingZoneFactory(countries="CN", channels=[channel])
    shipping_method(
        zone,
        channel,
        "25.00",
        name="Heavy",
        type=ShippingMethodType.WEIGHT,
        minimum_order_weight=Decimal("5"),
        maximum_order_weight=Decimal("30"),
    )

    assert offer(channel, weight="4.999") == []
    assert offer(channel, weight="5") == [("Heavy", Decimal("25.00"))]
    assert offer(channel, weight="30") == [("Heavy", Decimal("25.00"))]
    assert offer(channel, weight="30.001") == []


def test_price_based_method_honours_its_order_price_bounds(channel):
    zone = ShippingZoneFactory(countries="CN", channels=[channel])
    shipping_method(
        zone, channel, "8.00", name="Cheap", minimum_order_price="50", maximum_order_price="200"
    )
    shipping_method(zone, channel, "0.00", name="Free", minimum_order_price="200")

    assert offer(channel, subtotal="49.99") == []
    assert offer(channel, subtotal="50") == [("Cheap", Decimal("8.00"))]
    assert offer(channel, subtotal="200") == [("Free", Decimal("0.00")), ("Cheap", Decimal("8.00"))]
    assert offer(channel, subtotal="200.01") == [("Free", Decimal("0.00"))]


def test_inactive_channel_offers_nothing(channel, zones):
    channel.is_active = False
    channel.save()

    assert offer(channel, LHASA_CHENGGUAN) == []


def test_method_without_a_listing_in_the_channel_is_not_offered(channel, zones):
    other = ChannelFactory(slug="other")
    zone = ShippingZoneFactory(countries="CN", channels=[channel, other])
    shipping_method(zone, other, "3.00", name="Other only")

    assert offer(channel) == [("China EMS", Decimal("20.00"))]


def test_zone_outside_the_channel_is_ignored(channel, zones):
    other = ChannelFactory(slug="other")

    assert offer(other, LHASA_CHENGGUAN) == []


def test_offers_are_priced_from_the_setup_snapshot(channel, zones, django_assert_num_queries):
    flag_remote("542500")
    offer(channel, NGARI_BURANG)  # builds the snapshot

    with django_assert_num_queries(0):
        offer(channel, NGARI_BURANG)
