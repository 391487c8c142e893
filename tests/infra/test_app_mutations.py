import hashlib

import pytest

from infra.accounts.jwt import create_access_token
from infra.accounts.models import App, AppToken
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import ApiClient, permission_denied
from tests.factories import AppFactory, ChannelFactory, StaffUserFactory
from tests.factories.taxonomy import app_client, staff_client

pytestmark = pytest.mark.django_db

APP_CREATE = """
mutation($input: AppInput!) {
  appCreate(input: $input) {
    authToken
    app {
      id name identifier isActive created
      permissions { code name }
      tokens { id name authToken }
    }
    errors { field code message permissions }
    appErrors { code }
  }
}
"""
TOKEN_CREATE = """
mutation($input: AppTokenInput!) {
  appTokenCreate(input: $input) {
    authToken
    appToken { id name authToken }
    errors { field code message }
  }
}
"""
MANAGE_APPS = PermissionEnum.MANAGE_APPS


def test_staff_creates_an_app_whose_token_is_shown_once_and_stored_hashed():
    client = staff_client(MANAGE_APPS, PermissionEnum.MANAGE_SHIPPING)

    payload = client.post_graphql(
        APP_CREATE, {"input": {"name": "日喀则分店", "permissions": ["MANAGE_SHIPPING"]}}
    ).data["appCreate"]

    app = App.objects.get()
    token = AppToken.objects.get()
    raw = payload["authToken"]
    assert payload["errors"] == []
    assert payload["appErrors"] == []
    assert payload["app"] == {
        "id": to_global_id("App", app.pk),
        "name": "日喀则分店",
        "identifier": to_global_id("App", app.pk),
        "isActive": True,
        "created": app.created.isoformat(),
        "permissions": [{"code": "MANAGE_SHIPPING", "name": "Manage shipping."}],
        "tokens": [
            {"id": to_global_id("AppToken", token.pk), "name": "Default", "authToken": raw[-4:]}
        ],
    }
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in {token.token_hash, token.token_last_4, token.name}


def test_the_new_app_can_call_what_its_permissions_allow_and_nothing_else():
    client = staff_client(MANAGE_APPS, PermissionEnum.MANAGE_SHIPPING)
    raw = client.post_graphql(
        APP_CREATE, {"input": {"name": "Shipping app", "permissions": ["MANAGE_SHIPPING"]}}
    ).data["appCreate"]["authToken"]
    app = ApiClient(raw)

    ChannelFactory(slug="lhasa")
    allowed = app.post_graphql("query { warehouses(first: 1) { totalCount } }")
    refused_query = app.post_graphql('query { channel(slug: "lhasa") { privateMetadata { key } } }')
    refused = app.post_graphql(
        'mutation { createWarehouse(input: {name: "x", address: {country: CN}}) { errors { code } } }'
    )

    assert allowed.data == {"warehouses": {"totalCount": 0}}
    assert permission_denied(refused_query)
    assert refused_query.errors[0]["message"] == (
        "To access this path, you need one of the following permissions: MANAGE_CHANNELS"
    )
    assert permission_denied(refused)
    assert refused.errors[0]["message"] == (
        "To access this path, you need one of the following permissions: MANAGE_PRODUCTS"
    )


def test_app_create_keeps_a_given_identifier():
    payload = (
        staff_client(MANAGE_APPS)
        .post_graphql(APP_CREATE, {"input": {"name": "Kiosk", "identifier": "kiosk.lhasa"}})
        .data["appCreate"]
    )

    assert payload["app"]["identifier"] == "kiosk.lhasa"
    assert payload["app"]["permissions"] == []


def test_staff_cannot_grant_a_permission_they_do_not_hold():
    client = staff_client(MANAGE_APPS, PermissionEnum.MANAGE_PRODUCTS)

    payload = client.post_graphql(
        APP_CREATE,
        {"input": {"name": "Greedy", "permissions": ["MANAGE_PRODUCTS", "MANAGE_ORDERS"]}},
    ).data["appCreate"]

    assert payload == {
        "authToken": None,
        "app": None,
        "errors": [
            {
                "field": "permissions",
                "code": "OUT_OF_SCOPE_PERMISSION",
                "message": "You can't add permission that you don't have.",
                "permissions": ["MANAGE_ORDERS"],
            }
        ],
        "appErrors": [{"code": "OUT_OF_SCOPE_PERMISSION"}],
    }
    assert App.objects.count() == AppToken.objects.count() == 0


def test_no_one_can_grant_manage_apps_to_an_app():
    superuser = StaffUserFactory(is_superuser=True)

    payload = (
        ApiClient(create_access_token(superuser))
        .post_graphql(APP_CREATE, {"input": {"name": "Admin", "permissions": ["MANAGE_APPS"]}})
        .data["appCreate"]
    )

    assert payload["errors"] == [
        {
            "field": "permissions",
            "code": "OUT_OF_SCOPE_PERMISSION",
            "message": "MANAGE_APPS permission cannot be granted to an app.",
            "permissions": ["MANAGE_APPS"],
        }
    ]
    assert App.objects.count() == 0


def test_a_superuser_may_grant_any_other_permission():
    superuser = StaffUserFactory(is_superuser=True)

    payload = (
        ApiClient(create_access_token(superuser))
        .post_graphql(
            APP_CREATE, {"input": {"name": "All", "permissions": ["MANAGE_ORDERS", "MANAGE_STAFF"]}}
        )
        .data["appCreate"]
    )

    assert payload["errors"] == []
    assert [p["code"] for p in payload["app"]["permissions"]] == ["MANAGE_STAFF", "MANAGE_ORDERS"]


def test_app_create_needs_a_name():
    payload = (
        staff_client(MANAGE_APPS)
        .post_graphql(APP_CREATE, {"input": {"name": " "}})
        .data["appCreate"]
    )

    assert payload["errors"] == [
        {
            "field": "name",
            "code": "REQUIRED",
            "message": "This field cannot be blank.",
            "permissions": None,
        }
    ]


@pytest.mark.parametrize(
    ("caller", "missing"),
    [
        ("anonymous", "MANAGE_APPS"),
        ("customer", "MANAGE_APPS"),
        ("staff", "MANAGE_APPS"),
        ("app", "MANAGE_APPS"),
        ("app with manage apps", "AUTHENTICATED_STAFF_USER"),
    ],
)
def test_app_create_is_for_staff_with_manage_apps(caller, missing, api_client, user_api_client):
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_PRODUCTS),
        "app": app_client(PermissionEnum.MANAGE_PRODUCTS),
        "app with manage apps": app_client(MANAGE_APPS),
    }[caller]
    apps_before = App.objects.count()

    response = client.post_graphql(APP_CREATE, {"input": {"name": "x"}})

    assert permission_denied(response)
    assert response.errors[0]["message"] == (
        f"To access this path, you need one of the following permissions: {missing}"
    )
    assert App.objects.count() == apps_before


def test_app_token_create_issues_a_working_token():
    target = AppFactory(name="Kiosk", permissions=[PermissionEnum.MANAGE_SHIPPING])
    client = staff_client(MANAGE_APPS, PermissionEnum.MANAGE_SHIPPING)

    payload = client.post_graphql(
        TOKEN_CREATE, {"input": {"app": to_global_id("App", target.pk), "name": "night shift"}}
    ).data["appTokenCreate"]

    token = AppToken.objects.get(app=target)
    raw = payload["authToken"]
    assert payload == {
        "authToken": raw,
        "appToken": {
            "id": to_global_id("AppToken", token.pk),
            "name": "night shift",
            "authToken": raw[-4:],
        },
        "errors": [],
    }
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert ApiClient(raw).post_graphql("query { warehouses(first: 1) { totalCount } }").data


def test_an_app_with_manage_apps_may_issue_tokens_for_apps_within_its_scope():
    target = AppFactory(permissions=[PermissionEnum.MANAGE_ORDERS])
    client = app_client(MANAGE_APPS, PermissionEnum.MANAGE_ORDERS)

    payload = client.post_graphql(
        TOKEN_CREATE, {"input": {"app": to_global_id("App", target.pk)}}
    ).data["appTokenCreate"]

    assert payload["errors"] == []


def test_app_token_create_refuses_an_app_holding_more_than_the_requestor():
    target = AppFactory(permissions=[PermissionEnum.MANAGE_ORDERS])

    payload = (
        staff_client(MANAGE_APPS)
        .post_graphql(TOKEN_CREATE, {"input": {"app": to_global_id("App", target.pk)}})
        .data["appTokenCreate"]
    )

    assert payload["errors"] == [
        {"field": "app", "code": "OUT_OF_SCOPE_APP", "message": "You can't manage this app."}
    ]
    assert AppToken.objects.filter(app=target).count() == 0


def test_app_token_create_for_an_unknown_app():
    missing = to_global_id("App", 999)

    payload = (
        staff_client(MANAGE_APPS)
        .post_graphql(TOKEN_CREATE, {"input": {"app": missing}})
        .data["appTokenCreate"]
    )

    assert payload["errors"] == [
        {"field": "app", "code": "NOT_FOUND", "message": f"Couldn't resolve to a node: {missing}"}
    ]


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_app_token_create_needs_manage_apps(caller, api_client, user_api_client):
    target = AppFactory()
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_STAFF),
        "app": app_client(PermissionEnum.MANAGE_PRODUCTS),
    }[caller]

    response = client.post_graphql(TOKEN_CREATE, {"input": {"app": to_global_id("App", target.pk)}})

    assert permission_denied(response)
    assert AppToken.objects.filter(app=target).count() == 0


def test_app_tokens_are_listed_only_with_manage_apps():
    raw = (
        staff_client(MANAGE_APPS)
        .post_graphql(APP_CREATE, {"input": {"name": "x"}})
        .data["appCreate"]["authToken"]
    )
    query = """
    mutation($id: ID!) {
      updateMetadata(id: $id, input: [{key: "k", value: "v"}]) {
        item { ... on App { name tokens { name } } }
      }
    }
    """
    app_id = to_global_id("App", App.objects.get().pk)

    own = ApiClient(raw).post_graphql(query, {"id": app_id})

    assert permission_denied(own)
    assert own.errors[0]["message"] == (
        "To access this path, you need one of the following permissions: MANAGE_APPS"
    )
