"""Pickup hand-out at a showroom or station (showroom.pickups and /places/<id>/pickups/)."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import ClickAndCollectOption, Division, PlaceKind, StaffScope, Stock
from storefront.models import Fulfillment, Order, OrderChargeStatus, OrderStatus
from storefront.payments.base import PaymentSource
from storefront.payments.cash import CashGateway
from storefront.services import checkout as checkout_services
from storefront.services.checkout_complete import checkout_complete
from storefront.services.checkout_delivery import checkout_delivery_method_update
from storefront.services.checkout_lines import LineInput, checkout_lines_add
from storefront.services.payments_sessions import transaction_initialize
from tests.factories import ChannelFactory, StaffUserFactory, WarehouseFactory
from tests.factories.addresses import AddressFactory
from tests.factories.checkout import purchasable_variant

pytestmark = pytest.mark.django_db


def station(name: str):
    return WarehouseFactory(
        name=name,
        kind=PlaceKind.STATION,
        click_and_collect_option=ClickAndCollectOption.LOCAL_STOCK,
        street_address_1="八廓街 8 号",
        country_area="西藏自治区",
        postal_code="850000",
    )


@pytest.fixture
def channel():
    return ChannelFactory()


@pytest.fixture
def place(channel):
    return station("拉萨八廓街服务站")


@pytest.fixture
def variant(channel, place):
    return purchasable_variant(channel, price="45.00", stock=5, warehouse=place)


def pickup_order(channel, place, variant, quantity=2) -> Order:
    """A shopper's checkout collected at `place`, to be paid in cash at pickup."""
    checkout = checkout_services.checkout_create(channel=channel, email="zhuoma@example.com")
    checkout.collection_point = place
    checkout.billing_address = AddressFactory()
    checkout.save(update_fields=["collection_point", "billing_address"])
    checkout = checkout_lines_add(
        checkout=checkout, lines=[LineInput(variant_id=variant.pk, quantity=quantity)]
    )
    checkout = checkout_delivery_method_update(checkout=checkout, method=place)
    transaction_initialize(source=PaymentSource(checkout=checkout), gateway_id=CashGateway.id)
    return checkout_complete(checkout=checkout, user=None)


@pytest.fixture
def order(channel, place, variant):
    return pickup_order(channel, place, variant)


def clerk_of(place) -> Client:
    user = StaffUserFactory()
    StaffScope.objects.create(user=user, division=Division.objects.first(), place=place)
    client = Client()
    client.force_login(user)
    return client


def stock(place, variant) -> tuple[int, int]:
    row = Stock.objects.get(warehouse=place, product_variant=variant)
    return row.quantity, row.quantity_allocated


def hand_out(client, place, code):
    return client.post(reverse("showroom:pickup-hand-out", args=[place.pk]), {"pickup_code": code})


def test_the_page_lists_the_orders_waiting_here(
    channel, place, variant, order, django_assert_max_num_queries
):
    paid = pickup_order(channel, place, variant, quantity=1)
    Order.objects.filter(pk=paid.pk).update(charge_status=OrderChargeStatus.FULL)
    client = clerk_of(place)
    client.get(reverse("showroom:pickups", args=[place.pk]))

    with django_assert_max_num_queries(8):
        response = client.get(reverse("showroom:pickups", args=[place.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="pickup-code"' in page and "autofocus" in page
    assert f'id="pickup-{order.number}"' in page
    assert "次仁卓玛" in page
    assert "<td>2</td>" in page
    assert "待付：CNY 90.00" in page  # zh-Hans, the default language
    assert f'id="pickup-{paid.number}"' in page
    assert page.count('data-paid="yes"') == 1 and page.count('data-paid="no"') == 1
    assert order.pickup_code not in page


def test_a_cash_order_is_handed_out_by_its_code(place, variant, order):
    assert (order.status, order.charge_status) == (
        OrderStatus.UNFULFILLED,
        OrderChargeStatus.NONE,
    )
    assert stock(place, variant) == (5, 2)

    response = hand_out(clerk_of(place), place, f" {order.pickup_code} ")

    assert response.status_code == 302
    assert response["Location"] == reverse("showroom:receipt", args=[place.pk, order.pk])
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert order.charge_status == OrderChargeStatus.FULL
    assert order.total_charged_amount == Decimal("90.00")
    assert stock(place, variant) == (3, 0)
    assert Fulfillment.objects.filter(order=order).count() == 1
    receipt = clerk_of(place).get(response["Location"])
    assert receipt.status_code == 200
    # The page no longer lists it, and the code does not work twice.
    listed = clerk_of(place).get(reverse("showroom:pickups", args=[place.pk])).content.decode()
    assert f'id="pickup-{order.number}"' not in listed
    again = hand_out(clerk_of(place), place, order.pickup_code)
    assert again.status_code == 400
    assert stock(place, variant) == (3, 0)


def test_a_paid_order_is_only_fulfilled(place, variant, order):
    order.charge_status = OrderChargeStatus.FULL
    order.save(update_fields=["charge_status"])

    response = hand_out(clerk_of(place), place, order.pickup_code)

    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert order.total_charged_amount == 0
    assert stock(place, variant) == (3, 0)


@pytest.mark.parametrize("code", ["000000", ""])
def test_a_wrong_code_shows_the_error_and_changes_nothing(place, variant, order, code):
    code = code if code != order.pickup_code else "999999"

    response = hand_out(clerk_of(place), place, code)

    assert response.status_code == 400
    page = response.content.decode()
    assert "(NOT_FOUND)" in page or "(REQUIRED)" in page
    assert 'role="alert"' in page
    order.refresh_from_db()
    assert (order.status, order.charge_status) == (
        OrderStatus.UNFULFILLED,
        OrderChargeStatus.NONE,
    )
    assert stock(place, variant) == (5, 2)


def test_another_places_order_is_not_found_here(channel, place, order):
    other = station("日喀则服务站")
    other_variant = purchasable_variant(channel, price="45.00", stock=5, warehouse=other)
    other_order = pickup_order(channel, other, other_variant, quantity=1)

    response = hand_out(clerk_of(place), place, other_order.pickup_code)

    assert response.status_code == 400
    assert "(NOT_FOUND)" in response.content.decode()
    other_order.refresh_from_db()
    assert other_order.status == OrderStatus.UNFULFILLED
    assert stock(other, other_variant) == (5, 1)


def test_another_places_clerk_is_refused(place, variant, order):
    intruder = clerk_of(station("那曲服务站"))

    assert intruder.get(reverse("showroom:pickups", args=[place.pk])).status_code == 403
    assert hand_out(intruder, place, order.pickup_code).status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.UNFULFILLED
    assert stock(place, variant) == (5, 2)


def test_a_warehouse_has_no_pickup_page(channel):
    warehouse = WarehouseFactory()
    client = Client()
    client.force_login(StaffUserFactory(is_superuser=True))

    assert client.get(reverse("showroom:pickups", args=[warehouse.pk])).status_code == 404
