"""Account pages: register (accountRegister's service, then signed in), log in by e-mail, log
out, the address book (accountAddressCreate's service) and the order history; the session's
cart becomes the account's on signing in."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client

from infra.accounts.models import User
from storefront.context_processors import CHECKOUT_SESSION_KEY
from storefront.models import CustomerProfile
from tests.factories import UserFactory
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.factories.addresses import customer_with_address
from tests.factories.payments import order_to_pay
from tests.storefront.pages.buy_support import (
    ADDRESS,
    add_to_cart,
    cart_checkout,
    make_shop,
    messages_of,
)

pytestmark = pytest.mark.django_db

PASSWORD = "snow-lion-2026!"


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _field(page: str, name: str) -> str:
    """The markup of one form field with its errors."""
    start = page.index(f'name="{name}"')
    return page[start : page.index("</div>", start)]


def test_register_signs_in_and_takes_the_cart(client):
    shop = make_shop()
    add_to_cart(client, shop.variant)
    page = client.get("/account/register/").content.decode()
    assert 'id="register-form"' in page and 'for="id_email"' in page

    response = client.post(
        "/account/register/",
        {"email": "Dolma@Example.com", "password": PASSWORD, "first_name": "卓玛"},
    )

    user = User.objects.get(email="dolma@example.com")
    assert response["Location"] == "/account/"
    assert int(client.session[SESSION_KEY]) == user.pk
    assert (user.first_name, user.language_code) == ("卓玛", "en")
    assert user.check_password(PASSWORD)
    assert cart_checkout(client).user_id == user.pk


def test_register_errors_are_shown_next_to_the_field(client):
    response = client.post("/account/register/", {"email": "dolma@example.com", "password": "1"})
    assert response.status_code == 200
    assert 'class="errorlist"' in _field(response.content.decode(), "password")
    response = client.post("/account/register/", {"email": "no-at-sign", "password": PASSWORD})
    assert "Enter a valid email address." in _field(response.content.decode(), "email")
    assert not User.objects.exists()
    assert SESSION_KEY not in client.session


def test_registering_a_taken_email_signs_nobody_in(client):
    UserFactory(email="dolma@example.com")

    response = client.post(
        "/account/register/", {"email": "dolma@example.com", "password": PASSWORD}
    )

    assert response.status_code == 200
    assert 'class="errorlist"' in _field(response.content.decode(), "email")
    assert SESSION_KEY not in client.session
    assert User.objects.count() == 1


def test_login_by_email_attaches_the_guests_cart_and_follows_next(client):
    shop = make_shop()
    user = UserFactory(email="dolma@example.com")
    add_to_cart(client, shop.variant)
    page = client.get("/account/login/?next=/checkout/").content.decode()
    assert 'id="login-form"' in page and 'name="next" value="/checkout/"' in page

    wrong = client.post("/account/login/", {"email": user.email, "password": "wrong"})
    assert wrong.status_code == 200
    assert "The email or password is not right." in wrong.content.decode()
    assert cart_checkout(client).user_id is None

    response = client.post(
        "/account/login/",
        {"email": " Dolma@Example.com ", "password": DEFAULT_PASSWORD, "next": "/checkout/"},
    )

    assert response["Location"] == "/checkout/"
    assert int(client.session[SESSION_KEY]) == user.pk
    checkout = cart_checkout(client)
    assert (checkout.user_id, checkout.email) == (user.pk, user.email)


def test_login_never_redirects_off_site_and_resumes_the_accounts_cart(client):
    shop = make_shop()
    user = UserFactory()
    earlier = Client()
    earlier.force_login(user)
    add_to_cart(earlier, shop.variant, 2)

    response = client.post(
        "/account/login/",
        {"email": user.email, "password": DEFAULT_PASSWORD, "next": "https://evil.example/"},
    )

    assert response["Location"] == "/account/"
    assert client.session[CHECKOUT_SESSION_KEY] == earlier.session[CHECKOUT_SESSION_KEY]


def test_logout_is_a_post_and_forgets_the_cart(client):
    shop = make_shop()
    client.force_login(UserFactory())
    add_to_cart(client, shop.variant)
    assert client.get("/account/logout/").status_code == 405

    response = client.post("/account/logout/")

    assert response["Location"] == "/"
    assert SESSION_KEY not in client.session
    assert CHECKOUT_SESSION_KEY not in client.session
    assert client.get("/account/")["Location"] == "/account/login/?next=%2Faccount%2F"


def test_account_lists_the_users_orders_newest_first(client, django_assert_max_num_queries):
    user = UserFactory()
    older, newer = order_to_pay(user=user), order_to_pay(user=user)
    someone_elses = order_to_pay(user=UserFactory())
    client.force_login(user)

    with django_assert_max_num_queries(8):
        page = client.get("/account/").content.decode()

    assert page.index(f'href="/orders/{newer.pk}/"') < page.index(f'href="/orders/{older.pk}/"')
    assert f"/orders/{someone_elses.pk}/" not in page
    assert user.email in page
    assert 'action="/account/logout/"' in page


def test_addresses_are_listed_and_added(client):
    user = UserFactory()
    customer_with_address(user, street_address_1="林廓北路 3 号")
    client.force_login(user)
    assert "林廓北路 3 号" in client.get("/account/addresses/").content.decode()
    data = {k: v for k, v in ADDRESS.items() if k not in ("email", "billing_same")}

    response = client.post("/account/addresses/", {**data, "default_shipping": "on"})

    assert response["Location"] == "/account/addresses/"
    profile = CustomerProfile.objects.get(user=user)
    assert profile.addresses.count() == 2
    assert profile.default_shipping_address.street_address_1 == "北京中路 12 号"
    page = client.get("/account/addresses/").content.decode()
    assert "Address saved." in page and "Default delivery address" in page


def test_a_bad_address_is_not_saved(client):
    user = UserFactory()
    client.force_login(user)
    data = {k: v for k, v in ADDRESS.items() if k not in ("email", "billing_same")}

    response = client.post("/account/addresses/", {**data, "postal_code": "12", "city_area": ""})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the six-digit postal code." in _field(page, "postal_code")
    assert "This field is required." in _field(page, "city_area")
    assert not CustomerProfile.objects.filter(user=user, addresses__isnull=False).exists()


def test_account_pages_need_a_login(client):
    for path in ("/account/", "/account/addresses/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/?next=")


def test_a_signed_in_shopper_checks_out_with_the_default_address(client):
    shop = make_shop()
    user = UserFactory()
    customer_with_address(user, "SHIPPING", street_address_1="林廓北路 3 号")
    client.force_login(user)
    add_to_cart(client, shop.variant)

    page = client.get("/checkout/").content.decode()

    assert 'name="email"' not in page
    assert 'value="林廓北路 3 号"' in page
    data = {k: v for k, v in ADDRESS.items() if k != "email"}
    response = client.post("/checkout/", {"step": "address", **data})
    assert response["Location"].endswith("#delivery")
    assert cart_checkout(client).email == user.email
    assert messages_of(client.get("/checkout/")) == [
        "Address saved. Now choose how to receive your order."
    ]
