"""products(search: …) through the real GraphQL view: matching, visibility, RANK, pages."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.demo import load_demo_catalog
from catalog.services.search_index import products_search_index_update
from tests.factories import ChannelFactory, sellable_product
from tests.factories.search import ProductTranslationFactory

pytestmark = pytest.mark.django_db

SEARCH = """
query Search($search: String, $channel: String, $first: Int, $after: String,
             $sortBy: ProductOrder) {
  products(search: $search, channel: $channel, first: $first, after: $after, sortBy: $sortBy) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { name } }
  }
}
"""
BY_RANK = {"field": "RANK", "direction": "DESC"}


@pytest.fixture
def channel():
    return ChannelFactory(slug="default-channel", currency_code="CNY")


def shop(channel, *names: str, **kwargs) -> list:
    products = [sellable_product(channel, name=name, **kwargs) for name in names]
    products_search_index_update(product_ids=[p.pk for p in products])
    return products


def names(response) -> list[str]:
    return [edge["node"]["name"] for edge in response.data["products"]["edges"]]


def search(client, text: str, **variables):
    return client.post_graphql(
        SEARCH, {"search": text, "channel": "default-channel", "first": 10, **variables}
    )


def test_search_finds_chinese_pinyin_and_english(api_client, channel):
    matsutake, _carpet = shop(channel, "林芝松茸礼盒", "江孜卡垫")
    ProductTranslationFactory(product=matsutake, language_code="en", name="Matsutake gift box")
    products_search_index_update(product_ids=[matsutake.pk])

    for text in ("松茸", "songrong", "song rong", "matsutake", "MATSUTAKE gift"):
        response = search(api_client, text)
        assert names(response) == ["林芝松茸礼盒"], text
        assert response.data["products"]["totalCount"] == 1


def test_search_hides_products_the_caller_cannot_see(api_client, channel):
    shop(channel, "林芝松茸")
    hidden = ChannelFactory(slug="hidden-channel")
    shop(hidden, "米林松茸")

    assert names(search(api_client, "松茸")) == ["林芝松茸"]


def test_rank_puts_name_matches_first_and_pages_by_cursor(api_client, channel):
    shop(channel, "青稞酒", description_plaintext="配松茸炖鸡最佳")
    shop(channel, "林芝松茸", "米林松茸")
    seen = []
    after = None

    for _page in range(3):
        response = search(api_client, "松茸", first=1, after=after, sortBy=BY_RANK)
        seen += names(response)
        page_info = response.data["products"]["pageInfo"]
        after = page_info["endCursor"]
        if not page_info["hasNextPage"]:
            break

    assert sorted(seen[:2]) == ["林芝松茸", "米林松茸"]
    assert seen[2:] == ["青稞酒"]


def test_search_without_match_returns_an_empty_page(api_client, channel):
    shop(channel, "林芝松茸")

    response = search(api_client, "yak")

    assert names(response) == []
    assert response.data["products"]["totalCount"] == 0


def test_search_queries_do_not_grow_with_page_size(api_client, channel):
    shop(channel, *(f"林芝松茸 {n}" for n in range(6)))

    with CaptureQueriesContext(connection) as small:
        assert len(names(search(api_client, "松茸", first=2, sortBy=BY_RANK))) == 2
    with CaptureQueriesContext(connection) as large:
        assert len(names(search(api_client, "松茸", first=6, sortBy=BY_RANK))) == 6

    assert len(small) == len(large)


def test_filter_search_matches_like_the_search_argument(api_client, channel):
    shop(channel, "林芝松茸", "江孜卡垫")
    query = """
    query Filtered($channel: String) {
      products(first: 10, channel: $channel, filter: {search: "songrong"}) {
        edges { node { name } }
      }
    }
    """

    response = api_client.post_graphql(query, {"channel": "default-channel"})

    assert names(response) == ["林芝松茸"]


def test_demo_catalog_is_searchable_in_three_languages(api_client):
    load_demo_catalog(io.StringIO())

    assert names(search(api_client, "松茸")) == ["林芝松茸"]
    assert names(search(api_client, "Matsutake")) == ["林芝松茸"]
    assert set(names(search(api_client, "ཤ་མོ"))) == {"林芝松茸", "亚东黑木耳"}
    assert names(search(api_client, "冈仁波齐")) == ["冈仁波齐转山 / 玛旁雍错"]
