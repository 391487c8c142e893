"""Places on the shopper pages: a showroom's or station's public page (its facts, what is free
on its shelf, the tours departing near it) and, on a product's page, the showrooms that have
it on their shelf."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import ClickAndCollectOption, Division, PlaceKind, PlacePhoto, Stock
from storefront.models import Reservation
from tests.factories import WarehouseFactory
from tests.factories.catalog import StockFactory, list_product
from tests.factories.checkout import checkout_with_lines, purchasable_variant
from tests.factories.tourism import bookable_variant, slot_of
from tests.storefront.pages.buy_support import make_shop

pytestmark = pytest.mark.django_db

CHENGGUAN, DOILUNG, LHASA, BAYI = "540102", "540103", "540100", "540402"
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00"
    b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


def division(code: str) -> Division:
    return Division.objects.get(code=code)


def place(slug: str, *, kind=PlaceKind.SHOWROOM, code: str = CHENGGUAN, channel=None, **fields):
    fields.setdefault("is_private", False)
    found = WarehouseFactory(
        slug=slug, name=f"{slug} 展厅", kind=kind, division=division(code), **fields
    )
    if channel is not None:
        found.channels.add(channel)
    return found


@pytest.fixture
def shop():
    return make_shop()


@pytest.fixture
def barkhor(shop):
    return place(
        "barkhor",
        channel=shop.channel,
        street_address_1="八廓街 8 号",
        city="拉萨市",
        country_area="西藏自治区",
        postal_code="850000",
        phone="0891-6320000",
        opening_hours=[
            {"days": "1-5", "opens": "09:30", "closes": "18:00"},
            {"days": "6,7", "opens": "10:00", "closes": "16:00"},
        ],
        latitude=Decimal("29.652500"),
        longitude=Decimal("91.132000"),
        description="八廓街上的展示展销中心。\n二楼有唐卡展。",
    )


def en() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="en")


def page_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(page: str, section_id: str) -> str:
    return re.search(rf'<section id="{section_id}".*?</section>', page, re.S).group(0)


def on_shelf(shop, showroom, name: str, *, quantity: int = 3, allocated: int = 0, **fields):
    """A product listed in the channel with `quantity` units at `showroom`."""
    variant = purchasable_variant(shop.channel, name=name, warehouse=shop.warehouse, **fields)
    StockFactory(
        warehouse=showroom,
        product_variant=variant,
        quantity=quantity,
        quantity_allocated=allocated,
    )
    return variant


# --- the showroom page -------------------------------------------------------------------------


def test_the_page_shows_the_place(shop, barkhor):
    PlacePhoto.objects.create(
        place=barkhor, image=SimpleUploadedFile("hall.gif", GIF, content_type="image/gif"),
        alt="展厅一楼",
    )  # fmt: skip

    page = page_of(en(), "/showrooms/barkhor/")

    assert '<h1 id="place-name">barkhor 展厅</h1>' in page
    assert '<p class="muted" id="place-kind">Showroom</p>' in page
    assert "西藏自治区拉萨市八廓街 8 号<br>850000<br>0891-6320000" in page
    hours = re.search(r'<ul id="opening-hours".*?</ul>', page, re.S).group(0)
    assert "<li>Monday–Friday 09:30–18:00</li>" in hours
    assert "<li>Saturday, Sunday 10:00–16:00</li>" in hours
    assert (
        '<a id="place-coordinates" href="geo:29.652500,91.132000">29.65250°N, 91.13200°E</a>'
        in page
    )
    assert "<p>八廓街上的展示展销中心。<br>二楼有唐卡展。</p>" in page
    assert 'alt="展厅一楼"' in page and "place-photos/hall" in page
    assert '<a href="/regions/540100/">Lhasa City</a>' in page


def test_weekdays_follow_the_language(barkhor):
    page = page_of(Client(HTTP_ACCEPT_LANGUAGE="zh-hans"), "/showrooms/barkhor/")

    assert "<li>星期一–星期五 09:30–18:00</li>" in page


@pytest.mark.parametrize(
    "fields",
    [
        {"is_private": True},
        {"kind": PlaceKind.WAREHOUSE},
    ],
)
def test_only_public_showrooms_and_stations_have_a_page(fields):
    place("hidden", **fields)

    assert en().get("/showrooms/hidden/").status_code == 404
    assert en().get("/showrooms/no-such-place/").status_code == 404


def test_a_village_station_has_a_page_too():
    place("tsome", kind=PlaceKind.STATION, code=BAYI)

    page = page_of(en(), "/showrooms/tsome/")

    assert '<p class="muted" id="place-kind">Village station</p>' in page


def test_products_free_on_the_shelf_here(shop, barkhor):
    free = on_shelf(shop, barkhor, "拉萨甜茶", slug="sweet-tea")
    on_shelf(shop, barkhor, "全部售出的酥油", slug="sold-butter", quantity=2, allocated=2)
    unlisted = on_shelf(shop, barkhor, "未上架的糌粑", slug="hidden-tsampa")
    list_product(unlisted.product, shop.channel, published=False)
    purchasable_variant(shop.channel, name="只在县仓的核桃", slug="walnut-elsewhere")

    shelf = section(page_of(en(), "/showrooms/barkhor/"), "shelf")

    assert re.findall(r'<a id="product-([^"]+)"', shelf) == [free.product.slug]


def test_units_reserved_by_open_checkouts_are_not_free(shop, barkhor, settings):
    settings.RESERVE_STOCK_DURATION_ANONYMOUS_USER = 20
    variant = on_shelf(shop, barkhor, "拉萨甜茶", slug="sweet-tea", quantity=1)
    assert "product-sweet-tea" in section(page_of(en(), "/showrooms/barkhor/"), "shelf")
    # Another shopper's open checkout reserves the last unit at the showroom.
    checkout = checkout_with_lines(shop.channel, [(variant, 1)])
    Reservation.objects.create(
        checkout_line=checkout.lines.get(),
        stock=Stock.objects.get(warehouse=barkhor, product_variant=variant),
        quantity_reserved=1,
        reserved_until=timezone.now() + timedelta(minutes=20),
    )

    shelf = section(page_of(en(), "/showrooms/barkhor/"), "shelf")

    assert "product-sweet-tea" not in shelf
    assert "Nothing on the shelf here at the moment." in shelf


def test_a_place_outside_the_storefront_channel_shows_no_shelf(shop):
    elsewhere = place("gyantse")
    on_shelf(shop, elsewhere, "江孜卡垫", slug="rug")

    shelf = section(page_of(en(), "/showrooms/gyantse/"), "shelf")

    assert "product-rug" not in shelf


def test_tours_departing_here_or_elsewhere_in_the_prefecture(shop, barkhor):
    nearby = place("doilung", code=DOILUNG, channel=shop.channel)
    far = place("nyingchi", code=BAYI, channel=shop.channel)
    here = bookable_variant(shop.channel, slug="barkhor-walk", terms={"meeting_place": barkhor})
    later_here = bookable_variant(
        shop.channel, slug="jokhang-night", terms={"meeting_place": barkhor}
    )
    there = bookable_variant(shop.channel, slug="doilung-hike", terms={"meeting_place": nearby})
    away = bookable_variant(shop.channel, slug="basumtso", terms={"meeting_place": far})
    undated = bookable_variant(shop.channel, slug="no-dates", terms={"meeting_place": barkhor})
    closed = slot_of(undated, days=2)
    closed.is_active = False
    closed.save()
    first = slot_of(here, days=5)
    slot_of(here, days=9)
    slot_of(later_here, days=8)
    slot_of(there, days=1)
    slot_of(away, days=1)

    tours = section(page_of(en(), "/showrooms/barkhor/"), "tours")

    # Those starting here first, each by its next date, then the prefecture's.
    assert re.findall(r'<a id="tour-([^"]+)"', tours) == [
        "barkhor-walk",
        "jokhang-night",
        "doilung-hike",
    ]
    walk = re.search(r'<li class="card"><a id="tour-barkhor-walk".*?</li>', tours, re.S).group(0)
    assert "Next date: <time datetime=" in walk
    assert timezone.localtime(first.starts_at).strftime("%Y-%m-%d") in walk
    assert '<span class="badge">Starts here</span>' in walk
    hike = re.search(r'<li class="card"><a id="tour-doilung-hike".*?</li>', tours, re.S).group(0)
    assert "Starts here" not in hike


def test_the_page_costs_the_same_queries_for_few_or_many(
    shop, barkhor, django_assert_max_num_queries
):
    def add(number: int) -> None:
        on_shelf(shop, barkhor, f"甜茶 {number}", slug=f"tea-{number}")
        tour = bookable_variant(
            shop.channel, slug=f"walk-{number}", terms={"meeting_place": barkhor}
        )
        slot_of(tour, days=number + 1)

    for number in range(2):
        add(number)
    client = en()
    with CaptureQueriesContext(connection) as few:
        page_of(client, "/showrooms/barkhor/")
    for number in range(2, 14):
        add(number)

    with CaptureQueriesContext(connection) as many:
        page = page_of(client, "/showrooms/barkhor/")

    assert len(section(page, "shelf").split('<li class="card">')) - 1 == 14
    assert len(section(page, "tours").split('<li class="card">')) - 1 == 12  # at most twelve
    assert len(many) == len(few)
    with django_assert_max_num_queries(25):
        client.get("/showrooms/barkhor/")


# --- the product page: on the shelf at these showrooms --------------------------------------


def test_the_product_page_names_the_showrooms_with_it_on_the_shelf(shop, barkhor):
    station = place("tsome", kind=PlaceKind.STATION, code=BAYI, channel=shop.channel)
    private = place("back-room", channel=shop.channel, is_private=True)
    empty = place("empty-hall", channel=shop.channel)
    variant = on_shelf(shop, barkhor, "拉萨甜茶", slug="sweet-tea")
    StockFactory(warehouse=station, product_variant=variant, quantity=1)
    StockFactory(warehouse=private, product_variant=variant, quantity=5)
    StockFactory(warehouse=empty, product_variant=variant, quantity=1, quantity_allocated=1)

    page = page_of(en(), "/products/sweet-tea/")

    shelf = re.search(r'<div id="on-the-shelf">.*?</div>', page, re.S).group(0)
    assert re.findall(r'<a href="/showrooms/([^/]+)/">', shelf) == ["barkhor", "tsome"]
    assert "Village station" in shelf


def test_pickup_points_with_a_page_link_to_it(shop, barkhor):
    barkhor.click_and_collect_option = ClickAndCollectOption.LOCAL_STOCK
    barkhor.save()
    on_shelf(shop, barkhor, "拉萨甜茶", slug="sweet-tea")

    page = page_of(en(), "/products/sweet-tea/")

    picks = page[page.index("Pick up at:") : page.index('<div id="on-the-shelf">')]
    assert '<li><a href="/showrooms/barkhor/">barkhor 展厅</a>' in picks
    # The shop's private showroom hands over too, but has no public page.
    assert "<li>拉萨八廓街展厅" in picks


def test_a_product_on_no_shelf_names_none(shop):
    page = page_of(en(), f"/products/{shop.product.slug}/")

    assert 'id="on-the-shelf"' not in page
