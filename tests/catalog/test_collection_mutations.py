import datetime

import pytest
from django.utils import timezone

from catalog.models import Collection, CollectionChannelListing, CollectionProduct
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import permission_denied
from tests.factories import ChannelFactory, CollectionFactory, ProductFactory
from tests.factories.taxonomy import app_client, error_codes, staff_client

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: CollectionCreateInput!) {
  collectionCreate(input: $input) {
    collection { id name slug seoTitle channel products(first: 10) { edges { node { slug } } } }
    errors { field code message products }
    collectionErrors { code }
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: CollectionInput!) {
  collectionUpdate(id: $id, input: $input) {
    collection { name slug seoDescription metadata { key value } }
    errors { field code message }
  }
}
"""
DELETE = """
mutation($id: ID!) {
  collectionDelete(id: $id) { collection { id slug } errors { field code message } }
}
"""
ADD = """
mutation($id: ID!, $products: [ID!]!) {
  collectionAddProducts(collectionId: $id, products: $products) {
    collection { slug } errors { field code message }
  }
}
"""
REMOVE = """
mutation($id: ID!, $products: [ID!]!) {
  collectionRemoveProducts(collectionId: $id, products: $products) {
    collection { slug } errors { field code message }
  }
}
"""
LISTINGS = """
mutation($id: ID!, $input: CollectionChannelListingUpdateInput!) {
  collectionChannelListingUpdate(id: $id, input: $input) {
    collection { channelListings { isPublished publishedAt channel { slug } } }
    errors { field code message channels }
  }
}
"""


def manager():
    return staff_client(PermissionEnum.MANAGE_PRODUCTS)


def refused(caller, api_client, user_api_client):
    return {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_TRANSLATIONS),
        "app": app_client(PermissionEnum.MANAGE_CHANNELS),
    }[caller]


def gid(instance):
    return to_global_id(type(instance).__name__, instance.pk)


def members(collection):
    return list(
        CollectionProduct.objects.filter(collection=collection)
        .order_by("sort_order")
        .values_list("product__slug", flat=True)
    )


def test_collection_create_with_products():
    first, second = ProductFactory(slug="first"), ProductFactory(slug="second")

    payload = (
        manager()
        .post_graphql(
            CREATE,
            {
                "input": {
                    "name": "夏季精选",
                    "seo": {"title": "夏季"},
                    "products": [gid(second), gid(first)],
                }
            },
        )
        .data["collectionCreate"]
    )

    collection = Collection.objects.get()
    assert payload["errors"] == []
    assert payload["collectionErrors"] == []
    assert payload["collection"] == {
        "id": gid(collection),
        "name": "夏季精选",
        "slug": "xia-ji-jing-xuan",
        "seoTitle": "夏季",
        "channel": None,
        "products": {"edges": [{"node": {"slug": "first"}}, {"node": {"slug": "second"}}]},
    }
    assert members(collection) == ["second", "first"]


def test_collection_create_with_unknown_product_changes_nothing():
    missing = to_global_id("Product", 999)

    payload = (
        manager()
        .post_graphql(CREATE, {"input": {"name": "x", "products": [missing]}})
        .data["collectionCreate"]
    )

    assert payload["errors"] == [
        {
            "field": "products",
            "code": "GRAPHQL_ERROR",
            "message": f"Could not resolve to a node with the global id list of '['{missing}']'.",
            "products": None,
        }
    ]
    assert Collection.objects.count() == 0


def test_collection_create_with_taken_slug():
    CollectionFactory(slug="summer")

    payload = (
        manager()
        .post_graphql(CREATE, {"input": {"name": "x", "slug": "summer"}})
        .data["collectionCreate"]
    )

    assert error_codes(payload) == [("slug", "UNIQUE")]
    assert payload["errors"][0]["message"] == "Collection with this Slug already exists."


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_collection_create_is_refused_without_manage_products(caller, api_client, user_api_client):
    response = refused(caller, api_client, user_api_client).post_graphql(
        CREATE, {"input": {"name": "x"}}
    )

    assert permission_denied(response)
    assert Collection.objects.count() == 0


def test_collection_update_by_app():
    collection = CollectionFactory(slug="summer", name="Summer")

    payload = (
        app_client(PermissionEnum.MANAGE_PRODUCTS)
        .post_graphql(
            UPDATE,
            {
                "id": gid(collection),
                "input": {
                    "name": "夏季",
                    "seo": {"description": "夏天的好物"},
                    "metadata": [{"key": "season", "value": "summer"}],
                },
            },
        )
        .data["collectionUpdate"]
    )

    assert payload == {
        "collection": {
            "name": "夏季",
            "slug": "summer",
            "seoDescription": "夏天的好物",
            "metadata": [{"key": "season", "value": "summer"}],
        },
        "errors": [],
    }


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_collection_update_is_refused_without_manage_products(caller, api_client, user_api_client):
    collection = CollectionFactory(name="before")

    response = refused(caller, api_client, user_api_client).post_graphql(
        UPDATE, {"id": gid(collection), "input": {"name": "after"}}
    )

    assert permission_denied(response)
    collection.refresh_from_db()
    assert collection.name == "before"


def test_collection_delete_keeps_its_products():
    collection = CollectionFactory(slug="summer")
    product = ProductFactory()
    CollectionProduct.objects.create(collection=collection, product=product)

    payload = manager().post_graphql(DELETE, {"id": gid(collection)}).data["collectionDelete"]

    assert payload == {"collection": {"id": gid(collection), "slug": "summer"}, "errors": []}
    assert Collection.objects.count() == 0
    product.refresh_from_db()


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_collection_delete_is_refused_without_manage_products(caller, api_client, user_api_client):
    collection = CollectionFactory()

    response = refused(caller, api_client, user_api_client).post_graphql(
        DELETE, {"id": gid(collection)}
    )

    assert permission_denied(response)
    assert Collection.objects.count() == 1


def test_collection_add_products_appends_and_ignores_members():
    collection = CollectionFactory()
    old, new = ProductFactory(slug="old"), ProductFactory(slug="new")
    CollectionProduct.objects.create(collection=collection, product=old, sort_order=0)

    payload = (
        manager()
        .post_graphql(ADD, {"id": gid(collection), "products": [gid(old), gid(new)]})
        .data["collectionAddProducts"]
    )

    assert payload["errors"] == []
    assert members(collection) == ["old", "new"]


def test_collection_add_products_with_a_wrong_id():
    collection = CollectionFactory()

    wrong_type = (
        manager()
        .post_graphql(ADD, {"id": gid(collection), "products": [to_global_id("Category", 1)]})
        .data["collectionAddProducts"]
    )
    unknown_collection = (
        manager()
        .post_graphql(ADD, {"id": to_global_id("Collection", 999), "products": []})
        .data["collectionAddProducts"]
    )

    assert wrong_type["errors"] == [
        {
            "field": "products",
            "code": "GRAPHQL_ERROR",
            "message": f"Invalid ID: {to_global_id('Category', 1)}. Expected: Product, "
            "received: Category.",
        }
    ]
    assert error_codes(unknown_collection) == [("collectionId", "NOT_FOUND")]


def test_collection_remove_products():
    collection = CollectionFactory()
    kept, removed = ProductFactory(slug="kept"), ProductFactory(slug="removed")
    for product in (kept, removed):
        CollectionProduct.objects.create(collection=collection, product=product)

    payload = (
        app_client(PermissionEnum.MANAGE_PRODUCTS)
        .post_graphql(REMOVE, {"id": gid(collection), "products": [gid(removed)]})
        .data["collectionRemoveProducts"]
    )

    assert payload["errors"] == []
    assert members(collection) == ["kept"]


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
@pytest.mark.parametrize("mutation", [ADD, REMOVE])
def test_collection_membership_is_refused_without_manage_products(
    caller, mutation, api_client, user_api_client
):
    collection = CollectionFactory()
    product = ProductFactory()
    CollectionProduct.objects.create(collection=collection, product=product)

    response = refused(caller, api_client, user_api_client).post_graphql(
        mutation, {"id": gid(collection), "products": [gid(product)]}
    )

    assert permission_denied(response)
    assert CollectionProduct.objects.count() == 1


def test_collection_channel_listing_update_publishes_and_unlists():
    collection = CollectionFactory()
    lhasa, nyingchi, shigatse = (ChannelFactory(slug=s) for s in ("lhasa", "nyingchi", "shigatse"))
    CollectionChannelListing.objects.create(collection=collection, channel=shigatse)
    later = timezone.now() + datetime.timedelta(days=3)

    payload = (
        manager()
        .post_graphql(
            LISTINGS,
            {
                "id": gid(collection),
                "input": {
                    "addChannels": [
                        {"channelId": gid(lhasa), "isPublished": True},
                        {
                            "channelId": gid(nyingchi),
                            "isPublished": True,
                            "publishedAt": later.isoformat(),
                        },
                    ],
                    "removeChannels": [gid(shigatse)],
                },
            },
        )
        .data["collectionChannelListingUpdate"]
    )

    assert payload["errors"] == []
    listings = {
        listing.channel.slug: listing
        for listing in CollectionChannelListing.objects.select_related("channel")
    }
    assert set(listings) == {"lhasa", "nyingchi"}
    assert listings["lhasa"].is_published is True
    assert listings["lhasa"].published_at is not None
    assert listings["nyingchi"].published_at == later
    assert [item["channel"]["slug"] for item in payload["collection"]["channelListings"]] == [
        "lhasa",
        "nyingchi",
    ]


def test_collection_channel_listing_update_reports_duplicates_together():
    collection = CollectionFactory()
    lhasa = gid(ChannelFactory(slug="lhasa"))
    nyingchi = gid(ChannelFactory(slug="nyingchi"))

    payload = (
        manager()
        .post_graphql(
            LISTINGS,
            {
                "id": gid(collection),
                "input": {
                    "addChannels": [{"channelId": lhasa}, {"channelId": lhasa}],
                    "removeChannels": [lhasa, nyingchi, nyingchi],
                },
            },
        )
        .data["collectionChannelListingUpdate"]
    )

    assert payload["errors"] == [
        {
            "field": "input",
            "code": "DUPLICATED_INPUT_ITEM",
            "message": "The same object cannot be in both lists for adding and removing items.",
            "channels": [lhasa],
        },
        {
            "field": "addChannels",
            "code": "DUPLICATED_INPUT_ITEM",
            "message": "Duplicated channel ID.",
            "channels": [lhasa],
        },
        {
            "field": "removeChannels",
            "code": "DUPLICATED_INPUT_ITEM",
            "message": "Duplicated channel ID.",
            "channels": [nyingchi],
        },
    ]
    assert CollectionChannelListing.objects.count() == 0


def test_collection_channel_listing_update_refuses_both_dates():
    collection = CollectionFactory()
    lhasa = gid(ChannelFactory(slug="lhasa"))

    payload = (
        manager()
        .post_graphql(
            LISTINGS,
            {
                "id": gid(collection),
                "input": {
                    "addChannels": [
                        {
                            "channelId": lhasa,
                            "publicationDate": "2024-01-01",
                            "publishedAt": "2024-01-01T00:00:00+00:00",
                        }
                    ]
                },
            },
        )
        .data["collectionChannelListingUpdate"]
    )

    assert payload["errors"] == [
        {
            "field": "publicationDate",
            "code": "INVALID",
            "message": "Only one of argument: publicationDate or publishedAt must be specified.",
            "channels": [lhasa],
        }
    ]
    assert CollectionChannelListing.objects.count() == 0


def test_collection_channel_listing_update_with_unknown_channel():
    collection = CollectionFactory()

    payload = (
        manager()
        .post_graphql(
            LISTINGS,
            {
                "id": gid(collection),
                "input": {"addChannels": [{"channelId": to_global_id("Channel", 999)}]},
            },
        )
        .data["collectionChannelListingUpdate"]
    )

    assert error_codes(payload) == [("channelId", "GRAPHQL_ERROR")]


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_collection_channel_listing_update_is_refused_without_manage_products(
    caller, api_client, user_api_client
):
    collection = CollectionFactory()
    lhasa = ChannelFactory(slug="lhasa")

    response = refused(caller, api_client, user_api_client).post_graphql(
        LISTINGS, {"id": gid(collection), "input": {"addChannels": [{"channelId": gid(lhasa)}]}}
    )

    assert permission_denied(response)
    assert CollectionChannelListing.objects.count() == 0
