"""productVariantBulkCreate under each error policy."""

from decimal import Decimal

import pytest

from catalog.models import (
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
    Stock,
)
from tests.conftest import permission_denied
from tests.factories import (
    ChannelFactory,
    ProductFactory,
    ProductTypeFactory,
    ProductVariantFactory,
    WarehouseFactory,
    list_product,
)
from tests.factories.writes import gid, staff_client, variant_attribute

BULK = """
mutation Bulk($product: ID!, $variants: [ProductVariantBulkCreateInput!]!, $policy: ErrorPolicyEnum) {
  productVariantBulkCreate(product: $product, variants: $variants, errorPolicy: $policy) {
    count
    productVariants { id sku }
    results { productVariant { sku } errors { field path code message channels warehouses } }
    errors { field code index }
    bulkProductErrors { code index }
  }
}
"""


@pytest.fixture
def setup(db):
    product_type = ProductTypeFactory()
    size = variant_attribute(product_type)
    product = ProductFactory(product_type=product_type)
    channel, warehouse = ChannelFactory(), WarehouseFactory()
    list_product(product, channel)
    return product, size, channel, warehouse


def row(sku, size, value, channel=None, warehouse=None, price="10.00", quantity=5):
    data = {"sku": sku, "attributes": [{"id": gid(size), "dropdown": {"value": value}}]}
    if channel is not None:
        data["channelListings"] = [{"channelId": gid(channel), "price": price}]
    if warehouse is not None:
        data["stocks"] = [{"warehouse": gid(warehouse), "quantity": quantity}]
    return data


def test_variants_created_with_prices_and_stocks(setup):
    product, size, channel, warehouse = setup

    response = staff_client().post_graphql(
        BULK,
        {
            "product": gid(product),
            "variants": [
                row("S-250", size, "250克", channel, warehouse, price="39.00", quantity=7),
                row("S-500", size, "500克", channel, warehouse, price="69.00", quantity=3),
            ],
        },
    )

    payload = response.data["productVariantBulkCreate"]
    variants = list(ProductVariant.objects.order_by("pk"))
    assert payload["count"] == 2
    assert payload["productVariants"] == [{"id": gid(v), "sku": v.sku} for v in variants]
    assert payload["errors"] == payload["bulkProductErrors"] == []
    assert [r["errors"] for r in payload["results"]] == [[], []]
    assert [v.name for v in variants] == ["250克", "500克"]
    assert sorted(Stock.objects.values_list("quantity", flat=True)) == [3, 7]
    assert sorted(ProductVariantChannelListing.objects.values_list("price_amount", flat=True)) == [
        Decimal("39.000"),
        Decimal("69.000"),
    ]
    assert ProductChannelListing.objects.get().discounted_price_amount == Decimal("39.000")
    product.refresh_from_db()
    assert product.default_variant == variants[0]


def test_reject_everything_writes_nothing(setup):
    product, size, channel, warehouse = setup
    ProductVariantFactory(sku="TAKEN")

    response = staff_client().post_graphql(
        BULK,
        {
            "product": gid(product),
            "variants": [
                row("S-250", size, "250克", channel, warehouse),
                row("TAKEN", size, "500克", channel, warehouse),
            ],
        },
    )

    payload = response.data["productVariantBulkCreate"]
    assert payload["count"] == 0
    assert payload["productVariants"] == []
    assert [r["productVariant"] for r in payload["results"]] == [None, None]
    assert payload["results"][1]["errors"] == [
        {
            "field": "sku",
            "path": "sku",
            "code": "UNIQUE",
            "message": "Product variant with this Sku already exists.",
            "channels": None,
            "warehouses": None,
        }
    ]
    assert payload["errors"] == [{"field": "sku", "code": "UNIQUE", "index": 1}]
    assert ProductVariant.objects.count() == 1
    assert Stock.objects.count() == 0
    assert ProductVariantChannelListing.objects.count() == 0


def test_reject_failed_rows_keeps_good_rows(setup):
    product, size, channel, warehouse = setup
    unlisted = ChannelFactory()

    response = staff_client().post_graphql(
        BULK,
        {
            "product": gid(product),
            "policy": "REJECT_FAILED_ROWS",
            "variants": [
                row("S-250", size, "250克", channel, warehouse),
                row("S-500", size, "500克", unlisted, warehouse),
            ],
        },
    )

    payload = response.data["productVariantBulkCreate"]
    assert payload["count"] == 1
    assert [r["productVariant"] for r in payload["results"]] == [{"sku": "S-250"}, None]
    assert payload["results"][1]["errors"] == [
        {
            "field": "channelId",
            "path": "channelListings.0.channelId",
            "code": "PRODUCT_NOT_ASSIGNED_TO_CHANNEL",
            "message": "Product not available in channels.",
            "channels": [gid(unlisted)],
            "warehouses": None,
        }
    ]
    assert list(ProductVariant.objects.values_list("sku", flat=True)) == ["S-250"]


def test_ignore_failed_creates_row_without_its_bad_items(setup):
    product, size, channel, _warehouse = setup
    data = row("S-250", size, "250克", channel)
    data["stocks"] = [{"warehouse": gid("Warehouse", 404), "quantity": 1}]

    response = staff_client().post_graphql(
        BULK, {"product": gid(product), "policy": "IGNORE_FAILED", "variants": [data]}
    )

    payload = response.data["productVariantBulkCreate"]
    assert payload["count"] == 1
    assert payload["results"][0]["errors"] == [
        {
            "field": "warehouses",
            "path": "stocks.0.warehouse",
            "code": "NOT_FOUND",
            "message": "Not existing warehouse ID.",
            "channels": None,
            "warehouses": [gid("Warehouse", 404)],
        }
    ]
    assert Stock.objects.count() == 0
    assert ProductVariantChannelListing.objects.count() == 1


def test_duplicated_sku_in_input(setup):
    product, size, _channel, _warehouse = setup

    response = staff_client().post_graphql(
        BULK,
        {"product": gid(product), "variants": [row("DUP", size, "a"), row("DUP", size, "b")]},
    )

    payload = response.data["productVariantBulkCreate"]
    assert [
        [(e["path"], e["code"], e["message"]) for e in r["errors"]] for r in payload["results"]
    ] == [
        [("sku", "UNIQUE", "Duplicated SKU.")],
        [("sku", "UNIQUE", "Duplicated SKU.")],
    ]
    assert ProductVariant.objects.count() == 0


def test_same_attribute_values_in_two_rows(setup):
    product, size, _channel, _warehouse = setup

    response = staff_client().post_graphql(
        BULK,
        {
            "product": gid(product),
            "policy": "REJECT_FAILED_ROWS",
            "variants": [row("A", size, "1千克"), row("B", size, "1千克")],
        },
    )

    payload = response.data["productVariantBulkCreate"]
    assert payload["count"] == 1
    assert [(e["path"], e["code"]) for e in payload["results"][1]["errors"]] == [
        ("attributes", "DUPLICATED_INPUT_ITEM")
    ]


def test_unknown_product(db):
    missing = gid("Product", 404)

    response = staff_client().post_graphql(BULK, {"product": missing, "variants": []})

    payload = response.data["productVariantBulkCreate"]
    assert payload["errors"] == [{"field": "product", "code": "NOT_FOUND", "index": None}]


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_variant_bulk_create_needs_manage_products(caller, request, setup):
    client = request.getfixturevalue(caller)
    product, size, _channel, _warehouse = setup

    response = client.post_graphql(
        BULK, {"product": gid(product), "variants": [row("A", size, "x")]}
    )

    assert permission_denied(response)
    assert ProductVariant.objects.count() == 0
