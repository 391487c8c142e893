"""One shelf, four ways to sell from it: kiosk pickup reservations, counter sales, online
orders collected at the showroom and online orders delivered from it all draw from the same
Stock row, at the same moment, and never sell more than it holds."""

import functools
import uuid
from decimal import Decimal

import pytest

from catalog.models import ClickAndCollectOption, PlaceKind, Stock
from showroom.counter import counter_sale
from showroom.kiosk.orders import KioskLine, kiosk_reservation_place
from showroom.models import KioskOrder
from showroom.services import kiosk_device_register
from storefront.models import Checkout, Order, ShippingMethod
from storefront.payments.base import PaymentSource
from storefront.payments.cash import CashGateway
from storefront.services import checkout as checkout_services
from storefront.services.checkout_complete import checkout_complete
from storefront.services.checkout_delivery import checkout_delivery_method_update
from storefront.services.checkout_lines import LineInput, checkout_lines_add
from storefront.services.payments_sessions import transaction_initialize
from tests.concurrency import paid_delivery_checkout, race, race_outcomes
from tests.factories import ChannelFactory, StaffUserFactory, WarehouseFactory
from tests.factories.addresses import AddressFactory
from tests.factories.checkout import purchasable_variant
from tests.showroom.helpers import showroom_place

UNITS = 3
EACH = 3  # buyers of each kind
STOCK_REFUSALS = {"INSUFFICIENT_STOCK", "DELIVERY_METHOD_NOT_APPLICABLE"}


def _online_pickup(channel, place, variant) -> Checkout:
    checkout = checkout_services.checkout_create(channel=channel, email="zhuoma@example.com")
    checkout.collection_point = place
    checkout.billing_address = AddressFactory()
    checkout.save(update_fields=["collection_point", "billing_address"])
    checkout = checkout_lines_add(
        checkout=checkout, lines=[LineInput(variant_id=variant.pk, quantity=1)]
    )
    checkout = checkout_delivery_method_update(checkout=checkout, method=place)
    transaction_initialize(source=PaymentSource(checkout=checkout), gateway_id=CashGateway.id)
    return checkout


@pytest.mark.django_db(transaction=True)
def test_kiosk_counter_and_online_buyers_of_the_last_units_never_oversell():
    channel = ChannelFactory()
    place = showroom_place()
    # The showroom's shelf is the only stock, and it also ships to addresses.
    variant = purchasable_variant(channel, price="50.00", stock=UNITS, warehouse=place)
    method = ShippingMethod.objects.get(shipping_zone__warehouses=place)
    device = kiosk_device_register(place=place, name="入口")[0]
    clerk = StaffUserFactory()
    pickups = [_online_pickup(channel, place, variant) for _ in range(EACH)]
    total = Decimal("50.00") + Decimal("10.00")
    deliveries = [
        paid_delivery_checkout(channel, variant, method, total=total, email="dawa@example.com")
        for _ in range(EACH)
    ]

    buyers = (
        [("kiosk", None)] * EACH
        + [("counter", None)] * EACH
        + [("online-pickup", checkout) for checkout in pickups]
        + [("online-delivery", checkout) for checkout in deliveries]
    )

    def buy(kind: str, checkout: Checkout | None) -> None:
        if kind == "kiosk":
            kiosk_reservation_place(
                device=device,
                idempotency_key=uuid.uuid4(),
                lines=[KioskLine(variant_id=variant.pk, quantity=1)],
                phone="13800138000",
            )
        elif kind == "counter":
            counter_sale(place=place, lines=[(variant, 1)], payment="cash", clerk=clerk)
        else:
            checkout_complete(checkout=checkout)

    results = race_outcomes([functools.partial(buy, *buyer) for buyer in buyers])
    outcomes = [(kind, outcome) for (kind, _checkout), outcome in zip(buyers, results, strict=True)]

    assert len(results) == len(buyers)
    assert results.count("OK") == UNITS, outcomes
    # The losers are told the shelf cannot serve them: by the stock check, or (when the last
    # unit went between a place checkout's line check and its pickup choice) by the pickup.
    assert set(results) - {"OK"} <= STOCK_REFUSALS, outcomes
    stock = Stock.objects.get(warehouse=place, product_variant=variant)
    sold_over_the_counter = UNITS - stock.quantity  # fulfilled at once: gone from the shelf
    assert sold_over_the_counter + stock.quantity_allocated == UNITS
    assert 0 <= stock.quantity_allocated <= stock.quantity
    assert Order.objects.count() == UNITS
    kiosk_orders = sum(1 for kind, outcome in outcomes if kind == "kiosk" and outcome == "OK")
    assert KioskOrder.objects.filter(order__isnull=False).count() == kiosk_orders
    assert KioskOrder.objects.count() == kiosk_orders  # a refused reservation leaves no row


@pytest.mark.django_db(transaction=True)
def test_one_reservation_sent_many_times_at_once_makes_one_order():
    channel = ChannelFactory()
    place = WarehouseFactory(
        kind=PlaceKind.SHOWROOM, click_and_collect_option=ClickAndCollectOption.LOCAL_STOCK
    )
    variant = purchasable_variant(channel, price="50.00", stock=10, warehouse=place)
    device = kiosk_device_register(place=place, name="入口")[0]
    key = uuid.uuid4()
    sends = 8

    def send() -> tuple[int, bool]:
        order, created = kiosk_reservation_place(
            device=device,
            idempotency_key=key,
            lines=[KioskLine(variant_id=variant.pk, quantity=2)],
            phone="13800138000",
        )
        return order.number, created

    answers = race([send] * sends)

    assert len(answers) == sends
    assert len({number for number, _created in answers}) == 1
    assert sorted(created for _number, created in answers) == [False] * (sends - 1) + [True]
    assert Order.objects.count() == KioskOrder.objects.count() == 1
    stock = Stock.objects.get(warehouse=place, product_variant=variant)
    assert (stock.quantity, stock.quantity_allocated) == (10, 2)
