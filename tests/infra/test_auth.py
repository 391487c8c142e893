from datetime import timedelta

import jwt
import pytest
from django.utils import timezone

from infra.accounts import jwt as tokens
from infra.ids import to_global_id
from tests.conftest import ApiClient
from tests.factories import UserFactory
from tests.factories.accounts import DEFAULT_PASSWORD

TOKEN_CREATE = """
mutation($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken
    user { id email }
    errors { field code message }
  }
}
"""
ME = "query { me { email isStaff } }"


def test_token_create_issues_tokens_that_authenticate(api_client: ApiClient, customer_user):
    response = api_client.post_graphql(
        TOKEN_CREATE, {"email": customer_user.email, "password": DEFAULT_PASSWORD}
    )
    result = response.data["tokenCreate"]

    assert result["errors"] == []
    assert result["user"] == {
        "id": to_global_id("User", customer_user.pk),
        "email": customer_user.email,
    }
    me = ApiClient(result["token"]).post_graphql(ME).data["me"]
    assert me == {"email": customer_user.email, "isStaff": False}


def test_token_create_with_wrong_password_gives_saleor_error(api_client: ApiClient, customer_user):
    response = api_client.post_graphql(
        TOKEN_CREATE, {"email": customer_user.email, "password": "wrong"}
    )

    assert response.data["tokenCreate"] == {
        "token": None,
        "refreshToken": None,
        "user": None,
        "errors": [
            {
                "field": "email",
                "code": "INVALID_CREDENTIALS",
                "message": "Please, enter valid credentials",
            }
        ],
    }


@pytest.mark.django_db
def test_token_create_for_inactive_account(api_client: ApiClient):
    user = UserFactory(is_active=False)

    response = api_client.post_graphql(
        TOKEN_CREATE, {"email": user.email, "password": DEFAULT_PASSWORD}
    )

    assert response.data["tokenCreate"]["errors"][0]["code"] == "INACTIVE"


def test_token_refresh_and_verify(api_client: ApiClient, customer_user):
    refresh = tokens.create_refresh_token(customer_user)

    refreshed = api_client.post_graphql(
        "mutation($t: String) { tokenRefresh(refreshToken: $t) { token errors { code } } }",
        {"t": refresh},
    ).data["tokenRefresh"]
    verified = api_client.post_graphql(
        "mutation($t: String!) { tokenVerify(token: $t) { isValid user { email } payload errors { code } } }",
        {"t": refreshed["token"]},
    ).data["tokenVerify"]

    assert refreshed["errors"] == []
    assert verified["isValid"] is True
    assert verified["user"]["email"] == customer_user.email
    assert verified["payload"]["type"] == "access"


def test_refresh_token_cannot_be_used_as_access_token(customer_user):
    response = ApiClient(tokens.create_refresh_token(customer_user)).post_graphql(ME)

    assert response.status_code == 401
    assert response.errors[0]["extensions"]["exception"]["code"] == "InvalidTokenError"


def test_expired_access_token_is_refused(customer_user, settings):
    now = timezone.now() - timedelta(hours=1)
    expired = jwt.encode(
        {
            "type": "access",
            "email": customer_user.email,
            "token": customer_user.jwt_token_key,
            "iat": int(now.timestamp()),
            "exp": int((now + timedelta(minutes=5)).timestamp()),
        },
        settings.SECRET_KEY,
        algorithm="HS256",
    )

    response = ApiClient(expired).post_graphql(ME)

    assert response.status_code == 401
    assert response.errors[0]["extensions"]["exception"]["code"] == "ExpiredSignatureError"


def test_rotating_the_user_key_revokes_tokens(customer_user):
    token = tokens.create_access_token(customer_user)
    customer_user.jwt_token_key = "rotated"
    customer_user.save()

    response = ApiClient(token).post_graphql(ME)

    assert response.status_code == 401


def test_unknown_app_token_is_refused(db):
    response = ApiClient("no-such-app-token").post_graphql(ME)

    assert response.status_code == 401
    assert response.errors[0]["message"] == "Invalid token."


def test_app_token_authenticates_the_app_not_a_user(app_api_client):
    response = app_api_client.post_graphql(ME)

    assert response.data == {"me": None}


def test_anonymous_me_is_null(api_client):
    assert api_client.post_graphql(ME).data == {"me": None}


def test_private_metadata_of_user_needs_manage_users(user_api_client, customer_user):
    customer_user.private_metadata = {"risk": "x"}
    customer_user.metadata = {"nickname": "Dolma"}
    customer_user.save()

    response = user_api_client.post_graphql(
        "query { me { metadata { key value } privateMetadata { key } } }"
    )

    assert response.errors[0]["message"] == (
        "To access this path, you need one of the following permissions: MANAGE_USERS, MANAGE_STAFF"
    )
    public = user_api_client.post_graphql(
        'query { me { metadata { key value } metafield(key: "nickname") } }'
    )
    assert public.data["me"] == {
        "metadata": [{"key": "nickname", "value": "Dolma"}],
        "metafield": "Dolma",
    }
