import pytest

from catalog.models import Warehouse
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import permission_denied
from tests.factories import ChannelFactory, WarehouseFactory
from tests.factories.taxonomy import app_client, error_codes, staff_client

pytestmark = pytest.mark.django_db

WAREHOUSES = """
query($first: Int, $filter: WarehouseFilterInput, $sortBy: WarehouseSortingInput) {
  warehouses(first: $first, filter: $filter, sortBy: $sortBy) {
    totalCount edges { node { slug } }
  }
}
"""
WAREHOUSE = """
query($id: ID, $ref: String) {
  warehouse(id: $id, externalReference: $ref) {
    id name slug email isPrivate companyName clickAndCollectOption externalReference
    address {
      id firstName lastName companyName streetAddress1 streetAddress2 city cityArea
      postalCode country { code country } countryArea phone metadata { key }
    }
  }
}
"""
CREATE = """
mutation($input: WarehouseCreateInput!) {
  createWarehouse(input: $input) {
    warehouse { name slug email address { streetAddress1 city countryArea postalCode country { code } } }
    errors { field code message }
    warehouseErrors { code }
  }
}
"""
UPDATE = """
mutation($id: ID, $ref: String, $input: WarehouseUpdateInput!) {
  updateWarehouse(id: $id, externalReference: $ref, input: $input) {
    warehouse { name slug isPrivate clickAndCollectOption address { city streetAddress1 } }
    errors { field code message }
  }
}
"""
ADDRESS = {
    "streetAddress1": "北京中路 1 号",
    "city": "拉萨市",
    "cityArea": "城关区",
    "countryArea": "西藏自治区",
    "postalCode": "850000",
    "country": "CN",
}
READERS = (
    PermissionEnum.MANAGE_PRODUCTS,
    PermissionEnum.MANAGE_ORDERS,
    PermissionEnum.MANAGE_SHIPPING,
)


def slugs(response):
    return [edge["node"]["slug"] for edge in response.data["warehouses"]["edges"]]


@pytest.mark.parametrize("permission", READERS)
def test_warehouse_with_its_address_for_each_reading_permission(permission):
    warehouse = WarehouseFactory(
        slug="lhasa-store",
        name="拉萨仓",
        company_name="高原特产",
        street_address_1="北京中路 1 号",
        city="拉萨市",
        country_area="西藏自治区",
        postal_code="850000",
        external_reference="wh-1",
    )

    response = staff_client(permission).post_graphql(WAREHOUSE, {"ref": "wh-1"})

    assert response.data["warehouse"] == {
        "id": to_global_id("Warehouse", warehouse.pk),
        "name": "拉萨仓",
        "slug": "lhasa-store",
        "email": "warehouse@example.com",
        "isPrivate": True,
        "companyName": "高原特产",
        "clickAndCollectOption": "DISABLED",
        "externalReference": "wh-1",
        "address": {
            "id": to_global_id("Address", f"warehouse-{warehouse.pk}"),
            "firstName": "",
            "lastName": "",
            "companyName": "高原特产",
            "streetAddress1": "北京中路 1 号",
            "streetAddress2": "",
            "city": "拉萨市",
            "cityArea": "",
            "postalCode": "850000",
            "country": {"code": "CN", "country": "China"},
            "countryArea": "西藏自治区",
            "phone": "",
            "metadata": [],
        },
    }


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_warehouses_are_refused_without_a_reading_permission(caller, api_client, user_api_client):
    warehouse = WarehouseFactory()
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_CHANNELS),
        "app": app_client(PermissionEnum.MANAGE_TRANSLATIONS),
    }[caller]

    listing = client.post_graphql(WAREHOUSES, {"first": 5})
    single = client.post_graphql(WAREHOUSE, {"id": to_global_id("Warehouse", warehouse.pk)})

    assert permission_denied(listing)
    assert permission_denied(single)
    assert listing.errors[0]["message"] == (
        "To access this path, you need one of the following permissions: "
        "MANAGE_PRODUCTS, MANAGE_ORDERS, MANAGE_SHIPPING"
    )


def test_warehouses_filter_and_sort():
    lhasa = ChannelFactory(slug="lhasa")
    public = WarehouseFactory(slug="public", name="B 公开仓", is_private=False, city="日喀则市")
    WarehouseFactory(slug="private", name="A 私有仓", metadata={"cold": "yes"})
    public.channels.add(lhasa)
    client = app_client(PermissionEnum.MANAGE_SHIPPING)

    def run(**variables):
        return slugs(client.post_graphql(WAREHOUSES, {"first": 10, **variables}))

    assert run() == ["private", "public"]
    assert run(sortBy={"field": "NAME", "direction": "DESC"}) == ["public", "private"]
    assert run(filter={"isPrivate": False}) == ["public"]
    assert run(filter={"search": "日喀则"}) == ["public"]
    assert run(filter={"channels": [to_global_id("Channel", lhasa.pk)]}) == ["public"]
    assert run(filter={"metadata": [{"key": "cold"}]}) == ["private"]
    assert run(filter={"clickAndCollectOption": "DISABLED"}) == ["private", "public"]
    assert run(filter={"slugs": ["public"]}) == ["public"]


def test_create_warehouse_with_a_chinese_address():
    payload = (
        staff_client(PermissionEnum.MANAGE_PRODUCTS)
        .post_graphql(
            CREATE, {"input": {"name": "拉萨仓", "email": "lhasa@example.com", "address": ADDRESS}}
        )
        .data["createWarehouse"]
    )

    assert payload == {
        "warehouse": {
            "name": "拉萨仓",
            "slug": "la-sa-cang",
            "email": "lhasa@example.com",
            "address": {
                "streetAddress1": "北京中路 1 号",
                "city": "拉萨市",
                "countryArea": "西藏自治区",
                "postalCode": "850000",
                "country": {"code": "CN"},
            },
        },
        "errors": [],
        "warehouseErrors": [],
    }
    # The district names a Tibetan county: the warehouse belongs to it.
    assert Warehouse.objects.get().division.code == "540102"


@pytest.mark.parametrize(
    ("warehouse_input", "expected"),
    [
        ({"name": "x", "address": {**ADDRESS, "countryArea": ""}}, [("countryArea", "REQUIRED")]),
        ({"name": "x", "address": {**ADDRESS, "postalCode": "85000"}}, [("postalCode", "INVALID")]),
        ({"name": "x", "address": {**ADDRESS, "country": None}}, [("country", "REQUIRED")]),
        ({"name": "x", "address": {**ADDRESS, "phone": "call me"}}, [("phone", "INVALID")]),
        ({"name": " ", "address": ADDRESS}, [("name", "REQUIRED")]),
        ({"name": "x", "email": "not-mail", "address": ADDRESS}, [("email", "INVALID")]),
        ({"name": "x", "slug": "taken", "address": ADDRESS}, [("slug", "UNIQUE")]),
        (
            {"name": "x", "address": ADDRESS, "shippingZones": [to_global_id("ShippingZone", 1)]},
            [("shippingZones", "INVALID")],
        ),
    ],
)
def test_create_warehouse_bad_input_changes_nothing(warehouse_input, expected):
    WarehouseFactory(slug="taken")

    payload = (
        app_client(PermissionEnum.MANAGE_PRODUCTS)
        .post_graphql(CREATE, {"input": warehouse_input})
        .data["createWarehouse"]
    )

    assert error_codes(payload) == expected
    assert Warehouse.objects.count() == 1


def test_create_warehouse_error_messages():
    payload = (
        staff_client(PermissionEnum.MANAGE_PRODUCTS)
        .post_graphql(
            CREATE, {"input": {"name": "x", "address": {"country": "CN", "postalCode": "1"}}}
        )
        .data["createWarehouse"]
    )

    assert payload["errors"] == [
        {"field": "countryArea", "code": "REQUIRED", "message": "This field is required."},
        {"field": "city", "code": "REQUIRED", "message": "This field is required."},
        {"field": "cityArea", "code": "REQUIRED", "message": "This field is required."},
        {"field": "streetAddress1", "code": "REQUIRED", "message": "This field is required."},
        {
            "field": "postalCode",
            "code": "INVALID",
            "message": "This value is not valid for the address.",
        },
    ]


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_create_warehouse_is_refused_without_manage_products(caller, api_client, user_api_client):
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_ORDERS),
        "app": app_client(PermissionEnum.MANAGE_SHIPPING),
    }[caller]

    response = client.post_graphql(CREATE, {"input": {"name": "x", "address": ADDRESS}})

    assert permission_denied(response)
    assert Warehouse.objects.count() == 0


def test_update_warehouse_by_external_reference():
    WarehouseFactory(slug="store", external_reference="wh-1", is_private=True)

    payload = (
        staff_client(PermissionEnum.MANAGE_PRODUCTS)
        .post_graphql(
            UPDATE,
            {
                "ref": "wh-1",
                "input": {
                    "name": "日喀则仓",
                    "isPrivate": False,
                    "clickAndCollectOption": "LOCAL",
                    "address": {
                        **ADDRESS,
                        "city": "日喀则市",
                        "cityArea": "桑珠孜区",
                        "postalCode": "857000",
                    },
                },
            },
        )
        .data["updateWarehouse"]
    )

    assert payload == {
        "warehouse": {
            "name": "日喀则仓",
            "slug": "store",
            "isPrivate": False,
            "clickAndCollectOption": "LOCAL",
            "address": {"city": "日喀则市", "streetAddress1": "北京中路 1 号"},
        },
        "errors": [],
    }


def test_update_warehouse_refuses_local_collection_from_a_private_warehouse():
    warehouse = WarehouseFactory(is_private=True)

    payload = (
        app_client(PermissionEnum.MANAGE_PRODUCTS)
        .post_graphql(
            UPDATE,
            {
                "id": to_global_id("Warehouse", warehouse.pk),
                "input": {"clickAndCollectOption": "LOCAL"},
            },
        )
        .data["updateWarehouse"]
    )

    assert payload["errors"] == [
        {
            "field": "clickAndCollectOption",
            "code": "INVALID",
            "message": "Local warehouse can be toggled only for non-private warehouse stocks",
        }
    ]
    warehouse.refresh_from_db()
    assert warehouse.click_and_collect_option == "disabled"


def test_update_warehouse_of_unknown_reference():
    payload = (
        staff_client(PermissionEnum.MANAGE_PRODUCTS)
        .post_graphql(UPDATE, {"ref": "nothing", "input": {"name": "x"}})
        .data["updateWarehouse"]
    )

    assert error_codes(payload) == [("externalReference", "NOT_FOUND")]


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_update_warehouse_is_refused_without_manage_products(caller, api_client, user_api_client):
    warehouse = WarehouseFactory(name="before")
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_SHIPPING),
        "app": app_client(PermissionEnum.MANAGE_ORDERS),
    }[caller]

    response = client.post_graphql(
        UPDATE, {"id": to_global_id("Warehouse", warehouse.pk), "input": {"name": "after"}}
    )

    assert permission_denied(response)
    warehouse.refresh_from_db()
    assert warehouse.name == "before"
