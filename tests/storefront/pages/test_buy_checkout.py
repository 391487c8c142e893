"""The checkout page: address, delivery (shipping or pickup), payment and completion, through
the same services as the API; errors shown next to their field or as messages, and nothing
changed by a failed step."""

import re
from decimal import Decimal

import pytest
from django.test import Client

from catalog.models import Stock
from storefront.models import Checkout, Order, OrderChargeStatus, OrderStatus, TransactionItem
from storefront.payments.base import PaymentSource
from storefront.payments.stripe_gateway import StripeGateway
from storefront.services.checkout_complete import checkout_complete
from storefront.services.payments_sessions import transaction_initialize
from tests.factories.payments import RecordedStripe
from tests.storefront.pages.buy_support import (
    ADDRESS,
    CASH,
    DECLINED_CARD,
    DUMMY,
    add_to_cart,
    another_product,
    cart_checkout,
    choose_delivery,
    make_shop,
    messages_of,
    pay,
    ready_to_pay,
    save_address,
)

pytestmark = pytest.mark.django_db

STRIPE = "tibet.payments.stripe"
PI = "pi_3PtibetA1b2C3d4E5f6G7h8"


@pytest.fixture
def shop():
    return make_shop()


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _page(client) -> str:
    response = client.get("/checkout/")
    assert response.status_code == 200
    return response.content.decode()


def test_delivered_order_paid_with_the_dummy_gateway(client, shop):
    add_to_cart(client, shop.variant, 2)
    page = _page(client)
    assert 'id="address-form"' in page
    assert 'id="delivery-form"' not in page and 'id="payment-form"' not in page
    # The Chinese order of the address: province, city, district, street, postal code, name.
    order_of_fields = [
        page.index(f'name="{name}"')
        for name in (
            "country_area",
            "city",
            "city_area",
            "street_address_1",
            "postal_code",
            "first_name",
            "phone",
        )
    ]
    assert order_of_fields == sorted(order_of_fields)
    assert 'name="country" value="CN"' in page

    response = save_address(client)
    assert response.status_code == 302 and response["Location"].endswith("/checkout/#delivery")
    checkout = cart_checkout(client)
    assert checkout.email == "zhuoma@example.com"
    assert (checkout.shipping_address.city_area, checkout.shipping_address.phone) == (
        "城关区",
        "+8613800138000",
    )
    assert checkout.billing_address.street_address_1 == "北京中路 12 号"
    assert checkout.billing_address_id != checkout.shipping_address_id

    page = _page(client)
    assert f'value="shipping:{shop.method.pk}"' in page
    assert f'value="pickup:{shop.showroom.pk}"' in page
    assert "八廓街 8 号" in page  # the pickup point's address
    assert 'id="payment-form"' not in page

    response = choose_delivery(client, f"shipping:{shop.method.pk}")
    assert response["Location"].endswith("/checkout/#payment")
    page = _page(client)
    assert f'value="{DUMMY}"' in page
    assert f'value="{CASH}"' not in page  # cash only for pickup
    assert 'id="pay"' in page
    assert "¥190.00" in page  # 2 × 90 + 10 shipping
    assert "js.stripe.com" not in page

    response = pay(client, DUMMY)

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/orders/{order.pk}/"
    assert (order.total_amount, order.total_charged_amount) == (Decimal(190), Decimal(190))
    assert order.charge_status == OrderChargeStatus.FULL
    assert order.shipping_method_id == shop.method.pk
    assert order.user_email == "zhuoma@example.com"
    assert not Checkout.objects.exists()
    assert cart_checkout(client) is None
    assert Stock.objects.get(product_variant=shop.variant).quantity_allocated == 2

    page = client.get(response["Location"]).content.decode()
    assert f'<span id="order-number">{order.number}</span>' in page
    assert 'id="order-status"' in page
    assert "北京中路 12 号" in page and "EMS" in page


def test_pickup_paid_in_cash_shows_the_point_and_the_pickup_code(client, shop):
    ready_to_pay(client, shop, pickup=True)
    checkout = cart_checkout(client)
    assert checkout.collection_point_id == shop.showroom.pk
    page = _page(client)
    assert f'value="{CASH}"' in page and f'value="{DUMMY}"' in page
    assert f'value="pickup:{shop.showroom.pk}" checked' in page
    # Delivery stays on offer, priced for the shopper's own address.
    assert f'value="shipping:{shop.method.pk}"' in page

    response = pay(client, CASH)

    order = Order.objects.get()
    assert response["Location"] == f"/orders/{order.pk}/"
    assert order.collection_point_id == shop.showroom.pk
    assert order.total_amount == Decimal(90)
    assert order.total_charged_amount == 0
    assert len(order.pickup_code) == 6
    page = client.get(response["Location"]).content.decode()
    assert "拉萨八廓街展厅" in page and "八廓街 8 号" in page
    assert f'id="pickup-code" class="buy-code">{order.pickup_code}<' in page
    assert '<dd id="payment-status">To be paid in cash at pickup</dd>' in page


def test_switching_from_pickup_back_to_delivery_ships_to_the_shoppers_address(client, shop):
    ready_to_pay(client, shop, pickup=True)

    response = choose_delivery(client, f"shipping:{shop.method.pk}")

    assert response["Location"].endswith("#payment")
    checkout = cart_checkout(client)
    assert checkout.collection_point_id is None
    assert checkout.shipping_method_id == shop.method.pk
    assert checkout.shipping_address.street_address_1 == "北京中路 12 号"


def test_a_bad_phone_and_postal_code_are_shown_next_to_their_fields(client, shop):
    add_to_cart(client, shop.variant)
    save_address(client)
    before = cart_checkout(client)

    response = save_address(
        client, phone="12345", postal_code="85000", street_address_1="新地址 1 号"
    )

    assert response.status_code == 200
    page = response.content.decode()
    phone_field = re.search(r'name="phone".*?</div>', page, re.S).group(0)
    postal_field = re.search(r'name="postal_code".*?</div>', page, re.S).group(0)
    assert 'class="errorlist"' in phone_field
    assert 'class="errorlist"' in postal_field
    assert 'value="新地址 1 号"' in page  # what the shopper typed is kept
    after = cart_checkout(client)
    assert after.shipping_address_id == before.shipping_address_id
    assert after.shipping_address.street_address_1 == "北京中路 12 号"


def test_a_bad_billing_address_changes_nothing(client, shop):
    add_to_cart(client, shop.variant)
    data = {key: value for key, value in ADDRESS.items() if key != "billing_same"}
    billing = {f"billing-{key}": value for key, value in ADDRESS.items() if key != "email"}
    billing["billing-postal_code"] = "abc"

    response = client.post("/checkout/", {"step": "address", **data, **billing})

    assert response.status_code == 200
    page = response.content.decode()
    postal_field = re.search(r'name="billing-postal_code".*?</div>', page, re.S).group(0)
    assert 'class="errorlist"' in postal_field
    checkout = cart_checkout(client)
    assert (checkout.shipping_address_id, checkout.billing_address_id, checkout.email) == (
        None,
        None,
        None,
    )


def test_missing_recipient_and_bad_email_are_refused(client, shop):
    add_to_cart(client, shop.variant)

    response = save_address(client, first_name="", email="not-an-email")

    page = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'name="first_name".*?class="errorlist"', page, re.S)
    response = save_address(client, email="not-an-email")
    email_field = re.search(r'name="email".*?</div>', response.content.decode(), re.S).group(0)
    assert 'class="errorlist"' in email_field
    assert cart_checkout(client).shipping_address_id is None


def test_a_declined_card_keeps_the_cart_and_says_so(client, shop):
    checkout = ready_to_pay(client, shop)

    response = pay(client, DUMMY, card=DECLINED_CARD)

    assert response["Location"].endswith("/checkout/#payment")
    follow = client.get(response["Location"])
    assert messages_of(follow)[-1] == (
        "Your payment was declined. Try again, or choose another payment method."
    )
    assert not Order.objects.exists()
    assert cart_checkout(client).pk == checkout.pk
    assert Stock.objects.get(product_variant=shop.variant).quantity_allocated == 0

    # A good card then goes through.
    response = pay(client, DUMMY, card="4242424242424242")
    assert Order.objects.get().total_charged_amount == Decimal(100)


def test_stock_gone_before_completion_leaves_no_order_and_charges_once(client, shop):
    ready_to_pay(client, shop, quantity=2)
    Stock.objects.filter(product_variant=shop.variant).update(quantity_allocated=4)

    response = pay(client, DUMMY)

    follow = client.get(response["Location"])
    assert response["Location"].endswith("/checkout/#payment")
    assert messages_of(follow)[-1] == (
        "Not enough stock of 林芝松茸: lower the quantity or remove it."
    )
    assert not Order.objects.exists()
    assert cart_checkout(client) is not None
    assert Stock.objects.get(product_variant=shop.variant).quantity_allocated == 4

    # Stock comes back: paying again completes without a second charge.
    Stock.objects.filter(product_variant=shop.variant).update(quantity_allocated=0)
    pay(client, DUMMY)
    order = Order.objects.get()
    assert TransactionItem.objects.filter(order=order).count() == 1
    assert order.total_charged_amount == Decimal(190)


def test_an_unknown_delivery_choice_or_gateway_is_refused(client, shop):
    add_to_cart(client, shop.variant)
    save_address(client)

    response = choose_delivery(client, "shipping:999999")
    assert messages_of(client.get(response["Location"]))[-1] == (
        "Choose how to receive your order."
    )
    response = choose_delivery(client, f"pickup:{shop.warehouse.pk}")  # not a pickup point
    assert messages_of(client.get(response["Location"])) == [
        "This delivery method is not available for your order: choose another."
    ]
    assert cart_checkout(client).collection_point_id is None

    choose_delivery(client, f"shipping:{shop.method.pk}")
    response = pay(client, CASH)  # not offered for delivery
    assert response["Location"].endswith("#payment")
    assert messages_of(client.get(response["Location"]))[-1] == "Choose a payment method."
    assert not Order.objects.exists()


def test_the_checkout_needs_a_cart(client, shop):
    response = client.get("/checkout/")
    assert response.status_code == 302 and response["Location"] == "/cart/"
    assert pay(client)["Location"] == "/cart/"


def test_csrf_is_enforced_on_every_step(shop):
    client = Client(enforce_csrf_checks=True)
    assert add_to_cart(client, shop.variant).status_code == 403
    client.get("/cart/")  # a page with a form sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    response = add_to_cart(client, shop.variant, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 302
    assert save_address(client).status_code == 403
    assert pay(client).status_code == 403
    assert cart_checkout(client).shipping_address_id is None
    page = client.get("/checkout/").content.decode()
    assert page.count('name="csrfmiddlewaretoken"') >= 2  # language form and address form


def test_checkout_page_queries_do_not_grow_with_lines(client, shop, django_assert_max_num_queries):
    ready_to_pay(client, shop)
    with django_assert_max_num_queries(12) as one_line:
        _page(client)
    for _ in range(4):
        add_to_cart(client, another_product(shop))
    choose_delivery(client, f"shipping:{shop.method.pk}")
    with django_assert_max_num_queries(12) as five_lines:
        page = _page(client)
    assert 'id="payment-form"' in page
    assert len(five_lines.captured_queries) == len(one_line.captured_queries)


@pytest.fixture
def stripe_api(settings, monkeypatch) -> RecordedStripe:
    settings.STRIPE_SECRET_KEY = "sk_test_recorded"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_recorded"
    settings.PAYMENT_GATEWAYS = []
    recorded = RecordedStripe()
    monkeypatch.setattr(StripeGateway, "http_client", recorded)
    return recorded


def test_stripe_is_confirmed_by_stripe_js_then_processed_and_completed(client, shop, stripe_api):
    stripe_api.answer("POST", "/v1/payment_intents", "payment_intent_create")
    stripe_api.answer("GET", f"/v1/payment_intents/{PI}", "payment_intent_retrieve_succeeded")
    ready_to_pay(client, shop)  # 90 + 10 shipping = the recorded 100.00
    page = _page(client)
    assert f'value="{STRIPE}"' in page
    assert "js.stripe.com" not in page

    response = pay(client, STRIPE)

    assert response["Location"].endswith("/checkout/#payment")
    transaction = TransactionItem.objects.get()
    assert transaction.psp_reference == PI
    page = _page(client)
    assert '<script src="https://js.stripe.com/v3/"></script>' in page
    assert f"{PI}_secret_Xq7TibetRecordedSecret01" in page
    assert "pk_test_recorded" in page
    assert f'name="transaction" value="{transaction.token}"' in page
    assert not Order.objects.exists()

    # Paying again before confirming reuses the same PaymentIntent.
    pay(client, STRIPE)
    assert TransactionItem.objects.count() == 1
    assert {r.idempotency_key for r in stripe_api.requests} == {
        f"tibet-{transaction.token}-initialize"
    }

    # Stripe.js confirmed the intent in the browser; the form then posts the transaction.
    response = client.post("/checkout/pay/", {"transaction": str(transaction.token)})

    order = Order.objects.get()
    assert response["Location"] == f"/orders/{order.pk}/"
    assert order.total_charged_amount == Decimal(100)
    assert order.status == OrderStatus.UNFULFILLED
    assert stripe_api.requests[-1].method == "GET"


def test_stripe_return_from_a_redirect_method_posts_the_payment_back(client, shop, stripe_api):
    stripe_api.answer("POST", "/v1/payment_intents", "payment_intent_create")
    ready_to_pay(client, shop)
    pay(client, STRIPE)

    page = client.get(f"/checkout/?payment_intent={PI}&redirect_status=succeeded").content
    assert b"form.submit(); return;" in page


def test_a_transaction_of_another_checkout_is_refused(client, shop, stripe_api):
    stripe_api.answer("POST", "/v1/payment_intents", "payment_intent_create")
    ready_to_pay(client, shop)
    pay(client, STRIPE)
    transaction = TransactionItem.objects.get()
    other = Client()
    ready_to_pay(other, shop)

    response = other.post("/checkout/pay/", {"transaction": str(transaction.token)})

    assert response["Location"].endswith("#payment")
    assert not Order.objects.exists()
    assert [r.method for r in stripe_api.requests] == ["POST"]


def test_the_order_is_in_the_language_the_shopper_paid_in(shop):
    client = Client()  # starts in the default language
    ready_to_pay(client, shop)
    assert cart_checkout(client).language_code == "zh-hans"
    client.post("/i18n/setlang/", {"language": "bo", "next": "/checkout/"})

    pay(client, DUMMY)

    assert Order.objects.get().language_code == "bo"


def test_returning_after_the_provider_placed_the_order_shows_that_order(client, shop):
    checkout = ready_to_pay(client, shop)
    # The provider reported the payment first, and the order was placed without the page.
    transaction_initialize(
        source=PaymentSource(checkout=checkout),
        gateway_id="mirumee.payments.dummy",
        data=None,
        idempotency_key=None,
        user=None,
    )
    order = checkout_complete(checkout=checkout)

    response = client.post("/checkout/pay/", {"gateway": "mirumee.payments.dummy"})

    assert response.status_code == 302
    assert response["Location"] == f"/orders/{order.pk}/"
    assert Order.objects.count() == 1
