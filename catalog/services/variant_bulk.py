"""productVariantBulkCreate: many variants of one product, with stocks and prices, under
Saleor's error policies.

Rows are created one after another, each in a savepoint, so later rows see earlier ones (SKU
and attribute-value uniqueness). REJECT_EVERYTHING rolls everything back when any row has an
error; REJECT_FAILED_ROWS rolls back the rows with errors; IGNORE_FAILED keeps every row that
could be created, skipping the stocks and prices that were invalid.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from catalog.error_codes import ErrorPolicy, ProductVariantBulkErrorCode
from catalog.models import (
    Channel,
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
    Warehouse,
)
from catalog.services.listings import price_precision_error, product_discounted_prices_refresh
from catalog.services.product_inputs import camel, decode_pk, duplicated, error, get_node
from catalog.services.search_index import products_search_index_schedule
from catalog.services.stocks import NEGATIVE, stocks_create
from catalog.services.variants import (
    CleanedVariant,
    build_variant,
    clean_variant_attributes,
    clean_variant_fields,
    save_new_variant,
)
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id

CODES = ProductVariantBulkErrorCode


class _RollBack(Exception):
    """Raised inside a savepoint to undo it."""


@dataclass
class BulkRow:
    instance: Any = None
    errors: list[FieldError] = field(default_factory=list)


@dataclass
class BulkResult:
    rows: list[BulkRow]

    @property
    def count(self) -> int:
        return sum(1 for row in self.rows if row.instance is not None)

    @property
    def has_errors(self) -> bool:
        return any(row.errors for row in self.rows)


def row_error(
    field_name: str | None, code, message: str, path: str | None = None, **extra
) -> FieldError:
    return error(field_name, code, message, path=path or field_name, **extra)


def warehouses_by_id(rows: Sequence[Mapping[str, Any]]) -> dict[str, Warehouse]:
    """Warehouses named by the stocks of `rows`, keyed by global ID (unknown IDs left out)."""
    ids = {stock["warehouse"] for row in rows for stock in row.get("stocks") or ()}
    pks = {}
    for gid in ids:
        try:
            pks[decode_pk(gid, "Warehouse", field=None)] = gid
        except ValidationFailed:
            continue
    return {pks[w.pk]: w for w in Warehouse.objects.filter(pk__in=pks)}


def _failure_errors(failure: ValidationFailed) -> list[FieldError]:
    return [
        e if "path" in e.extra else row_error(e.field, e.code, e.message, **e.extra)
        for e in failure.errors
    ]


def _clean_listings(
    listings: Sequence[Mapping[str, Any]], channels: Mapping[str, Channel], errors: list[FieldError]
) -> list[tuple[Channel, Mapping[str, Any]]]:
    ids = [item["channel_id"] for item in listings]
    dupes = duplicated(ids)
    valid = []
    for index, item in enumerate(listings):
        gid, path = item["channel_id"], f"channelListings.{index}"
        if gid not in channels:
            errors.append(
                row_error(
                    "channelId",
                    CODES.PRODUCT_NOT_ASSIGNED_TO_CHANNEL,
                    "Product not available in channels.",
                    path=f"{path}.channelId",
                    channels=[gid],
                )
            )
            continue
        if gid in dupes:
            errors.append(
                row_error(
                    "channelId",
                    CODES.DUPLICATED_INPUT_ITEM,
                    "Duplicated channel ID.",
                    path=f"{path}.channelId",
                    channels=[gid],
                )
            )
            continue
        channel, problems = channels[gid], []
        for key in ("price", "cost_price", "prior_price"):
            problem = price_precision_error(
                item.get(key), channel.currency_code, field=camel(key), channel_id=gid
            )
            if problem:
                problems.append(
                    row_error(
                        problem.field,
                        CODES.INVALID_PRICE,
                        problem.message,
                        path=f"{path}.{problem.field}",
                        channels=[gid],
                    )
                )
        errors.extend(problems)
        if not problems:
            valid.append((channel, item))
    return valid


def _clean_stocks(
    stocks: Sequence[Mapping[str, Any]],
    warehouses: Mapping[str, Warehouse],
    errors: list[FieldError],
) -> list[tuple[Warehouse, int]]:
    dupes = duplicated([item["warehouse"] for item in stocks])
    valid = []
    for index, item in enumerate(stocks):
        gid, path = item["warehouse"], f"stocks.{index}"
        if gid not in warehouses:
            errors.append(
                row_error(
                    "warehouses",
                    CODES.NOT_FOUND,
                    "Not existing warehouse ID.",
                    path=f"{path}.warehouse",
                    warehouses=[gid],
                )
            )
        elif gid in dupes:
            errors.append(
                row_error(
                    "warehouse",
                    CODES.DUPLICATED_INPUT_ITEM,
                    "Duplicated warehouse ID.",
                    path=f"{path}.warehouse",
                    warehouses=[gid],
                )
            )
        elif item["quantity"] < 0:
            errors.append(row_error("quantity", CODES.INVALID, NEGATIVE, path=f"{path}.quantity"))
        else:
            valid.append((warehouses[gid], item["quantity"]))
    return valid


def variant_row_create(
    product: Product,
    data: Mapping[str, Any],
    *,
    channels: Mapping[str, Channel],
    warehouses: Mapping[str, Warehouse],
    duplicated_skus: Sequence[str],
    reject_on_any_error: bool,
) -> BulkRow:
    """Clean and create one variant in a savepoint; its errors carry Saleor's paths.

    Errors in stocks or prices skip those items; other errors leave the row uncreated, and with
    `reject_on_any_error` so does any error.
    """
    row = BulkRow()
    try:
        with transaction.atomic():
            fields = clean_variant_fields(data)
            if fields.get("sku") and fields["sku"] in duplicated_skus:
                raise ValidationFailed([row_error("sku", CODES.UNIQUE, "Duplicated SKU.")])
            attributes = clean_variant_attributes(
                data.get("attributes"), product=product, variant=None, creation=True
            )
            listings = _clean_listings(data.get("channel_listings") or [], channels, row.errors)
            stocks = _clean_stocks(data.get("stocks") or [], warehouses, row.errors)
            if reject_on_any_error and row.errors:
                raise _RollBack
            variant = ProductVariant(product=product)
            build_variant(
                variant, {**fields, "track_inventory": fields.get("track_inventory", True)}, data
            )
            cleaned = CleanedVariant(fields, attributes)
            save_new_variant(variant, cleaned)
            if stocks:
                stocks_create(
                    variant=variant,
                    warehouses=[w for w, _q in stocks],
                    quantities=[q for _w, q in stocks],
                )
            ProductVariantChannelListing.objects.bulk_create(
                ProductVariantChannelListing(
                    variant=variant,
                    channel=channel,
                    currency=channel.currency_code,
                    price_amount=item["price"],
                    discounted_price_amount=item["price"],
                    cost_price_amount=item.get("cost_price"),
                    prior_price_amount=item.get("prior_price"),
                )
                for channel, item in listings
            )
            row.instance = variant
    except ValidationFailed as failure:
        row.errors = _failure_errors(failure) + row.errors
    except _RollBack:
        pass
    return row


@transaction.atomic
def variants_bulk_create(
    *, product_id: str, variants: Sequence[Mapping[str, Any]], error_policy: str | None
) -> BulkResult:
    """Create variants of one product from ProductVariantBulkCreateInput rows.

    Locks the product row; refreshes its prices and search document afterwards.
    """
    policy = ErrorPolicy(error_policy or ErrorPolicy.REJECT_EVERYTHING)
    product = get_node(Product.objects.select_for_update(), product_id, "Product", field="product")
    channels = {
        to_global_id("Channel", listing.channel_id): listing.channel
        for listing in ProductChannelListing.objects.filter(product=product).select_related(
            "channel"
        )
    }
    warehouses = warehouses_by_id(variants)
    skus = duplicated([row["sku"] for row in variants if row.get("sku")])
    result = BulkResult(rows=[])
    try:
        with transaction.atomic():
            for data in variants:
                result.rows.append(
                    variant_row_create(
                        product,
                        data,
                        channels=channels,
                        warehouses=warehouses,
                        duplicated_skus=skus,
                        reject_on_any_error=policy != ErrorPolicy.IGNORE_FAILED,
                    )
                )
            if policy == ErrorPolicy.REJECT_EVERYTHING and result.has_errors:
                raise _RollBack
    except _RollBack:
        for row in result.rows:
            row.instance = None
    if result.count:
        product_discounted_prices_refresh(product_ids=[product.pk])
        products_search_index_schedule(product_ids=[product.pk])
    return result
