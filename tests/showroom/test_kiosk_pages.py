"""The showroom kiosk's endpoints (/kiosk/): device activation, the page, its catalog, QR codes,
pickup reservations sent once however often they are repeated, and carts handed to a phone
(storefront /cart/claim/<token>/)."""

import datetime
import gzip
import json
import uuid
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import ProductVariant, Stock, Warehouse
from showroom.kiosk.device import COOKIE_NAME
from showroom.models import KioskOrder
from showroom.services import kiosk_device_register, kiosk_device_revoke
from storefront.context_processors import CHECKOUT_SESSION_KEY
from storefront.models import Checkout, Order, OrderChargeStatus, OrderStatus
from tests.factories import ChannelFactory, UserFactory, WarehouseFactory
from tests.factories.catalog import StockFactory, sellable_product
from tests.factories.checkout import purchasable_variant
from tests.factories.search import ProductTranslationFactory
from tests.showroom.helpers import logged_in, showroom_place

pytestmark = pytest.mark.django_db

KIOSK = "/kiosk/"
CATALOG = "/kiosk/catalog.json"
ORDERS = "/kiosk/orders/"
HANDOFF = "/kiosk/handoff/"
QR = "/kiosk/qr.svg"
PHONE = "13800138000"


@dataclass
class Shop:
    channel: object
    showroom: Warehouse
    county: Warehouse
    both: ProductVariant  # on the shelf here and in the county warehouse
    shelf_only: ProductVariant
    county_only: ProductVariant
    sold_out: ProductVariant


@pytest.fixture
def shop() -> Shop:
    channel = ChannelFactory(currency_code="CNY")
    county = WarehouseFactory(name="巴宜区仓库")
    showroom = showroom_place()
    both = purchasable_variant(
        channel, price="168.00", stock=10, warehouse=county, name="林芝松茸", slug="songrong"
    )
    StockFactory(warehouse=showroom, product_variant=both, quantity=3)
    ProductTranslationFactory(product=both.product, language_code="en", name="Matsutake")
    ProductTranslationFactory(product=both.product, language_code="bo", name="ཤ་མོ།")
    shelf_only = sellable_product(
        channel, price="88.50", stock=4, warehouse=showroom, name="牦牛肉干", slug="yak"
    ).default_variant
    county_only = purchasable_variant(
        channel, price="30.00", stock=5, warehouse=county, name="青稞饼", slug="barley"
    )
    sold_out = purchasable_variant(
        channel, price="12.00", stock=0, warehouse=county, name="酥油茶", slug="butter-tea"
    )
    return Shop(channel, showroom, county, both, shelf_only, county_only, sold_out)


@pytest.fixture
def device(shop):
    return kiosk_device_register(place=shop.showroom, name="入口")


@pytest.fixture
def kiosk(device) -> Client:
    client = Client()
    client.cookies[COOKIE_NAME] = device[1]
    return client


def post_json(client: Client, url: str, data: dict):
    return client.post(url, json.dumps(data), content_type="application/json")


def reservation(*lines, key=None, phone=PHONE, name="卓玛") -> dict:
    return {
        "idempotencyKey": str(key or uuid.uuid4()),
        "lines": [{"variantId": variant.pk, "quantity": quantity} for variant, quantity in lines],
        "phone": phone,
        "name": name,
        "language": "bo",
    }


def shelf(shop, variant) -> tuple[int, int]:
    row = Stock.objects.get(warehouse=shop.showroom, product_variant=variant)
    return row.quantity, row.quantity_allocated


# --- the device ----------------------------------------------------------------------------


def test_every_kiosk_endpoint_refuses_a_screen_without_a_device(shop, device):
    anonymous = Client()

    assert anonymous.get(KIOSK).status_code == 403
    assert "activate" in anonymous.get(KIOSK).content.decode()
    for response in (
        anonymous.get(CATALOG),
        post_json(anonymous, ORDERS, reservation((shop.both, 1))),
        post_json(anonymous, HANDOFF, {"lines": []}),
    ):
        assert response.status_code == 403
        assert response.json()["errors"][0]["code"] == "DEVICE_NOT_REGISTERED"
    assert anonymous.get(QR, {"data": f"{settings.STOREFRONT_URL}/"}).status_code == 403
    assert not Order.objects.exists() and not KioskOrder.objects.exists()


def test_a_revoked_device_is_refused(device):
    client = Client()
    client.cookies[COOKIE_NAME] = device[1]
    assert client.get(KIOSK).status_code == 200

    kiosk_device_revoke(device=device[0])

    assert client.get(KIOSK).status_code == 403
    assert client.get(CATALOG).status_code == 403


def test_staff_activate_a_screen_by_pasting_the_token(device):
    client = Client(enforce_csrf_checks=True)
    form = client.get("/kiosk/activate/")
    assert form.status_code == 200
    assert form["Referrer-Policy"] == "no-referrer"

    response = client.post(
        "/kiosk/activate/",
        {"token": device[1], "csrfmiddlewaretoken": form.context["csrf_token"]},
    )

    assert response.status_code == 302
    assert response["Location"] == KIOSK
    cookie = response.cookies[COOKIE_NAME]
    assert cookie.value == device[1]
    assert cookie["httponly"] is True
    assert cookie["path"] == "/kiosk/"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    assert client.get(KIOSK).status_code == 200


def test_a_link_with_the_token_activates_and_drops_it_from_the_address(device):
    client = Client()

    response = client.get("/kiosk/activate/", {"token": device[1]})

    assert response.status_code == 302
    assert response["Location"] == KIOSK  # the token is not in the address any more
    assert response.cookies[COOKIE_NAME].value == device[1]


def test_a_wrong_token_is_refused(device):
    client = Client()

    response = client.post("/kiosk/activate/", {"token": "not-a-token"})

    assert response.status_code == 400
    assert COOKIE_NAME not in response.cookies
    assert client.get(KIOSK).status_code == 403


# --- the page and the catalog ---------------------------------------------------------------


def test_the_page_carries_every_text_in_three_languages(kiosk, settings):
    settings.KIOSK_IDLE_RESET_SECONDS = 42

    response = kiosk.get(KIOSK)

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    html = response.content.decode()
    config = response.context["config"]
    assert config["idleSeconds"] == 42
    assert config["texts"]["bo"]["title"] == "བོད་ཀྱི་ཐོན་རྫས།"
    assert config["texts"]["zh-Hans"]["title"] == "西藏好物"
    assert config["texts"]["en"]["title"] == "Tibet Goods"
    assert config["texts"]["en"]["reserve"] == "Reserve for pickup here"
    assert set(config["texts"]["bo"]) == set(config["texts"]["en"])
    assert config["languages"] == {"zh-Hans": "中文", "bo": "བོད་ཡིག", "en": "English"}
    assert 'id="kiosk-config"' in html
    assert "localStorage" in html
    # One request carries the whole app (three languages, styles, script), still small.
    assert len(gzip.compress(response.content)) < 20_000


def test_catalog_flags_what_is_on_the_shelf_and_what_is_delivered(kiosk, shop):
    response = kiosk.get(CATALOG)

    assert response.status_code == 200
    body = response.json()
    assert body["place"] == {"id": shop.showroom.pk, "name": "拉萨展示展销中心"}
    assert body["currency"] == "CNY"
    flags = {item["slug"]: (item["onShelfHere"], item["deliverable"]) for item in body["products"]}
    assert flags == {
        "songrong": (True, True),
        "yak": (True, False),
        "barley": (False, True),
        "butter-tea": (False, False),
    }
    # On this shelf first, then delivered, then the rest.
    assert [item["slug"] for item in body["products"]][-2:] == ["barley", "butter-tea"]
    songrong = next(item for item in body["products"] if item["slug"] == "songrong")
    assert songrong["name"] == {"zh-Hans": "林芝松茸", "bo": "ཤ་མོ།", "en": "Matsutake"}
    assert songrong["price"] == "168.00"
    assert songrong["url"] == f"{settings.STOREFRONT_URL.rstrip('/')}/products/songrong/"
    assert songrong["variants"] == [
        {
            "id": shop.both.pk,
            "sku": shop.both.sku,
            "name": {"zh-Hans": shop.both.name, "bo": "", "en": ""},
            "price": "168.00",
            "onShelfHere": True,
            "deliverable": True,
        }
    ]
    yak = next(item for item in body["products"] if item["slug"] == "yak")
    assert yak["price"] == "88.50"
    assert yak["name"]["en"] == ""  # the page falls back to the Chinese name


def test_catalog_counts_units_allocated_to_orders_as_gone(kiosk, shop):
    Stock.objects.filter(warehouse=shop.showroom, product_variant=shop.both).update(
        quantity_allocated=3
    )

    products = {item["slug"]: item for item in kiosk.get(CATALOG).json()["products"]}

    assert products["songrong"]["onShelfHere"] is False
    assert products["songrong"]["deliverable"] is True


def test_catalog_queries_do_not_grow_with_the_products(kiosk, shop):
    kiosk.get(CATALOG)  # the first call of the minute also records the device as seen
    with CaptureQueriesContext(connection) as few:
        assert len(kiosk.get(CATALOG).json()["products"]) == 4
    for index in range(8):
        variant = purchasable_variant(
            shop.channel, warehouse=shop.county, name=f"产品{index}", slug=f"more-{index}"
        )
        StockFactory(warehouse=shop.showroom, product_variant=variant, quantity=1)
        ProductTranslationFactory(product=variant.product, language_code="en")
    with CaptureQueriesContext(connection) as many:
        assert len(kiosk.get(CATALOG).json()["products"]) == 12

    assert len(many) == len(few)
    assert len(many) <= 16


def test_qr_codes_only_for_storefront_links(kiosk):
    good = kiosk.get(QR, {"data": f"{settings.STOREFRONT_URL.rstrip('/')}/products/songrong/"})
    assert good.status_code == 200
    assert good["Content-Type"] == "image/svg+xml"
    assert good.content.startswith(b'<svg xmlns="http://www.w3.org/2000/svg"')

    for url in ("https://evil.example/products/x/", "javascript:alert(1)", ""):
        assert kiosk.get(QR, {"data": url}).status_code == 400


# --- reservations for pickup here -------------------------------------------------------------


def test_a_reservation_makes_one_pickup_order_from_this_shelf(kiosk, shop, device):
    response = post_json(kiosk, ORDERS, reservation((shop.both, 2), (shop.shelf_only, 1)))

    assert response.status_code == 201, response.json()
    order = Order.objects.get()
    body = response.json()
    assert body["created"] is True
    assert body["order"] == {
        "id": str(order.pk),
        "number": order.number,
        "pickupCode": order.pickup_code,
        "total": "424.50",
        "currency": "CNY",
    }
    assert len(order.pickup_code) == 6
    assert order.collection_point == shop.showroom
    assert order.channel == shop.channel
    assert order.status == OrderStatus.UNFULFILLED
    assert order.charge_status == OrderChargeStatus.NONE
    assert order.total_amount == Decimal("424.50")
    assert order.transactions.get().charge_pending_value == Decimal("424.50")  # cash at pickup
    assert order.language_code == "bo"
    assert order.user_email == ""
    assert (order.billing_address.first_name, order.billing_address.phone) == (
        "卓玛",
        "+8613800138000",
    )
    assert shelf(shop, shop.both) == (3, 2)
    assert shelf(shop, shop.shelf_only) == (4, 1)
    county = Stock.objects.get(warehouse=shop.county, product_variant=shop.both)
    assert county.quantity_allocated == 0
    assert KioskOrder.objects.get().order == order
    assert KioskOrder.objects.get().device == device[0]
    assert not Checkout.objects.exists()
    assert mail.outbox == []  # no e-mail was given


def test_repeating_a_reservation_answers_the_same_order_and_takes_nothing_more(kiosk, shop):
    payload = reservation((shop.both, 2))

    first = post_json(kiosk, ORDERS, payload)
    again = post_json(kiosk, ORDERS, payload)
    third = post_json(kiosk, ORDERS, payload)

    assert first.status_code == 201
    assert again.status_code == third.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["order"] == first.json()["order"] == third.json()["order"]
    assert Order.objects.count() == KioskOrder.objects.count() == 1
    assert shelf(shop, shop.both) == (3, 2)


def test_the_same_key_from_another_kiosk_is_another_order(kiosk, shop):
    other = Client()
    other.cookies[COOKIE_NAME] = kiosk_device_register(place=shop.showroom, name="二楼")[1]
    key = uuid.uuid4()

    post_json(kiosk, ORDERS, reservation((shop.both, 1), key=key))
    post_json(other, ORDERS, reservation((shop.both, 1), key=key))

    assert Order.objects.count() == 2
    assert shelf(shop, shop.both) == (3, 2)


def test_more_than_the_shelf_holds_is_refused_with_a_code(kiosk, shop):
    response = post_json(kiosk, ORDERS, reservation((shop.both, 4)))

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [error["code"] for error in errors] == ["INSUFFICIENT_STOCK"]
    assert errors[0]["field"] == "quantity" and errors[0]["message"]
    assert not Order.objects.exists() and not KioskOrder.objects.exists()
    assert shelf(shop, shop.both) == (3, 0)


def test_goods_only_in_the_county_warehouse_cannot_be_reserved_here(kiosk, shop):
    response = post_json(kiosk, ORDERS, reservation((shop.county_only, 1)))

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "INSUFFICIENT_STOCK"


@pytest.mark.parametrize(
    "change, field, code",
    [
        ({"phone": "12345"}, "phone", "INVALID"),
        ({"phone": "010-12345678"}, "phone", "INVALID"),  # a landline: no text reaches it
        ({"idempotencyKey": "not-a-uuid"}, "idempotencyKey", "INVALID"),
        ({"lines": []}, "lines", "REQUIRED"),
        ({"lines": [{"variantId": "1", "quantity": 1}]}, "lines", "INVALID"),
        ({"lines": [{"variantId": 1, "quantity": 0}]}, "lines", "INVALID"),
        ({"lines": [{"variantId": 999999, "quantity": 1}]}, "lines", "NOT_FOUND"),
    ],
)
def test_bad_reservations_are_refused_and_leave_nothing(kiosk, shop, change, field, code):
    response = post_json(kiosk, ORDERS, {**reservation((shop.both, 1)), **change})

    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    assert not Order.objects.exists() and not KioskOrder.objects.exists()


def test_a_refused_key_may_be_sent_again_once_it_can_succeed(kiosk, shop):
    payload = reservation((shop.both, 1), phone="123")
    assert post_json(kiosk, ORDERS, payload).status_code == 400

    response = post_json(kiosk, ORDERS, {**payload, "phone": "+86 139 0000 0000"})

    assert response.status_code == 201
    assert Order.objects.get().billing_address.phone == "+8613900000000"


def test_orders_need_json_and_post(kiosk):
    assert kiosk.get(ORDERS).status_code == 405
    response = kiosk.post(ORDERS, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "INVALID"


# --- the cart handed to a phone -------------------------------------------------------------


def handoff(kiosk, *lines):
    return post_json(
        kiosk,
        HANDOFF,
        {"lines": [{"variantId": v.pk, "quantity": q} for v, q in lines], "language": "en"},
    )


def test_a_cart_handed_to_a_phone_opens_its_checkout_there(kiosk, shop):
    response = handoff(kiosk, (shop.both, 2), (shop.county_only, 1))

    assert response.status_code == 201
    checkout = Checkout.objects.get()
    url = response.json()["url"]
    assert url == f"{settings.STOREFRONT_URL.rstrip('/')}/cart/claim/{checkout.pk}/"
    assert response.json()["qrSvg"].startswith("<svg")
    assert checkout.channel == shop.channel
    assert checkout.collection_point is None and checkout.shipping_method is None
    assert checkout.user is None and checkout.language_code == "en"
    assert sorted((line.variant_id, line.quantity) for line in checkout.lines.all()) == sorted(
        [(shop.both.pk, 2), (shop.county_only.pk, 1)]
    )

    phone = Client()
    claimed = phone.get(f"/cart/claim/{checkout.pk}/")

    assert claimed.status_code == 302
    assert claimed["Location"] == "/checkout/"
    assert phone.session[CHECKOUT_SESSION_KEY] == str(checkout.pk)
    page = phone.get("/checkout/")
    assert page.status_code == 200
    assert "林芝松茸" in page.content.decode() or "Matsutake" in page.content.decode()
    # Opening the link again on the same phone goes straight back to the checkout.
    assert phone.get(f"/cart/claim/{checkout.pk}/")["Location"] == "/checkout/"


def test_goods_only_on_this_shelf_cannot_be_handed_over_for_delivery(kiosk, shop):
    response = handoff(kiosk, (shop.shelf_only, 1))

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "INSUFFICIENT_STOCK"
    assert not Checkout.objects.exists()


def refused(phone: Client, token) -> bool:
    response = phone.get(f"/cart/claim/{token}/")
    return response["Location"] == "/cart/" and CHECKOUT_SESSION_KEY not in phone.session


def test_claim_links_expire_and_never_open_an_account_cart(kiosk, shop):
    handoff(kiosk, (shop.both, 1))
    checkout = Checkout.objects.get()

    assert refused(Client(), uuid.uuid4())
    Checkout.objects.filter(pk=checkout.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    assert refused(Client(), checkout.pk)
    Checkout.objects.filter(pk=checkout.pk).update(created_at=timezone.now(), user=UserFactory())
    assert refused(Client(), checkout.pk)
    Checkout.objects.filter(pk=checkout.pk).delete()
    assert refused(Client(), checkout.pk)


def test_a_signed_in_shopper_claims_the_cart_into_the_account(kiosk, shop):
    handoff(kiosk, (shop.both, 1))
    checkout = Checkout.objects.get()
    user = UserFactory()
    phone = logged_in(user)

    assert phone.get(f"/cart/claim/{checkout.pk}/")["Location"] == "/checkout/"

    checkout.refresh_from_db()
    assert checkout.user == user and checkout.email == user.email
    # Nobody else can claim it now.
    assert refused(Client(), checkout.pk)


def test_claiming_needs_get(shop):
    assert Client().post(f"/cart/claim/{uuid.uuid4()}/").status_code == 405
