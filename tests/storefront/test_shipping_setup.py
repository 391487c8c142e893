"""The shipping setup snapshot: deliveries are priced without queries, and any change to
zones, methods, prices or remote areas is seen by the next read."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import Division
from storefront.selectors.shipping import applicable_shipping_methods
from storefront.selectors.shipping_setup import shipping_setup
from storefront.services.shipping import remote_area_set, shipping_method_channel_listing_update
from tests.factories.catalog import ChannelFactory
from tests.factories.shipping import ShippingZoneFactory, shipping_method

pytestmark = pytest.mark.django_db


def _prices(channel, division="540102") -> list[Decimal]:
    options = applicable_shipping_methods(
        channel=channel,
        country_code="CN",
        weight=Decimal(1),
        subtotal=Decimal(100),
        division=division,
    )
    return [option.price for option in options]


def test_pricing_a_delivery_reads_no_table_once_the_snapshot_is_built():
    channel = ChannelFactory()
    shipping_method(ShippingZoneFactory(channels=[channel], countries="CN"), channel, "12.00")
    shipping_setup()

    with CaptureQueriesContext(connection) as queries:
        assert _prices(channel) == [Decimal("12.00")]
    assert queries.captured_queries == []


def test_changes_are_seen_by_the_next_read():
    channel = ChannelFactory()
    zone = ShippingZoneFactory(channels=[channel], countries="CN")
    method = shipping_method(zone, channel, "12.00")
    assert _prices(channel) == [Decimal("12.00")]

    shipping_method_channel_listing_update(
        method=method, add_channels=[{"channel": channel, "price": Decimal("8.00"),
                                      "remote_area_surcharge": Decimal("5.00")}],
        remove_channels=[],
    )  # fmt: skip
    assert _prices(channel) == [Decimal("8.00")]

    remote_area_set(division=Division.objects.get(code="540100"))
    assert _prices(channel) == [Decimal("13.00")]

    lhasa_zone = ShippingZoneFactory(channels=[channel], countries="", divisions=["540100"])
    shipping_method(lhasa_zone, channel, "3.00")
    # The Lhasa zone wins; its own listing adds no remote surcharge.
    assert _prices(channel) == [Decimal("3.00")]

    zone.channels.remove(channel)
    lhasa_zone.delete()
    assert _prices(channel) == []
