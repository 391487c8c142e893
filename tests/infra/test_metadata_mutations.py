import pytest

from catalog.models import Attribute, AttributeType, Category, Channel, Collection, Product
from infra.accounts.jwt import create_access_token
from infra.accounts.models import App
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import ApiClient, permission_denied
from tests.factories import (
    AppFactory,
    AttributeFactory,
    ChannelFactory,
    CollectionFactory,
    ProductFactory,
    StaffUserFactory,
    UserFactory,
    WarehouseFactory,
)
from tests.factories.taxonomy import app_client, category_tree, staff_client

pytestmark = pytest.mark.django_db

UPDATE_METADATA = """
mutation($id: ID!, $input: [MetadataInput!]!) {
  updateMetadata(id: $id, input: $input) {
    item { __typename metadata { key value } }
    errors { field code message }
    metadataErrors { code }
  }
}
"""
UPDATE_PRIVATE = """
mutation($id: ID!, $input: [MetadataInput!]!) {
  updatePrivateMetadata(id: $id, input: $input) {
    item { __typename privateMetadata { key value } }
    errors { field code message }
  }
}
"""
ITEMS = [{"key": "county", "value": "墨脱县"}]


def gid(instance):
    return to_global_id(type(instance).__name__, instance.pk)


def test_update_metadata_merges_keys_and_returns_the_item():
    product = ProductFactory(metadata={"kept": "yes", "county": "old"})

    payload = (
        staff_client(PermissionEnum.MANAGE_PRODUCTS)
        .post_graphql(UPDATE_METADATA, {"id": gid(product), "input": ITEMS})
        .data["updateMetadata"]
    )

    assert payload == {
        "item": {
            "__typename": "Product",
            "metadata": [{"key": "kept", "value": "yes"}, {"key": "county", "value": "墨脱县"}],
        },
        "errors": [],
        "metadataErrors": [],
    }
    assert Product.objects.get().metadata == {"kept": "yes", "county": "墨脱县"}


@pytest.mark.parametrize(
    ("factory", "permission"),
    [
        (lambda: ChannelFactory(), PermissionEnum.MANAGE_CHANNELS),
        (lambda: category_tree("Food")[0], PermissionEnum.MANAGE_PRODUCTS),
        (lambda: CollectionFactory(), PermissionEnum.MANAGE_PRODUCTS),
        (lambda: WarehouseFactory(), PermissionEnum.MANAGE_PRODUCTS),
        (lambda: AttributeFactory(), PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES),
        (
            lambda: AttributeFactory(type=AttributeType.PAGE_TYPE),
            PermissionEnum.MANAGE_PAGE_TYPES_AND_ATTRIBUTES,
        ),
    ],
)
def test_private_metadata_of_each_type_needs_that_types_permission(factory, permission):
    instance = factory()
    variables = {"id": gid(instance), "input": ITEMS}

    refused = staff_client(PermissionEnum.MANAGE_ORDERS).post_graphql(UPDATE_PRIVATE, variables)
    allowed = app_client(permission).post_graphql(UPDATE_PRIVATE, variables)

    assert permission_denied(refused)
    assert refused.errors[0]["message"] == (
        f"To access this path, you need one of the following permissions: {permission.value}"
    )
    assert allowed.data["updatePrivateMetadata"]["item"] == {
        "__typename": type(instance).__name__,
        "privateMetadata": [{"key": "county", "value": "墨脱县"}],
    }
    instance.refresh_from_db()
    assert instance.private_metadata == {"county": "墨脱县"}


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_update_metadata_is_refused_without_the_types_permission(
    caller, api_client, user_api_client
):
    collection = CollectionFactory()
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_CHANNELS),
        "app": app_client(PermissionEnum.MANAGE_ORDERS),
    }[caller]

    response = client.post_graphql(UPDATE_METADATA, {"id": gid(collection), "input": ITEMS})

    assert permission_denied(response)
    assert Collection.objects.get().metadata == {}


def test_update_metadata_refuses_an_empty_key():
    channel = ChannelFactory()

    payload = (
        staff_client(PermissionEnum.MANAGE_CHANNELS)
        .post_graphql(UPDATE_METADATA, {"id": gid(channel), "input": [{"key": " ", "value": "x"}]})
        .data["updateMetadata"]
    )

    assert payload == {
        "item": None,
        "errors": [
            {"field": "input", "code": "REQUIRED", "message": "Metadata key cannot be empty."}
        ],
        "metadataErrors": [{"code": "REQUIRED"}],
    }
    assert Channel.objects.get().metadata == {}


@pytest.mark.parametrize(
    ("global_id", "code", "message"),
    [
        ("not-an-id", "GRAPHQL_ERROR", "Couldn't resolve to a node."),
        (to_global_id("Nothing", 1), "GRAPHQL_ERROR", "Invalid type: Nothing"),
        (
            to_global_id("Division", 1),
            "NOT_FOUND",
            f"Couldn't resolve to a item with meta: {to_global_id('Division', 1)}",
        ),
        (
            to_global_id("Category", 999),
            "NOT_FOUND",
            f"Couldn't resolve to a node: {to_global_id('Category', 999)}",
        ),
    ],
)
def test_update_metadata_with_ids_it_cannot_use(global_id, code, message):
    payload = (
        staff_client(PermissionEnum.MANAGE_PRODUCTS)
        .post_graphql(UPDATE_METADATA, {"id": global_id, "input": ITEMS})
        .data["updateMetadata"]
    )

    assert payload["errors"] == [{"field": "id", "code": code, "message": message}]


def test_updating_category_metadata_bumps_updated_at():
    (category,) = category_tree("Food")
    before = category.updated_at

    staff_client(PermissionEnum.MANAGE_PRODUCTS).post_graphql(
        UPDATE_METADATA, {"id": gid(category), "input": ITEMS}
    )

    assert Category.objects.get().updated_at > before


def test_a_customer_may_edit_their_own_public_metadata_only():
    customer = UserFactory()
    client = ApiClient(create_access_token(customer))

    own = client.post_graphql(UPDATE_METADATA, {"id": gid(customer), "input": ITEMS})
    private = client.post_graphql(UPDATE_PRIVATE, {"id": gid(customer), "input": ITEMS})
    other = client.post_graphql(UPDATE_METADATA, {"id": gid(UserFactory()), "input": ITEMS})

    assert own.data["updateMetadata"]["item"]["__typename"] == "User"
    assert permission_denied(private)
    assert private.errors[0]["message"].endswith("MANAGE_USERS")
    assert permission_denied(other)


def test_apps_may_not_edit_staff_metadata():
    target = StaffUserFactory()

    response = app_client(PermissionEnum.MANAGE_STAFF).post_graphql(
        UPDATE_METADATA, {"id": gid(target), "input": ITEMS}
    )

    assert permission_denied(response)
    assert response.errors[0]["message"] == "Apps are not allowed to perform this mutation."


def test_an_app_may_edit_its_own_private_metadata():
    app, raw = AppFactory.with_token()

    payload = (
        ApiClient(raw)
        .post_graphql(UPDATE_PRIVATE, {"id": gid(app), "input": ITEMS})
        .data["updatePrivateMetadata"]
    )

    assert payload["item"]["__typename"] == "App"
    assert App.objects.get().private_metadata == {"county": "墨脱县"}


def test_attribute_metadata_needs_the_attribute_types_permission():
    attribute = AttributeFactory()

    response = staff_client(PermissionEnum.MANAGE_PRODUCTS).post_graphql(
        UPDATE_METADATA, {"id": gid(attribute), "input": ITEMS}
    )

    assert permission_denied(response)
    assert Attribute.objects.get().metadata == {}
