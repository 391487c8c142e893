"""No overselling: many buyers completing checkouts at the same moment, each on its own
database connection, get exactly the units that exist and clear errors for the rest."""

import threading
from decimal import Decimal

import pytest
from django.db import connections

from catalog.models import Stock
from infra.errors import ValidationFailed
from storefront.models import (
    Allocation,
    Checkout,
    CheckoutLine,
    Order,
    TransactionEvent,
    TransactionEventType,
    TransactionItem,
)
from storefront.services.checkout_complete import checkout_complete
from tests.factories.addresses import AddressFactory
from tests.factories.catalog import ChannelFactory, WarehouseFactory, sellable_product
from tests.factories.shipping import ShippingZoneFactory, shipping_method

BUYERS = 50
UNITS = 5


def _paid_checkout(channel, variant, method) -> Checkout:
    checkout = Checkout.objects.create(
        channel=channel,
        currency="CNY",
        email="buyer@example.com",
        shipping_address=AddressFactory(),
        billing_address=AddressFactory(),
        shipping_method=method,
    )
    CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=1)
    total = Decimal("99.00") + Decimal("10.00")
    transaction = TransactionItem.objects.create(
        checkout=checkout,
        gateway="mirumee.payments.dummy",
        currency="CNY",
        charged_value=total,
    )
    TransactionEvent.objects.create(
        transaction=transaction,
        type=TransactionEventType.CHARGE_SUCCESS,
        currency="CNY",
        amount_value=total,
        idempotency_key="charge",
    )
    return checkout


@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_of_the_last_five_units_make_five_orders():
    channel = ChannelFactory()
    warehouse = WarehouseFactory()
    zone = ShippingZoneFactory(channels=[channel], countries="CN")
    zone.warehouses.add(warehouse)
    method = shipping_method(zone, channel, price="10.00")
    product = sellable_product(channel, price="99.00", stock=UNITS, warehouse=warehouse)
    variant = product.default_variant
    checkouts = [_paid_checkout(channel, variant, method) for _ in range(BUYERS)]

    start = threading.Barrier(BUYERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def buy(checkout: Checkout) -> None:
        try:
            start.wait()
            try:
                checkout_complete(checkout=checkout)
                outcome = "ORDER"
            except ValidationFailed as failure:
                outcome = ",".join(error.code for error in failure.errors)
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy, args=(c,)) for c in checkouts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert sorted(set(outcomes)) == ["INSUFFICIENT_STOCK", "ORDER"], outcomes
    assert outcomes.count("ORDER") == UNITS
    assert outcomes.count("INSUFFICIENT_STOCK") == BUYERS - UNITS
    stock = Stock.objects.get(product_variant=variant)
    assert (stock.quantity, stock.quantity_allocated) == (UNITS, UNITS)
    assert Order.objects.count() == UNITS
    assert sum(a.quantity_allocated for a in Allocation.objects.all()) == UNITS
    # The losers' checkouts are untouched: they can still be changed and retried.
    assert Checkout.objects.count() == BUYERS - UNITS
