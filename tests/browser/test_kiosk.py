"""The showroom kiosk in a real browser: a shopper reserves for pickup, the network drops while
they do, the screen resets itself when left alone, speaks Tibetan, and hands a cart to a phone
that finishes the purchase through the normal checkout."""

import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from catalog.models import PlaceKind, Stock, Warehouse
from showroom.models import KioskOrder
from showroom.services import kiosk_device_register
from storefront.models import Order
from tests.browser import steps

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PHONE = "13800138000"
QUEUE_EMPTY = "() => window.kiosk.queue().length === 0"


@pytest.fixture
def kiosk_token(shop) -> str:
    """The shop's showroom made a showroom, with one kiosk registered to it."""
    Warehouse.objects.filter(pk=shop.showroom.pk).update(kind=PlaceKind.SHOWROOM)
    shop.showroom.refresh_from_db()
    return kiosk_device_register(place=shop.showroom, name="入口")[1]


@pytest.fixture
def kiosk(page, kiosk_token):
    """The page, activated as the kiosk by the link staff open once, showing its start screen."""
    page.goto(f"/kiosk/activate/?token={kiosk_token}")
    page.wait_for_url("**/kiosk/")
    page.locator("#start").wait_for()
    return page


def start_and_open_product(page, slug: str) -> None:
    page.locator("#start").click()
    page.locator(f"#product-{slug}").click()
    page.locator("#screen-product").wait_for()


def reserve(page, phone: str = PHONE, name: str = "卓玛") -> None:
    page.locator("#cart-button").click()
    page.locator("#reserve").click()
    for digit in phone:
        page.locator(f"#keypad [data-key='{digit}']").click()
    page.locator("#name").fill(name)
    page.locator("#place-order").click()


def showroom_shelf(shop) -> tuple[int, int]:
    row = Stock.objects.get(warehouse=shop.showroom, product_variant=shop.variant)
    return row.quantity, row.quantity_allocated


def test_browse_add_and_reserve_for_pickup_here(kiosk, snap, shop):
    page = kiosk
    snap("1-start")
    page.locator("#start").click()
    card = page.locator(f"#product-{shop.product.slug}")
    assert "林芝松茸" in card.inner_text()
    assert "本店现货" in card.inner_text() or "On the shelf here" in card.inner_text()
    snap("2-browse")
    card.click()
    assert page.locator("#product-name").inner_text() == "林芝松茸"
    assert page.locator("#product-url").inner_text().endswith(f"/products/{shop.product.slug}/")
    page.wait_for_function("() => document.getElementById('product-qr').naturalWidth > 0")
    snap("3-product")
    page.locator("#qty-plus").click()
    page.locator("#add-to-cart").click()
    assert page.locator("#cart-count").inner_text() == "2"
    page.locator("#cart-button").click()
    assert page.locator("#cart-total").inner_text() == "¥336.00"
    snap("4-cart")
    page.locator("#cart-button").click()
    reserve_button = page.locator("#reserve")
    assert reserve_button.is_enabled()
    reserve_button.click()
    for digit in PHONE:
        page.locator(f"#keypad [data-key='{digit}']").click()
    page.locator("#name").fill("卓玛")
    snap("5-phone")
    page.locator("#place-order").click()
    page.locator("#screen-placed").wait_for()
    snap("6-placed")

    order = Order.objects.get()
    assert page.locator("#placed-code").inner_text() == order.pickup_code
    assert re.fullmatch(r"\d{6}", order.pickup_code)
    assert page.locator("#placed-number").inner_text() == f"#{order.number}"
    assert order.collection_point_id == shop.showroom.pk
    assert [(line.variant_id, line.quantity) for line in order.lines.all()] == [
        (shop.variant.pk, 2)
    ]
    assert order.billing_address.phone == f"+86{PHONE}"
    assert showroom_shelf(shop) == (20, 2)
    assert KioskOrder.objects.get().order == order
    assert page.evaluate("window.kiosk.queue().length") == 0
    # The next shopper starts with an empty cart.
    page.locator("#screen-placed button[data-go=start]").click()
    page.locator("#screen-start").wait_for()
    assert page.evaluate("window.kiosk.state.cart.length") == 0


def test_an_order_made_offline_is_sent_once_when_the_network_returns(kiosk, snap, shop):
    page = kiosk
    start_and_open_product(page, shop.product.slug)
    page.context.set_offline(True)
    # The catalog now comes from the kiosk's own copy.
    page.evaluate("() => window.kiosk.loadCatalog()")
    assert page.locator("#offline-banner").is_visible()
    page.locator("#screen-product button[data-go=browse]").click()
    page.locator(f"#product-{shop.product.slug}").click()
    page.locator("#add-to-cart").click()
    reserve(page)
    page.locator("#screen-queued").wait_for()
    assert page.locator("#queue-status").is_visible()
    snap("1-queued")
    assert not Order.objects.exists()
    entry = page.evaluate("window.kiosk.queue()[0]")
    assert entry["payload"]["lines"] == [{"variantId": shop.variant.pk, "quantity": 1}]
    assert entry["payload"]["idempotencyKey"] == entry["key"]

    page.context.set_offline(False)
    page.locator("#screen-placed").wait_for(timeout=15_000)
    snap("2-sent")
    order = Order.objects.get()
    assert page.locator("#placed-code").inner_text() == order.pickup_code
    assert str(KioskOrder.objects.get().idempotency_key) == entry["key"]
    page.wait_for_function(QUEUE_EMPTY)

    # The same queued order sent again, twice at once (a lost answer, a replayed queue).
    replies = page.evaluate(
        """async (payload) => {
            const token = JSON.parse(document.getElementById("kiosk-config").textContent).csrfToken;
            const send = () => fetch("/kiosk/orders/", {
                method: "POST", body: JSON.stringify(payload),
                headers: {"Content-Type": "application/json", "X-CSRFToken": token},
            }).then(async (r) => [r.status, (await r.json()).order.number]);
            return Promise.all([send(), send()]);
        }""",
        entry["payload"],
    )
    assert replies == [[200, order.number], [200, order.number]]
    assert Order.objects.count() == KioskOrder.objects.count() == 1
    assert showroom_shelf(shop) == (20, 1)


def test_a_refused_reservation_is_explained_and_leaves_the_queue(kiosk, snap, shop):
    page = kiosk
    start_and_open_product(page, shop.product.slug)
    page.locator("#add-to-cart").click()
    page.locator("#add-to-cart").click()
    # Meanwhile the shelf sold all but one unit over the counter.
    Stock.objects.filter(warehouse=shop.showroom, product_variant=shop.variant).update(quantity=1)
    reserve(page)
    error = page.locator("#reserve-error")
    error.wait_for()
    page.wait_for_function("() => document.getElementById('reserve-error').textContent !== ''")
    with translation.override("zh-hans"):
        assert error.inner_text() == gettext(
            "Not enough stock for an item in your cart: lower the quantity."
        )
    snap("1-refused")
    assert page.evaluate("window.kiosk.queue().length") == 0
    assert page.evaluate("window.kiosk.state.cart.length") == 1  # kept, to be changed
    assert not Order.objects.exists() and not KioskOrder.objects.exists()


def test_left_alone_the_kiosk_starts_over_but_keeps_its_queued_orders(kiosk, snap, shop, settings):
    settings.KIOSK_IDLE_RESET_SECONDS = 2
    page = kiosk
    page.reload()  # the page takes the setting when it is served
    start_and_open_product(page, shop.product.slug)
    page.locator("#add-to-cart").click()
    assert page.locator("#cart-count").inner_text() == "1"
    page.wait_for_timeout(3_000)
    page.locator("#screen-start").wait_for()
    assert page.evaluate("window.kiosk.state.cart.length") == 0
    snap("1-reset")

    # An order waiting for the network outlives the reset.
    start_and_open_product(page, shop.product.slug)
    page.context.set_offline(True)
    page.locator("#add-to-cart").click()
    reserve(page)
    page.locator("#screen-queued").wait_for()
    page.wait_for_timeout(3_000)
    page.locator("#screen-start").wait_for()
    assert page.evaluate("window.kiosk.queue().length") == 1
    page.context.set_offline(False)
    page.wait_for_function(QUEUE_EMPTY, timeout=15_000)
    assert Order.objects.count() == 1


def test_the_kiosk_speaks_tibetan(kiosk, snap, shop):
    page = kiosk
    page.locator("#screen-start [data-language=bo]").click()
    assert page.evaluate("document.documentElement.lang") == "bo"
    assert page.locator("#screen-start h1").inner_text() == "བོད་ཀྱི་ཐོན་རྫས།"
    snap("1-start-bo")
    page.locator("#start").click()
    assert "ཉོ་སྒམ།" in page.locator("#cart-button").inner_text()
    # Untranslated product names stay Chinese, marked as such.
    name = page.locator(f"#product-{shop.product.slug} .name")
    assert name.inner_text() == "林芝松茸"
    assert name.get_attribute("lang") == "zh-Hans"
    snap("2-browse-bo")
    page.locator("#bar [data-language=en]").click()
    assert name.inner_text() == "Nyingchi Matsutake"
    assert page.locator("#cart-button").inner_text().startswith("Cart")


def test_a_cart_handed_to_a_phone_is_bought_there_for_delivery(
    kiosk, snap, shop, browser, live_server, settings
):
    settings.STOREFRONT_URL = live_server.url
    page = kiosk
    start_and_open_product(page, shop.product.slug)
    page.locator("#add-to-cart").click()
    page.locator("#cart-button").click()
    page.locator("#deliver").click()
    page.locator("#screen-handoff").wait_for()
    assert page.locator("#handoff-qr svg").is_visible()
    snap("1-handoff")
    url = page.locator("#handoff-url").inner_text()
    assert url.startswith(f"{live_server.url}/cart/claim/")
    assert page.evaluate("window.kiosk.state.cart.length") == 0

    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    try:
        shopper = phone.new_page()
        shopper.goto(url)
        shopper.wait_for_url("**/checkout/")
        assert "林芝松茸" in shopper.locator("main").inner_text()
        steps.type_address(shopper)
        steps.choose_delivery(shopper, f"shipping:{shop.shipping_method.pk}")
        steps.pay(shopper, "mirumee.payments.dummy")
        order = steps.placed_order(shopper)
    finally:
        phone.close()
    assert order.shipping_address.street_address_1 == "北京中路 12 号"
    assert order.collection_point is None
    assert order.total_charged_amount == order.total_amount
