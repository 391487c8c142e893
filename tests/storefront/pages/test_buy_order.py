"""The order page: open to whoever holds the order's UUID link (as orderByToken), the pickup
code only for the order's account or the session that placed it."""

import uuid

import pytest
from django.test import Client

from storefront.models import Order, OrderStatus
from tests.factories import UserFactory
from tests.factories.payments import order_to_pay, transaction_for
from tests.storefront.pages.buy_support import CASH, make_shop, pay, ready_to_pay

pytestmark = pytest.mark.django_db


def _en() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def _page(client: Client, order: Order) -> str:
    response = client.get(f"/orders/{order.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_link_shows_the_order_but_the_pickup_code_only_to_its_buyer():
    shop = make_shop()
    buyer = _en()
    ready_to_pay(buyer, shop, pickup=True)
    pay(buyer, CASH)
    order = Order.objects.get()
    code = order.pickup_code

    mine = _page(buyer, order)
    theirs = _page(_en(), order)

    for page in (mine, theirs):
        assert f'<span id="order-number">{order.number}</span>' in page
        assert '<dd id="order-status">Received: being prepared for pickup</dd>' in page
        assert '<dd id="payment-status">To be paid in cash at pickup</dd>' in page
        assert "拉萨八廓街展厅" in page and "八廓街 8 号" in page
        assert "林芝松茸" in page and 'id="order-total">¥90.00<' in page
        assert '<meta name="robots" content="noindex">' in page
    assert code in mine
    assert code not in theirs and 'id="pickup-code"' not in theirs


def test_the_accounts_owner_sees_the_pickup_code_from_any_session():
    user = UserFactory()
    order = order_to_pay(user=user, pickup=True, lines=(("100.00", 1),))
    Order.objects.filter(pk=order.pk).update(pickup_code="314159")
    client = _en()
    assert "314159" not in _page(client, order)

    client.force_login(user)

    assert 'id="pickup-code" class="buy-code">314159<' in _page(client, order)
    client.force_login(UserFactory())
    assert "314159" not in _page(client, order)


def test_payment_and_delivery_status_of_a_paid_order(django_assert_max_num_queries):
    order = order_to_pay(total="120.00", shipping="20.00", lines=(("50.00", 2),))
    Order.objects.filter(pk=order.pk).update(
        charge_status="full", status=OrderStatus.FULFILLED, shipping_method_name="EMS"
    )
    transaction_for(order, charged_value=120)

    with django_assert_max_num_queries(8):
        page = _page(_en(), order)

    assert '<dd id="payment-status">Paid</dd>' in page
    assert '<dd id="order-status">Sent</dd>' in page
    assert "¥20.00" in page and "¥120.00" in page


def test_unknown_and_draft_orders_are_not_found():
    order = order_to_pay()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.DRAFT)
    client = _en()
    assert client.get(f"/orders/{order.pk}/").status_code == 404
    assert client.get(f"/orders/{uuid.uuid4()}/").status_code == 404
