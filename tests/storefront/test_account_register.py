import pytest

from infra.accounts.models import User
from tests.factories import UserFactory

REGISTER = """
mutation Register($input: AccountRegisterInput!) {
  accountRegister(input: $input) {
    requiresConfirmation
    user { email firstName lastName languageCode }
    errors { field code message }
    accountErrors { code }
  }
}
"""


def _input(**overrides) -> dict:
    return {
        "email": "Pema@Example.com",
        "password": "yak butter tea 42",
        "firstName": "白玛",
        "lastName": "多吉",
        "languageCode": "BO",
        **overrides,
    }


def test_account_register_creates_active_customer(api_client):
    # when
    response = api_client.post_graphql(REGISTER, {"input": _input()})

    # then
    data = response.data["accountRegister"]
    assert data == {
        "requiresConfirmation": False,
        "user": {
            "email": "pema@example.com",
            "firstName": "白玛",
            "lastName": "多吉",
            "languageCode": "BO",
        },
        "errors": [],
        "accountErrors": [],
    }
    user = User.objects.get(email="pema@example.com")
    assert user.check_password("yak butter tea 42")
    assert user.is_active
    assert not user.is_staff
    assert user.language_code == "bo"


def test_account_register_existing_email_reveals_nothing_and_changes_nothing(api_client):
    # given
    existing = UserFactory(email="pema@example.com", first_name="旧")

    # when
    response = api_client.post_graphql(REGISTER, {"input": _input()})

    # then
    data = response.data["accountRegister"]
    assert data["errors"] == []
    assert data["user"]["email"] == "pema@example.com"
    assert User.objects.filter(email="pema@example.com").count() == 1
    existing.refresh_from_db()
    assert existing.first_name == "旧"
    assert not existing.check_password("yak butter tea 42")


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"password": "short"}, "password", "PASSWORD_TOO_SHORT"),
        ({"password": "password123"}, "password", "PASSWORD_TOO_COMMON"),
        ({"email": "not-an-email"}, "email", "INVALID"),
        ({"redirectUrl": "javascript:alert(1)"}, "redirectUrl", "INVALID"),
    ],
)
def test_account_register_errors_change_nothing(api_client, overrides, field, code):
    # when
    response = api_client.post_graphql(REGISTER, {"input": _input(**overrides)})

    # then
    data = response.data["accountRegister"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [(field, code)]
    assert data["user"] is None
    assert not User.objects.exists()
