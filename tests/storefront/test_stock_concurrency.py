"""No overselling: many buyers completing checkouts at the same moment, each on its own
database connection, get exactly the units that exist and clear errors for the rest."""

from decimal import Decimal

import pytest

from catalog.models import Stock
from storefront.models import Allocation, Checkout, Order
from storefront.services.checkout_complete import checkout_complete
from tests.concurrency import paid_delivery_checkout, race_outcomes
from tests.factories.catalog import ChannelFactory, WarehouseFactory, sellable_product
from tests.factories.shipping import ShippingZoneFactory, shipping_method

BUYERS = 50
UNITS = 5


@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_of_the_last_five_units_make_five_orders():
    channel = ChannelFactory()
    warehouse = WarehouseFactory()
    zone = ShippingZoneFactory(channels=[channel], countries="CN")
    zone.warehouses.add(warehouse)
    method = shipping_method(zone, channel, price="10.00")
    product = sellable_product(channel, price="99.00", stock=UNITS, warehouse=warehouse)
    variant = product.default_variant
    total = Decimal("99.00") + Decimal("10.00")
    checkouts = [
        paid_delivery_checkout(channel, variant, method, total=total) for _ in range(BUYERS)
    ]

    outcomes = race_outcomes([lambda c=c: checkout_complete(checkout=c) for c in checkouts])

    assert sorted(set(outcomes)) == ["INSUFFICIENT_STOCK", "OK"], outcomes
    assert outcomes.count("OK") == UNITS
    assert outcomes.count("INSUFFICIENT_STOCK") == BUYERS - UNITS
    stock = Stock.objects.get(product_variant=variant)
    assert (stock.quantity, stock.quantity_allocated) == (UNITS, UNITS)
    assert Order.objects.count() == UNITS
    assert sum(a.quantity_allocated for a in Allocation.objects.all()) == UNITS
    # The losers' checkouts are untouched: they can still be changed and retried.
    assert Checkout.objects.count() == BUYERS - UNITS
