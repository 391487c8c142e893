"""Tours on the shopper pages: the product page's dates with the seats left, meeting place,
cancellation terms and the products of the tour's villages; booking a date into the cart;
checking out a tour alone (no delivery) and with goods (delivered); and the order page's
vouchers with their QR code and the owner's cancellation."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import BookingTerms, ClickAndCollectOption, Division, PlaceKind, Stock
from storefront.models import Booking, BookingHold, BookingStatus, Order, OrderStatus
from tests.factories import UserFactory, WarehouseFactory
from tests.factories.catalog import list_product
from tests.factories.checkout import purchasable_variant
from tests.factories.tourism import bookable_variant, checkout_for_slot, pay_and_complete, slot_of
from tests.storefront.pages.buy_support import (
    DUMMY,
    add_to_cart,
    cart_checkout,
    choose_delivery,
    make_shop,
    messages_of,
    pay,
    save_address,
)

pytestmark = pytest.mark.django_db

BAYI, MAINLING, SHIGATSE, GYANTSE, CHENGGUAN = "540402", "540481", "540200", "540222", "540102"


def division(code: str) -> Division:
    return Division.objects.get(code=code)


@pytest.fixture
def shop():
    return make_shop()


@pytest.fixture
def meeting_place():
    return WarehouseFactory(
        name="八廓街游客中心",
        slug="barkhor-centre",
        kind=PlaceKind.SHOWROOM,
        is_private=False,
        division=division(CHENGGUAN),
        click_and_collect_option=ClickAndCollectOption.LOCAL_STOCK,
    )


@pytest.fixture
def tour(shop, meeting_place):
    variant = bookable_variant(
        shop.channel,
        price="300.00",
        name="纳木错一日游",
        slug="namtso-day",
        terms={
            "meeting_place": meeting_place,
            "meeting_point": "东门广场",
            "cancellation_deadline_hours": 48,
            "cancellation_fee": Decimal("20.00"),
            "cancellation_kept_percent": Decimal("50"),
        },
    )
    return variant


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def page_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d")


def add_date(client: Client, slot, quantity: int = 1):
    return client.post("/cart/add/", {"booking_slot": slot.pk, "quantity": quantity})


# --- the tour's product page ------------------------------------------------------------------


def test_the_page_lists_the_next_dates_with_the_seats_left(client, shop, tour):
    first = slot_of(tour, capacity=5, days=3)
    full = slot_of(tour, capacity=2, days=4)
    closed = slot_of(tour, capacity=9, days=5)
    closed.is_active = False
    closed.save()
    past = slot_of(tour, capacity=9, days=-1)
    pay_and_complete(checkout_for_slot(first, quantity=2, channel=shop.channel))
    checkout_for_slot(full, quantity=2, channel=shop.channel)  # held by another shopper

    page = page_of(client, "/products/namtso-day/")

    assert "Book a date" in page and "¥300.00" in page and "per tour seat" in page
    assert f'id="slot-{first.pk}" name="booking_slot" value="{first.pk}" required>' in page
    assert f'<span class="muted" id="seats-{first.pk}">3 left</span>' in page
    assert local(first.starts_at) in page
    assert timezone.localtime(first.starts_at).strftime("%A") in page
    assert f'value="{full.pk}" disabled required>' in page
    assert f'id="seats-{full.pk}">Sold out<' in page
    assert f"slot-{closed.pk}" not in page and f"slot-{past.pk}" not in page
    # A tour is not picked up nor on a shelf: its form posts the date, not a variant.
    assert "Pick up at:" not in page and 'id="on-the-shelf"' not in page
    assert 'name="variant"' not in page


def test_meeting_place_and_cancellation_terms_in_words(client, tour, meeting_place):
    slot_of(tour)

    page = page_of(client, "/products/namtso-day/")

    assert (
        '<dd id="meeting-place"><a href="/showrooms/barkhor-centre/">八廓街游客中心</a>: 东门广场</dd>'
        in page
    )
    terms = re.search(r'<ul id="cancellation-terms">(.*?)</ul>', page, re.S).group(1)
    assert (
        "Cancel up to 48 hours before the start: you get the price back less a fee of ¥20.00."
        in terms
    )
    assert "Cancel later, until the start: 50% of the price is kept as well." in terms
    assert "Once the date has started, a booking can no longer be cancelled." in terms


def test_terms_without_fee_or_deadline_read_as_a_full_refund(client, shop):
    bookable_variant(shop.channel, slug="homestay", terms={"cancellation_deadline_hours": 0})

    page = page_of(client, "/products/homestay/")

    assert "Cancel any time before the start for a full refund." in page
    assert 'id="meeting-place"' not in page
    assert 'id="no-dates"' in page and 'id="add-to-cart-button"' not in page


def test_the_page_in_chinese_and_tibetan(shop, tour):
    slot = slot_of(tour, capacity=4)

    chinese = page_of(Client(HTTP_ACCEPT_LANGUAGE="zh-hans"), "/products/namtso-day/")
    tibetan = page_of(Client(HTTP_ACCEPT_LANGUAGE="bo"), "/products/namtso-day/")

    for page in (chinese, tibetan):
        assert f'id="seats-{slot.pk}">' in page and "八廓街游客中心" in page
    assert '<html lang="zh-hans">' in chinese and '<html lang="bo">' in tibetan


def _village_product(shop, name: str, code: str | None, **fields):
    origin = division(code) if code else None
    return purchasable_variant(
        shop.channel, name=name, origin=origin, warehouse=shop.warehouse, **fields
    ).product


def test_products_of_the_villages_on_the_tour(client, shop, tour):
    terms = BookingTerms.objects.get(product=tour.product)
    terms.villages.set([division(BAYI), division(SHIGATSE)])
    slot_of(tour)
    bayi = _village_product(shop, "巴宜核桃", BAYI, slug="bayi-walnut")
    gyantse = _village_product(shop, "江孜卡垫", GYANTSE, slug="gyantse-rug")  # under Shigatse
    _village_product(shop, "米林藏香", MAINLING, slug="mainling-incense")
    hidden = _village_product(shop, "未上架的青稞", BAYI, slug="hidden-barley")
    list_product(hidden, shop.channel, published=False)
    other_tour = bookable_variant(shop.channel, slug="bayi-homestay", origin=division(BAYI))
    slot_of(other_tour)

    page = page_of(client, "/products/namtso-day/")

    section = re.search(r'<section id="village-products".*?</section>', page, re.S).group(0)
    assert 'href="/counties/540402/"' in section and 'href="/regions/540200/"' in section
    listed = re.findall(r'<a id="product-([^"]+)"', section)
    assert sorted(listed) == sorted([bayi.slug, gyantse.slug])


def test_village_products_cost_the_same_queries_for_two_or_eight(
    client, shop, tour, django_assert_max_num_queries
):
    BookingTerms.objects.get(product=tour.product).villages.set([division(BAYI)])
    for day in range(1, 4):
        slot_of(tour, days=day)
    for number in range(2):
        _village_product(shop, f"巴宜特产 {number}", BAYI)
    with CaptureQueriesContext(connection) as few:
        assert page_of(client, "/products/namtso-day/").count('<a id="product-') == 2
    for number in range(2, 12):
        _village_product(shop, f"巴宜特产 {number}", BAYI)
    for day in range(4, 20):
        slot_of(tour, days=day)

    with CaptureQueriesContext(connection) as many:
        page = page_of(client, "/products/namtso-day/")

    assert page.count('<a id="product-') == 8  # at most eight
    assert len(many) == len(few)
    with django_assert_max_num_queries(30):
        client.get("/products/namtso-day/")


# --- booking a date into the cart -------------------------------------------------------------


def test_a_date_goes_into_the_cart_with_its_hold(client, shop, tour, settings):
    settings.BOOKING_HOLD_MINUTES = 15
    slot = slot_of(tour, capacity=5, days=6)

    response = add_date(client, slot, 2)

    assert response.status_code == 302 and response["Location"] == "/cart/"
    line = cart_checkout(client).lines.get()
    assert (line.variant, line.booking_slot, line.quantity) == (tour, slot, 2)
    hold = BookingHold.objects.get(checkout_line=line)
    cart = page_of(client, "/cart/")
    assert "Date: <time datetime=" in cart and local(slot.starts_at) in cart
    assert f"Held for you until {timezone.localtime(hold.held_until):%H:%M}." in cart
    assert "Delivery is priced at checkout" not in cart
    assert "¥600.00" in cart


def test_a_lapsed_hold_is_said_so_in_the_cart(client, tour):
    slot = slot_of(tour)
    add_date(client, slot)
    BookingHold.objects.update(held_until=timezone.now() - timedelta(minutes=1))

    assert "No longer held: the seats are yours at payment only if still free." in page_of(
        client, "/cart/"
    )


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("no date", "Choose a date for your booking."),
        ("too many seats", "Not enough seats left on {date} (3 left): book fewer or choose"),
        ("sold out", "Not enough seats left on {date} (0 left)"),
        ("closed", "This date can no longer be booked: choose another."),
        ("unknown", "This date can no longer be booked: choose another."),
    ],
)
def test_dates_that_cannot_be_booked_are_said_so(client, shop, tour, case, message):
    slot = slot_of(tour, capacity=3)
    if case == "sold out":
        checkout_for_slot(slot, quantity=3, channel=shop.channel)
    if case == "closed":
        slot.is_active = False
        slot.save()
    data = {
        "no date": {"variant": tour.pk, "quantity": 1},
        "too many seats": {"booking_slot": slot.pk, "quantity": 4},
        "sold out": {"booking_slot": slot.pk, "quantity": 1},
        "closed": {"booking_slot": slot.pk, "quantity": 1},
        "unknown": {"booking_slot": slot.pk + 100, "quantity": 1},
    }[case]

    response = client.post(
        "/cart/add/", data, HTTP_REFERER="http://testserver/products/namtso-day/"
    )

    assert response.status_code == 302 and response["Location"].endswith("/products/namtso-day/")
    texts = messages_of(client.get(response["Location"]))
    when = timezone.localtime(slot.starts_at).strftime("%Y-%m-%d %H:%M")
    assert any(message.format(date=when) in text for text in texts), texts
    checkout = cart_checkout(client)
    assert checkout is None or not checkout.lines.exists()


def test_raising_a_dated_line_beyond_the_seats_left_is_refused(client, shop, tour):
    slot = slot_of(tour, capacity=3)
    add_date(client, slot, 1)
    line = cart_checkout(client).lines.get()

    response = client.post(f"/cart/lines/{line.pk}/", {"quantity": 5})

    texts = messages_of(client.get(response["Location"]))
    assert any("(3 left)" in text for text in texts), texts
    line.refresh_from_db()
    assert line.quantity == 1


# --- checking out -----------------------------------------------------------------------------


def test_a_tour_alone_is_checked_out_without_delivery(client, shop, tour, meeting_place):
    slot = slot_of(tour, capacity=4, days=10)
    add_date(client, slot, 2)
    page = page_of(client, "/checkout/")
    assert "Your address" in page and "Delivery address" not in page
    assert local(slot.starts_at) in page

    save_address(client)
    page = page_of(client, "/checkout/")
    assert 'id="delivery-form"' not in page and 'id="payment-form"' in page
    assert 'id="checkout-total">¥600.00<' in page
    response = pay(client, DUMMY)

    order = Order.objects.get()
    assert response["Location"] == f"/orders/{order.pk}/"
    assert order.total_amount == Decimal("600.00") and order.shipping_price_amount == 0
    booking = Booking.objects.get()
    assert (booking.slot, booking.quantity, booking.status) == (slot, 2, BookingStatus.CONFIRMED)
    assert not BookingHold.objects.exists()


def test_a_tour_and_goods_are_checked_out_together_with_delivery(client, shop, tour):
    slot = slot_of(tour, capacity=4, days=10)
    add_date(client, slot, 1)
    add_to_cart(client, shop.variant, 2)
    page = page_of(client, "/checkout/")
    assert "Delivery address" in page

    save_address(client)
    assert 'id="delivery-form"' in page_of(client, "/checkout/")
    choose_delivery(client, f"shipping:{shop.method.pk}")
    page = page_of(client, "/checkout/")
    assert 'id="checkout-total">¥490.00<' in page  # 300 + 2 × 90 + 10 delivery
    pay(client, DUMMY)

    order = Order.objects.get()
    assert order.total_amount == Decimal("490.00") and order.shipping_method_name
    assert Booking.objects.get().order_line.order == order
    assert Stock.objects.get(product_variant=shop.variant).quantity_allocated == 2


# --- the order page: vouchers and cancelling --------------------------------------------------


def _buy(client: Client, tour, *, days: float = 10, quantity: int = 1) -> tuple[Order, Booking]:
    slot = slot_of(tour, capacity=4, days=days)
    add_date(client, slot, quantity)
    save_address(client)
    pay(client, DUMMY)
    return Order.objects.latest("created_at"), Booking.objects.latest("created_at")


def test_the_buyer_sees_the_voucher_and_its_qr_code(client, tour):
    order, booking = _buy(client, tour)

    page = page_of(client, f"/orders/{order.pk}/")

    section = re.search(r'<section id="bookings".*?</section>', page, re.S).group(0)
    assert f'<strong class="buy-code">{booking.voucher_code}</strong>' in section
    assert '<div class="qr" role="img"' in section and '<svg viewBox="' in section
    assert '<dd class="booking-status">Confirmed</dd>' in section
    assert local(booking.slot.starts_at) in section
    assert '<a href="/showrooms/barkhor-centre/">八廓街游客中心</a>: 东门广场' in section
    assert "Cancelling now refunds ¥280.00 to your payment method (¥20.00 kept" in section
    assert 'action="/orders/' in section and "Cancel booking" in section


def test_the_qr_code_encodes_the_voucher_code():
    from storefront.templatetags.storefront import qr_svg

    svg = qr_svg("ABCDE23456")

    # A full QR code (version 1 and up: 21 modules + 2 × 2 border), never a Micro QR code.
    assert svg.startswith('<svg viewBox="0 0 25 25" class="qr">')


def test_someone_else_holding_the_link_sees_no_voucher_and_cannot_cancel(client, tour):
    order, booking = _buy(client, tour)
    stranger = Client(HTTP_ACCEPT_LANGUAGE="en")

    page = page_of(stranger, f"/orders/{order.pk}/")
    response = stranger.post(f"/orders/{order.pk}/bookings/{booking.pk}/cancel/")

    assert booking.voucher_code not in page and "<svg" not in page
    assert "The voucher is shown only to the buyer: log in to see it." in page
    assert "Cancel booking" not in page
    assert '<dd class="booking-status">Confirmed</dd>' in page
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_the_buyer_cancels_before_the_deadline_and_gets_all_but_the_fee(client, tour):
    order, booking = _buy(client, tour, days=10, quantity=2)

    response = client.post(f"/orders/{order.pk}/bookings/{booking.pk}/cancel/")

    assert response["Location"] == f"/orders/{order.pk}/#bookings"
    page = client.get(response["Location"])
    assert f"Booking {booking.voucher_code} cancelled. Refund: ¥580.00." in messages_of(page)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED and booking.refund_amount == Decimal("580")
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED
    html = page.content.decode()
    section = re.search(r'<section id="bookings".*?</section>', html, re.S).group(0)
    assert '<dd class="booking-status">Cancelled</dd>' in section
    assert '<dd class="booking-refund">¥580.00</dd>' in section
    assert "Cancel booking" not in section and booking.voucher_code not in section

    again = client.post(f"/orders/{order.pk}/bookings/{booking.pk}/cancel/")
    assert "This booking was already cancelled." in messages_of(client.get(again["Location"]))


def test_after_the_deadline_the_quote_keeps_the_percentage(client, tour):
    order, _booking = _buy(client, tour, days=1)

    page = page_of(client, f"/orders/{order.pk}/")

    # 300 − 20 fixed − 50 % of 300.
    assert "Cancelling now refunds ¥130.00 to your payment method (¥170.00 kept" in page


def test_no_cancelling_once_the_date_started(client, tour):
    order, booking = _buy(client, tour)
    type(booking.slot).objects.filter(pk=booking.slot_id).update(
        starts_at=timezone.now() - timedelta(minutes=5)
    )

    page = page_of(client, f"/orders/{order.pk}/")
    response = client.post(f"/orders/{order.pk}/bookings/{booking.pk}/cancel/")

    assert "Cancel booking" not in page
    assert "The booked date has started: it can't be cancelled any more." in messages_of(
        client.get(response["Location"])
    )


def test_an_accounts_booking_is_cancelled_only_by_its_owner(tour):
    owner, other = UserFactory(), UserFactory()
    buyer = Client(HTTP_ACCEPT_LANGUAGE="en")
    buyer.force_login(owner)
    order, booking = _buy(buyer, tour)
    assert order.user == owner
    intruder = Client(HTTP_ACCEPT_LANGUAGE="en")
    intruder.force_login(other)

    assert intruder.post(f"/orders/{order.pk}/bookings/{booking.pk}/cancel/").status_code == 403
    # The owner, from another browser, sees the voucher and may cancel.
    again = Client(HTTP_ACCEPT_LANGUAGE="en")
    again.force_login(owner)
    assert booking.voucher_code in page_of(again, f"/orders/{order.pk}/")
    response = again.post(f"/orders/{order.pk}/bookings/{booking.pk}/cancel/")

    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED


def test_the_order_page_with_bookings_costs_a_fixed_number_of_queries(
    client, shop, tour, django_assert_max_num_queries
):
    slots = [slot_of(tour, capacity=4, days=day) for day in range(3, 9)]
    for slot in slots:
        add_date(client, slot)
    save_address(client)
    pay(client, DUMMY)
    order = Order.objects.get()
    assert Booking.objects.count() == 6

    with django_assert_max_num_queries(20):
        page = page_of(client, f"/orders/{order.pk}/")
    assert page.count('class="voucher"') == 6


def test_goods_keep_their_buying_form(client, shop):
    """A product that is not a tour keeps its form (variant and quantity, no date)."""
    page = page_of(client, f"/products/{shop.product.slug}/")
    assert 'name="variant"' in page and 'name="booking_slot"' not in page


def test_a_product_without_terms_still_shows_its_dates(client, shop):
    variant = bookable_variant(shop.channel, slug="festival")
    BookingTerms.objects.filter(product=variant.product).delete()
    slot_of(variant, capacity=2)

    page = page_of(client, "/products/festival/")

    assert 'name="booking_slot"' in page
    assert "Cancel any time before the start for a full refund." in page
