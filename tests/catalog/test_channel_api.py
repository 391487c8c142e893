import pytest

from catalog.models import Channel, ChannelWarehouse
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import permission_denied
from tests.factories import ChannelFactory, WarehouseFactory
from tests.factories.taxonomy import app_client, error_codes, staff_client

pytestmark = pytest.mark.django_db

CHANNEL_QUERY = """
query($id: ID, $slug: String) {
  channel(id: $id, slug: $slug) { id slug metadata { key value } }
}
"""
CHANNEL_DETAILS = """
query($slug: String) {
  channel(slug: $slug) {
    name isActive currencyCode defaultCountry { code country }
    warehouses { slug } stockSettings { allocationStrategy }
  }
}
"""
CHANNELS = "query { channels { slug name currencyCode warehouses { slug } } }"
CREATE = """
mutation($input: ChannelCreateInput!) {
  channelCreate(input: $input) {
    channel {
      id name slug isActive currencyCode defaultCountry { code }
      warehouses { slug } stockSettings { allocationStrategy }
      metadata { key value }
    }
    errors { field code message warehouses }
    channelErrors { code }
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: ChannelUpdateInput!) {
  channelUpdate(id: $id, input: $input) {
    channel { slug name isActive warehouses { slug } stockSettings { allocationStrategy } }
    errors { field code message warehouses }
  }
}
"""


def test_channel_by_slug_is_public_and_shows_its_public_data(api_client):
    channel = ChannelFactory(slug="lhasa", metadata={"region": "拉萨"})

    response = api_client.post_graphql(CHANNEL_QUERY, {"slug": "lhasa"})

    assert response.data["channel"] == {
        "id": to_global_id("Channel", channel.pk),
        "slug": "lhasa",
        "metadata": [{"key": "region", "value": "拉萨"}],
    }


def test_channel_by_id(api_client):
    channel = ChannelFactory(slug="nyingchi")

    response = api_client.post_graphql(CHANNEL_QUERY, {"id": to_global_id("Channel", channel.pk)})

    assert response.data["channel"]["slug"] == "nyingchi"


def test_channel_needs_id_or_slug_but_not_both(api_client):
    ChannelFactory(slug="lhasa")

    neither = api_client.post_graphql(CHANNEL_QUERY, {})
    both = api_client.post_graphql(CHANNEL_QUERY, {"id": "Q2hhbm5lbDox", "slug": "lhasa"})

    assert neither.errors[0]["message"] == "At least one of arguments is required: 'id', 'slug'."
    assert both.errors[0]["message"] == "Argument 'id' cannot be combined with 'slug'"


def test_unknown_channel_slug_is_null(api_client):
    response = api_client.post_graphql(CHANNEL_QUERY, {"slug": "nowhere"})

    assert response.data["channel"] is None


def test_channel_details_are_for_staff_and_apps_only(api_client, user_api_client):
    ChannelFactory(slug="lhasa")

    for client in (api_client, user_api_client):
        response = client.post_graphql(CHANNEL_DETAILS, {"slug": "lhasa"})
        assert permission_denied(response)
        assert response.errors[0]["message"] == (
            "To access this path, you need one of the following permissions: "
            "AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER"
        )


def test_channel_details_for_staff(staff_api_client):
    channel = ChannelFactory(slug="lhasa", name="拉萨", currency_code="CNY", default_country="CN")
    second, first = WarehouseFactory(slug="b-store"), WarehouseFactory(slug="a-store")
    ChannelWarehouse.objects.create(channel=channel, warehouse=second, sort_order=0)
    ChannelWarehouse.objects.create(channel=channel, warehouse=first, sort_order=1)

    response = staff_api_client.post_graphql(CHANNEL_DETAILS, {"slug": "lhasa"})

    assert response.data["channel"] == {
        "name": "拉萨",
        "isActive": True,
        "currencyCode": "CNY",
        "defaultCountry": {"code": "CN", "country": "China"},
        "warehouses": [{"slug": "b-store"}, {"slug": "a-store"}],
        "stockSettings": {"allocationStrategy": "PRIORITIZE_SORTING_ORDER"},
    }


def test_channels_list_for_app(app_api_client):
    ChannelFactory(slug="b-channel", name="B")
    ChannelFactory(slug="a-channel", name="A")

    response = app_api_client.post_graphql(CHANNELS)

    assert response.data["channels"] == [
        {"slug": "a-channel", "name": "A", "currencyCode": "CNY", "warehouses": []},
        {"slug": "b-channel", "name": "B", "currencyCode": "CNY", "warehouses": []},
    ]


def test_channels_list_is_refused_to_anonymous_and_customers(api_client, user_api_client):
    ChannelFactory()

    assert permission_denied(api_client.post_graphql(CHANNELS))
    assert permission_denied(user_api_client.post_graphql(CHANNELS))


def test_channels_list_costs_the_same_queries_for_more_channels(
    staff_api_client, django_assert_num_queries
):
    for index in range(2):
        channel = ChannelFactory(slug=f"c{index}")
        channel.warehouses.add(WarehouseFactory())
    staff_api_client.post_graphql(CHANNELS)  # warm the per-process schema

    with django_assert_num_queries(3):
        few = staff_api_client.post_graphql(CHANNELS)
    for index in range(2, 8):
        channel = ChannelFactory(slug=f"c{index}")
        channel.warehouses.add(WarehouseFactory())
    with django_assert_num_queries(3):
        many = staff_api_client.post_graphql(CHANNELS)

    assert len(few.data["channels"]) == 2
    assert len(many.data["channels"]) == 8


def _create_input(**overrides):
    return {
        "name": "林芝渠道",
        "slug": "Nyingchi Shop",
        "currencyCode": "cny",
        "defaultCountry": "CN",
        **overrides,
    }


def test_channel_create_by_staff_with_permission():
    warehouse = WarehouseFactory(slug="nyingchi-store")
    client = staff_client(PermissionEnum.MANAGE_CHANNELS)

    response = client.post_graphql(
        CREATE,
        {
            "input": _create_input(
                isActive=True,
                addWarehouses=[to_global_id("Warehouse", warehouse.pk)],
                stockSettings={"allocationStrategy": "PRIORITIZE_HIGH_STOCK"},
                metadata=[{"key": "county", "value": "巴宜区"}],
            )
        },
    )
    payload = response.data["channelCreate"]

    channel = Channel.objects.get()
    assert payload["errors"] == []
    assert payload["channelErrors"] == []
    assert payload["channel"] == {
        "id": to_global_id("Channel", channel.pk),
        "name": "林芝渠道",
        "slug": "nyingchi-shop",
        "isActive": True,
        "currencyCode": "CNY",
        "defaultCountry": {"code": "CN"},
        "warehouses": [{"slug": "nyingchi-store"}],
        "stockSettings": {"allocationStrategy": "PRIORITIZE_HIGH_STOCK"},
        "metadata": [{"key": "county", "value": "巴宜区"}],
    }
    assert channel.allocation_strategy == "prioritize-high-stock"


def test_channel_create_by_app_with_permission_defaults_to_inactive():
    client = app_client(PermissionEnum.MANAGE_CHANNELS)

    payload = client.post_graphql(CREATE, {"input": _create_input()}).data["channelCreate"]

    assert payload["errors"] == []
    assert payload["channel"]["isActive"] is False
    assert payload["channel"]["stockSettings"] == {"allocationStrategy": "PRIORITIZE_SORTING_ORDER"}


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_channel_create_is_refused_without_manage_channels(
    caller, api_client, user_api_client, staff_api_client
):
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_PRODUCTS),
        "app": app_client(PermissionEnum.MANAGE_PRODUCTS),
    }[caller]

    response = client.post_graphql(CREATE, {"input": _create_input()})

    assert permission_denied(response)
    assert response.errors[0]["message"] == (
        "To access this path, you need one of the following permissions: MANAGE_CHANNELS"
    )
    assert Channel.objects.count() == 0


def test_channel_create_with_taken_slug():
    ChannelFactory(slug="lhasa")
    client = staff_client(PermissionEnum.MANAGE_CHANNELS)

    payload = client.post_graphql(CREATE, {"input": _create_input(slug="lhasa")}).data[
        "channelCreate"
    ]

    assert payload["channel"] is None
    assert payload["errors"] == [
        {
            "field": "slug",
            "code": "UNIQUE",
            "message": "Channel with this Slug already exists.",
            "warehouses": None,
        }
    ]
    assert Channel.objects.count() == 1


def test_channel_create_with_unknown_currency():
    client = staff_client(PermissionEnum.MANAGE_CHANNELS)

    payload = client.post_graphql(CREATE, {"input": _create_input(currencyCode="XYZ")}).data[
        "channelCreate"
    ]

    assert payload["errors"] == [
        {
            "field": "currencyCode",
            "code": "INVALID",
            "message": "'XYZ' is not a valid ISO 4217 currency code.",
            "warehouses": None,
        }
    ]
    assert Channel.objects.count() == 0


def test_channel_create_with_unknown_warehouse_changes_nothing():
    client = staff_client(PermissionEnum.MANAGE_CHANNELS)
    missing = to_global_id("Warehouse", 999)

    payload = client.post_graphql(CREATE, {"input": _create_input(addWarehouses=[missing])}).data[
        "channelCreate"
    ]

    assert error_codes(payload) == [("addWarehouses", "GRAPHQL_ERROR")]
    assert payload["errors"][0]["message"] == (
        f"Could not resolve to a node with the global id list of '['{missing}']'."
    )
    assert Channel.objects.count() == 0


def test_channel_create_refuses_settings_we_do_not_model():
    client = staff_client(PermissionEnum.MANAGE_CHANNELS)

    response = client.post_graphql(
        CREATE,
        {"input": _create_input(orderSettings={"automaticallyConfirmAllNewOrders": False})},
    )

    assert response.errors[0]["message"] == "Input field `orderSettings` is not supported."
    assert Channel.objects.count() == 0


def test_channel_update_warehouses_name_and_stock_settings():
    channel = ChannelFactory(slug="lhasa", is_active=False)
    kept, removed, added = (WarehouseFactory(slug=s) for s in ("kept", "removed", "added"))
    channel.warehouses.add(kept, removed)
    client = app_client(PermissionEnum.MANAGE_CHANNELS)

    payload = client.post_graphql(
        UPDATE,
        {
            "id": to_global_id("Channel", channel.pk),
            "input": {
                "name": "拉萨市",
                "isActive": True,
                "addWarehouses": [to_global_id("Warehouse", added.pk)],
                "removeWarehouses": [to_global_id("Warehouse", removed.pk)],
                "stockSettings": {"allocationStrategy": "PRIORITIZE_HIGH_STOCK"},
            },
        },
    ).data["channelUpdate"]

    assert payload == {
        "channel": {
            "slug": "lhasa",
            "name": "拉萨市",
            "isActive": True,
            "warehouses": [{"slug": "kept"}, {"slug": "added"}],
            "stockSettings": {"allocationStrategy": "PRIORITIZE_HIGH_STOCK"},
        },
        "errors": [],
    }


def test_channel_update_refuses_adding_and_removing_the_same_warehouse():
    channel = ChannelFactory(slug="lhasa")
    warehouse_id = to_global_id("Warehouse", WarehouseFactory().pk)
    client = staff_client(PermissionEnum.MANAGE_CHANNELS)

    payload = client.post_graphql(
        UPDATE,
        {
            "id": to_global_id("Channel", channel.pk),
            "input": {
                "name": "changed",
                "addWarehouses": [warehouse_id],
                "removeWarehouses": [warehouse_id],
            },
        },
    ).data["channelUpdate"]

    assert payload["errors"] == [
        {
            "field": "warehouses",
            "code": "DUPLICATED_INPUT_ITEM",
            "message": "The same object cannot be in both lists for adding and removing items.",
            "warehouses": [warehouse_id],
        }
    ]
    channel.refresh_from_db()
    assert channel.name != "changed"


def test_channel_update_of_unknown_channel():
    client = staff_client(PermissionEnum.MANAGE_CHANNELS)
    missing = to_global_id("Channel", 404)

    payload = client.post_graphql(UPDATE, {"id": missing, "input": {"name": "x"}}).data[
        "channelUpdate"
    ]

    assert payload["errors"] == [
        {
            "field": "id",
            "code": "NOT_FOUND",
            "message": f"Couldn't resolve to a node: {missing}",
            "warehouses": None,
        }
    ]


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_channel_update_is_refused_without_manage_channels(caller, api_client, user_api_client):
    channel = ChannelFactory(slug="lhasa", name="before")
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(),
        "app": app_client(PermissionEnum.MANAGE_PRODUCTS),
    }[caller]

    response = client.post_graphql(
        UPDATE, {"id": to_global_id("Channel", channel.pk), "input": {"name": "after"}}
    )

    assert permission_denied(response)
    channel.refresh_from_db()
    assert channel.name == "before"
