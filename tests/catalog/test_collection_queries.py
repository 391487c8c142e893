import datetime

import pytest
from django.utils import timezone

from catalog.models import CollectionChannelListing, CollectionProduct, CollectionTranslation
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import permission_denied
from tests.factories import ChannelFactory, CollectionFactory, ProductFactory, sellable_product
from tests.factories.taxonomy import app_client, staff_client

pytestmark = pytest.mark.django_db

COLLECTIONS = """
query($first: Int, $channel: String, $filter: CollectionFilterInput,
      $where: CollectionWhereInput, $sortBy: CollectionSortingInput, $after: String) {
  collections(first: $first, channel: $channel, filter: $filter, where: $where,
              sortBy: $sortBy, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { slug channel } }
  }
}
"""
COLLECTION = """
query($id: ID, $slug: String, $channel: String) {
  collection(id: $id, slug: $slug, channel: $channel) {
    id name slug channel seoTitle description
    translation(languageCode: ZH_HANS) { name language { code } }
    products(first: 10) { edges { node { slug } } }
  }
}
"""
LISTINGS = """
query($slug: String, $channel: String) {
  collection(slug: $slug, channel: $channel) {
    channelListings { id isPublished publishedAt channel { slug } }
  }
}
"""


def publish(collection, channel, *, published=True, at=None):
    return CollectionChannelListing.objects.create(
        collection=collection,
        channel=channel,
        is_published=published,
        published_at=at or (timezone.now() if published else None),
    )


def slugs(response):
    return [edge["node"]["slug"] for edge in response.data["collections"]["edges"]]


@pytest.fixture
def lhasa():
    return ChannelFactory(slug="lhasa")


def test_storefront_sees_only_collections_published_in_the_channel(api_client, lhasa):
    other = ChannelFactory(slug="nyingchi")
    publish(CollectionFactory(slug="published"), lhasa)
    publish(CollectionFactory(slug="hidden"), lhasa, published=False)
    publish(CollectionFactory(slug="future"), lhasa, at=timezone.now() + datetime.timedelta(1))
    publish(CollectionFactory(slug="elsewhere"), other)
    CollectionFactory(slug="unlisted")

    response = api_client.post_graphql(COLLECTIONS, {"first": 10, "channel": "lhasa"})

    assert slugs(response) == ["published"]
    assert response.data["collections"]["edges"][0]["node"]["channel"] == "lhasa"


def test_storefront_uses_the_default_channel_when_there_is_only_one(user_api_client, lhasa):
    publish(CollectionFactory(slug="published"), lhasa)

    response = user_api_client.post_graphql(COLLECTIONS, {"first": 10})

    assert slugs(response) == ["published"]


def test_storefront_must_name_a_channel_when_there_are_several(api_client, lhasa):
    ChannelFactory(slug="nyingchi")

    response = api_client.post_graphql(COLLECTIONS, {"first": 10})

    assert response.errors[0]["message"] == (
        "More than one channel exists. Specify which channel to use."
    )


def test_collections_in_an_inactive_channel_are_hidden_from_the_storefront(api_client):
    closed = ChannelFactory(slug="closed", is_active=False)
    publish(CollectionFactory(slug="published"), closed)

    response = api_client.post_graphql(COLLECTIONS, {"first": 10, "channel": "closed"})

    assert slugs(response) == []


def test_managers_see_every_collection_or_those_listed_in_a_channel(lhasa):
    publish(CollectionFactory(slug="hidden"), lhasa, published=False)
    CollectionFactory(slug="unlisted")
    client = app_client(PermissionEnum.MANAGE_PRODUCTS)

    everywhere = client.post_graphql(COLLECTIONS, {"first": 10})
    in_lhasa = client.post_graphql(COLLECTIONS, {"first": 10, "channel": "lhasa"})

    assert slugs(everywhere) == ["hidden", "unlisted"]
    assert slugs(in_lhasa) == ["hidden"]


def test_collections_filters(lhasa):
    summer = CollectionFactory(slug="summer", name="夏季精选", metadata={"season": "summer"})
    winter = CollectionFactory(slug="winter", name="冬季精选")
    publish(summer, lhasa)
    publish(winter, lhasa, published=False)
    client = staff_client(PermissionEnum.MANAGE_PRODUCTS)

    def run(filter_input, channel="lhasa"):
        variables = {"first": 10, "filter": filter_input, "channel": channel}
        return slugs(client.post_graphql(COLLECTIONS, variables))

    assert run({"published": "PUBLISHED"}) == ["summer"]
    assert run({"published": "HIDDEN"}) == ["winter"]
    assert run({"search": "冬季"}) == ["winter"]
    assert run({"slugs": ["summer"]}) == ["summer"]
    assert run({"ids": [to_global_id("Collection", winter.pk)]}) == ["winter"]
    assert run({"metadata": [{"key": "season", "value": "summer"}]}) == ["summer"]


def test_collections_where(lhasa):
    first, second = CollectionFactory(slug="a"), CollectionFactory(slug="b")
    CollectionFactory(slug="c", metadata={"theme": "tea"})
    client = staff_client(PermissionEnum.MANAGE_PRODUCTS)
    where = {
        "OR": [
            {"ids": [to_global_id("Collection", second.pk)]},
            {"metadata": [{"key": "theme", "value": "tea"}]},
        ]
    }

    response = client.post_graphql(
        COLLECTIONS, {"first": 10, "where": {"ids": [to_global_id("Collection", first.pk)]}}
    )
    either = client.post_graphql(COLLECTIONS, {"first": 10, "where": where})

    assert slugs(response) == ["a"]
    assert slugs(either) == ["b", "c"]


def test_collections_sorting(lhasa):
    big, small = CollectionFactory(slug="big", name="B"), CollectionFactory(slug="small", name="A")
    CollectionProduct.objects.bulk_create(
        CollectionProduct(collection=big, product=product)
        for product in ProductFactory.create_batch(2)
    )
    publish(small, lhasa, at=timezone.now() - datetime.timedelta(days=2))
    publish(big, lhasa, at=timezone.now() - datetime.timedelta(days=1))
    client = staff_client(PermissionEnum.MANAGE_PRODUCTS)

    def run(field, direction="ASC"):
        sort_by = {"field": field, "direction": direction}
        return slugs(client.post_graphql(COLLECTIONS, {"first": 10, "sortBy": sort_by}))

    assert run("NAME") == ["small", "big"]
    assert run("PRODUCT_COUNT", "DESC") == ["big", "small"]
    assert run("PUBLISHED_AT") == ["small", "big"]
    assert run("AVAILABILITY") == ["big", "small"]


def test_collection_by_slug_in_a_channel_with_its_products(api_client, lhasa):
    collection = CollectionFactory(slug="summer", name="夏季", seo_title="夏")
    publish(collection, lhasa)
    in_stock = sellable_product(lhasa, slug="in-lhasa")
    unpublished = ProductFactory(slug="not-published")
    for product in (in_stock, unpublished):
        CollectionProduct.objects.create(collection=collection, product=product)
    CollectionTranslation.objects.create(collection=collection, language_code="zh-hans", name="夏")

    response = api_client.post_graphql(COLLECTION, {"slug": "summer", "channel": "lhasa"})

    assert response.data["collection"] == {
        "id": to_global_id("Collection", collection.pk),
        "name": "夏季",
        "slug": "summer",
        "channel": "lhasa",
        "seoTitle": "夏",
        "description": None,
        "translation": {"name": "夏", "language": {"code": "ZH_HANS"}},
        "products": {"edges": [{"node": {"slug": "in-lhasa"}}]},
    }


def test_unpublished_collection_is_null_for_the_storefront(api_client, lhasa):
    collection = CollectionFactory(slug="hidden")
    publish(collection, lhasa, published=False)

    by_slug = api_client.post_graphql(COLLECTION, {"slug": "hidden", "channel": "lhasa"})
    by_id = api_client.post_graphql(
        COLLECTION, {"id": to_global_id("Collection", collection.pk), "channel": "lhasa"}
    )

    assert by_slug.data["collection"] is None
    assert by_id.data["collection"] is None


def test_channel_listings_need_manage_products(api_client, user_api_client, lhasa):
    collection = CollectionFactory(slug="summer")
    listing = publish(collection, lhasa)
    variables = {"slug": "summer", "channel": "lhasa"}

    for client in (api_client, user_api_client, staff_client(PermissionEnum.MANAGE_ORDERS)):
        response = client.post_graphql(LISTINGS, variables)
        assert permission_denied(response)
    allowed = staff_client(PermissionEnum.MANAGE_PRODUCTS).post_graphql(LISTINGS, variables)

    assert allowed.data["collection"]["channelListings"] == [
        {
            "id": to_global_id("CollectionChannelListing", listing.pk),
            "isPublished": True,
            "publishedAt": listing.published_at.isoformat(),
            "channel": {"slug": "lhasa"},
        }
    ]


def test_collections_list_query_count_does_not_grow_with_page_size(
    django_assert_num_queries, lhasa
):
    query = """
    query($first: Int) {
      collections(first: $first) { edges { node {
        name slug channel metadata { key } backgroundImage { url }
        translation(languageCode: EN) { name }
        channelListings { isPublished channel { slug } }
      } } }
    }
    """
    for index in range(12):
        publish(CollectionFactory(slug=f"c{index:02d}"), lhasa)
    client = staff_client(PermissionEnum.MANAGE_PRODUCTS)
    client.post_graphql(query, {"first": 2})

    # the user and their permissions (3), the page, translations, listings with channels
    with django_assert_num_queries(6):
        small = client.post_graphql(query, {"first": 2})
    with django_assert_num_queries(6):
        large = client.post_graphql(query, {"first": 12})

    assert len(small.data["collections"]["edges"]) == 2
    assert len(large.data["collections"]["edges"]) == 12


@pytest.mark.parametrize("field", ["PUBLISHED_AT", "AVAILABILITY"])
def test_collections_sorted_by_channel_data_paginate_with_cursors(lhasa, field):
    now = timezone.now()
    for index, slug in enumerate(("a", "b", "c")):
        publish(CollectionFactory(slug=slug), lhasa, at=now - datetime.timedelta(days=index))
    CollectionFactory(slug="d")
    client = staff_client(PermissionEnum.MANAGE_PRODUCTS)
    sort_by = {"field": field, "direction": "DESC"}

    pages, after = [], None
    while True:
        variables = {"first": 2, "sortBy": sort_by, "channel": None, "after": after}
        connection = client.post_graphql(COLLECTIONS, variables).data["collections"]
        pages.append([edge["node"]["slug"] for edge in connection["edges"]])
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]

    expected = [["a", "b"], ["c", "d"]] if field == "PUBLISHED_AT" else [["c", "b"], ["a", "d"]]
    assert pages == expected
