"""productChannelListingUpdate and productVariantChannelListingUpdate."""

from decimal import Decimal

import pytest

from catalog.models import ProductChannelListing, ProductVariantChannelListing
from tests.conftest import permission_denied
from tests.factories import (
    ChannelFactory,
    ProductFactory,
    ProductVariantFactory,
    list_product,
    price_variant,
)
from tests.factories.writes import gid, staff_client

PRODUCT_LISTING = """
mutation Listing($id: ID!, $input: ProductChannelListingUpdateInput!) {
  productChannelListingUpdate(id: $id, input: $input) {
    product { id }
    errors { field code message channels variants }
  }
}
"""

VARIANT_LISTING = """
mutation Prices($id: ID, $sku: String, $input: [ProductVariantChannelListingAddInput!]!) {
  productVariantChannelListingUpdate(id: $id, sku: $sku, input: $input) {
    variant { id }
    errors { field code message channels }
  }
}
"""


RICH_PRODUCT_LISTING = """
mutation Listing($id: ID!, $input: ProductChannelListingUpdateInput!) {
  productChannelListingUpdate(id: $id, input: $input) {
    product { id channelListings { isPublished visibleInListings channel { slug } } }
    errors { field code message }
  }
}
"""


def test_product_listed_published_and_available(db):
    channel = ChannelFactory(slug="lhasa")
    product = ProductFactory()

    response = staff_client().post_graphql(
        RICH_PRODUCT_LISTING,
        {
            "id": gid(product),
            "input": {
                "updateChannels": [
                    {
                        "channelId": gid(channel),
                        "isPublished": True,
                        "visibleInListings": True,
                        "isAvailableForPurchase": True,
                    }
                ]
            },
        },
    )

    assert response.data["productChannelListingUpdate"] == {
        "product": {
            "id": gid(product),
            "channelListings": [
                {"isPublished": True, "visibleInListings": True, "channel": {"slug": "lhasa"}}
            ],
        },
        "errors": [],
    }
    listing = ProductChannelListing.objects.get()
    assert (listing.channel, listing.currency) == (channel, "CNY")
    assert listing.is_published and listing.visible_in_listings
    assert listing.published_at is not None
    assert listing.available_for_purchase_at is not None


def test_product_listing_keeps_given_dates_and_unlists(db):
    keep, drop = ChannelFactory(), ChannelFactory()
    product = ProductFactory()
    list_product(product, drop)
    variant = ProductVariantFactory(product=product)
    price_variant(variant, drop, "5.00")

    response = staff_client().post_graphql(
        PRODUCT_LISTING,
        {
            "id": gid(product),
            "input": {
                "updateChannels": [
                    {
                        "channelId": gid(keep),
                        "isPublished": False,
                        "publishedAt": "2030-01-01T00:00:00+00:00",
                        "isAvailableForPurchase": True,
                        "availableForPurchaseAt": "2030-02-01T00:00:00+00:00",
                    }
                ],
                "removeChannels": [gid(drop)],
            },
        },
    )

    assert response.data["productChannelListingUpdate"]["errors"] == []
    listing = ProductChannelListing.objects.get()
    assert listing.channel == keep
    assert listing.is_published is False
    assert listing.published_at.isoformat() == "2030-01-01T00:00:00+00:00"
    assert listing.available_for_purchase_at.isoformat() == "2030-02-01T00:00:00+00:00"
    assert ProductVariantChannelListing.objects.count() == 0


def test_product_listing_add_and_remove_variants(db):
    channel = ChannelFactory()
    product = ProductFactory()
    added, removed = ProductVariantFactory(product=product), ProductVariantFactory(product=product)
    list_product(product, channel)
    price_variant(removed, channel, "8.00")

    response = staff_client().post_graphql(
        PRODUCT_LISTING,
        {
            "id": gid(product),
            "input": {
                "updateChannels": [
                    {
                        "channelId": gid(channel),
                        "addVariants": [gid(added)],
                        "removeVariants": [gid(removed)],
                    }
                ]
            },
        },
    )

    assert response.data["productChannelListingUpdate"]["errors"] == []
    assert list(ProductVariantChannelListing.objects.values_list("variant_id", "price_amount")) == [
        (added.pk, None)
    ]
    assert ProductChannelListing.objects.get().discounted_price_amount is None


def test_removing_last_variant_unlists_product(db):
    channel = ChannelFactory()
    product = ProductFactory()
    variant = ProductVariantFactory(product=product)
    list_product(product, channel)
    price_variant(variant, channel, "8.00")

    staff_client().post_graphql(
        PRODUCT_LISTING,
        {
            "id": gid(product),
            "input": {
                "updateChannels": [{"channelId": gid(channel), "removeVariants": [gid(variant)]}]
            },
        },
    )

    assert ProductChannelListing.objects.count() == 0


def test_product_listing_errors_are_collected(db):
    channel = ChannelFactory()
    product = ProductFactory(category=None)

    response = staff_client().post_graphql(
        PRODUCT_LISTING,
        {
            "id": gid(product),
            "input": {
                "updateChannels": [
                    {
                        "channelId": gid(channel),
                        "isPublished": True,
                        "isAvailableForPurchase": False,
                        "availableForPurchaseAt": "2030-01-01T00:00:00+00:00",
                    }
                ]
            },
        },
    )

    assert response.data["productChannelListingUpdate"]["errors"] == [
        {
            "field": "availableForPurchaseDate",
            "code": "INVALID",
            "message": "Cannot set available for purchase date when isAvailableForPurchase is false.",
            "channels": [gid(channel)],
            "variants": None,
        },
        {
            "field": "isPublished",
            "code": "PRODUCT_WITHOUT_CATEGORY",
            "message": "You must select a category to be able to publish.",
            "channels": [gid(channel)],
            "variants": None,
        },
    ]
    assert ProductChannelListing.objects.count() == 0


def test_product_listing_same_channel_added_and_removed(db):
    channel = ChannelFactory()
    product = ProductFactory()

    response = staff_client().post_graphql(
        PRODUCT_LISTING,
        {
            "id": gid(product),
            "input": {
                "updateChannels": [{"channelId": gid(channel)}],
                "removeChannels": [gid(channel)],
            },
        },
    )

    assert response.data["productChannelListingUpdate"]["errors"] == [
        {
            "field": "input",
            "code": "DUPLICATED_INPUT_ITEM",
            "message": "The same object cannot be in both lists for adding and removing items.",
            "channels": [gid(channel)],
            "variants": None,
        }
    ]


def test_product_listing_variant_of_other_product(db):
    channel = ChannelFactory()
    product, stranger = ProductFactory(), ProductVariantFactory()

    response = staff_client().post_graphql(
        PRODUCT_LISTING,
        {
            "id": gid(product),
            "input": {
                "updateChannels": [{"channelId": gid(channel), "addVariants": [gid(stranger)]}]
            },
        },
    )

    errors = response.data["productChannelListingUpdate"]["errors"]
    assert [(e["field"], e["code"], e["variants"]) for e in errors] == [
        ("addVariants", "NOT_PRODUCTS_VARIANT", [gid(stranger)])
    ]
    assert ProductChannelListing.objects.count() == 0


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_product_listing_needs_manage_products(caller, request):
    client = request.getfixturevalue(caller)
    channel, product = ChannelFactory(), ProductFactory()

    response = client.post_graphql(
        PRODUCT_LISTING,
        {"id": gid(product), "input": {"updateChannels": [{"channelId": gid(channel)}]}},
    )

    assert permission_denied(response)
    assert ProductChannelListing.objects.count() == 0


def test_variant_prices_set_and_lowest_price_kept(db):
    channel = ChannelFactory()
    product = ProductFactory()
    list_product(product, channel)
    first, second = ProductVariantFactory(product=product), ProductVariantFactory(product=product)
    price_variant(first, channel, "50.00")

    response = staff_client().post_graphql(
        VARIANT_LISTING,
        {
            "id": gid(second),
            "input": [
                {
                    "channelId": gid(channel),
                    "price": "19.90",
                    "costPrice": "9.5",
                    "priorPrice": "25",
                }
            ],
        },
    )

    assert response.data["productVariantChannelListingUpdate"] == {
        "variant": {"id": gid(second)},
        "errors": [],
    }
    listing = ProductVariantChannelListing.objects.get(variant=second)
    assert (listing.price_amount, listing.cost_price_amount, listing.prior_price_amount) == (
        Decimal("19.900"),
        Decimal("9.500"),
        Decimal("25.000"),
    )
    assert ProductChannelListing.objects.get().discounted_price_amount == Decimal("19.900")

    staff_client().post_graphql(
        VARIANT_LISTING, {"sku": second.sku, "input": [{"channelId": gid(channel), "price": "80"}]}
    )

    assert ProductChannelListing.objects.get().discounted_price_amount == Decimal("50.000")


def test_variant_price_in_unlisted_channel(db):
    channel = ChannelFactory()
    variant = ProductVariantFactory()

    response = staff_client().post_graphql(
        VARIANT_LISTING, {"id": gid(variant), "input": [{"channelId": gid(channel), "price": "1"}]}
    )

    assert response.data["productVariantChannelListingUpdate"]["errors"] == [
        {
            "field": "input",
            "code": "PRODUCT_NOT_ASSIGNED_TO_CHANNEL",
            "message": "Product not available in channels.",
            "channels": [gid(channel)],
        }
    ]
    assert ProductVariantChannelListing.objects.count() == 0


def test_variant_price_with_too_many_decimals(db):
    channel = ChannelFactory()
    variant = ProductVariantFactory()
    list_product(variant.product, channel)

    response = staff_client().post_graphql(
        VARIANT_LISTING,
        {"id": gid(variant), "input": [{"channelId": gid(channel), "price": "1.234"}]},
    )

    assert response.data["productVariantChannelListingUpdate"]["errors"] == [
        {
            "field": "price",
            "code": "INVALID",
            "message": "Value cannot have more than 2 decimal places.",
            "channels": [gid(channel)],
        }
    ]


def test_variant_negative_price_is_refused_by_the_scalar(db):
    channel = ChannelFactory()
    variant = ProductVariantFactory()
    list_product(variant.product, channel)

    response = staff_client().post_graphql(
        VARIANT_LISTING, {"id": gid(variant), "input": [{"channelId": gid(channel), "price": "-1"}]}
    )

    assert response.errors
    assert ProductVariantChannelListing.objects.count() == 0


def test_variant_price_duplicated_channel(db):
    channel = ChannelFactory()
    variant = ProductVariantFactory()
    list_product(variant.product, channel)

    response = staff_client().post_graphql(
        VARIANT_LISTING,
        {
            "id": gid(variant),
            "input": [
                {"channelId": gid(channel), "price": "1"},
                {"channelId": gid(channel), "price": "2"},
            ],
        },
    )

    errors = response.data["productVariantChannelListingUpdate"]["errors"]
    assert [(e["field"], e["code"], e["channels"]) for e in errors] == [
        ("channelId", "DUPLICATED_INPUT_ITEM", [gid(channel)])
    ]


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_variant_prices_need_manage_products(caller, request):
    client = request.getfixturevalue(caller)
    channel = ChannelFactory()
    variant = ProductVariantFactory()
    list_product(variant.product, channel)

    response = client.post_graphql(
        VARIANT_LISTING, {"id": gid(variant), "input": [{"channelId": gid(channel), "price": "1"}]}
    )

    assert permission_denied(response)
    assert ProductVariantChannelListing.objects.count() == 0


def test_variant_prices_query_count_does_not_grow_with_channels(db, django_assert_max_num_queries):
    channels = [ChannelFactory() for _ in range(3)]
    variant = ProductVariantFactory()
    for channel in channels:
        list_product(variant.product, channel)
    client = staff_client()
    one = [{"channelId": gid(channels[0]), "price": "1"}]
    three = [{"channelId": gid(c), "price": "1"} for c in channels]
    client.post_graphql(VARIANT_LISTING, {"id": gid(variant), "input": three})

    with django_assert_max_num_queries(20) as one_channel:
        client.post_graphql(VARIANT_LISTING, {"id": gid(variant), "input": one})
    with django_assert_max_num_queries(20) as three_channels:
        client.post_graphql(VARIANT_LISTING, {"id": gid(variant), "input": three})

    assert len(three_channels) == len(one_channel)
