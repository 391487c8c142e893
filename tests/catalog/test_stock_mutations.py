"""productVariantStocksUpdate."""

import pytest

from catalog.models import Stock
from tests.conftest import permission_denied
from tests.factories import ProductVariantFactory, StockFactory, WarehouseFactory
from tests.factories.writes import gid, staff_client

STOCKS = """
mutation Stocks($variantId: ID, $sku: String, $stocks: [StockInput!]!) {
  productVariantStocksUpdate(variantId: $variantId, sku: $sku, stocks: $stocks) {
    productVariant { id }
    errors { field code message index }
    bulkStockErrors { code index }
  }
}
"""


def quantities(variant):
    return sorted(
        Stock.objects.filter(product_variant=variant).values_list("warehouse_id", "quantity")
    )


def test_stocks_updated_and_created(db):
    variant = ProductVariantFactory()
    lhasa, nyingchi = WarehouseFactory(), WarehouseFactory()
    StockFactory(product_variant=variant, warehouse=lhasa, quantity=5)

    response = staff_client().post_graphql(
        STOCKS,
        {
            "variantId": gid(variant),
            "stocks": [
                {"warehouse": gid(lhasa), "quantity": 0},
                {"warehouse": gid(nyingchi), "quantity": 40},
            ],
        },
    )

    assert response.data["productVariantStocksUpdate"] == {
        "productVariant": {"id": gid(variant)},
        "errors": [],
        "bulkStockErrors": [],
    }
    assert quantities(variant) == [(lhasa.pk, 0), (nyingchi.pk, 40)]


def test_stocks_by_sku(db):
    variant = ProductVariantFactory(sku="BUTTER-1")
    warehouse = WarehouseFactory()

    response = staff_client().post_graphql(
        STOCKS, {"sku": "BUTTER-1", "stocks": [{"warehouse": gid(warehouse), "quantity": 3}]}
    )

    assert response.data["productVariantStocksUpdate"]["errors"] == []
    assert quantities(variant) == [(warehouse.pk, 3)]


def test_negative_quantity_changes_nothing(db):
    variant = ProductVariantFactory()
    lhasa, nyingchi = WarehouseFactory(), WarehouseFactory()
    StockFactory(product_variant=variant, warehouse=lhasa, quantity=5)

    response = staff_client().post_graphql(
        STOCKS,
        {
            "variantId": gid(variant),
            "stocks": [
                {"warehouse": gid(lhasa), "quantity": 9},
                {"warehouse": gid(nyingchi), "quantity": -1},
            ],
        },
    )

    assert response.data["productVariantStocksUpdate"]["errors"] == [
        {
            "field": "quantity",
            "code": "INVALID",
            "message": "Ensure this value is greater than or equal to 0.",
            "index": 1,
        }
    ]
    assert quantities(variant) == [(lhasa.pk, 5)]


def test_quantity_below_allocated_is_refused(db):
    variant = ProductVariantFactory()
    warehouse = WarehouseFactory()
    StockFactory(product_variant=variant, warehouse=warehouse, quantity=5, quantity_allocated=4)

    response = staff_client().post_graphql(
        STOCKS,
        {"variantId": gid(variant), "stocks": [{"warehouse": gid(warehouse), "quantity": 3}]},
    )

    errors = response.data["productVariantStocksUpdate"]["errors"]
    assert [(e["field"], e["code"], e["index"]) for e in errors] == [("quantity", "INVALID", 0)]
    assert quantities(variant) == [(warehouse.pk, 5)]


def test_duplicated_warehouse(db):
    variant, warehouse = ProductVariantFactory(), WarehouseFactory()

    response = staff_client().post_graphql(
        STOCKS,
        {
            "variantId": gid(variant),
            "stocks": [
                {"warehouse": gid(warehouse), "quantity": 1},
                {"warehouse": gid(warehouse), "quantity": 2},
            ],
        },
    )

    assert response.data["productVariantStocksUpdate"]["errors"] == [
        {"field": "warehouse", "code": "UNIQUE", "message": "Duplicated warehouse ID.", "index": 1}
    ]
    assert Stock.objects.count() == 0


def test_unknown_warehouse(db):
    variant = ProductVariantFactory()

    response = staff_client().post_graphql(
        STOCKS,
        {
            "variantId": gid(variant),
            "stocks": [{"warehouse": gid("Warehouse", 404), "quantity": 1}],
        },
    )

    errors = response.data["productVariantStocksUpdate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("warehouse", "GRAPHQL_ERROR")]


def test_variant_id_or_sku_is_required(db):
    response = staff_client().post_graphql(STOCKS, {"stocks": []})

    assert response.data["productVariantStocksUpdate"]["errors"] == [
        {
            "field": None,
            "code": "GRAPHQL_ERROR",
            "message": "At least one of arguments is required: 'sku', 'variant_id'.",
            "index": None,
        }
    ]


def test_unknown_sku(db):
    response = staff_client().post_graphql(STOCKS, {"sku": "NOPE", "stocks": []})

    assert response.data["productVariantStocksUpdate"]["errors"] == [
        {
            "field": "sku",
            "code": "NOT_FOUND",
            "message": "Couldn't resolve to a node: NOPE",
            "index": None,
        }
    ]


@pytest.mark.parametrize(
    "caller", ["api_client", "user_api_client", "staff_api_client", "app_api_client"]
)
def test_stocks_need_manage_products(caller, request):
    client = request.getfixturevalue(caller)
    variant, warehouse = ProductVariantFactory(), WarehouseFactory()

    response = client.post_graphql(
        STOCKS,
        {"variantId": gid(variant), "stocks": [{"warehouse": gid(warehouse), "quantity": 1}]},
    )

    assert permission_denied(response)
    assert Stock.objects.count() == 0


def test_stock_update_query_count_does_not_grow_with_warehouses(db, django_assert_max_num_queries):
    variant = ProductVariantFactory()
    warehouses = [WarehouseFactory() for _ in range(4)]
    client = staff_client()
    everything = [{"warehouse": gid(w), "quantity": 1} for w in warehouses]
    client.post_graphql(STOCKS, {"variantId": gid(variant), "stocks": everything})

    with django_assert_max_num_queries(20) as one:
        client.post_graphql(STOCKS, {"variantId": gid(variant), "stocks": everything[:1]})
    with django_assert_max_num_queries(20) as four:
        client.post_graphql(STOCKS, {"variantId": gid(variant), "stocks": everything})

    assert len(four) == len(one)
