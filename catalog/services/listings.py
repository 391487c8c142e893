"""Product and variant channel listings: publication, availability and prices per channel.

Every change to variant prices or listings ends with `product_discounted_prices_refresh`, which
keeps ProductChannelListing.discounted_price_amount equal to the lowest variant price in the
channel (the catalog sorts and filters by it).
"""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Min, OuterRef, Subquery
from django.utils import timezone

from catalog.error_codes import ProductErrorCode
from catalog.models import (
    Channel,
    Product,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
)
from catalog.services.partner_prices import partner_prices_follow
from catalog.services.product_inputs import (
    decode_pk,
    duplicated,
    error,
    fail,
    get_node,
    get_nodes,
    require_one_of,
)
from infra.errors import FieldError, ValidationFailed

# Minor units of the currencies channels use (ISO 4217); others default to 2.
CURRENCY_FRACTIONS = {"CNY": 2, "USD": 2, "EUR": 2, "HKD": 2, "NPR": 2, "INR": 2, "JPY": 0}
BOTH_LISTS = "The same object cannot be in both lists for adding and removing items."


def product_discounted_prices_refresh(*, product_ids: Iterable[int]) -> None:
    """Set each listing's discounted price to its product's lowest variant price there."""
    ids = sorted(set(product_ids))
    if not ids:
        return
    lowest = (
        ProductVariantChannelListing.objects.filter(
            variant__product_id=OuterRef("product_id"),
            channel_id=OuterRef("channel_id"),
            discounted_price_amount__isnull=False,
        )
        .order_by()
        .values("channel_id")
        .annotate(lowest=Min("discounted_price_amount"))
        .values("lowest")[:1]
    )
    ProductChannelListing.objects.filter(product_id__in=ids).update(
        discounted_price_amount=Subquery(lowest)
    )
    partner_prices_follow(product_ids=ids)  # partner channels priced from these channels


def price_precision_error(
    amount: Decimal | None, currency: str, *, field: str, channel_id: str, code=None
) -> FieldError | None:
    """Saleor's check that a price has no more decimal places than its currency allows."""
    if not amount:
        return None
    places = CURRENCY_FRACTIONS.get(currency, 2)
    if amount.normalize().as_tuple().exponent < -places:
        return error(
            field,
            code or ProductErrorCode.INVALID,
            f"Value cannot have more than {places} decimal places.",
            channels=[channel_id],
        )
    return None


def _publication(data: dict[str, Any], errors: list[FieldError]) -> None:
    if data.get("publication_date") and data.get("published_at"):
        errors.append(
            error(
                "publicationDate",
                ProductErrorCode.INVALID,
                "Only one of argument: publicationDate or publishedAt must be specified.",
                channels=[data["channel_id"]],
            )
        )
        return
    if data.get("publication_date"):
        data["published_at"] = _midnight(data.pop("publication_date"))
    if data.get("is_published") and not data.get("published_at"):
        data["published_at"] = timezone.now()


def _midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def _availability(data: dict[str, Any], errors: list[FieldError]) -> None:
    available = data.get("is_available_for_purchase")
    day, moment = data.get("available_for_purchase_date"), data.get("available_for_purchase_at")
    if not available and (day or moment):
        errors.append(
            error(
                "availableForPurchaseDate",
                ProductErrorCode.INVALID,
                "Cannot set available for purchase date when isAvailableForPurchase is false.",
                channels=[data["channel_id"]],
            )
        )
    if day and moment:
        errors.append(
            error(
                "availableForPurchaseDate",
                ProductErrorCode.INVALID,
                "Only one of argument: availableForPurchaseDate or availableForPurchaseAt "
                "must be specified.",
                channels=[data["channel_id"]],
            )
        )
    if available is False:
        data["available_for_purchase_at"] = None
    elif available is True:
        data["available_for_purchase_at"] = (_midnight(day) if day else moment) or timezone.now()


def _clean_channels(
    updates: list[dict[str, Any]], removes: Sequence[str], errors: list[FieldError]
) -> tuple[list[Channel], list[int]]:
    update_ids = [item["channel_id"] for item in updates]
    both = [gid for gid in update_ids if gid in removes]
    if both:
        errors.append(
            error("input", ProductErrorCode.DUPLICATED_INPUT_ITEM, BOTH_LISTS, channels=both)
        )
    for field, ids in (("updateChannels", update_ids), ("removeChannels", list(removes))):
        if dupes := duplicated(ids):
            errors.append(
                error(
                    field,
                    ProductErrorCode.DUPLICATED_INPUT_ITEM,
                    "Duplicated channel ID.",
                    channels=dupes,
                )
            )
    if errors:
        return [], []
    channels = get_nodes(Channel.objects.all(), update_ids, "Channel", field="channelId")
    remove_pks = [decode_pk(gid, "Channel", field="removeChannels") for gid in removes]
    return channels, remove_pks


def _clean_variant_lists(
    product: Product, updates: list[dict[str, Any]], errors: list[FieldError]
) -> None:
    for data in updates:
        adds, removes = data.get("add_variants") or [], data.get("remove_variants") or []
        if both := [gid for gid in adds if gid in removes]:
            errors.append(
                error(
                    "addVariants",
                    ProductErrorCode.DUPLICATED_INPUT_ITEM,
                    BOTH_LISTS,
                    variants=both,
                )
            )
            continue
        for field, ids, key in (
            ("addVariants", adds, "add_variant_pks"),
            ("removeVariants", removes, "remove_variant_pks"),
        ):
            variants = get_nodes(ProductVariant.objects.all(), ids, "ProductVariant", field=field)
            if foreign := [
                gid for gid, v in zip(ids, variants, strict=True) if v.product_id != product.pk
            ]:
                errors.append(
                    error(
                        field,
                        ProductErrorCode.NOT_PRODUCTS_VARIANT,
                        "Variants don't belong to this product.",
                        variants=foreign,
                    )
                )
            data[key] = [v.pk for v in variants]


@transaction.atomic
def product_channel_listing_update(
    *, product_id: str, update_channels: Sequence[Mapping[str, Any]], remove_channels: Sequence[str]
) -> Product:
    """List a product in channels, change its listings, unlist it (Saleor's rules and errors).

    Holds a row lock on the product while deciding which listings remain.
    """
    product = get_node(Product.objects.select_for_update(), product_id, "Product", field="id")
    updates = [dict(item) for item in update_channels]
    errors: list[FieldError] = []
    channels, remove_pks = _clean_channels(updates, remove_channels, errors)
    for data in updates:
        _publication(data, errors)
        _availability(data, errors)
    if not errors:
        _clean_variant_lists(product, updates, errors)
    if product.category_id is None:
        publishing = [
            d["channel_id"]
            for d in updates
            if d.get("is_published") is True or d.get("is_available_for_purchase") is True
        ]
        if publishing:
            errors.append(
                error(
                    "isPublished",
                    ProductErrorCode.PRODUCT_WITHOUT_CATEGORY,
                    "You must select a category to be able to publish.",
                    channels=publishing,
                )
            )
    if errors:
        raise ValidationFailed(errors)

    for data, channel in zip(updates, channels, strict=True):
        _update_channel(product, channel, data)
    if remove_pks:
        ProductChannelListing.objects.filter(product=product, channel_id__in=remove_pks).delete()
        ProductVariantChannelListing.objects.filter(
            variant__product=product, channel_id__in=remove_pks
        ).delete()
    product_discounted_prices_refresh(product_ids=[product.pk])
    return product


def _update_channel(product: Product, channel: Channel, data: Mapping[str, Any]) -> None:
    defaults: dict[str, Any] = {"currency": channel.currency_code}
    for key in ("is_published", "published_at", "visible_in_listings", "available_for_purchase_at"):
        if key in data:
            defaults[key] = data[key]
    listing, _ = ProductChannelListing.objects.update_or_create(
        product=product, channel=channel, defaults=defaults
    )
    if add := data.get("add_variant_pks"):
        existing = ProductVariantChannelListing.objects.filter(channel=channel, variant_id__in=add)
        if existing.exists():
            raise fail(
                "addVariants",
                ProductErrorCode.ALREADY_EXISTS,
                "One of channel listing already exists for this product variant.",
            )
        ProductVariantChannelListing.objects.bulk_create(
            ProductVariantChannelListing(
                variant_id=pk, channel=channel, currency=channel.currency_code
            )
            for pk in add
        )
    if remove := data.get("remove_variant_pks"):
        ProductVariantChannelListing.objects.filter(channel=channel, variant_id__in=remove).delete()
        if not ProductVariantChannelListing.objects.filter(
            channel=channel, variant__product=product
        ).exists():
            listing.delete()


def resolve_variant(
    *, variant_id: str | None, sku: str | None, queryset=None, id_field: str = "id"
) -> ProductVariant:
    """A variant by global ID or SKU, with Saleor's errors for either."""
    queryset = ProductVariant.objects.all() if queryset is None else queryset
    if variant_id:
        return get_node(queryset, variant_id, "ProductVariant", field=id_field)
    variant = queryset.filter(sku=sku).first()
    if variant is None:
        raise fail("sku", ProductErrorCode.NOT_FOUND, f"Couldn't resolve to a node: {sku}")
    return variant


@transaction.atomic
def variant_channel_listing_update(
    *, variant_id: str | None, sku: str | None, listings: Sequence[Mapping[str, Any]]
) -> ProductVariant:
    """Set a variant's price, cost price and prior price in channels where its product is listed.

    Refreshes the product's lowest price in those channels.
    """
    require_one_of(("sku", sku), ("id", variant_id))
    variant = resolve_variant(
        variant_id=variant_id, sku=sku, queryset=ProductVariant.objects.select_for_update()
    )
    listings = [dict(item) for item in listings]
    channel_ids = [item["channel_id"] for item in listings]
    if dupes := duplicated(channel_ids):
        raise fail(
            "channelId",
            ProductErrorCode.DUPLICATED_INPUT_ITEM,
            "Duplicated channel ID.",
            channels=dupes,
        )
    channels = get_nodes(Channel.objects.all(), channel_ids, "Channel", field="channelId")
    listed = set(
        ProductChannelListing.objects.filter(product_id=variant.product_id).values_list(
            "channel_id", flat=True
        )
    )
    errors: list[FieldError] = []
    if unlisted := [
        gid for gid, c in zip(channel_ids, channels, strict=True) if c.pk not in listed
    ]:
        errors.append(
            error(
                "input",
                ProductErrorCode.PRODUCT_NOT_ASSIGNED_TO_CHANNEL,
                "Product not available in channels.",
                channels=unlisted,
            )
        )
    for data, channel in zip(listings, channels, strict=True):
        for key, field in (
            ("price", "price"),
            ("cost_price", "costPrice"),
            ("prior_price", "priorPrice"),
        ):
            problem = price_precision_error(
                data.get(key), channel.currency_code, field=field, channel_id=data["channel_id"]
            )
            if problem:
                errors.append(problem)
    if errors:
        raise ValidationFailed(errors)

    existing = {
        listing.channel_id: listing
        for listing in ProductVariantChannelListing.objects.filter(
            variant=variant, channel__in=channels
        )
    }
    to_create, to_update = [], []
    for data, channel in zip(listings, channels, strict=True):
        listing = existing.get(channel.pk) or ProductVariantChannelListing(
            variant=variant, channel=channel
        )
        listing.currency = channel.currency_code
        listing.price_amount = listing.discounted_price_amount = data["price"]
        if "cost_price" in data:
            listing.cost_price_amount = data["cost_price"]
        if "prior_price" in data:
            listing.prior_price_amount = data["prior_price"]
        (to_update if listing.pk else to_create).append(listing)
    ProductVariantChannelListing.objects.bulk_create(to_create)
    ProductVariantChannelListing.objects.bulk_update(
        to_update,
        [
            "currency",
            "price_amount",
            "discounted_price_amount",
            "cost_price_amount",
            "prior_price_amount",
        ],
    )
    product_discounted_prices_refresh(product_ids=[variant.product_id])
    return variant
