"""A shopper buys in a real browser: delivered with the dummy gateway, or collected at a showroom
and paid in cash; and the add-to-cart button is reachable with the keyboard."""

from decimal import Decimal

import pytest

from storefront.models import CheckoutLine, OrderStatus
from tests.browser import steps

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_buy_delivered_to_lhasa_paid_with_dummy(page, snap, shop):
    page.goto("/")
    snap("1-home")
    page.locator(f"a[href$='/categories/{shop.category_slug}/']").first.click()
    page.wait_for_load_state()
    snap("2-category")
    page.locator(f"a#product-{shop.product.slug}").click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text().strip() == "林芝松茸"
    snap("3-product")
    page.locator("#add-to-cart-button").click()
    page.wait_for_load_state()
    steps.open_cart(page)
    assert "林芝松茸" in page.locator("main").inner_text()
    snap("4-cart")
    steps.go_to_checkout(page)
    steps.type_address(page)
    snap("5-address")
    steps.choose_delivery(page, f"shipping:{shop.shipping_method.pk}")
    snap("6-delivery")
    steps.pay(page, "mirumee.payments.dummy")
    snap("7-order")

    order = steps.placed_order(page)
    assert page.locator("#order-number").inner_text().strip().lstrip("#") == str(order.number)
    assert page.locator("#order-status").inner_text().strip()
    assert order.status == OrderStatus.UNFULFILLED
    assert order.shipping_method_id == shop.shipping_method.pk
    assert order.shipping_address.city == "拉萨市"
    assert order.shipping_address.street_address_1 == "北京中路 12 号"
    assert order.user_email == "zhuoma@example.com"
    assert [(line.variant_id, line.quantity) for line in order.lines.all()] == [
        (shop.variant.pk, 1)
    ]
    assert order.total_charged_amount == order.total_amount == Decimal("180.00")


def test_buy_collected_at_showroom_paid_in_cash(page, snap, shop):
    steps.add_to_cart(page, shop.product.slug)
    steps.open_cart(page)
    steps.go_to_checkout(page)
    steps.type_address(page)
    steps.choose_delivery(page, f"pickup:{shop.showroom.pk}")
    snap("1-pickup")
    steps.pay(page, "tibet.payments.cash")
    snap("2-order")

    order = steps.placed_order(page)
    assert order.collection_point_id == shop.showroom.pk
    assert order.pickup_code
    assert order.total_charged_amount == 0  # paid at the counter
    main = page.locator("main").inner_text()
    assert page.locator("#order-number").inner_text().strip().lstrip("#") == str(order.number)
    assert "拉萨八廓街展厅" in main
    assert order.pickup_code in main


def test_keyboard_reaches_add_to_cart_and_enter_submits(page, snap, shop):
    page.goto(f"/products/{shop.product.slug}/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == (
            "add-to-cart-button"
        ):
            break
    else:
        pytest.fail("Tab never reached #add-to-cart-button")
    snap("1-focused")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    snap("2-added")
    assert CheckoutLine.objects.filter(variant=shop.variant, quantity=1).count() == 1
