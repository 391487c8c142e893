"""The home page, prefecture and county pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.models import HandbookEntry
from tests.factories.product_reads import publish_later
from tests.storefront.pages.browse_support import (
    BAYI,
    GYANTSE,
    MAINLING,
    MAX_GZIP_BYTES,
    build_shop,
    gzip_size,
    html,
    listed_slugs,
    product,
)


@pytest.fixture
def shop(db):
    return build_shop()


def test_home_shows_brands_season_prefectures_and_categories_in_chinese(client, shop):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    page = html(response)

    assert "<title>西藏好物</title>" in page
    assert page.index("西藏好物</h3>") < page.index('<a href="/regions/540400/">林芝好物</a>')
    assert "巴宜好物</h3>" not in page  # county brands are on their county's page
    # The handbook puts matsutake in season this month; then the newest of the others.
    assert listed_slugs(page) == ["songrong", "tangka", "qingke", "hetao"]
    assert page.index('id="season-heading"') < page.index('id="new-heading"')
    assert '<a href="/regions/540400/">林芝市</a>' in page
    assert '<a href="/categories/plateau-food/">高原食品</a>' in page
    assert gzip_size(response) < MAX_GZIP_BYTES


def test_home_in_english_by_cookie(client, shop):
    client.cookies["django_language"] = "en"
    page = html(client.get("/"))

    assert "<title>Tibet Goods</title>" in page
    assert '<a href="/regions/540400/">Nyingchi Goods</a>' in page
    assert "Nyingchi matsutake" in page
    assert '<a href="/regions/540400/">Nyingchi City</a>' in page
    assert '<a href="/categories/plateau-food/">Plateau food</a>' in page
    # Untranslated names are shown in Chinese, marked as such.
    assert '<a href="/categories/handicraft/" lang="zh-Hans">手工艺品</a>' in page


def test_home_shows_the_newest_products_when_nothing_is_in_season(client, shop):
    HandbookEntry.objects.all().delete()

    page = html(client.get("/", HTTP_ACCEPT_LANGUAGE="en"))

    assert 'id="season-heading"' not in page
    assert "New arrivals" in page
    assert listed_slugs(page) == ["tangka", "qingke", "hetao", "songrong"]


def test_prefecture_page_shows_its_brand_story_counties_and_products(client, shop):
    response = client.get("/regions/540400/", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    page = html(response)

    assert "<title>林芝市 – 西藏好物</title>" in page
    assert "林芝好物" in page and "林芝，西藏的江南。" in page
    assert '<p lang="bo">' in page  # the Tibetan name, marked
    assert f'<a href="/counties/{BAYI}/">巴宜区</a>' in page
    assert f'<a href="/counties/{MAINLING}/">' in page
    assert f'<a href="/counties/{GYANTSE}/">' not in page
    assert sorted(listed_slugs(page)) == ["hetao", "songrong"]  # its counties' products
    assert gzip_size(response) < MAX_GZIP_BYTES


def test_county_page_shows_its_brand_and_products(client, shop):
    client.cookies["django_language"] = "en"
    response = client.get(f"/counties/{BAYI}/")
    page = html(response)

    assert "<title>Bayi District – Tibet Goods</title>" in page
    assert '<a href="/regions/540400/">Nyingchi City</a>' in page
    assert "Bayi Goods" in page and "巴宜区的松茸与核桃。" in page
    assert listed_slugs(page) == ["songrong"]
    assert gzip_size(response) < MAX_GZIP_BYTES


def test_county_without_brand_or_products(client, shop):
    page = html(client.get("/counties/540102/", HTTP_ACCEPT_LANGUAGE="zh-Hans"))

    assert listed_slugs(page) == []
    assert 'id="story-heading"' not in page


def test_unpublished_products_are_not_listed(client, shop):
    hidden = product(shop, "未发布的松茸", slug="hidden", origin=BAYI)
    publish_later(hidden, shop.channel)

    page = html(client.get(f"/counties/{BAYI}/"))

    assert "hidden" not in listed_slugs(page)


@pytest.mark.parametrize(
    "url", ["/regions/999999/", f"/regions/{BAYI}/", "/counties/540400/", "/counties/x/"]
)
def test_unknown_or_wrong_level_divisions_are_not_found(client, shop, url):
    assert client.get(url).status_code == 404


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/", "/regions/540400/", f"/counties/{BAYI}/"])
def test_query_counts_do_not_grow_with_the_number_of_products(
    client, shop, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    before = _queries(client, url)
    for number in range(6):
        item = product(shop, f"巴宜核桃 {number}", slug=f"walnut-{number}", media=True)
        HandbookEntry.objects.create(
            handbook=HandbookEntry.objects.first().handbook,
            natural_key=f"walnut-{number}",
            name_zh=item.name,
            product=item,
            season_months=list(range(1, 13)),
        )

    assert _queries(client, url) == before


@pytest.mark.parametrize(
    "url, chinese, english",
    [
        ("/", "林芝市", "Nyingchi City"),
        ("/regions/540400/", "<h1>林芝市</h1>", "<h1>Nyingchi City</h1>"),
        (f"/counties/{BAYI}/", "<h1>巴宜区</h1>", "<h1>Bayi District</h1>"),
        ("/categories/plateau-food/", "<h1>高原食品</h1>", "<h1>Plateau food</h1>"),
        ("/search/?q=songrong", "<h3>林芝松茸</h3>", "<h3>Nyingchi matsutake</h3>"),
        ("/products/songrong/", "<h1>林芝松茸</h1>", "<h1>Nyingchi matsutake</h1>"),
    ],
)
def test_every_page_speaks_chinese_and_english(client, shop, url, chinese, english):
    zh = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-Hans")
    client.cookies["django_language"] = "en"
    en = client.get(url)

    assert '<html lang="zh-hans">' in html(zh) and chinese in html(zh)
    assert '<html lang="en">' in html(en) and english in html(en)
    assert max(gzip_size(zh), gzip_size(en)) < MAX_GZIP_BYTES


@pytest.mark.parametrize("url", ["/", "/regions/540400/", "/categories/plateau-food/"])
def test_pages_without_the_storefront_channel_list_nothing(client, shop, url, settings):
    settings.STOREFRONT_CHANNEL = "no-such-channel"

    assert listed_slugs(html(client.get(url))) == []
    assert client.get("/products/songrong/").status_code == 404
