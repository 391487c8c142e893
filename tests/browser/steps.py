"""What a shopper does on the pages, through the element ids of the pages' contract."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from storefront.models import Order

if TYPE_CHECKING:
    from playwright.sync_api import Page

ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts" / "browser"

ADDRESS = {
    "email": "zhuoma@example.com",
    "first_name": "卓玛",
    "last_name": "次仁",
    "phone": "13800138000",
    "country_area": "西藏自治区",
    "city": "拉萨市",
    "city_area": "城关区",
    "street_address_1": "北京中路 12 号",
    "postal_code": "850000",
}


def add_to_cart(page: Page, slug: str) -> None:
    page.goto(f"/products/{slug}/")
    page.locator("#add-to-cart-button").click()
    page.wait_for_load_state()


def open_cart(page: Page) -> None:
    page.locator("header nav a[href$='/cart/']").click()
    page.wait_for_load_state()


def go_to_checkout(page: Page) -> None:
    page.locator("a#go-to-checkout").click()
    page.wait_for_load_state()


def submit(page: Page, form: str) -> None:
    page.locator(f"form#{form} [type=submit]").first.click()
    page.wait_for_load_state()


def type_address(page: Page) -> None:
    """Types the address field by field, as a shopper would, and sends the form."""
    form = page.locator("form#address-form")
    assert form.locator("input[name=country]").input_value() == "CN"
    for name, value in ADDRESS.items():
        field = form.locator(f"[name={name}]")
        field.fill("")
        field.press_sequentially(value)
    submit(page, "address-form")


def choose_delivery(page: Page, value: str) -> None:
    page.locator(f"form#delivery-form input[name=delivery_method][value='{value}']").check()
    submit(page, "delivery-form")


def pay(page: Page, gateway: str) -> None:
    page.locator(f"form#payment-form input[name=gateway][value='{gateway}']").check()
    page.locator("button#pay").click()
    page.wait_for_url("**/orders/**")


def placed_order(page: Page) -> Order:
    """The order whose page is open (its UUID is the last part of the URL)."""
    order_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    return Order.objects.get(pk=order_id)
