"""The cart page: adding creates the session's checkout through checkoutCreate's service,
later additions and changes go through the line services, prices come from the checkout info."""

import uuid

import pytest
from django.test import Client

from storefront.context_processors import CHECKOUT_SESSION_KEY
from storefront.models import Checkout, CheckoutLine
from tests.factories import UserFactory
from tests.factories.product_reads import ProductMediaFactory
from tests.storefront.pages.buy_support import (
    add_to_cart,
    another_product,
    cart_checkout,
    make_shop,
    messages_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    return make_shop()


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _lines(checkout: Checkout) -> list[tuple[int, int]]:
    return [(line.variant_id, line.quantity) for line in checkout.lines.order_by("created_at")]


def test_adding_creates_the_sessions_checkout_in_the_storefront_channel(shop):
    client = Client()  # the default language, zh-hans
    ProductMediaFactory(product=shop.product)

    response = add_to_cart(client, shop.variant, 2)

    assert response.status_code == 302 and response["Location"] == "/cart/"
    checkout = Checkout.objects.get()
    assert client.session[CHECKOUT_SESSION_KEY] == str(checkout.pk)
    assert (checkout.channel.slug, checkout.language_code, checkout.user_id) == (
        "default-channel",
        "zh-hans",
        None,
    )
    assert _lines(checkout) == [(shop.variant.pk, 2)]
    page = client.get("/cart/").content.decode()
    assert "林芝松茸" in page
    assert 'value="2"' in page
    assert 'id="cart-subtotal">¥180.00<' in page
    assert 'id="go-to-checkout"' in page
    assert 'loading="lazy"' in page and " 512w" in page and 'width="96"' in page
    assert "(2)" in page  # the header's cart count


def test_the_checkout_takes_the_visitors_language_and_account(client, shop):
    user = UserFactory()
    client.force_login(user)

    add_to_cart(client, shop.variant)

    checkout = cart_checkout(client)
    assert (checkout.language_code, checkout.user_id, checkout.email) == ("en", user.pk, user.email)


def test_adding_again_merges_and_another_product_gets_its_line(client, shop):
    other = another_product(shop)
    add_to_cart(client, shop.variant)
    add_to_cart(client, shop.variant, 2)
    response = add_to_cart(client, other)

    assert Checkout.objects.count() == 1
    assert _lines(cart_checkout(client)) == [(shop.variant.pk, 3), (other.pk, 1)]
    assert "Added to your cart." in messages_of(client.get(response["Location"]))


def test_more_than_the_stock_is_refused_and_changes_nothing(client, shop):
    response = add_to_cart(client, shop.variant, 6, HTTP_REFERER="http://testserver/products/x/")

    assert response["Location"] == "http://testserver/products/x/"
    assert not Checkout.objects.exists()
    assert CHECKOUT_SESSION_KEY not in client.session
    follow = client.get("/cart/")
    assert messages_of(follow) == ["Not enough stock of 林芝松茸: lower the quantity or remove it."]

    add_to_cart(client, shop.variant, 2)
    add_to_cart(client, shop.variant, 4)
    assert _lines(cart_checkout(client)) == [(shop.variant.pk, 2)]


def test_bad_input_is_refused_with_a_message(client, shop):
    response = client.post("/cart/add/", {"variant": "x", "quantity": 1})
    assert response["Location"] == "/cart/"
    assert messages_of(client.get("/cart/")) == ["Choose a product and a quantity."]
    client.post("/cart/add/", {"variant": 999999, "quantity": 1})
    assert messages_of(client.get("/cart/")) == ["This item is not available."]
    add_to_cart(client, shop.variant, 0)
    assert messages_of(client.get("/cart/")) == ["Enter a quantity of at least 1."]
    assert not Checkout.objects.exists()
    assert client.get("/cart/add/").status_code == 405


def test_quantities_are_changed_and_zero_or_remove_takes_the_line_out(client, shop):
    other = another_product(shop)
    add_to_cart(client, shop.variant)
    add_to_cart(client, other)
    checkout = cart_checkout(client)
    first, second = checkout.lines.order_by("created_at")

    response = client.post(f"/cart/lines/{first.pk}/", {"quantity": 3})
    assert response["Location"] == "/cart/"
    assert _lines(checkout) == [(shop.variant.pk, 3), (other.pk, 1)]
    assert "¥290.00" in client.get("/cart/").content.decode()  # 3 × 90 + 20

    client.post(f"/cart/lines/{first.pk}/", {"quantity": 9})  # more than the 5 in stock
    assert _lines(checkout) == [(shop.variant.pk, 3), (other.pk, 1)]
    assert any("Not enough stock" in m for m in messages_of(client.get("/cart/")))

    client.post(f"/cart/lines/{first.pk}/", {"quantity": 0})
    assert _lines(checkout) == [(other.pk, 1)]
    client.post(f"/cart/lines/{second.pk}/", {"quantity": 1, "remove": "1"})
    assert _lines(checkout) == []
    assert "Your cart is empty." in client.get("/cart/").content.decode()


def test_a_line_of_another_cart_cannot_be_changed(client, shop):
    stranger = Client()
    add_to_cart(stranger, shop.variant, 2)
    foreign = CheckoutLine.objects.get()
    add_to_cart(client, shop.variant)

    client.post(f"/cart/lines/{foreign.pk}/", {"quantity": 1})
    client.post(f"/cart/lines/{foreign.pk}/", {"remove": "1"})
    client.post(f"/cart/lines/{uuid.uuid4()}/", {"quantity": 1})

    foreign.refresh_from_db()
    assert foreign.quantity == 2
    assert messages_of(client.get("/cart/"))


def test_an_accounts_cart_is_not_shown_to_another_visitor(client, shop):
    user = UserFactory()
    client.force_login(user)
    add_to_cart(client, shop.variant)
    token = client.session[CHECKOUT_SESSION_KEY]
    guest = Client()
    session = guest.session
    session[CHECKOUT_SESSION_KEY] = token
    session.save()

    page = guest.get("/cart/").content.decode()

    assert "林芝松茸" not in page
    assert CHECKOUT_SESSION_KEY not in guest.session


def test_cart_page_queries_do_not_grow_with_lines(client, shop, django_assert_max_num_queries):
    ProductMediaFactory(product=shop.product)
    add_to_cart(client, shop.variant)
    with django_assert_max_num_queries(12) as one_line:
        client.get("/cart/")
    for _ in range(5):
        variant = another_product(shop)
        ProductMediaFactory(product=variant.product)
        add_to_cart(client, variant)
    with django_assert_max_num_queries(12) as six_lines:
        page = client.get("/cart/").content.decode()
    assert page.count('loading="lazy"') == 6
    assert len(six_lines.captured_queries) == len(one_line.captured_queries)
