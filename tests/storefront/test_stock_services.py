"""Stock services: which warehouses serve a delivery, allocation strategies, reservations,
release on cancel and decrease on fulfilment."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from catalog.models import AllocationStrategy, ChannelWarehouse, ClickAndCollectOption, Stock
from storefront.models import Allocation, Checkout, CheckoutLine, Order, OrderLine, Reservation
from storefront.selectors.stock import available_quantities
from storefront.services.stock import (
    InsufficientStock,
    checkout_reservations_update,
    stock_allocate_for_order,
    stock_check_lines,
    stock_deallocate_for_order,
    stock_fulfill,
)
from tests.factories.catalog import (
    ChannelFactory,
    ProductVariantFactory,
    StockFactory,
    WarehouseFactory,
    sellable_product,
)
from tests.factories.shipping import ShippingZoneFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    """A channel with two shipping warehouses (sort order: A then B) and a variant in both."""
    channel = ChannelFactory()
    first, second = WarehouseFactory(), WarehouseFactory()
    zone = ShippingZoneFactory(channels=[channel], countries="CN")
    zone.warehouses.add(first, second)
    product = sellable_product(channel, stock=3, warehouse=first)
    variant = product.default_variant
    second.channels.add(channel)
    ChannelWarehouse.objects.filter(channel=channel, warehouse=second).update(sort_order=1)
    StockFactory(warehouse=second, product_variant=variant, quantity=10)
    return channel, first, second, variant


def _order_line(channel, variant, quantity) -> OrderLine:
    order = Order.objects.create(number=Order.objects.count() + 1, channel=channel, currency="CNY")
    return OrderLine.objects.create(
        order=order,
        variant=variant,
        product_name="p",
        is_shipping_required=True,
        quantity=quantity,
        currency="CNY",
        unit_price_amount=1,
        undiscounted_unit_price_amount=1,
        total_price_amount=quantity,
        undiscounted_total_price_amount=quantity,
    )


def _allocated(line) -> dict[int, int]:
    return {a.stock.warehouse_id: a.quantity_allocated for a in line.allocations.all()}


def test_sorting_order_strategy_takes_the_first_warehouse_first(setup):
    channel, first, second, variant = setup
    line = _order_line(channel, variant, 5)

    stock_allocate_for_order(order_lines=[line], channel=channel, country_code="CN")

    assert _allocated(line) == {first.pk: 3, second.pk: 2}
    assert Stock.objects.get(warehouse=first).quantity_allocated == 3


def test_high_stock_strategy_takes_the_fullest_warehouse_first(setup):
    channel, _first, second, variant = setup
    channel.allocation_strategy = AllocationStrategy.PRIORITIZE_HIGH_STOCK
    channel.save()
    line = _order_line(channel, variant, 5)

    stock_allocate_for_order(order_lines=[line], channel=channel, country_code="CN")

    assert _allocated(line) == {second.pk: 5}


def test_warehouses_outside_the_destinations_zones_do_not_serve_it(setup):
    channel, _first, _second, variant = setup

    assert available_quantities(channel=channel, country_code="CN", variant_ids=[variant.pk]) == {
        variant.pk: 13
    }
    assert available_quantities(channel=channel, country_code="NP", variant_ids=[variant.pk]) == {}
    with pytest.raises(InsufficientStock) as error:
        stock_check_lines(channel=channel, country_code="NP", quantities={variant.pk: 1})
    assert (error.value.items[0].requested, error.value.items[0].available) == (1, 0)


def test_shortage_names_every_short_line_and_allocates_nothing(setup):
    channel, _first, _second, variant = setup
    other = ProductVariantFactory(product=variant.product)
    line, short_line = _order_line(channel, variant, 14), _order_line(channel, other, 1)

    with pytest.raises(InsufficientStock) as error:
        stock_allocate_for_order(order_lines=[line, short_line], channel=channel, country_code="CN")

    assert [(i.variant.pk, i.requested, i.available) for i in error.value.items] == [
        (variant.pk, 14, 13),
        (other.pk, 1, 0),
    ]
    assert not Allocation.objects.exists()
    assert sum(Stock.objects.values_list("quantity_allocated", flat=True)) == 0


def test_untracked_variants_need_no_stock(setup):
    channel, _first, _second, variant = setup
    untracked = ProductVariantFactory(product=variant.product, track_inventory=False)

    stock_check_lines(channel=channel, country_code="CN", quantities={untracked.pk: 500})
    line = _order_line(channel, untracked, 500)
    assert stock_allocate_for_order(order_lines=[line], channel=channel, country_code="CN") == []


def test_click_and_collect_local_uses_only_the_pickup_point(setup):
    channel, _first, second, variant = setup
    second.click_and_collect_option = ClickAndCollectOption.LOCAL_STOCK
    line = _order_line(channel, variant, 10)

    stock_allocate_for_order(
        order_lines=[line], channel=channel, country_code="CN", collection_point=second
    )
    assert _allocated(line) == {second.pk: 10}
    with pytest.raises(InsufficientStock):
        stock_check_lines(
            channel=channel, country_code="CN", quantities={variant.pk: 1}, collection_point=second
        )


def test_click_and_collect_all_starts_at_the_pickup_point(setup):
    channel, first, second, variant = setup
    second.click_and_collect_option = ClickAndCollectOption.ALL_WAREHOUSES
    line = _order_line(channel, variant, 12)

    stock_allocate_for_order(
        order_lines=[line], channel=channel, country_code="CN", collection_point=second
    )
    assert _allocated(line) == {second.pk: 10, first.pk: 2}


def test_cancelling_releases_what_the_order_held(setup):
    channel, _first, _second, variant = setup
    line = _order_line(channel, variant, 5)
    stock_allocate_for_order(order_lines=[line], channel=channel, country_code="CN")

    stock_deallocate_for_order(order=line.order)

    assert list(Stock.objects.order_by("pk").values_list("quantity_allocated", flat=True)) == [0, 0]
    assert not Allocation.objects.exists()
    stock_deallocate_for_order(order=line.order)  # twice changes nothing
    assert sum(Stock.objects.values_list("quantity_allocated", flat=True)) == 0


def test_fulfilling_decreases_stock_and_allocation(setup):
    channel, _first, second, variant = setup
    line = _order_line(channel, variant, 5)
    stock_allocate_for_order(order_lines=[line], channel=channel, country_code="CN")

    stock_fulfill(order_line=line, warehouse=second, quantity=4)

    first_stock, second_stock = Stock.objects.order_by("pk")
    # Two units came out of B's own allocation; two more were B's free units, so two of
    # A's allocated units went back to A.
    assert (second_stock.quantity, second_stock.quantity_allocated) == (6, 0)
    assert (first_stock.quantity, first_stock.quantity_allocated) == (3, 1)
    assert sum(line.allocations.values_list("quantity_allocated", flat=True)) == 1


def test_fulfilling_more_than_the_warehouse_holds_is_refused(setup):
    channel, first, _second, variant = setup
    line = _order_line(channel, variant, 5)
    stock_allocate_for_order(order_lines=[line], channel=channel, country_code="CN")

    with pytest.raises(InsufficientStock):
        stock_fulfill(order_line=line, warehouse=first, quantity=4)
    assert Stock.objects.get(warehouse=first).quantity == 3


def test_the_database_refuses_allocating_more_than_exists(setup):
    _channel, first, _second, _variant = setup
    with pytest.raises(IntegrityError), transaction.atomic():
        Stock.objects.filter(warehouse=first).update(quantity_allocated=4)


def _checkout(channel, variant, quantity) -> Checkout:
    checkout = Checkout.objects.create(channel=channel, currency="CNY")
    CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=quantity)
    return checkout


@override_settings(RESERVE_STOCK_DURATION_ANONYMOUS_USER=20)
def test_reservations_hold_stock_for_the_open_checkout_only(setup):
    channel, _first, _second, variant = setup
    holder = _checkout(channel, variant, 12)

    checkout_reservations_update(checkout=holder)

    assert Reservation.objects.filter(checkout_line__checkout=holder).count() == 2
    assert available_quantities(channel=channel, country_code="CN", variant_ids=[variant.pk]) == {
        variant.pk: 1
    }
    assert available_quantities(
        channel=channel, country_code="CN", variant_ids=[variant.pk], checkout=holder
    ) == {variant.pk: 13}
    other = _checkout(channel, variant, 2)
    with pytest.raises(InsufficientStock):
        checkout_reservations_update(checkout=other)
    # The holder's own reservation counts as free when it completes; then it is gone.
    line = _order_line(channel, variant, 12)
    stock_allocate_for_order(
        order_lines=[line], channel=channel, country_code="CN", checkout=holder
    )
    assert not Reservation.objects.filter(checkout_line__checkout=holder).exists()


@override_settings(RESERVE_STOCK_DURATION_ANONYMOUS_USER=20)
def test_expired_reservations_hold_nothing(setup):
    channel, _first, _second, variant = setup
    holder = _checkout(channel, variant, 13)
    checkout_reservations_update(checkout=holder)
    Reservation.objects.update(reserved_until=timezone.now() - timedelta(seconds=1))

    stock_check_lines(channel=channel, country_code="CN", quantities={variant.pk: 13})


def test_reservations_are_off_by_default(setup):
    channel, _first, _second, variant = setup
    checkout_reservations_update(checkout=_checkout(channel, variant, 2))
    assert not Reservation.objects.exists()
