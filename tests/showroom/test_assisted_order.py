"""Assisted ordering (代买) at a village station: showroom.assisted and
/places/<id>/assisted-order/."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import (
    ClickAndCollectOption,
    Division,
    PlaceKind,
    Stock,
)
from catalog.services.search_index import products_search_index_update
from infra.errors import ValidationFailed
from infra.ids import to_global_id
from showroom.assisted import ASSISTED_BY_OPERATOR, ASSISTED_BY_PLACE, assisted_order_place
from showroom.pickups import pickup_hand_out
from storefront.models import (
    Allocation,
    Checkout,
    Order,
    OrderChargeStatus,
    OrderStatus,
)
from tests.conftest import ApiClient, permission_denied
from tests.factories import ChannelFactory, StaffUserFactory, WarehouseFactory
from tests.factories.checkout import purchasable_variant
from tests.showroom.helpers import logged_in, staff_member, staff_of

pytestmark = pytest.mark.django_db

LINZHOU = "540121"


def station(name: str = "林周县卡孜乡服务站", **kwargs):
    return WarehouseFactory(
        name=name,
        kind=kwargs.pop("kind", PlaceKind.STATION),
        click_and_collect_option=kwargs.pop(
            "click_and_collect_option", ClickAndCollectOption.LOCAL_STOCK
        ),
        street_address_1="卡孜乡 1 号",
        country_area="西藏自治区",
        division=Division.objects.get(code=LINZHOU),
        **kwargs,
    )


@pytest.fixture
def channel():
    return ChannelFactory()


@pytest.fixture
def place(channel):
    return station()


@pytest.fixture
def variant(channel, place):
    return purchasable_variant(channel, price="30.00", stock=5, warehouse=place, name="酥油茶")


@pytest.fixture
def operator(place):
    return staff_member(place, division=place.division, email="operator@station.example")


def url(place, name="showroom:assisted-order") -> str:
    return reverse(name, args=[place.pk])


def add(client, place, sku, quantity=1):
    return client.post(url(place), {"sku": sku, "quantity": quantity})


def place_order(client, place, name="次仁", phone="13800000000"):
    return client.post(
        url(place, "showroom:assisted-order-place"),
        {"villager_name": name, "villager_phone": phone},
    )


def stock(place, variant) -> tuple[int, int]:
    row = Stock.objects.get(warehouse=place, product_variant=variant)
    return row.quantity, row.quantity_allocated


def test_operator_orders_for_a_villager_and_takes_cash(place, variant, operator):
    client = logged_in(operator)
    assert add(client, place, variant.sku, quantity=2).status_code == 302

    response = place_order(client, place)

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "showroom:assisted-order-slip", args=[place.pk, order.pk]
    )
    assert order.collection_point == place
    assert order.status == OrderStatus.UNFULFILLED
    assert order.charge_status == OrderChargeStatus.FULL
    assert order.total_charged_amount == order.total_amount == 60
    assert len(order.pickup_code) == 6 and order.pickup_code.isdigit()
    # The villager is on the billing address only; the operator's e-mail gets the notices.
    assert order.user is None
    assert order.user_email == "operator@station.example"
    assert (order.billing_address.first_name, order.billing_address.phone) == (
        "次仁",
        "13800000000",
    )
    assert order.private_metadata == {
        ASSISTED_BY_PLACE: str(place.pk),
        ASSISTED_BY_OPERATOR: str(operator.pk),
    }
    assert order.metadata == {}
    # Stock is allocated for the pickup, not yet handed out.
    assert stock(place, variant) == (5, 2)
    assert not Checkout.objects.exists()
    assert client.session[f"showroom_assisted:{place.pk}"] == []

    slip = client.get(response["Location"])
    text = slip.content.decode()
    assert slip.status_code == 200
    assert order.pickup_code in text
    assert "次仁" in text
    assert f"#{order.number}" in text
    assert "80mm" in text
    assert "window.print()" in text

    # The villager collects through the existing pickups page: already paid, only handed out.
    pickups = client.get(reverse("showroom:pickups", args=[place.pk])).content.decode()
    assert "次仁" in pickups
    assert 'data-paid="yes"' in pickups
    handed = pickup_hand_out(place=place, pickup_code=order.pickup_code, clerk=operator)
    assert handed.status == OrderStatus.FULFILLED
    assert stock(place, variant) == (3, 0)


def test_a_villager_without_phone_is_served(place, variant, operator):
    client = logged_in(operator)
    add(client, place, variant.sku)

    response = place_order(client, place, name="  扎西  ", phone="")

    assert response.status_code == 302
    order = Order.objects.get()
    assert order.billing_address.first_name == "扎西"
    assert order.billing_address.phone == ""
    assert order.charge_status == OrderChargeStatus.FULL


@pytest.mark.parametrize(
    "name, phone, field",
    [("", "13800000000", "villagerName"), ("次仁", "call me", "villagerPhone")],
)
def test_villager_details_are_checked_and_nothing_is_written(
    place, variant, operator, name, phone, field
):
    client = logged_in(operator)
    add(client, place, variant.sku)

    response = place_order(client, place, name=name, phone=phone)

    assert response.status_code == 400
    assert "INVALID" in response.content.decode() or "REQUIRED" in response.content.decode()
    assert not Order.objects.exists()
    assert not Checkout.objects.exists()
    assert stock(place, variant) == (5, 0)
    # The list stays for the operator to correct.
    assert client.session[f"showroom_assisted:{place.pk}"] == [[variant.pk, 1]]
    with pytest.raises(ValidationFailed) as caught:
        assisted_order_place(
            place=place,
            lines=[(variant, 1)],
            villager_name=name,
            villager_phone=phone,
            operator=operator,
        )
    assert [error.field for error in caught.value.errors] == [field]


def test_more_than_the_stock_changes_nothing(place, variant, operator):
    client = logged_in(operator)
    add(client, place, variant.sku, quantity=6)

    response = place_order(client, place)

    assert response.status_code == 400
    assert "INSUFFICIENT_STOCK" in response.content.decode()
    assert not Order.objects.exists()
    assert not Checkout.objects.exists()
    assert stock(place, variant) == (5, 0)


def test_station_collecting_from_every_warehouse_orders_goods_it_does_not_hold(channel):
    place = station(click_and_collect_option=ClickAndCollectOption.ALL_WAREHOUSES)
    store = WarehouseFactory(name="林周县仓库")
    variant = purchasable_variant(channel, price="12.00", stock=4, warehouse=store)
    place.channels.add(channel)
    operator = StaffUserFactory()

    order = assisted_order_place(
        place=place,
        lines=[(variant.sku, 3)],
        villager_name="卓玛",
        villager_phone="",
        operator=operator,
    )

    assert order.collection_point == place
    assert order.charge_status == OrderChargeStatus.FULL
    allocation = Allocation.objects.get(order_line__order=order)
    assert (allocation.stock.warehouse, allocation.quantity_allocated) == (store, 3)
    assert order.pickup_code


def test_showroom_may_order_for_a_villager_too(channel):
    place = station(name="拉萨展示展销中心", kind=PlaceKind.SHOWROOM)
    variant = purchasable_variant(channel, price="8.00", stock=2, warehouse=place)

    order = assisted_order_place(
        place=place,
        lines=[(variant, 1)],
        villager_name="拉姆",
        villager_phone="",
        operator=StaffUserFactory(),
    )

    assert order.charge_status == OrderChargeStatus.FULL


def test_operator_finds_products_by_search_and_adds_them(place, variant, operator):
    products_search_index_update(product_ids=[variant.product_id])
    client = logged_in(operator)

    page = client.get(url(place), {"q": "酥油茶"}).content.decode()
    assert "酥油茶" in page
    assert f'name="variant" value="{variant.pk}"' in page

    response = client.post(url(place), {"variant": variant.pk, "quantity": 2})

    assert response.status_code == 302
    assert client.session[f"showroom_assisted:{place.pk}"] == [[variant.pk, 2]]


def test_search_leaves_out_products_of_other_channels(place, variant, operator):
    elsewhere = purchasable_variant(ChannelFactory(), price="5.00", name="酥油茶砖")
    products_search_index_update(product_ids=[variant.product_id, elsewhere.product_id])

    page = logged_in(operator).get(url(place), {"q": "酥油茶"}).content.decode()

    assert f'value="{variant.pk}"' in page
    assert f'value="{elsewhere.pk}"' not in page


def test_the_list_renders_in_bounded_queries(
    place, channel, variant, operator, django_assert_max_num_queries
):
    client = logged_in(operator)
    for index in range(5):
        other = purchasable_variant(channel, price="1.00", stock=9, warehouse=place)
        add(client, place, other.sku, quantity=index + 1)

    with django_assert_max_num_queries(8):
        response = client.get(url(place))

    assert response.content.decode().count('name="action" value="remove"') == 5


def test_other_places_staff_are_refused(place, variant, operator):
    client = logged_in(operator)
    add(client, place, variant.sku)
    place_order(client, place)
    order = Order.objects.get()
    stranger = staff_of(station(name="另一个服务站"))

    assert stranger.get(url(place)).status_code == 403
    assert add(stranger, place, variant.sku).status_code == 403
    assert place_order(stranger, place).status_code == 403
    slip = reverse("showroom:assisted-order-slip", args=[place.pk, order.pk])
    assert stranger.get(slip).status_code == 403
    assert Client().get(url(place)).status_code == 403
    assert Order.objects.count() == 1


def test_a_warehouse_has_no_assisted_ordering():
    store = WarehouseFactory(kind=PlaceKind.WAREHOUSE)

    response = logged_in(StaffUserFactory(is_superuser=True)).get(url(store))

    assert response.status_code == 404


def test_the_slip_is_only_for_assisted_orders(place, variant, operator):
    client = logged_in(operator)
    client.post(reverse("showroom:counter", args=[place.pk]), {"sku": variant.sku})
    client.post(reverse("showroom:counter-sell", args=[place.pk]), {"payment": "cash"})
    counter_order = Order.objects.get()

    slip = reverse("showroom:assisted-order-slip", args=[place.pk, counter_order.pk])

    assert client.get(slip).status_code == 404


def test_the_villager_and_the_assistance_stay_private_in_the_api(place, variant, operator):
    order = assisted_order_place(
        place=place,
        lines=[(variant, 1)],
        villager_name="次仁",
        villager_phone="13800000000",
        operator=operator,
    )
    public = "query($id: ID!) { order(id: $id) { number metadata { key value } } }"
    private = "query($id: ID!) { order(id: $id) { privateMetadata { key value } } }"
    order_id = to_global_id("Order", order.pk)

    response = ApiClient().post_graphql(public, {"id": order_id})
    denied = ApiClient().post_graphql(private, {"id": order_id})

    assert response.data["order"] == {"number": str(order.number), "metadata": []}
    assert permission_denied(denied)
    assert "assisted" not in json.dumps(denied.body.get("data"))
