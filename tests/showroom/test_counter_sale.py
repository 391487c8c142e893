"""The counter sale of a showroom (showroom.counter and its pages at /places/<id>/counter/)."""

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import ClickAndCollectOption, PlaceKind, Stock
from storefront.models import (
    Checkout,
    Order,
    OrderChargeStatus,
    OrderStatus,
    Reservation,
)
from storefront.selectors.stock import available_quantities
from tests.factories import ChannelFactory, StaffUserFactory, WarehouseFactory
from tests.factories.catalog import sellable_product
from tests.factories.checkout import purchasable_variant
from tests.showroom.helpers import logged_in, showroom_place, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel():
    return ChannelFactory()


@pytest.fixture
def place(channel):
    return showroom_place()


@pytest.fixture
def variant(channel, place):
    return purchasable_variant(channel, price="50.00", stock=5, warehouse=place)


def shelf(place, variant) -> int:
    return Stock.objects.get(warehouse=place, product_variant=variant).quantity


def add(client, place, sku, quantity=1):
    return client.post(
        reverse("showroom:counter", args=[place.pk]), {"sku": sku, "quantity": quantity}
    )


def sell(client, place, payment="cash"):
    return client.post(reverse("showroom:counter-sell", args=[place.pk]), {"payment": payment})


def test_counter_page_has_autofocused_sku_input(place):
    response = staff_of(place).get(reverse("showroom:counter", args=[place.pk]))

    assert response.status_code == 200
    assert b'id="sku"' in response.content
    assert b"autofocus" in response.content


@pytest.mark.parametrize("payment", ["cash", "dummy"])
def test_clerk_sells_by_sku_and_product_url(place, channel, variant, payment):
    client = staff_of(place)
    before = available_quantities(
        channel=channel, country_code="CN", variant_ids=[variant.pk], collection_point=place
    )[variant.pk]

    assert add(client, place, variant.sku).status_code == 302
    url = f"https://shop.example/products/{variant.product.slug}/"
    assert add(client, place, url).status_code == 302
    response = sell(client, place, payment)

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("showroom:receipt", args=[place.pk, order.pk])
    assert order.channel == channel
    assert order.collection_point == place
    assert order.status == OrderStatus.FULFILLED
    assert order.charge_status == OrderChargeStatus.FULL
    assert order.total_charged_amount == order.total_amount == 100
    line = order.lines.get()
    assert (line.quantity, line.quantity_fulfilled) == (2, 2)
    assert shelf(place, variant) == 3
    assert Stock.objects.get(warehouse=place, product_variant=variant).quantity_allocated == 0
    assert not Checkout.objects.exists()
    after = available_quantities(
        channel=channel, country_code="CN", variant_ids=[variant.pk], collection_point=place
    )[variant.pk]
    assert after == before - 2
    shipped = available_quantities(channel=channel, country_code="CN", variant_ids=[variant.pk])
    assert shipped[variant.pk] == 3

    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    text = receipt.content.decode()
    assert f"#{order.number}" in text
    assert "100.000" in text or "100.00" in text
    assert "80mm" in text
    assert "window.print()" in text
    assert place.name in text
    # The list is emptied for the next customer.
    assert client.session.get(f"showroom_counter:{place.pk}") == []


def test_selling_more_than_the_shelf_holds_changes_nothing(place, variant):
    client = staff_of(place)
    add(client, place, variant.sku, quantity=6)

    response = sell(client, place)

    assert response.status_code == 400
    assert "INSUFFICIENT_STOCK" in response.content.decode()
    assert shelf(place, variant) == 5
    assert Stock.objects.get(warehouse=place, product_variant=variant).quantity_allocated == 0
    assert not Order.objects.exists()
    assert not Checkout.objects.exists()
    assert not Reservation.objects.exists()
    # The list is kept so the clerk can correct it.
    assert client.session[f"showroom_counter:{place.pk}"] == [[variant.pk, 6]]


def test_unknown_sku_is_shown(place, variant):
    response = add(staff_of(place), place, "NO-SUCH-SKU")

    assert response.status_code == 400
    assert "NOT_FOUND" in response.content.decode()


def test_another_places_clerk_is_refused(place, variant):
    other = WarehouseFactory(
        kind=PlaceKind.SHOWROOM, click_and_collect_option=ClickAndCollectOption.LOCAL_STOCK
    )
    client = staff_of(other)

    assert client.get(reverse("showroom:counter", args=[place.pk])).status_code == 403
    assert add(client, place, variant.sku).status_code == 403
    assert sell(client, place).status_code == 403
    assert not Order.objects.exists()
    assert shelf(place, variant) == 5


def test_anonymous_and_customers_are_refused(place):
    url = reverse("showroom:counter", args=[place.pk])
    assert Client().get(url).status_code == 403


def test_superuser_may_work_any_counter(place):
    client = logged_in(StaffUserFactory(is_superuser=True))

    assert client.get(reverse("showroom:counter", args=[place.pk])).status_code == 200


def test_receipt_of_another_place_is_not_found(place, channel, variant):
    client = staff_of(place)
    add(client, place, variant.sku)
    order = Order.objects.get(pk=_location_order(sell(client, place)))
    other = WarehouseFactory(
        kind=PlaceKind.SHOWROOM, click_and_collect_option=ClickAndCollectOption.LOCAL_STOCK
    )

    response = staff_of(other).get(reverse("showroom:receipt", args=[other.pk, order.pk]))

    assert response.status_code == 404


def _location_order(response) -> str:
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_place_not_collecting_from_local_stock_is_refused(place, variant):
    place.click_and_collect_option = ClickAndCollectOption.ALL_WAREHOUSES
    place.save(update_fields=["click_and_collect_option"])
    client = staff_of(place)
    add(client, place, variant.sku)

    response = sell(client, place)

    assert response.status_code == 400
    assert "LOCAL" in response.content.decode()
    assert not Order.objects.exists()
    assert shelf(place, variant) == 5


def test_warehouse_has_no_counter(channel):
    store = WarehouseFactory(kind=PlaceKind.WAREHOUSE)
    client = logged_in(StaffUserFactory(is_superuser=True))

    assert client.get(reverse("showroom:counter", args=[store.pk])).status_code == 404


def test_place_outside_every_shipping_zone_still_sells(channel):
    place = WarehouseFactory(
        kind=PlaceKind.STATION, click_and_collect_option=ClickAndCollectOption.LOCAL_STOCK
    )
    variant = sellable_product(channel, price="20.00", stock=4, warehouse=place).default_variant
    client = staff_of(place)
    add(client, place, variant.sku, quantity=2)

    response = sell(client, place, "dummy")

    assert response.status_code == 302, response.content.decode()
    assert shelf(place, variant) == 2
