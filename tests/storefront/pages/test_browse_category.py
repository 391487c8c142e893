"""The category page: filters, sorting, pagination."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog.models import LicenceStatus
from tests.factories import CategoryFactory
from tests.storefront.pages.browse_support import (
    BAYI,
    MAX_GZIP_BYTES,
    build_shop,
    gzip_size,
    html,
    listed_slugs,
    product,
)

URL = "/categories/plateau-food/"


@pytest.fixture
def shop(db):
    return build_shop()


def slugs(client, query: str = "", language: str = "en") -> list[str]:
    return listed_slugs(html(client.get(f"{URL}?{query}", HTTP_ACCEPT_LANGUAGE=language)))


def test_lists_the_category_and_its_subcategories_in_both_languages(client, shop):
    child = CategoryFactory(name="松茸", slug="matsutake", parent=shop.food)
    product(shop, "鲁朗松茸", slug="lulang", category=child)

    zh = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-Hans")
    en = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert "<h1>高原食品</h1>" in html(zh)
    assert "<h1>Plateau food</h1>" in html(en)
    assert '<a href="/categories/matsutake/" lang="zh-Hans">松茸</a>' in html(en)
    assert sorted(listed_slugs(html(zh))) == ["hetao", "lulang", "qingke", "songrong"]
    assert "tangka" not in listed_slugs(html(en))  # another category
    assert 'for="id_price_min"' in html(en)  # every filter field has its label
    assert gzip_size(en) < MAX_GZIP_BYTES


def test_filters_by_brand_tier_with_live_licences_only(client, shop):
    assert slugs(client, "tier=county") == ["songrong"]
    assert slugs(client, "tier=prefecture") == []  # its licence is suspended
    assert slugs(client, "tier=region") == []  # its licence has expired

    shop.bayi.licences.update(status=LicenceStatus.SUSPENDED)

    assert slugs(client, "tier=county") == []


def test_filters_by_county_price_stock_and_season(client, shop):
    assert slugs(client, f"county={BAYI}") == ["songrong"]
    assert slugs(client, "price_min=40&price_max=100") == ["hetao"]
    assert slugs(client, "price_min=300") == ["songrong"]  # its family pack is 398
    assert sorted(slugs(client, "in_stock=on")) == ["qingke", "songrong"]
    assert slugs(client, f"month={timezone.localdate().month}") == ["songrong"]
    combined = f"county={BAYI}&price_max=100&in_stock=on"
    assert slugs(client, combined) == []


def test_county_choices_are_the_counties_the_products_come_from(client, shop):
    page = html(client.get(URL, HTTP_ACCEPT_LANGUAGE="en"))

    assert '<option value="540402">Bayi District</option>' in page
    assert '<option value="540222">Gyantse County</option>' in page
    assert '<option value="540102">' not in page


def test_invalid_filters_are_explained_and_ignored(client, shop):
    page = html(client.get(f"{URL}?price_min=cheap&county=999999", HTTP_ACCEPT_LANGUAGE="en"))

    assert page.count('class="errorlist') == 2
    assert sorted(listed_slugs(page)) == ["hetao", "qingke", "songrong"]

    page = html(client.get(f"{URL}?price_min=100&price_max=10", HTTP_ACCEPT_LANGUAGE="en"))

    assert "The highest price must not be below the lowest." in page
    assert listed_slugs(page) == ["songrong"]  # the valid lower bound still applies


def test_sorting(client, shop):
    assert slugs(client, "sort=price") == ["qingke", "hetao", "songrong"]
    assert slugs(client, "sort=-price") == ["songrong", "hetao", "qingke"]
    assert slugs(client, "sort=newest") == ["qingke", "hetao", "songrong"]
    # By the name shown: translated names in English, Chinese ones after them.
    assert slugs(client, "sort=name") == ["qingke", "songrong", "hetao"]
    assert slugs(client) == ["qingke", "songrong", "hetao"]


def test_paginates_24_a_page_keeping_the_filters(client, shop):
    for number in range(26):
        product(shop, f"酥油茶 {number:02d}", slug=f"tea-{number:02d}", prices=("20.00",))

    first = client.get(f"{URL}?sort=price&price_max=30", HTTP_ACCEPT_LANGUAGE="en")
    second = client.get(f"{URL}?sort=price&price_max=30&page=2", HTTP_ACCEPT_LANGUAGE="en")

    assert len(listed_slugs(html(first))) == 24
    assert 'href="?sort=price&amp;price_max=30&amp;page=2"' in html(first)
    assert len(listed_slugs(html(second))) == 3
    assert listed_slugs(html(second))[-1] == "qingke"
    assert gzip_size(first) < MAX_GZIP_BYTES


def test_unknown_category_is_not_found(client, shop):
    assert client.get("/categories/no-such-thing/").status_code == 404


def _queries(client, query: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{URL}?{query}", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    return len(captured)


@pytest.mark.parametrize("query", ["", f"tier=county&county={BAYI}&in_stock=on&sort=price"])
def test_query_counts_do_not_grow_with_page_size(
    client, shop, query, django_assert_max_num_queries
):
    with django_assert_max_num_queries(18):
        client.get(f"{URL}?{query}", HTTP_ACCEPT_LANGUAGE="en")
    before = _queries(client, query)
    for number in range(8):
        item = product(shop, f"松茸 {number}", slug=f"more-{number}", media=True)
        shop.bayi.licences.first().products.add(item)
        item.producer = shop.producer
        item.save(update_fields=["producer"])

    assert len(slugs(client, query)) > 8
    assert _queries(client, query) == before
