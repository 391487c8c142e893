"""Publishing a handbook's entries as catalog products in the handbook's channels.

Each entry becomes (or joins) one product of the "网货" type and category, with its Chinese
name, Tibetan and English translations, the county as origin, its producer and GTIN, one
variant (SKU derived from the county and the entry's natural key, weight from the net weight)
priced at the entry's lowest price in every channel, published and available for purchase.
Everything goes through the catalog's product, variant, listing and translation services.

Aggregation: before creating a product we look for one that is the same thing — the same
entry published before (its SKU), the same GTIN, or the same producer with the same
normalised name and specification — and link the entry to it instead of duplicating it. The
county a product comes from (its origin) keeps it up to date; entries of other counties that
join it only fill what is missing and set their channels' prices.
"""

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.html import escape

from catalog.models import (
    Category,
    Channel,
    Handbook,
    HandbookEntry,
    Product,
    ProductChannelListing,
    ProductTranslation,
    ProductType,
    ProductVariant,
    ProductVariantChannelListing,
)
from catalog.selectors.producers import entry_producer_public_name
from catalog.services.categories import category_create
from catalog.services.listings import (
    CURRENCY_FRACTIONS,
    product_channel_listing_update,
    variant_channel_listing_update,
)
from catalog.services.media import media_add
from catalog.services.product_translations import product_translate
from catalog.services.product_types import product_type_create
from catalog.services.products import product_create, product_update
from catalog.services.search_index import products_search_index_schedule
from catalog.services.variants import variant_create, variant_update
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id

NET_GOODS_NAME = "网货"
NET_GOODS_SLUG = "wang-huo"
# Handbook prices are what the county quotes, in yuan.
HANDBOOK_CURRENCY = "CNY"
SKU_PREFIX = "HB"
# The description's labels are Chinese, as the handbook is.
DESCRIPTION_LANGUAGE = "zh-hans"
# What does not make two names or specifications different: spaces, brackets, separators.
_IGNORED = re.compile(r"[\s·•\-_/\\()\[\]【】〔〕<>《》,，.。:：;；、'\"“”‘’]+")


@dataclass(frozen=True)
class PublishFrame:
    product_type: ProductType
    category: Category
    channels: Sequence[Channel]


def normalize_text(text: str | None) -> str:
    """A comparison key: NFKC (full-width to half-width), case-folded, separators dropped."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def entry_sku(entry: HandbookEntry) -> str:
    """Stable across re-imports and editions: the county and the entry's natural key."""
    digest = hashlib.sha256(entry.natural_key.encode()).hexdigest()[:10].upper()
    return f"{SKU_PREFIX}-{entry.handbook.county.code}-{digest}"


def entry_price(entry: HandbookEntry) -> Decimal | None:
    return entry.price_min if entry.price_min is not None else entry.price_max


def handbook_publish_problems(handbook: Handbook) -> list[FieldError]:
    """Why the handbook cannot be published (empty when it can)."""
    problems = []
    channels = list(handbook.channels.order_by("slug"))
    if not channels:
        problems.append(
            FieldError(
                "channels", "REQUIRED", "Choose at least one channel to publish the handbook in."
            )
        )
    foreign = [c.slug for c in channels if c.currency_code != HANDBOOK_CURRENCY]
    if foreign:
        problems.append(
            FieldError(
                "channels",
                "INVALID",
                f"Handbook prices are in {HANDBOOK_CURRENCY}; these channels sell in another "
                f"currency: {', '.join(foreign)}.",
                extra={"channels": foreign},
            )
        )
    entries = list(handbook.entries.values_list("row_number", "price_min", "price_max"))
    if not entries:
        problems.append(FieldError("entries", "REQUIRED", "The handbook has no entries."))
    unpriced = [row for row, low, high in entries if (low if low is not None else high) is None]
    if unpriced:
        rows = ", ".join(str(row) for row in unpriced if row is not None) or "?"
        problems.append(
            FieldError(
                "entries",
                "INVALID",
                f"Entries without a price: rows {rows}.",
                extra={"rows": unpriced},
            )
        )
    return problems


def net_goods_product_type() -> ProductType:
    existing = ProductType.objects.filter(slug=NET_GOODS_SLUG).first()
    return existing or product_type_create(
        data={
            "name": NET_GOODS_NAME,
            "slug": NET_GOODS_SLUG,
            "has_variants": False,
            "is_shipping_required": True,
        }
    )


def net_goods_category() -> Category:
    existing = Category.objects.filter(slug=NET_GOODS_SLUG).first()
    return existing or category_create(name=NET_GOODS_NAME, slug=NET_GOODS_SLUG)


@transaction.atomic
def handbook_publish(*, handbook: Handbook) -> list[Product]:
    """Publish every entry of the handbook; returns the products, in entry order.

    Raises ValidationFailed (nothing written) when the handbook cannot be published.
    """
    problems = handbook_publish_problems(handbook)
    if problems:
        raise ValidationFailed(problems)
    frame = PublishFrame(
        product_type=net_goods_product_type(),
        category=net_goods_category(),
        channels=list(handbook.channels.order_by("pk")),
    )
    entries = (
        handbook.entries.select_related("handbook__county", "producer__county", "product")
        .prefetch_related("images")
        .order_by("row_number", "pk")
    )
    return [entry_publish(entry=entry, frame=frame) for entry in entries]


def entry_publish(*, entry: HandbookEntry, frame: PublishFrame) -> Product:
    """Create or update the entry's product, its variant and its listings; link the entry."""
    product = entry.product or same_product(entry)
    created = product is None
    if created:
        product = _create_product(entry, frame)
    own = created or product.origin_id == entry.handbook.county_id
    if own and not created:
        _update_own_product(product, entry, frame)
    elif product.category_id is None:
        product_update(
            product_id=to_global_id("Product", product.pk),
            external_reference=None,
            data={"category": to_global_id("Category", frame.category.pk)},
        )
    _set_extensions(product, entry, own=own)
    _translate(product, entry, overwrite=own)
    variant = _variant(product, entry, own=own)
    _list(product, variant, frame.channels, entry_price(entry))
    _copy_images(product, entry)
    if entry.product_id != product.pk:
        entry.product = product
        entry.save(update_fields=["product", "updated_at"])
    products_search_index_schedule(product_ids=[product.pk])
    product.refresh_from_db()
    return product


def same_product(entry: HandbookEntry) -> Product | None:
    """An existing product that is the same thing as the entry, or None."""
    variant = ProductVariant.objects.filter(sku=entry_sku(entry)).select_related("product").first()
    if variant is not None:
        return variant.product
    if entry.gtin:
        product = Product.objects.filter(gtin=entry.gtin).order_by("pk").first()
        if product is not None:
            return product
    if entry.producer_id is None:
        return None
    key = (normalize_text(entry.name_zh), normalize_text(entry.specification))
    linked = (
        HandbookEntry.objects.filter(producer_id=entry.producer_id, product__isnull=False)
        .exclude(pk=entry.pk)
        .order_by("product_id")
        .values_list("name_zh", "specification", "product_id")
    )
    for name, specification, product_id in linked:
        if (normalize_text(name), normalize_text(specification)) == key:
            return Product.objects.get(pk=product_id)
    # Products made outside the handbooks: the name, and a variant named as the specification.
    for product in Product.objects.filter(producer_id=entry.producer_id).prefetch_related(
        "variants"
    ):
        if normalize_text(product.name) != key[0]:
            continue
        if not key[1] or key[1] in {normalize_text(v.name) for v in product.variants.all()}:
            return product
    return None


def _description(entry: HandbookEntry) -> dict:
    """The entry's facts in Chinese; the producer by its public name (a household's is its
    county's label)."""
    county = entry.handbook.county
    with translation.override(DESCRIPTION_LANGUAGE):
        producer = entry_producer_public_name(entry, county)
    facts = [
        ("规格", entry.specification),
        ("产地", entry.production_area or county.name_zh),
        ("产季", entry.season),
        ("质量等级", entry.quality_level),
        ("生产主体", producer),
    ]
    text = "；".join(f"{label}：{value}" for label, value in facts if value)
    blocks = [{"type": "paragraph", "data": {"text": escape(text)}}] if text else []
    if entry.notes:
        blocks.append({"type": "paragraph", "data": {"text": escape(entry.notes)}})
    return {"blocks": blocks}


def _product_data(entry: HandbookEntry, frame: PublishFrame) -> dict:
    return {
        "name": entry.name_zh,
        "weight": entry.net_weight,
        "description": _description(entry),
        "category": to_global_id("Category", frame.category.pk),
    }


def _create_product(entry: HandbookEntry, frame: PublishFrame) -> Product:
    return product_create(
        data={
            **_product_data(entry, frame),
            "product_type": to_global_id("ProductType", frame.product_type.pk),
        }
    )


def _update_own_product(product: Product, entry: HandbookEntry, frame: PublishFrame) -> None:
    data = _product_data(entry, frame)
    if product.category_id is not None:
        data.pop("category")
    product_update(
        product_id=to_global_id("Product", product.pk), external_reference=None, data=data
    )
    product.refresh_from_db()


def _set_extensions(product: Product, entry: HandbookEntry, *, own: bool) -> None:
    """Origin, producer and GTIN: the product services do not handle these extensions."""
    changed = []
    if product.origin_id is None:
        product.origin_id = entry.handbook.county_id
        changed.append("origin")
    if (
        entry.producer_id
        and (own or product.producer_id is None)
        and product.producer_id != entry.producer_id
    ):
        product.producer_id = entry.producer_id
        changed.append("producer")
    gtin = entry.gtin or None
    if gtin and (own or not product.gtin) and product.gtin != gtin:
        taken = Product.objects.filter(gtin=gtin).exclude(pk=product.pk).exists()
        if not taken:
            product.gtin = gtin
            changed.append("gtin")
    if changed:
        product.save(update_fields=[*changed, "updated_at"])


def _translate(product: Product, entry: HandbookEntry, *, overwrite: bool) -> None:
    existing = set(
        ProductTranslation.objects.filter(product=product)
        .exclude(name__isnull=True)
        .exclude(name="")
        .values_list("language_code", flat=True)
    )
    for language_code, name in (("bo", entry.name_bo), ("en", entry.name_en)):
        if name and (overwrite or language_code not in existing):
            product_translate(
                product_id=to_global_id("Product", product.pk),
                language_code=language_code,
                data={"name": name[:250]},
            )


def _variant_name(entry: HandbookEntry) -> str:
    return (entry.specification or entry.unit or entry.name_zh)[:255]


def _variant(product: Product, entry: HandbookEntry, *, own: bool) -> ProductVariant:
    """The product's variant for the entry: by SKU, else (a merged product is one thing) the
    product's default variant, else a new one."""
    sku = entry_sku(entry)
    variant = product.variants.filter(sku=sku).first()
    if variant is None and product.default_variant_id:
        variant = ProductVariant.objects.get(pk=product.default_variant_id)
    if variant is None:
        variant = product.variants.order_by("sort_order", "pk").first()
    data = {"name": _variant_name(entry), "weight": entry.net_weight}
    if variant is None:
        return variant_create(
            data={
                "product": to_global_id("Product", product.pk),
                "sku": sku,
                "track_inventory": True,
                **data,
            }
        )
    if own:
        variant_update(
            variant_id=to_global_id("ProductVariant", variant.pk),
            sku=None,
            external_reference=None,
            data=data,
        )
    return variant


def _price(amount: Decimal, currency: str) -> Decimal:
    places = CURRENCY_FRACTIONS.get(currency, 2)
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _list(
    product: Product, variant: ProductVariant, channels: Sequence[Channel], price: Decimal
) -> None:
    """Publish the product and price the variant in every channel (keeping earlier dates)."""
    listings = {
        listing.channel_id: listing
        for listing in ProductChannelListing.objects.filter(product=product, channel__in=channels)
    }
    priced = set(
        ProductVariantChannelListing.objects.filter(
            variant=variant, channel__in=channels
        ).values_list("channel_id", flat=True)
    )
    updates = []
    for channel in channels:
        listing = listings.get(channel.pk)
        item: dict = {"channel_id": to_global_id("Channel", channel.pk)}
        if listing is None or not listing.is_visible():
            item["is_published"] = True
        if listing is None or not listing.visible_in_listings:
            item["visible_in_listings"] = True
        if listing is None or not listing.is_available_for_purchase():
            item["is_available_for_purchase"] = True
        if channel.pk not in priced:
            item["add_variants"] = [to_global_id("ProductVariant", variant.pk)]
        updates.append(item)
    product_channel_listing_update(
        product_id=to_global_id("Product", product.pk),
        update_channels=updates,
        remove_channels=[],
    )
    variant_channel_listing_update(
        variant_id=to_global_id("ProductVariant", variant.pk),
        sku=None,
        listings=[
            {
                "channel_id": to_global_id("Channel", channel.pk),
                "price": _price(price, channel.currency_code),
            }
            for channel in channels
        ],
    )


def _copy_images(product: Product, entry: HandbookEntry) -> None:
    """The entry's pictures become the product's media when the product has none."""
    images = list(entry.images.all())
    if not images or product.media.exists():
        return
    for image in images:
        with image.image.open("rb") as handle:
            content = ContentFile(handle.read(), name=PurePath(image.image.name).name)
        media_add(product, image=content, alt=image.alt or entry.name_zh)
