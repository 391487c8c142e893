import pytest

from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import permission_denied
from tests.factories import ChannelFactory, WarehouseFactory
from tests.factories.shipping import ShippingZoneFactory, shipping_method
from tests.factories.taxonomy import app_client, staff_client

pytestmark = pytest.mark.django_db

ZONES = """
query($first: Int, $after: String, $filter: ShippingZoneFilterInput, $channel: String) {
  shippingZones(first: $first, after: $after, filter: $filter, channel: $channel) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      name default countries { code country } description
      channels { slug } warehouses { slug } divisions { code }
      priceRange { start { amount currency } stop { amount } }
      shippingMethods {
        name type minimumOrderWeight { unit value } maximumDeliveryDays
        minimumOrderPrice { amount } maximumOrderPrice { amount }
        channelListings {
          channel { slug } price { amount currency } remoteAreaSurcharge { amount }
          minimumOrderPrice { amount } maximumOrderPrice { amount }
        }
      }
    } }
  }
}
"""
ZONE = """
query($id: ID!, $channel: String) {
  shippingZone(id: $id, channel: $channel) {
    id name metadata { key } privateMetadata { key }
    shippingMethods { id name maximumOrderPrice { amount } }
  }
}
"""


def gid(zone) -> str:
    return to_global_id("ShippingZone", zone.pk)


@pytest.fixture
def tibet_zone():
    channel = ChannelFactory(slug="default-channel")
    other = ChannelFactory(slug="partner")
    zone = ShippingZoneFactory(
        name="西藏自治区", countries="", channels=[channel, other], divisions=["540000"]
    )
    zone.warehouses.add(WarehouseFactory(slug="lhasa"))
    shipping_method(
        zone, channel, "12.00", name="EMS", remote_area_surcharge="18", maximum_order_price="500"
    )
    shipping_method(zone, other, "9.00", name="Partner post")
    return zone


@pytest.mark.parametrize("client_kind", ["anonymous", "customer", "staff", "app"])
def test_zones_are_refused_without_manage_shipping(
    client_kind, api_client, user_api_client, tibet_zone
):
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_PRODUCTS),
        "app": app_client(PermissionEnum.MANAGE_ORDERS),
    }[client_kind]

    assert permission_denied(client.post_graphql(ZONES, {"first": 10}))
    assert permission_denied(client.post_graphql(ZONE, {"id": gid(tibet_zone)}))


@pytest.mark.parametrize("make_client", [staff_client, app_client])
def test_manager_lists_zones_with_methods_and_listings(make_client, tibet_zone):
    response = make_client(PermissionEnum.MANAGE_SHIPPING).post_graphql(ZONES, {"first": 10})

    node = response.data["shippingZones"]["edges"][0]["node"]
    assert response.data["shippingZones"]["totalCount"] == 1
    assert node["name"] == "西藏自治区"
    assert node["default"] is False
    assert node["countries"] == []
    assert node["channels"] == [{"slug": "default-channel"}, {"slug": "partner"}]
    assert node["warehouses"] == [{"slug": "lhasa"}]
    assert node["divisions"] == [{"code": "540000"}]
    assert node["priceRange"] is None
    assert node["shippingMethods"][0] == {
        "name": "EMS",
        "type": "PRICE",
        "minimumOrderWeight": {"unit": "KG", "value": 0.0},
        "maximumDeliveryDays": None,
        "minimumOrderPrice": None,
        "maximumOrderPrice": None,
        "channelListings": [
            {
                "channel": {"slug": "default-channel"},
                "price": {"amount": 12.0, "currency": "CNY"},
                "remoteAreaSurcharge": {"amount": 18.0},
                "minimumOrderPrice": {"amount": 0.0},
                "maximumOrderPrice": {"amount": 500.0},
            }
        ],
    }


def test_channel_argument_narrows_methods_and_prices(tibet_zone):
    client = staff_client(PermissionEnum.MANAGE_SHIPPING)

    response = client.post_graphql(ZONES, {"first": 10, "channel": "default-channel"})

    node = response.data["shippingZones"]["edges"][0]["node"]
    assert [m["name"] for m in node["shippingMethods"]] == ["EMS"]
    assert node["shippingMethods"][0]["maximumOrderPrice"] == {"amount": 500.0}
    assert node["priceRange"] == {
        "start": {"amount": 12.0, "currency": "CNY"},
        "stop": {"amount": 12.0},
    }


def test_zones_filter_by_search_and_channels(tibet_zone):
    channel = ChannelFactory(slug="solo")
    ShippingZoneFactory(name="China", channels=[channel])
    client = staff_client(PermissionEnum.MANAGE_SHIPPING)

    by_search = client.post_graphql(ZONES, {"first": 10, "filter": {"search": "chin"}})
    by_channel = client.post_graphql(
        ZONES, {"first": 10, "filter": {"channels": [to_global_id("Channel", channel.pk)]}}
    )

    assert [e["node"]["name"] for e in by_search.data["shippingZones"]["edges"]] == ["China"]
    assert [e["node"]["name"] for e in by_channel.data["shippingZones"]["edges"]] == ["China"]


def test_unknown_channel_is_an_error(tibet_zone):
    response = staff_client(PermissionEnum.MANAGE_SHIPPING).post_graphql(
        ZONES, {"first": 10, "channel": "nope"}
    )

    assert response.errors[0]["message"] == "Channel with 'nope' slug does not exist."


def test_zones_paginate_by_cursor(tibet_zone):
    ShippingZoneFactory(name="Second")
    client = staff_client(PermissionEnum.MANAGE_SHIPPING)

    first = client.post_graphql(ZONES, {"first": 1})
    cursor = first.data["shippingZones"]["pageInfo"]["endCursor"]
    second = client.post_graphql(ZONES, {"first": 1, "after": cursor})

    assert first.data["shippingZones"]["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["name"] for e in second.data["shippingZones"]["edges"]] == ["Second"]
    assert second.data["shippingZones"]["pageInfo"]["hasNextPage"] is False


def test_zone_by_id_with_private_metadata(tibet_zone):
    tibet_zone.private_metadata = {"carrier": "ems"}
    tibet_zone.save()

    response = staff_client(PermissionEnum.MANAGE_SHIPPING).post_graphql(
        ZONE, {"id": gid(tibet_zone), "channel": "partner"}
    )

    zone = response.data["shippingZone"]
    assert zone["id"] == gid(tibet_zone)
    assert zone["privateMetadata"] == [{"key": "carrier"}]
    assert [m["name"] for m in zone["shippingMethods"]] == ["Partner post"]


def test_missing_zone_is_null():
    response = staff_client(PermissionEnum.MANAGE_SHIPPING).post_graphql(
        ZONE, {"id": to_global_id("ShippingZone", 999)}
    )

    assert response.data["shippingZone"] is None


def _zones(count: int) -> None:
    channel = ChannelFactory(slug="default-channel")
    for index in range(count):
        zone = ShippingZoneFactory(name=f"Zone {index}", channels=[channel], divisions=["540000"])
        zone.warehouses.add(WarehouseFactory())
        shipping_method(zone, channel, "5.00")
        shipping_method(zone, channel, "7.00")


@pytest.mark.parametrize("count", [1, 6])
def test_zone_page_query_count_does_not_grow(count, django_assert_num_queries):
    _zones(count)
    client = staff_client(PermissionEnum.MANAGE_SHIPPING)
    client.post_graphql(ZONES, {"first": 10})  # warm the per-process caches

    with django_assert_num_queries(11):
        response = client.post_graphql(ZONES, {"first": 10, "channel": "default-channel"})

    assert len(response.data["shippingZones"]["edges"]) == count
