from decimal import Decimal

import pytest

from catalog.models import ChannelWarehouse, Division
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone
from tests.conftest import permission_denied
from tests.factories import ChannelFactory, WarehouseFactory
from tests.factories.shipping import ShippingMethodFactory, ShippingZoneFactory, shipping_method
from tests.factories.taxonomy import app_client, error_codes, staff_client

pytestmark = pytest.mark.django_db

ERRORS = "errors { field code message channels warehouses } shippingErrors { code }"
ZONE_CREATE = f"""
mutation($input: ShippingZoneCreateInput!) {{
  shippingZoneCreate(input: $input) {{
    shippingZone {{ id name description default countries {{ code }} channels {{ slug }}
      warehouses {{ slug }} divisions {{ code }} }}
    {ERRORS}
  }}
}}
"""
ZONE_UPDATE = f"""
mutation($id: ID!, $input: ShippingZoneUpdateInput!) {{
  shippingZoneUpdate(id: $id, input: $input) {{
    shippingZone {{ name channels {{ slug }} divisions {{ code }} }}
    {ERRORS}
  }}
}}
"""
ZONE_DELETE = f"""
mutation($id: ID!) {{
  shippingZoneDelete(id: $id) {{ shippingZone {{ id name }} {ERRORS} }}
}}
"""
PRICE_CREATE = f"""
mutation($input: ShippingPriceInput!) {{
  shippingPriceCreate(input: $input) {{
    shippingZone {{ name }}
    shippingMethod {{ name type minimumOrderWeight {{ value }} maximumOrderWeight {{ value }}
      minimumDeliveryDays maximumDeliveryDays description }}
    {ERRORS}
  }}
}}
"""
PRICE_UPDATE = f"""
mutation($id: ID!, $input: ShippingPriceInput!) {{
  shippingPriceUpdate(id: $id, input: $input) {{
    shippingMethod {{ name type maximumDeliveryDays }} {ERRORS}
  }}
}}
"""
PRICE_DELETE = f"""
mutation($id: ID!) {{
  shippingPriceDelete(id: $id) {{ shippingMethod {{ id name }} shippingZone {{ name }} {ERRORS} }}
}}
"""
LISTING_UPDATE = f"""
mutation($id: ID!, $input: ShippingMethodChannelListingInput!) {{
  shippingMethodChannelListingUpdate(id: $id, input: $input) {{
    shippingMethod {{ channelListings {{
      channel {{ slug }} price {{ amount }} minimumOrderPrice {{ amount }}
      maximumOrderPrice {{ amount }} remoteAreaSurcharge {{ amount }}
    }} }}
    {ERRORS}
  }}
}}
"""


def gid(instance) -> str:
    names = {ShippingZone: "ShippingZone", ShippingMethod: "ShippingMethodType"}
    return to_global_id(names.get(type(instance), type(instance).__name__), instance.pk)


def manager():
    return staff_client(PermissionEnum.MANAGE_SHIPPING)


@pytest.fixture
def zone():
    return ShippingZoneFactory(name="Tibet", channels=[ChannelFactory(slug="default-channel")])


@pytest.mark.parametrize("client_kind", ["anonymous", "customer", "staff", "app"])
def test_every_mutation_is_refused_without_manage_shipping(
    client_kind, api_client, user_api_client, zone
):
    method = ShippingMethodFactory(shipping_zone=zone)
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_PRODUCTS),
        "app": app_client(PermissionEnum.MANAGE_ORDERS),
    }[client_kind]
    calls = [
        (ZONE_CREATE, {"input": {"name": "New"}}),
        (ZONE_UPDATE, {"id": gid(zone), "input": {"name": "Renamed"}}),
        (ZONE_DELETE, {"id": gid(zone)}),
        (PRICE_CREATE, {"input": {"name": "EMS", "type": "PRICE", "shippingZone": gid(zone)}}),
        (PRICE_UPDATE, {"id": gid(method), "input": {"name": "Renamed"}}),
        (PRICE_DELETE, {"id": gid(method)}),
        (LISTING_UPDATE, {"id": gid(method), "input": {"removeChannels": []}}),
    ]

    for query, variables in calls:
        assert permission_denied(client.post_graphql(query, variables)), query

    assert ShippingZone.objects.get().name == "Tibet"
    assert ShippingMethod.objects.get().name == method.name


@pytest.mark.parametrize("make_client", [staff_client, app_client])
def test_create_zone_with_channels_warehouses_and_divisions(make_client):
    channel = ChannelFactory(slug="default-channel")
    warehouse = WarehouseFactory(slug="lhasa")
    ChannelWarehouse.objects.create(channel=channel, warehouse=warehouse)
    lhasa = Division.objects.get(code="540100")

    response = make_client(PermissionEnum.MANAGE_SHIPPING).post_graphql(
        ZONE_CREATE,
        {
            "input": {
                "name": "拉萨市",
                "description": "Same-city",
                "countries": ["cn"],
                "addChannels": [to_global_id("Channel", channel.pk)],
                "addWarehouses": [to_global_id("Warehouse", warehouse.pk)],
                "addDivisions": [to_global_id("Division", lhasa.pk)],
            }
        },
    )

    payload = response.data["shippingZoneCreate"]
    assert payload["errors"] == []
    assert payload["shippingZone"]["name"] == "拉萨市"
    assert payload["shippingZone"]["description"] == "Same-city"
    assert payload["shippingZone"]["default"] is False
    assert payload["shippingZone"]["countries"] == [{"code": "CN"}]
    assert payload["shippingZone"]["channels"] == [{"slug": "default-channel"}]
    assert payload["shippingZone"]["warehouses"] == [{"slug": "lhasa"}]
    assert payload["shippingZone"]["divisions"] == [{"code": "540100"}]


def test_create_zone_refuses_bad_input():
    ShippingZoneFactory(name="World", default=True)
    warehouse = WarehouseFactory()

    blank = manager().post_graphql(ZONE_CREATE, {"input": {"name": " "}})
    country = manager().post_graphql(ZONE_CREATE, {"input": {"name": "X", "countries": ["XYZ"]}})
    default = manager().post_graphql(ZONE_CREATE, {"input": {"name": "X", "default": True}})
    lonely = manager().post_graphql(
        ZONE_CREATE,
        {"input": {"name": "X", "addWarehouses": [to_global_id("Warehouse", warehouse.pk)]}},
    )
    bad_id = manager().post_graphql(
        ZONE_CREATE, {"input": {"name": "X", "addChannels": [to_global_id("Warehouse", 1)]}}
    )

    assert error_codes(blank.data["shippingZoneCreate"]) == [("name", "REQUIRED")]
    assert error_codes(country.data["shippingZoneCreate"]) == [("countries", "INVALID")]
    assert error_codes(default.data["shippingZoneCreate"]) == [("default", "ALREADY_EXISTS")]
    assert default.data["shippingZoneCreate"]["errors"][0]["message"] == (
        "Default shipping zone already exists."
    )
    assert error_codes(lonely.data["shippingZoneCreate"]) == [("addWarehouses", "INVALID")]
    assert lonely.data["shippingZoneCreate"]["errors"][0]["warehouses"] == [
        to_global_id("Warehouse", warehouse.pk)
    ]
    assert error_codes(bad_id.data["shippingZoneCreate"]) == [("addChannels", "GRAPHQL_ERROR")]
    assert bad_id.data["shippingZoneCreate"]["shippingErrors"] == [{"code": "GRAPHQL_ERROR"}]
    assert ShippingZone.objects.count() == 1


def test_update_zone_moves_channels_and_divisions(zone):
    old = zone.channels.get()
    method = shipping_method(zone, old, "10.00")
    new = ChannelFactory(slug="partner")
    zone.divisions.add(Division.objects.get(code="540000"))

    response = manager().post_graphql(
        ZONE_UPDATE,
        {
            "id": gid(zone),
            "input": {
                "name": "西藏",
                "addChannels": [to_global_id("Channel", new.pk)],
                "removeChannels": [to_global_id("Channel", old.pk)],
                "addDivisions": [to_global_id("Division", Division.objects.get(code="540100").pk)],
                "removeDivisions": [
                    to_global_id("Division", Division.objects.get(code="540000").pk)
                ],
            },
        },
    )

    assert response.data["shippingZoneUpdate"] == {
        "shippingZone": {
            "name": "西藏",
            "channels": [{"slug": "partner"}],
            "divisions": [{"code": "540100"}],
        },
        "errors": [],
        "shippingErrors": [],
    }
    assert not ShippingMethodChannelListing.objects.filter(shipping_method=method).exists()


def test_update_zone_refuses_an_id_both_added_and_removed(zone):
    channel_id = to_global_id("Channel", zone.channels.get().pk)

    response = manager().post_graphql(
        ZONE_UPDATE,
        {"id": gid(zone), "input": {"addChannels": [channel_id], "removeChannels": [channel_id]}},
    )

    errors = response.data["shippingZoneUpdate"]["errors"]
    assert error_codes(response.data["shippingZoneUpdate"]) == [
        ("channels", "DUPLICATED_INPUT_ITEM")
    ]
    assert errors[0]["channels"] == [channel_id]
    assert zone.channels.count() == 1


def test_update_missing_zone_is_not_found():
    missing = to_global_id("ShippingZone", 999)

    response = manager().post_graphql(ZONE_UPDATE, {"id": missing, "input": {"name": "X"}})

    assert error_codes(response.data["shippingZoneUpdate"]) == [("id", "NOT_FOUND")]


def test_delete_zone_returns_it_and_removes_its_methods(zone):
    ShippingMethodFactory(shipping_zone=zone)

    response = manager().post_graphql(ZONE_DELETE, {"id": gid(zone)})

    assert response.data["shippingZoneDelete"]["shippingZone"] == {"id": gid(zone), "name": "Tibet"}
    assert not ShippingZone.objects.exists()
    assert not ShippingMethod.objects.exists()


def test_create_shipping_price(zone):
    response = manager().post_graphql(
        PRICE_CREATE,
        {
            "input": {
                "name": "顺丰 重货",
                "type": "WEIGHT",
                "shippingZone": gid(zone),
                "minimumOrderWeight": 5,
                "maximumOrderWeight": 30,
                "minimumDeliveryDays": 2,
                "maximumDeliveryDays": 5,
            }
        },
    )

    payload = response.data["shippingPriceCreate"]
    assert payload["errors"] == []
    assert payload["shippingZone"] == {"name": "Tibet"}
    assert payload["shippingMethod"] == {
        "name": "顺丰 重货",
        "type": "WEIGHT",
        "minimumOrderWeight": {"value": 5.0},
        "maximumOrderWeight": {"value": 30.0},
        "minimumDeliveryDays": 2,
        "maximumDeliveryDays": 5,
        "description": None,
    }
    assert ShippingMethod.objects.get().maximum_order_weight == Decimal(30)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"minimumOrderWeight": -1}, [("minimumOrderWeight", "INVALID")]),
        (
            {"minimumOrderWeight": 5, "maximumOrderWeight": 5},
            [("maximumOrderWeight", "MAX_LESS_THAN_MIN")],
        ),
        ({"minimumDeliveryDays": -1}, [("minimumDeliveryDays", "INVALID")]),
        (
            {"minimumDeliveryDays": 5, "maximumDeliveryDays": 2},
            [("minimumDeliveryDays", "INVALID")],
        ),
        ({"name": ""}, [("name", "REQUIRED")]),
        ({"shippingZone": None}, [("shippingZone", "REQUIRED")]),
        ({"shippingZone": to_global_id("ShippingZone", 999)}, [("shippingZone", "NOT_FOUND")]),
    ],
)
def test_create_shipping_price_refuses_bad_input(zone, extra, expected):
    data = {"name": "EMS", "type": "PRICE", "shippingZone": gid(zone), **extra}

    response = manager().post_graphql(PRICE_CREATE, {"input": data})

    assert error_codes(response.data["shippingPriceCreate"]) == expected
    assert not ShippingMethod.objects.exists()


def test_update_and_delete_shipping_price(zone):
    method = ShippingMethodFactory(shipping_zone=zone, name="EMS", maximum_delivery_days=3)

    updated = manager().post_graphql(
        PRICE_UPDATE, {"id": gid(method), "input": {"name": "EMS 标准", "type": "WEIGHT"}}
    )
    too_fast = manager().post_graphql(
        PRICE_UPDATE, {"id": gid(method), "input": {"minimumDeliveryDays": 4}}
    )
    deleted = manager().post_graphql(PRICE_DELETE, {"id": gid(method)})

    assert updated.data["shippingPriceUpdate"]["shippingMethod"] == {
        "name": "EMS 标准",
        "type": "WEIGHT",
        "maximumDeliveryDays": 3,
    }
    assert error_codes(too_fast.data["shippingPriceUpdate"]) == [("minimumDeliveryDays", "INVALID")]
    assert deleted.data["shippingPriceDelete"]["shippingMethod"] == {
        "id": gid(method),
        "name": "EMS 标准",
    }
    assert deleted.data["shippingPriceDelete"]["shippingZone"] == {"name": "Tibet"}
    assert not ShippingMethod.objects.exists()


def test_channel_listing_update_adds_updates_and_removes(zone):
    channel = zone.channels.get()
    partner = ChannelFactory(slug="partner")
    zone.channels.add(partner)
    method = shipping_method(zone, partner, "9.00")
    channel_id, partner_id = (to_global_id("Channel", c.pk) for c in (channel, partner))

    response = manager().post_graphql(
        LISTING_UPDATE,
        {
            "id": gid(method),
            "input": {
                "addChannels": [
                    {
                        "channelId": channel_id,
                        "price": "12.50",
                        "minimumOrderPrice": "0",
                        "maximumOrderPrice": "500",
                        "remoteAreaSurcharge": "18",
                    }
                ],
                "removeChannels": [partner_id],
            },
        },
    )

    payload = response.data["shippingMethodChannelListingUpdate"]
    assert payload["errors"] == []
    assert payload["shippingMethod"]["channelListings"] == [
        {
            "channel": {"slug": "default-channel"},
            "price": {"amount": 12.5},
            "minimumOrderPrice": {"amount": 0.0},
            "maximumOrderPrice": {"amount": 500.0},
            "remoteAreaSurcharge": {"amount": 18.0},
        }
    ]


def test_channel_listing_update_keeps_the_price_when_not_given(zone):
    channel = zone.channels.get()
    method = shipping_method(zone, channel, "9.00")

    response = manager().post_graphql(
        LISTING_UPDATE,
        {
            "id": gid(method),
            "input": {
                "addChannels": [
                    {"channelId": to_global_id("Channel", channel.pk), "remoteAreaSurcharge": "5"}
                ]
            },
        },
    )

    listing = response.data["shippingMethodChannelListingUpdate"]["shippingMethod"][
        "channelListings"
    ][0]
    assert listing["price"] == {"amount": 9.0}
    assert listing["remoteAreaSurcharge"] == {"amount": 5.0}


def test_channel_listing_update_refuses_bad_input(zone):
    channel = zone.channels.get()
    outsider = ChannelFactory(slug="outsider")
    method = ShippingMethodFactory(shipping_zone=zone)
    channel_id, outsider_id = (to_global_id("Channel", c.pk) for c in (channel, outsider))

    def call(input_):
        response = manager().post_graphql(LISTING_UPDATE, {"id": gid(method), "input": input_})
        return response.data["shippingMethodChannelListingUpdate"]

    foreign = call({"addChannels": [{"channelId": outsider_id, "price": "1"}]})
    no_price = call({"addChannels": [{"channelId": channel_id}]})
    bounds = call(
        {
            "addChannels": [
                {
                    "channelId": channel_id,
                    "price": "1",
                    "minimumOrderPrice": "10",
                    "maximumOrderPrice": "5",
                }
            ]
        }
    )
    both = call(
        {"addChannels": [{"channelId": channel_id, "price": "1"}], "removeChannels": [channel_id]}
    )

    assert error_codes(foreign) == [("addChannels", "INVALID")]
    assert foreign["errors"][0]["channels"] == [outsider_id]
    assert error_codes(no_price) == [("price", "REQUIRED")]
    assert no_price["errors"][0]["channels"] == [channel_id]
    assert error_codes(bounds) == [("maximumOrderPrice", "MAX_LESS_THAN_MIN")]
    assert error_codes(both) == [("channels", "DUPLICATED_INPUT_ITEM")]
    assert not ShippingMethodChannelListing.objects.exists()


@pytest.mark.parametrize(
    "field, value",
    [("inclusionType", "EXCLUDE"), ("addPostalCodeRules", [{"start": "850000"}])],
)
def test_saleor_inputs_we_do_not_act_on_are_refused_by_name(zone, field, value):
    response = manager().post_graphql(
        PRICE_CREATE,
        {"input": {"name": "邮政", "type": "PRICE", "shippingZone": gid(zone), field: value}},
    )

    assert response.errors[0]["message"] == f"Input field `{field}` is not supported."
    assert not ShippingMethod.objects.filter(name="邮政").exists()
