"""productBulkCreate under each error policy."""

from decimal import Decimal

import pytest

from catalog.models import (
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
    Stock,
)
from tests.conftest import permission_denied
from tests.factories import (
    CategoryFactory,
    ChannelFactory,
    ProductTypeFactory,
    ProductVariantFactory,
    WarehouseFactory,
)
from tests.factories.writes import gid, staff_client

BULK = """
mutation Bulk($products: [ProductBulkCreateInput!]!, $policy: ErrorPolicyEnum) {
  productBulkCreate(products: $products, errorPolicy: $policy) {
    count
    results { product { id slug } errors { path code message channels } }
    errors { path code }
  }
}
"""


@pytest.fixture
def setup(db):
    return ProductTypeFactory(), CategoryFactory(), ChannelFactory(), WarehouseFactory()


def product_row(setup, name="林芝松茸", sku="SR-1", **extra):
    product_type, category, channel, warehouse = setup
    return {
        "productType": gid(product_type),
        "category": gid(category),
        "name": name,
        "channelListings": [
            {"channelId": gid(channel), "isPublished": True, "isAvailableForPurchase": True}
        ],
        "variants": [
            {
                "sku": sku,
                "attributes": [],
                "channelListings": [{"channelId": gid(channel), "price": "88.00"}],
                "stocks": [{"warehouse": gid(warehouse), "quantity": 9}],
            }
        ],
        **extra,
    }


def test_products_created_with_listings_and_variants(setup):
    response = staff_client().post_graphql(
        BULK, {"products": [product_row(setup), product_row(setup, sku="SR-2")]}
    )

    payload = response.data["productBulkCreate"]
    products = list(Product.objects.order_by("pk"))
    assert payload["count"] == 2
    assert payload["errors"] == []
    assert [r["product"] for r in payload["results"]] == [
        {"id": gid(products[0]), "slug": "lin-zhi-song-rong"},
        {"id": gid(products[1]), "slug": "lin-zhi-song-rong-2"},
    ]
    assert [r["errors"] for r in payload["results"]] == [[], []]
    listings = ProductChannelListing.objects.order_by("pk")
    assert [(x.is_published, x.discounted_price_amount) for x in listings] == [
        (True, Decimal("88.000")),
        (True, Decimal("88.000")),
    ]
    assert all(x.available_for_purchase_at is not None for x in listings)
    assert sorted(ProductVariant.objects.values_list("sku", flat=True)) == ["SR-1", "SR-2"]
    assert Stock.objects.count() == 2
    assert [p.default_variant.sku for p in products] == ["SR-1", "SR-2"]


def test_reject_everything_writes_nothing(setup):
    bad = product_row(setup, sku="SR-2")
    bad["productType"] = gid("ProductType", 404)

    response = staff_client().post_graphql(BULK, {"products": [product_row(setup), bad]})

    payload = response.data["productBulkCreate"]
    assert payload["count"] == 0
    assert [r["product"] for r in payload["results"]] == [None, None]
    assert payload["results"][1]["errors"] == [
        {
            "path": "productType",
            "code": "NOT_FOUND",
            "message": f"Couldn't resolve to a node: {gid('ProductType', 404)}",
            "channels": None,
        }
    ]
    assert Product.objects.count() == 0
    assert ProductVariant.objects.count() == 0
    assert ProductChannelListing.objects.count() == 0
    assert ProductVariantChannelListing.objects.count() == 0
    assert Stock.objects.count() == 0


def test_reject_failed_rows_keeps_good_rows(setup):
    taken = ProductVariantFactory(sku="TAKEN")

    response = staff_client().post_graphql(
        BULK,
        {
            "policy": "REJECT_FAILED_ROWS",
            "products": [product_row(setup), product_row(setup, name="牦牛肉", sku="TAKEN")],
        },
    )

    payload = response.data["productBulkCreate"]
    assert payload["count"] == 1
    assert payload["results"][1] == {
        "product": None,
        "errors": [
            {
                "path": "variants.0.sku",
                "code": "UNIQUE",
                "message": "Product variant with this Sku already exists.",
                "channels": None,
            }
        ],
    }
    assert list(Product.objects.exclude(pk=taken.product_id).values_list("name", flat=True)) == [
        "林芝松茸"
    ]


def test_ignore_failed_keeps_row_without_bad_listings(setup):
    data = product_row(setup)
    data["channelListings"] = [{"channelId": gid("Channel", 404)}]
    data["variants"] = []

    response = staff_client().post_graphql(BULK, {"policy": "IGNORE_FAILED", "products": [data]})

    payload = response.data["productBulkCreate"]
    assert payload["count"] == 1
    assert payload["results"][0]["errors"] == [
        {
            "path": "channelListings",
            "code": "NOT_FOUND",
            "message": "Not existing channel ID.",
            "channels": [gid("Channel", 404)],
        }
    ]
    assert Product.objects.count() == 1
    assert ProductChannelListing.objects.count() == 0


def test_variant_price_in_channel_the_row_does_not_list(setup):
    data = product_row(setup)
    data["channelListings"] = []

    response = staff_client().post_graphql(BULK, {"products": [data]})

    errors = response.data["productBulkCreate"]["results"][0]["errors"]
    assert [(e["path"], e["code"]) for e in errors] == [
        ("variants.0.channelListings.0.channelId", "PRODUCT_NOT_ASSIGNED_TO_CHANNEL")
    ]
    assert Product.objects.count() == 0


def test_blank_name_is_required(setup):
    data = product_row(setup, name="")

    response = staff_client().post_graphql(BULK, {"products": [data]})

    errors = response.data["productBulkCreate"]["results"][0]["errors"]
    assert [(e["path"], e["code"]) for e in errors] == [("name", "REQUIRED"), ("slug", "REQUIRED")]


def test_media_without_image_or_url(setup):
    data = product_row(setup, media=[{"alt": "空"}])

    response = staff_client().post_graphql(BULK, {"policy": "IGNORE_FAILED", "products": [data]})

    errors = response.data["productBulkCreate"]["results"][0]["errors"]
    assert [(e["path"], e["code"], e["message"]) for e in errors] == [
        ("media.0", "REQUIRED", "Image or external URL is required.")
    ]
    assert Product.objects.count() == 1


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_product_bulk_create_needs_manage_products(caller, request, setup):
    client = request.getfixturevalue(caller)

    response = client.post_graphql(BULK, {"products": [product_row(setup)]})

    assert permission_denied(response)
    assert Product.objects.count() == 0
