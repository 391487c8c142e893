"""Query.products and Query.product: who sees which products, in which channel."""

import pytest

from infra.accounts.permissions import PermissionEnum
from tests.factories import ChannelFactory, ProductFactory
from tests.factories.catalog import list_product
from tests.factories.product_reads import (
    app_with,
    gid,
    publish_later,
    staff_with,
    storefront_product,
)

PRODUCTS = """
query Products($channel: String, $first: Int, $last: Int, $after: String, $before: String) {
  products(channel: $channel, first: $first, last: $last, after: $after, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id slug name channel } }
  }
}
"""

PRODUCT = """
query Product($id: ID, $slug: String, $externalReference: String, $channel: String) {
  product(id: $id, slug: $slug, externalReference: $externalReference, channel: $channel) {
    id slug channel
  }
}
"""


def slugs(response) -> list[str]:
    return [edge["node"]["slug"] for edge in response.data["products"]["edges"]]


@pytest.fixture
def channel(db):
    return ChannelFactory(slug="lhasa")


@pytest.fixture
def catalog(channel):
    """Four products in `channel`: listed, hidden from listings, unpublished, scheduled."""
    listed = storefront_product(channel, slug="a-listed")
    hidden = storefront_product(channel, slug="b-hidden", visible_in_listings=False)
    unpublished = storefront_product(channel, slug="c-unpublished", published=False)
    scheduled = storefront_product(channel, slug="d-scheduled")
    publish_later(scheduled, channel)
    return {"listed": listed, "hidden": hidden, "unpublished": unpublished, "scheduled": scheduled}


def test_anonymous_sees_only_published_products_visible_in_listings(api_client, catalog):
    response = api_client.post_graphql(PRODUCTS, {"channel": "lhasa", "first": 10})

    assert slugs(response) == ["a-listed"]
    assert response.data["products"]["totalCount"] == 1
    assert response.data["products"]["edges"][0]["node"]["channel"] == "lhasa"


def test_customer_and_app_without_permission_see_the_storefront_view(
    user_api_client, app_api_client, catalog
):
    for client in (user_api_client, app_api_client, staff_with()):
        response = client.post_graphql(PRODUCTS, {"channel": "lhasa", "first": 10})

        assert slugs(response) == ["a-listed"]


@pytest.mark.parametrize(
    "permission",
    [PermissionEnum.MANAGE_PRODUCTS, PermissionEnum.MANAGE_ORDERS, PermissionEnum.MANAGE_DISCOUNTS],
)
def test_staff_with_a_product_permission_sees_every_product_in_the_channel(catalog, permission):
    response = staff_with(permission).post_graphql(PRODUCTS, {"channel": "lhasa", "first": 10})

    assert slugs(response) == ["a-listed", "b-hidden", "c-unpublished", "d-scheduled"]


def test_staff_without_channel_sees_products_of_every_channel(catalog):
    elsewhere = ProductFactory(slug="e-unlisted")
    client = app_with(PermissionEnum.MANAGE_PRODUCTS)

    response = client.post_graphql(PRODUCTS, {"first": 10})

    assert slugs(response)[-1] == elsewhere.slug
    assert len(slugs(response)) == 5
    assert response.data["products"]["edges"][0]["node"]["channel"] is None


def test_staff_naming_a_channel_sees_only_products_listed_there(catalog):
    other = ChannelFactory(slug="nyingchi")
    list_product(catalog["listed"], other)

    response = staff_with(PermissionEnum.MANAGE_PRODUCTS).post_graphql(
        PRODUCTS, {"channel": "nyingchi", "first": 10}
    )

    assert slugs(response) == ["a-listed"]


def test_storefront_uses_the_default_channel_when_there_is_only_one(api_client, catalog):
    response = api_client.post_graphql(PRODUCTS, {"first": 10})

    assert slugs(response) == ["a-listed"]
    assert response.data["products"]["edges"][0]["node"]["channel"] == "lhasa"


def test_storefront_must_name_a_channel_when_several_are_active(api_client, catalog):
    ChannelFactory(slug="nyingchi")

    response = api_client.post_graphql(PRODUCTS, {"first": 10})

    assert response.errors[0]["message"] == (
        "More than one channel exists. Specify which channel to use."
    )


def test_products_in_an_inactive_channel_are_hidden_from_the_storefront(api_client, channel):
    storefront_product(channel, slug="a-listed")
    channel.is_active = False
    channel.save()

    response = api_client.post_graphql(PRODUCTS, {"channel": "lhasa", "first": 10})

    assert slugs(response) == []


def test_product_without_a_priced_variant_is_hidden_from_the_storefront(api_client, channel):
    product = ProductFactory(slug="no-price")
    list_product(product, channel)

    response = api_client.post_graphql(PRODUCTS, {"channel": "lhasa", "first": 10})

    assert slugs(response) == []


def test_unknown_channel_is_an_error(api_client, catalog):
    response = api_client.post_graphql(PRODUCTS, {"channel": "nowhere", "first": 10})

    assert response.errors[0]["message"] == "Channel with 'nowhere' slug does not exist."
    assert response.body["data"]["products"] is None


def test_products_paginate_forward_and_backward_with_cursors(channel):
    for slug in ("p1", "p2", "p3", "p4", "p5"):
        storefront_product(channel, slug=slug)
    client = staff_with(PermissionEnum.MANAGE_PRODUCTS)

    first = client.post_graphql(PRODUCTS, {"channel": "lhasa", "first": 2})
    second = client.post_graphql(
        PRODUCTS,
        {"channel": "lhasa", "first": 2, "after": first.data["products"]["pageInfo"]["endCursor"]},
    )
    back = client.post_graphql(
        PRODUCTS,
        {
            "channel": "lhasa",
            "last": 2,
            "before": second.data["products"]["pageInfo"]["startCursor"],
        },
    )

    assert slugs(first) == ["p1", "p2"]
    assert first.data["products"]["pageInfo"]["hasNextPage"] is True
    assert slugs(second) == ["p3", "p4"]
    assert second.data["products"]["pageInfo"]["hasPreviousPage"] is True
    assert slugs(back) == ["p1", "p2"]


def test_products_without_first_or_last_is_refused(api_client, catalog):
    response = api_client.post_graphql(PRODUCTS, {"channel": "lhasa"})

    assert response.errors[0]["message"] == (
        "You must provide a `first` or `last` value to properly paginate the `products` connection."
    )


def test_product_by_id_slug_and_external_reference(api_client, catalog):
    product = catalog["listed"]
    product.external_reference = "ERP-1"
    product.save()

    by_id = api_client.post_graphql(PRODUCT, {"id": gid(product), "channel": "lhasa"})
    by_slug = api_client.post_graphql(PRODUCT, {"slug": "a-listed", "channel": "lhasa"})
    by_reference = api_client.post_graphql(
        PRODUCT, {"externalReference": "ERP-1", "channel": "lhasa"}
    )

    expected = {"id": gid(product), "slug": "a-listed", "channel": "lhasa"}
    assert by_id.data["product"] == expected
    assert by_slug.data["product"] == expected
    assert by_reference.data["product"] == expected


def test_product_hidden_from_listings_is_still_found_by_slug(api_client, catalog):
    response = api_client.post_graphql(PRODUCT, {"slug": "b-hidden", "channel": "lhasa"})

    assert response.data["product"]["slug"] == "b-hidden"


@pytest.mark.parametrize("slug", ["c-unpublished", "d-scheduled"])
def test_unpublished_product_is_null_for_the_storefront(api_client, user_api_client, catalog, slug):
    for client in (api_client, user_api_client, app_with()):
        response = client.post_graphql(PRODUCT, {"slug": slug, "channel": "lhasa"})

        assert response.data["product"] is None


def test_unpublished_product_is_visible_to_staff_with_the_permission(catalog):
    client = staff_with(PermissionEnum.MANAGE_PRODUCTS)

    response = client.post_graphql(PRODUCT, {"slug": "c-unpublished"})

    assert response.data["product"] == {
        "id": gid(catalog["unpublished"]),
        "slug": "c-unpublished",
        "channel": None,
    }


def test_product_requires_exactly_one_lookup_argument(api_client, catalog):
    none_given = api_client.post_graphql(PRODUCT, {"channel": "lhasa"})
    two_given = api_client.post_graphql(
        PRODUCT, {"id": gid(catalog["listed"]), "slug": "a-listed", "channel": "lhasa"}
    )

    assert none_given.errors[0]["message"] == (
        "At least one of arguments is required: 'id', 'slug', 'external_reference'."
    )
    assert two_given.errors[0]["message"] == "Argument 'id' cannot be combined with 'slug'"


def test_product_with_an_id_of_another_type_or_garbage_is_an_error(api_client, catalog):
    wrong_type = api_client.post_graphql(
        PRODUCT, {"id": gid(catalog["listed"].category), "channel": "lhasa"}
    )
    garbage = api_client.post_graphql(PRODUCT, {"id": "not-an-id", "channel": "lhasa"})

    category_id = gid(catalog["listed"].category)
    assert wrong_type.errors[0]["message"] == (
        f"Invalid ID: {category_id}. Expected: Product, received: Category."
    )
    assert garbage.errors[0]["message"] == "Couldn't resolve id: not-an-id."


def test_product_by_translated_slug_is_refused(api_client, catalog):
    query = 'query { product(slug: "a-listed", slugLanguageCode: EN, channel: "lhasa") { id } }'

    response = api_client.post_graphql(query)

    assert response.errors[0]["message"] == (
        "Looking products up by a translated slug is not supported."
    )
