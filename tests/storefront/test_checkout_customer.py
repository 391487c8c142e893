import pytest

from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import Checkout
from tests.conftest import ApiClient, permission_denied
from tests.factories import ChannelFactory, UserFactory
from tests.factories.checkout import CheckoutFactory
from tests.factories.taxonomy import app_client

pytestmark = pytest.mark.django_db

ATTACH = """
mutation($id: ID, $customerId: ID) {
  checkoutCustomerAttach(id: $id, customerId: $customerId) {
    checkout { email user { email } }
    errors { field code message }
  }
}
"""
DETACH = """
mutation($id: ID) {
  checkoutCustomerDetach(id: $id) { checkout { user { email } } errors { field code } }
}
"""
EMAIL = """
mutation($id: ID, $email: String!) {
  checkoutEmailUpdate(id: $id, email: $email) { checkout { email } errors { field code message } }
}
"""
LANGUAGE = """
mutation($checkoutId: ID) {
  checkoutLanguageCodeUpdate(checkoutId: $checkoutId, languageCode: BO) {
    checkout { languageCode } errors { code }
  }
}
"""
NOTE = """
mutation($id: ID!) {
  checkoutCustomerNoteUpdate(id: $id, customerNote: "请放在门卫") {
    checkout { customerNote } errors { code }
  }
}
"""


def cid(checkout) -> str:
    return to_global_id("Checkout", checkout.pk)


@pytest.fixture
def checkout():
    return CheckoutFactory(channel=ChannelFactory(slug="tibet"), email="guest@example.com")


def test_signed_in_customer_attaches_themselves(user_api_client, customer_user, checkout):
    response = user_api_client.post_graphql(ATTACH, {"id": cid(checkout)})

    data = response.data["checkoutCustomerAttach"]
    assert data["errors"] == []
    assert data["checkout"] == {
        "email": customer_user.email,
        "user": {"email": customer_user.email},
    }
    assert Checkout.objects.get(pk=checkout.pk).user == customer_user


def test_attach_needs_a_signed_in_caller(api_client, checkout):
    assert permission_denied(api_client.post_graphql(ATTACH, {"id": cid(checkout)}))


def test_someone_elses_checkout_cannot_be_taken(user_api_client, checkout):
    owner = UserFactory()
    Checkout.objects.filter(pk=checkout.pk).update(user=owner)

    response = user_api_client.post_graphql(ATTACH, {"id": cid(checkout)})

    assert permission_denied(response)
    assert Checkout.objects.get(pk=checkout.pk).user == owner


def test_apps_attach_a_customer_with_impersonation(checkout):
    customer = UserFactory()
    variables = {"id": cid(checkout), "customerId": to_global_id("User", customer.pk)}

    without = app_client().post_graphql(ATTACH, {"id": cid(checkout)})
    denied = app_client().post_graphql(ATTACH, variables)
    allowed = app_client(PermissionEnum.IMPERSONATE_USER).post_graphql(ATTACH, variables)

    assert without.data["checkoutCustomerAttach"]["errors"][0]["code"] == "REQUIRED"
    assert permission_denied(denied)
    assert permission_denied(allowed)  # reading `user` needs MANAGE_USERS, as in Saleor
    assert allowed.body["data"]["checkoutCustomerAttach"]["checkout"]["email"] == customer.email
    assert Checkout.objects.get(pk=checkout.pk).user == customer


def test_owner_detaches_and_strangers_may_not(user_api_client, customer_user, checkout):
    Checkout.objects.filter(pk=checkout.pk).update(user=customer_user)
    stranger = ApiClient(create_access_token(UserFactory()))

    assert permission_denied(stranger.post_graphql(DETACH, {"id": cid(checkout)}))
    data = user_api_client.post_graphql(DETACH, {"id": cid(checkout)}).data
    assert data["checkoutCustomerDetach"] == {"checkout": {"user": None}, "errors": []}
    assert Checkout.objects.get(pk=checkout.pk).user is None


def test_email_update(api_client, checkout):
    ok = api_client.post_graphql(EMAIL, {"id": cid(checkout), "email": "pema@example.com"})
    bad = api_client.post_graphql(EMAIL, {"id": cid(checkout), "email": "pema"})

    assert ok.data["checkoutEmailUpdate"] == {
        "checkout": {"email": "pema@example.com"},
        "errors": [],
    }
    assert bad.data["checkoutEmailUpdate"]["errors"] == [
        {"field": "email", "code": "INVALID", "message": "Enter a valid email address."}
    ]
    assert Checkout.objects.get(pk=checkout.pk).email == "pema@example.com"


def test_language_and_note(api_client, checkout):
    language = api_client.post_graphql(LANGUAGE, {"checkoutId": cid(checkout)}).data
    note = api_client.post_graphql(NOTE, {"id": cid(checkout)}).data

    assert language["checkoutLanguageCodeUpdate"]["checkout"] == {"languageCode": "BO"}
    assert note["checkoutCustomerNoteUpdate"]["checkout"] == {"customerNote": "请放在门卫"}
    stored = Checkout.objects.get(pk=checkout.pk)
    assert (stored.language_code, stored.customer_note) == ("bo", "请放在门卫")


def test_mutations_report_unknown_checkouts_in_the_payload(api_client):
    unknown = to_global_id("Checkout", "c0ffee00-0000-4000-8000-000000000000")

    data = api_client.post_graphql(EMAIL, {"id": unknown, "email": "a@example.com"}).data

    assert data["checkoutEmailUpdate"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND", "message": f"Couldn't resolve to a node: {unknown}"}
    ]
