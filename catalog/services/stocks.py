"""Stock of a variant per warehouse (Saleor's productVariantStocksUpdate and StockInput)."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from catalog.error_codes import ProductErrorCode
from catalog.models import ProductVariant, Stock, Warehouse
from catalog.services.listings import resolve_variant
from catalog.services.product_inputs import duplicated, error, get_nodes, require_one_of
from infra.errors import FieldError, ValidationFailed
from infra.webhooks import event_types as webhook_events
from infra.webhooks.events import events_emit

NEGATIVE = "Ensure this value is greater than or equal to 0."


def stock_warehouses(
    stocks: Sequence[Mapping[str, Any]], *, field: str = "warehouse"
) -> list[Warehouse]:
    """The warehouses StockInput items name, in order (GRAPHQL_ERROR when one is unknown)."""
    ids = [item["warehouse"] for item in stocks]
    return get_nodes(Warehouse.objects.all(), ids, "Warehouse", field=field)


def negative_quantity_errors(stocks: Sequence[Mapping[str, Any]]) -> list[FieldError]:
    return [
        error("quantity", ProductErrorCode.INVALID, NEGATIVE, index=index)
        for index, item in enumerate(stocks)
        if item["quantity"] < 0
    ]


def stocks_create(
    *, variant: ProductVariant, warehouses: Sequence[Warehouse], quantities: Sequence[int]
) -> list[Stock]:
    """Create the stock rows of a new variant (input already validated)."""
    return Stock.objects.bulk_create(
        Stock(product_variant=variant, warehouse=warehouse, quantity=quantity)
        for warehouse, quantity in zip(warehouses, quantities, strict=True)
    )


@transaction.atomic
def stocks_update(
    *, variant_id: str | None, sku: str | None, stocks: Sequence[Mapping[str, Any]]
) -> ProductVariant:
    """Set a variant's quantity in warehouses, creating stock rows that do not exist yet.

    Locks the variant's existing stock rows, since allocations bound the new quantities.
    """
    require_one_of(("sku", sku), ("variant_id", variant_id))
    variant = resolve_variant(variant_id=variant_id, sku=sku)
    if not stocks:
        return variant
    ids = [item["warehouse"] for item in stocks]
    errors = [
        error("warehouse", ProductErrorCode.UNIQUE, "Duplicated warehouse ID.", index=index)
        for gid in duplicated(ids)
        for index in [max(i for i, other in enumerate(ids) if other == gid)]
    ]
    if errors:
        raise ValidationFailed(errors)
    warehouses = stock_warehouses(stocks)
    existing = {
        stock.warehouse_id: stock
        for stock in Stock.objects.select_for_update().filter(
            product_variant=variant, warehouse__in=warehouses
        )
    }
    errors = negative_quantity_errors(stocks)
    for index, (item, warehouse) in enumerate(zip(stocks, warehouses, strict=True)):
        stock = existing.get(warehouse.pk)
        if stock is not None and 0 <= item["quantity"] < stock.quantity_allocated:
            errors.append(
                error(
                    "quantity",
                    ProductErrorCode.INVALID,
                    "Quantity cannot be lower than the allocated quantity "
                    f"({stock.quantity_allocated}).",
                    index=index,
                )
            )
    if errors:
        raise ValidationFailed(errors)
    to_update, to_create = [], []
    for item, warehouse in zip(stocks, warehouses, strict=True):
        stock = existing.get(warehouse.pk)
        if stock is None:
            to_create.append(
                Stock(product_variant=variant, warehouse=warehouse, quantity=item["quantity"])
            )
        else:
            stock.quantity = item["quantity"]
            to_update.append(stock)
    Stock.objects.bulk_update(to_update, ["quantity"])
    Stock.objects.bulk_create(to_create)
    events_emit((webhook_events.PRODUCT_VARIANT_STOCK_UPDATED, s) for s in [*to_update, *to_create])
    return variant
