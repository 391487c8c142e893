"""Search in Chinese, pinyin, Tibetan and English, and the suggestions endpoint."""

import json

import pytest

from tests.factories.product_reads import publish_later
from tests.storefront.pages.browse_support import (
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


@pytest.mark.parametrize(
    "query", ["松茸", "林芝松茸", "songrong", "song rong", "linzhi songrong", "ཤ་མོ", "matsutake"]
)
def test_finds_products_in_every_script(client, shop, query):
    response = client.get("/search/", {"q": query}, HTTP_ACCEPT_LANGUAGE="zh-Hans")

    assert listed_slugs(html(response))[0] == "songrong"
    assert gzip_size(response) < MAX_GZIP_BYTES


def test_results_in_english_with_translated_names(client, shop):
    page = html(client.get("/search/", {"q": "qingke"}, HTTP_ACCEPT_LANGUAGE="en"))

    assert listed_slugs(page) == ["qingke"]
    assert "Gyantse highland barley" in page
    assert 'value="qingke"' in page  # the header's search box keeps the query


def test_no_match_and_blank_query(client, shop):
    page = html(client.get("/search/", {"q": "不存在的东西"}, HTTP_ACCEPT_LANGUAGE="en"))
    assert listed_slugs(page) == []
    assert "No products match “不存在的东西”." in page

    page = html(client.get("/search/", HTTP_ACCEPT_LANGUAGE="en"))
    assert listed_slugs(page) == []
    assert "<h1>Search</h1>" in page


def test_unpublished_products_are_not_found(client, shop):
    hidden = product(shop, "隐藏松茸", slug="hidden")
    publish_later(hidden, shop.channel)

    assert "hidden" not in listed_slugs(html(client.get("/search/", {"q": "松茸"})))


def test_suggestions_name_and_link_at_most_eight_products(client, shop):
    for number in range(10):
        product(shop, f"松茸礼盒 {number}", slug=f"gift-{number}")

    response = client.get("/search/suggestions/", {"q": "songrong"}, HTTP_ACCEPT_LANGUAGE="en")
    suggestions = json.loads(response.content)

    assert response["Content-Type"] == "application/json"
    assert len(suggestions) == 8
    assert all(set(item) == {"name", "url"} for item in suggestions)
    response = client.get("/search/suggestions/", {"q": "matsutake"}, HTTP_ACCEPT_LANGUAGE="en")
    assert json.loads(response.content) == [
        {"name": "Nyingchi matsutake", "url": "/products/songrong/"}
    ]


def test_suggestions_for_blank_query(client, shop):
    assert json.loads(client.get("/search/suggestions/", {"q": " "}).content) == []


def test_search_page_fills_suggestions_with_a_small_script(client, shop):
    page = html(client.get("/search/", {"q": "松茸"}))

    assert '<datalist id="search-suggestions">' in page
    assert "/search/suggestions/?q=" in page


def test_query_counts_are_bounded(client, shop, django_assert_max_num_queries):
    for number in range(10):
        product(shop, f"松茸礼盒 {number}", slug=f"gift-{number}", media=True)

    with django_assert_max_num_queries(12):
        client.get("/search/", {"q": "松茸"})
    with django_assert_max_num_queries(4):
        client.get("/search/suggestions/", {"q": "松茸"}, HTTP_ACCEPT_LANGUAGE="en")
