"""productBulkCreate: products with their listings, media and variants, under Saleor's error
policies (see variant_bulk for how savepoints implement them). Errors carry Saleor's `path`
("name", "channelListings.0", "variants.1.stocks.0.warehouse") and ProductBulkCreateErrorCode.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from catalog.error_codes import ErrorPolicy, ProductBulkCreateErrorCode
from catalog.models import Channel, Product, ProductChannelListing, ProductType
from catalog.services.listings import product_discounted_prices_refresh
from catalog.services.media import check_media_input, clean_image, external_media, media_add
from catalog.services.product_inputs import duplicated, get_node
from catalog.services.products import build_product, clean_product_input, save_product_relations
from catalog.services.search_index import products_search_index_schedule
from catalog.services.slugs import unique_slug
from catalog.services.variant_bulk import (
    BulkResult,
    BulkRow,
    _RollBack,
    variant_row_create,
    warehouses_by_id,
)
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id

CODES = ProductBulkCreateErrorCode


def _bulk_error(code: str, message: str, path: str | None, **extra) -> FieldError:
    # Saleor reports malformed IDs inside bulk rows as INVALID.
    code = CODES.INVALID if code == CODES.GRAPHQL_ERROR else code
    return FieldError(field=None, code=str(code), message=message, extra={"path": path, **extra})


def _without_path(extra: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in extra.items() if key != "path"}


def _from_failure(failure: ValidationFailed) -> list[FieldError]:
    return [
        _bulk_error(e.code, e.message, e.extra.get("path") or e.field, **_without_path(e.extra))
        for e in failure.errors
    ]


def _variant_error(index: int, e: FieldError) -> FieldError:
    inner = e.extra.get("path") or e.field
    path = f"variants.{index}.{inner}" if inner else f"variants.{index}"
    return _bulk_error(e.code, e.message, path, **_without_path(e.extra))


def _clean_listings(
    listings: Sequence[Mapping[str, Any]], channels: Mapping[str, Channel], errors: list
) -> list[tuple[Channel, dict[str, Any]]]:
    ids = [item["channel_id"] for item in listings]
    if unknown := [gid for gid in dict.fromkeys(ids) if gid not in channels]:
        errors.append(
            _bulk_error(
                CODES.NOT_FOUND, "Not existing channel ID.", "channelListings", channels=unknown
            )
        )
    if dupes := duplicated(ids):
        errors.append(
            _bulk_error(
                CODES.DUPLICATED_INPUT_ITEM,
                "Duplicated channel ID.",
                "channelListings",
                channels=dupes,
            )
        )
    if unknown or dupes:
        return []
    valid = []
    for index, item in enumerate(listings):
        data = dict(item)
        available = data.pop("is_available_for_purchase", None)
        if available is False and data.get("available_for_purchase_at"):
            errors.append(
                _bulk_error(
                    CODES.INVALID,
                    "Cannot set available for purchase at when isAvailableForPurchase is false.",
                    f"channelListings.{index}",
                    channels=[item["channel_id"]],
                )
            )
            continue
        if data.get("is_published") and not data.get("published_at"):
            data["published_at"] = timezone.now()
        if available is False:
            data["available_for_purchase_at"] = None
        elif available is True and not data.get("available_for_purchase_at"):
            data["available_for_purchase_at"] = timezone.now()
        valid.append((channels[item["channel_id"]], data))
    return valid


def _save_media(product: Product, media: Sequence[Mapping[str, Any]], errors: list) -> None:
    for index, item in enumerate(media):
        image, url, alt = item.get("image"), item.get("media_url"), item.get("alt")
        try:
            check_media_input(image, url, alt, field="media", codes=CODES)
            if image:
                clean_image(image, field="image", codes=CODES)
            else:
                external_media(url, alt or "", field="mediaUrl", codes=CODES)
        except ValidationFailed as failure:
            errors.extend(_bulk_error(e.code, e.message, f"media.{index}") for e in failure.errors)
            continue
        media_add(product, image=image, media_url=url, alt=alt or "")


def _product_row(
    data: Mapping[str, Any],
    *,
    channels: Mapping[str, Channel],
    warehouses: Mapping,
    duplicated_skus: Sequence[str],
    reserved_slugs: list[str],
    strict: bool,
) -> BulkRow:
    row = BulkRow()
    try:
        with transaction.atomic():
            product_type = get_node(
                ProductType.objects.all(), data["product_type"], "ProductType", field="productType"
            )
            instance = Product(product_type=product_type)
            values = dict(data)
            if not values.get("slug") and values.get("name"):
                values["slug"] = unique_slug(
                    model=Product, name=values["name"], reserved=reserved_slugs, fallback="product"
                )
            cleaned = clean_product_input(
                values, instance=instance, product_type=product_type, creation=True
            )
            product = build_product(instance, cleaned, values)
            product.search_index_dirty = True
            product.save()
            reserved_slugs.append(product.slug)
            save_product_relations(product, cleaned)
            listings = _clean_listings(data.get("channel_listings") or [], channels, row.errors)
            ProductChannelListing.objects.bulk_create(
                ProductChannelListing(
                    product=product,
                    channel=channel,
                    currency=channel.currency_code,
                    is_published=item.get("is_published") or False,
                    published_at=item.get("published_at"),
                    visible_in_listings=item.get("visible_in_listings") or False,
                    available_for_purchase_at=item.get("available_for_purchase_at"),
                )
                for channel, item in listings
            )
            _save_media(product, data.get("media") or [], row.errors)
            listed = {to_global_id("Channel", channel.pk): channel for channel, _item in listings}
            for index, variant_data in enumerate(data.get("variants") or []):
                variant_row = variant_row_create(
                    product,
                    variant_data,
                    channels=listed,
                    warehouses=warehouses,
                    duplicated_skus=duplicated_skus,
                    reject_on_any_error=strict,
                )
                row.errors += [_variant_error(index, e) for e in variant_row.errors]
            if strict and row.errors:
                raise _RollBack
            row.instance = product
    except ValidationFailed as failure:
        row.errors = _from_failure(failure) + row.errors
    except _RollBack:
        pass
    return row


@transaction.atomic
def products_bulk_create(
    *, products: Sequence[Mapping[str, Any]], error_policy: str | None
) -> BulkResult:
    """Create products from ProductBulkCreateInput rows; returns one result per row."""
    policy = ErrorPolicy(error_policy or ErrorPolicy.REJECT_EVERYTHING)
    channels = {to_global_id("Channel", c.pk): c for c in Channel.objects.all()}
    variants = [v for row in products for v in row.get("variants") or ()]
    warehouses = warehouses_by_id(variants)
    skus = duplicated([v["sku"] for v in variants if v.get("sku")])
    reserved: list[str] = []
    result = BulkResult(rows=[])
    try:
        with transaction.atomic():
            for data in products:
                result.rows.append(
                    _product_row(
                        data,
                        channels=channels,
                        warehouses=warehouses,
                        duplicated_skus=skus,
                        reserved_slugs=reserved,
                        strict=policy != ErrorPolicy.IGNORE_FAILED,
                    )
                )
            if policy == ErrorPolicy.REJECT_EVERYTHING and result.has_errors:
                raise _RollBack
    except _RollBack:
        for row in result.rows:
            row.instance = None
    created = [row.instance.pk for row in result.rows if row.instance is not None]
    product_discounted_prices_refresh(product_ids=created)
    products_search_index_schedule(product_ids=created)
    return result
