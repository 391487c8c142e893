"""Reads of product variants: visibility, and the batched lookups the API renders.

Stock available to a channel is what its warehouses hold beyond what is allocated; like
Saleor we never show more than the per-checkout limit, so stock levels cannot be tracked
from outside (settings.LIMIT_QUANTITY_PER_CHECKOUT, Saleor's default of 50).
"""

from collections import defaultdict
from collections.abc import Iterable
from enum import StrEnum

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.module_loading import import_string

from catalog.models import (
    AssignedVariantAttributeValue,
    Attribute,
    AttributeInputType,
    AttributeValue,
    AttributeVariant,
    Channel,
    ChannelWarehouse,
    ProductMedia,
    ProductVariant,
    ProductVariantChannelListing,
    ProductVariantTranslation,
    Stock,
)
from catalog.selectors.products import visible_products

DEFAULT_LIMIT_QUANTITY_PER_CHECKOUT = 50

# Saleor offers only these input types for choosing a variant.
VARIANT_SELECTION_INPUT_TYPES = {
    AttributeInputType.DROPDOWN,
    AttributeInputType.BOOLEAN,
    AttributeInputType.SWATCH,
    AttributeInputType.NUMERIC,
}


def checkout_quantity_limit() -> int | None:
    return getattr(settings, "LIMIT_QUANTITY_PER_CHECKOUT", DEFAULT_LIMIT_QUANTITY_PER_CHECKOUT)


class VariantScope(StrEnum):
    """Which of a product's variants a caller sees in a channel (Saleor's three loaders)."""

    ALL = "all"  # may see everything, named no channel
    LISTED = "listed"  # may see everything, named a channel: variants listed there
    PRICED = "priced"  # storefront: variants with a price in the channel


def priced_in(channel_id: int) -> Exists:
    return Exists(
        ProductVariantChannelListing.objects.filter(
            variant_id=OuterRef("pk"), channel_id=channel_id, price_amount__isnull=False
        )
    )


def visible_variants(
    channel: Channel | None, *, sees_all: bool, in_listings: bool = False
) -> QuerySet[ProductVariant]:
    """Variants of the products the caller sees; storefront callers only priced ones."""
    if sees_all and channel is None:
        return ProductVariant.objects.all()
    products = visible_products(channel, sees_all=sees_all, in_listings=in_listings)
    variants = ProductVariant.objects.filter(Exists(products.filter(pk=OuterRef("product_id"))))
    if not sees_all:
        variants = variants.filter(priced_in(channel.pk)) if channel else variants.none()
    return variants


def variants_by_id(ids: Iterable[int]) -> dict[int, ProductVariant]:
    return ProductVariant.objects.in_bulk(list(ids))


def variants_by_product(
    keys: Iterable[tuple[int, int | None, VariantScope]],
) -> dict[tuple[int, int | None, VariantScope], list[ProductVariant]]:
    grouped_keys: dict[tuple[int | None, VariantScope], list[int]] = defaultdict(list)
    for product_id, channel_id, scope in keys:
        grouped_keys[(channel_id, scope)].append(product_id)
    found: dict[tuple[int, int | None, VariantScope], list[ProductVariant]] = defaultdict(list)
    for (channel_id, scope), product_ids in grouped_keys.items():
        variants = ProductVariant.objects.filter(product_id__in=product_ids)
        if scope == VariantScope.PRICED:
            variants = variants.filter(priced_in(channel_id))
        elif scope == VariantScope.LISTED:
            listed = ProductVariantChannelListing.objects.filter(
                variant_id=OuterRef("pk"), channel_id=channel_id
            )
            variants = variants.filter(Exists(listed))
        for variant in variants:
            found[(variant.product_id, channel_id, scope)].append(variant)
    return found


def variant_listings_by_variant_and_channel(
    keys: Iterable[tuple[int, int]],
) -> dict[tuple[int, int], ProductVariantChannelListing]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for variant_id, channel_id in keys:
        grouped[channel_id].append(variant_id)
    found = {}
    for channel_id, variant_ids in grouped.items():
        rows = ProductVariantChannelListing.objects.filter(
            channel_id=channel_id, variant_id__in=variant_ids
        )
        found.update({(row.variant_id, channel_id): row for row in rows})
    return found


def variant_listings_by_variant(variant_ids: Iterable[int]) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    rows = ProductVariantChannelListing.objects.filter(variant_id__in=list(variant_ids))
    for row in rows.select_related("channel").order_by("pk"):
        grouped[row.variant_id].append(row)
    return grouped


def _stocks_in(channel_id: int | None) -> QuerySet[Stock]:
    stocks = Stock.objects.all()
    if channel_id is not None:
        warehouses = ChannelWarehouse.objects.filter(
            channel_id=channel_id, warehouse_id=OuterRef("warehouse_id")
        )
        stocks = stocks.filter(Exists(warehouses))
    return stocks


def reserved_quantities(stock_ids: Iterable[int]) -> dict[int, int]:
    """Units of each stock row held by open checkouts, from the reader the storefront names in
    STOCK_RESERVATIONS_READER (the catalog does not know checkouts); none when reservations
    are off."""
    reader = getattr(settings, "STOCK_RESERVATIONS_READER", "")
    stock_ids = list(stock_ids)
    if not reader or not stock_ids:
        return {}
    return import_string(reader)(stock_ids)


def available_quantity_by_variant_and_channel(
    keys: Iterable[tuple[int, int | None]],
) -> dict[tuple[int, int | None], int]:
    """Stock neither allocated nor reserved, summed over the channel's warehouses (all of them
    for None)."""
    grouped: dict[int | None, list[int]] = defaultdict(list)
    for variant_id, channel_id in keys:
        grouped[channel_id].append(variant_id)
    found: dict[tuple[int, int | None], int] = {}
    for channel_id, variant_ids in grouped.items():
        rows = list(
            _stocks_in(channel_id)
            .filter(product_variant_id__in=variant_ids)
            .values_list("pk", "product_variant_id", "quantity", "quantity_allocated")
        )
        reserved = reserved_quantities(pk for pk, *_rest in rows)
        for pk, variant_id, quantity, allocated in rows:
            free = max(quantity - allocated - reserved.get(pk, 0), 0)
            found[(variant_id, channel_id)] = found.get((variant_id, channel_id), 0) + free
    return found


def stocks_by_variant_and_channel(
    keys: Iterable[tuple[int, int | None]],
) -> dict[tuple[int, int | None], list[Stock]]:
    grouped: dict[int | None, list[int]] = defaultdict(list)
    for variant_id, channel_id in keys:
        grouped[channel_id].append(variant_id)
    found: dict[tuple[int, int | None], list[Stock]] = defaultdict(list)
    for channel_id, variant_ids in grouped.items():
        stocks = _stocks_in(channel_id).filter(product_variant_id__in=variant_ids)
        for stock in stocks.select_related("warehouse").order_by("pk"):
            found[(stock.product_variant_id, channel_id)].append(stock)
    return found


def variant_attributes_by_product_type(
    keys: Iterable[tuple[int, bool]],
) -> dict[tuple[int, bool], list[tuple[Attribute, bool]]]:
    """(attribute, is used to select the variant) for each product type's variants, in order.

    A key is (product type id, storefront_only), as for product attributes.
    """
    keys = list(keys)
    rows = (
        AttributeVariant.objects.filter(product_type_id__in={type_id for type_id, _ in keys})
        .select_related("attribute")
        .order_by("sort_order", "pk")
    )
    grouped: dict[tuple[int, bool], list[tuple[Attribute, bool]]] = defaultdict(list)
    for row in rows:
        selects_variant = (
            row.variant_selection and row.attribute.input_type in VARIANT_SELECTION_INPUT_TYPES
        )
        for storefront_only in (False, True):
            if storefront_only and not row.attribute.visible_in_storefront:
                continue
            grouped[(row.product_type_id, storefront_only)].append((row.attribute, selects_variant))
    return grouped


def attribute_values_by_variant(variant_ids: Iterable[int]) -> dict[int, list[AttributeValue]]:
    grouped: dict[int, list[AttributeValue]] = defaultdict(list)
    rows = (
        AssignedVariantAttributeValue.objects.filter(variant_id__in=list(variant_ids))
        .select_related("value__attribute")
        .order_by("sort_order", "pk")
    )
    for row in rows:
        grouped[row.variant_id].append(row.value)
    return grouped


def media_by_variant(variant_ids: Iterable[int]) -> dict[int, list[ProductMedia]]:
    grouped: dict[int, list[ProductMedia]] = defaultdict(list)
    links = (
        ProductMedia.variants.through.objects.filter(productvariant_id__in=list(variant_ids))
        .select_related("productmedia")
        .order_by("productmedia__sort_order", "productmedia_id")
    )
    for link in links:
        grouped[link.productvariant_id].append(link.productmedia)
    return grouped


def variant_translations_by_variant_and_language(
    keys: Iterable[tuple[int, str]],
) -> dict[tuple[int, str], ProductVariantTranslation]:
    grouped: dict[str, list[int]] = defaultdict(list)
    for variant_id, language in keys:
        grouped[language].append(variant_id)
    found = {}
    for language, variant_ids in grouped.items():
        rows = ProductVariantTranslation.objects.filter(
            language_code=language, product_variant_id__in=variant_ids
        )
        found.update({(row.product_variant_id, language): row for row in rows})
    return found
