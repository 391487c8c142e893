"""products(sortBy: …): Saleor's ProductOrderField orderings, paginated by keyset."""

import datetime

import pytest
from django.utils import timezone

from catalog.models import Product, ProductChannelListing
from infra.accounts.permissions import PermissionEnum
from tests.factories import ChannelFactory, ProductFactory, ProductTypeFactory
from tests.factories.product_reads import discount, staff_with, storefront_product

PRODUCTS = """
query Products($sortBy: ProductOrder, $channel: String, $after: String, $first: Int) {
  products(first: $first, sortBy: $sortBy, channel: $channel, after: $after) {
    pageInfo { endCursor hasNextPage }
    edges { node { slug } }
  }
}
"""


@pytest.fixture
def channel(db):
    return ChannelFactory(slug="lhasa")


def order(client, field, direction="ASC", *, channel="lhasa", first=20, after=None):
    response = client.post_graphql(
        PRODUCTS,
        {
            "sortBy": {"field": field, "direction": direction},
            "channel": channel,
            "first": first,
            "after": after,
        },
    )
    return response


def slugs(response) -> list[str]:
    return [edge["node"]["slug"] for edge in response.data["products"]["edges"]]


def test_default_order_is_by_slug(api_client, channel):
    for slug in ("c", "a", "b"):
        storefront_product(channel, slug=slug)

    response = api_client.post_graphql(PRODUCTS, {"channel": "lhasa", "first": 10})

    assert slugs(response) == ["a", "b", "c"]


def test_name_then_slug_both_directions(api_client, channel):
    storefront_product(channel, slug="b", name="青稞")
    storefront_product(channel, slug="a", name="青稞")
    storefront_product(channel, slug="c", name="松茸")

    assert slugs(order(api_client, "NAME")) == ["c", "a", "b"]
    assert slugs(order(api_client, "NAME", "DESC")) == ["b", "a", "c"]


def test_price_uses_the_cheapest_variant_and_pages_by_cursor(channel):
    storefront_product(channel, slug="mid", prices=("50.00", "500.00"))
    storefront_product(channel, slug="cheap", prices=("20.00",))
    storefront_product(channel, slug="dear", prices=("80.00",))
    ProductFactory(slug="unlisted-elsewhere")
    client = staff_with(PermissionEnum.MANAGE_PRODUCTS)

    first_page = order(client, "PRICE", first=2)
    rest = order(
        client, "PRICE", first=2, after=first_page.data["products"]["pageInfo"]["endCursor"]
    )
    everywhere = order(client, "PRICE", "DESC", channel=None)

    assert slugs(first_page) == ["cheap", "mid"]
    assert slugs(rest) == ["dear"]
    assert rest.data["products"]["pageInfo"]["hasNextPage"] is False
    # Without a channel the default channel prices the sort; products without a price come
    # last ascending, first descending, as PostgreSQL orders NULL.
    assert slugs(everywhere) == ["unlisted-elsewhere", "dear", "mid", "cheap"]


def test_minimal_price_uses_discounted_prices(api_client, channel):
    storefront_product(channel, slug="cheap", prices=("20.00",))
    discounted = storefront_product(channel, slug="discounted", prices=("90.00",))
    discount(discounted.variants.get(), channel, "10.00")
    storefront_product(channel, slug="dear", prices=("80.00",))

    assert slugs(order(api_client, "MINIMAL_PRICE")) == ["discounted", "cheap", "dear"]
    assert slugs(order(api_client, "PRICE")) == ["cheap", "dear", "discounted"]


def test_dates_type_and_rating(api_client, channel):
    now = timezone.now()
    old = storefront_product(
        channel, slug="old", rating=4.0, product_type=ProductTypeFactory(name="b-type")
    )
    new = storefront_product(
        channel, slug="new", rating=None, product_type=ProductTypeFactory(name="a-type")
    )
    Product.objects.filter(pk=old.pk).update(
        created_at=now - datetime.timedelta(days=9), updated_at=now - datetime.timedelta(days=1)
    )
    Product.objects.filter(pk=new.pk).update(
        created_at=now - datetime.timedelta(days=2), updated_at=now - datetime.timedelta(days=3)
    )
    ProductChannelListing.objects.filter(product=old).update(
        published_at=now - datetime.timedelta(days=1)
    )
    ProductChannelListing.objects.filter(product=new).update(
        published_at=now - datetime.timedelta(days=5)
    )

    assert slugs(order(api_client, "CREATED_AT")) == ["old", "new"]
    assert slugs(order(api_client, "LAST_MODIFIED_AT")) == ["new", "old"]
    assert slugs(order(api_client, "LAST_MODIFIED")) == ["new", "old"]
    assert slugs(order(api_client, "PUBLISHED_AT")) == ["new", "old"]
    assert slugs(order(api_client, "PUBLICATION_DATE", "DESC")) == ["old", "new"]
    assert slugs(order(api_client, "TYPE")) == ["new", "old"]
    assert slugs(order(api_client, "RATING")) == ["old", "new"]
    assert slugs(order(api_client, "RATING", "DESC")) == ["new", "old"]


def test_published_status(channel):
    storefront_product(channel, slug="draft", published=False)
    storefront_product(channel, slug="live")

    response = order(staff_with(PermissionEnum.MANAGE_PRODUCTS), "PUBLISHED", "DESC")

    assert slugs(response) == ["live", "draft"]


def test_sort_input_errors(api_client, channel):
    storefront_product(channel, slug="a")

    rank = order(api_client, "RANK")
    collection = order(api_client, "COLLECTION")
    neither = api_client.post_graphql(
        PRODUCTS, {"sortBy": {"direction": "ASC"}, "channel": "lhasa", "first": 5}
    )
    attribute = api_client.post_graphql(
        PRODUCTS,
        {"sortBy": {"direction": "ASC", "attributeId": "QXR0cmlidXRlOjE="}, "first": 5},
    )

    assert rank.errors[0]["message"] == (
        "Sorting by RANK is available only when using a search filter or search argument."
    )
    assert collection.errors[0]["message"] == (
        "Sorting by COLLECTION is available only for the `Collection.products` query."
    )
    assert neither.errors[0]["message"] == (
        "You must provide either `field` or `attributeId` to sort the products."
    )
    assert attribute.errors[0]["message"] == "Sorting by `attributeId` is not supported."


def test_search_orders_by_rank(api_client, channel):
    pytest.importorskip("catalog.selectors.search")
    from catalog.services.search_index import products_search_index_update

    in_name = storefront_product(channel, slug="name-match", name="林芝松茸")
    in_description = storefront_product(
        channel, slug="description-match", name="礼盒", description_plaintext="内含松茸"
    )
    products_search_index_update(product_ids=[in_name.pk, in_description.pk])
    query = """query($sortBy: ProductOrder) {
        products(first: 5, channel: "lhasa", search: "松茸", sortBy: $sortBy) {
            edges { node { slug } } } }"""

    by_default = api_client.post_graphql(query)
    by_rank = api_client.post_graphql(query, {"sortBy": {"field": "RANK", "direction": "ASC"}})

    assert slugs(by_default) == ["name-match", "description-match"]
    assert slugs(by_rank) == ["description-match", "name-match"]
