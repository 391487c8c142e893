"""What a kiosk shows: its showroom's products in the showroom's channel, in the three
languages, each flagged "on the shelf here" (free units at this showroom) and "deliverable"
(free units in the channel's warehouses that ship within China). A fixed number of queries
whatever the number of products."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from catalog.editorjs import editorjs_plaintext
from catalog.models import Channel, Product, ProductVariant, Stock, Warehouse
from catalog.selectors.products import (
    first_media_by_product_size_and_format,
    product_translations_by_product_and_language,
)
from catalog.selectors.variants import (
    VariantScope,
    variant_listings_by_variant_and_channel,
    variant_translations_by_variant_and_language,
    variants_by_product,
)
from catalog.thumbnails import WEBP
from showroom.place_checkout import place_channel
from storefront.selectors.pages import (
    DELIVERY_COUNTRY,
    absolute_url,
    listed_products,
    thumbnail_src,
)
from storefront.selectors.stock import available_quantities, free_quantity, reserved_by_others

# The kiosk's languages, as its page names them, and as the catalog stores translations.
LANGUAGES = {"zh-Hans": "", "bo": "bo", "en": "en"}
IMAGE_SIZE = 512
DESCRIPTION_CHARS = 600


def _texts(base: str, translations: dict, key: int, attribute: str) -> dict[str, str]:
    texts = {}
    for language, code in LANGUAGES.items():
        if not code:
            texts[language] = base
            continue
        row = translations.get((key, code))
        texts[language] = (getattr(row, attribute, "") or "") if row is not None else ""
    return texts


def _description(document: Any) -> str:
    text = editorjs_plaintext(document) if document else ""
    return text[:DESCRIPTION_CHARS]


def _shelf_quantities(place: Warehouse, variant_ids: list[int]) -> dict[int, int]:
    """Free units of each variant on this showroom's own shelf."""
    stocks = list(Stock.objects.filter(warehouse=place, product_variant_id__in=variant_ids))
    reserved = reserved_by_others([stock.pk for stock in stocks])
    return {stock.product_variant_id: free_quantity(stock, reserved) for stock in stocks}


def _variant_entries(
    variants: Iterable[ProductVariant],
    channel: Channel,
    *,
    shelf: dict[int, int],
    delivery: dict[int, int],
    names: dict,
) -> list[dict]:
    listings = variant_listings_by_variant_and_channel((v.pk, channel.pk) for v in variants)
    entries = []
    for variant in variants:
        listing = listings[(variant.pk, channel.pk)]
        price = listing.discounted_price_amount
        if price is None:
            price = listing.price_amount
        tracked = variant.track_inventory
        entries.append(
            {
                "id": variant.pk,
                "sku": variant.sku or "",
                "name": _texts(variant.name, names, variant.pk, "name"),
                "price": str(Decimal(price).quantize(Decimal("0.01"))),
                "onShelfHere": not tracked or shelf.get(variant.pk, 0) > 0,
                "deliverable": not tracked or delivery.get(variant.pk, 0) > 0,
            }
        )
    return entries


def kiosk_catalog(place: Warehouse) -> dict[str, Any]:
    """The kiosk's catalog as JSON-ready data (prices as decimal strings, in the channel's
    currency); products on this shelf first, then those delivered, then the rest, by name."""
    channel = place_channel(place)
    products: list[Product] = list(listed_products(channel).select_related(None).order_by("name"))
    ids = [product.pk for product in products]
    translated = [code for code in LANGUAGES.values() if code]
    product_names = product_translations_by_product_and_language(
        (pk, code) for pk in ids for code in translated
    )
    by_product = variants_by_product((pk, channel.pk, VariantScope.PRICED) for pk in ids)
    variants = [v for pk in ids for v in by_product.get((pk, channel.pk, VariantScope.PRICED), [])]
    variant_ids = [variant.pk for variant in variants]
    variant_names = variant_translations_by_variant_and_language(
        (pk, code) for pk in variant_ids for code in translated
    )
    shelf = _shelf_quantities(place, variant_ids)
    delivery = available_quantities(
        channel=channel, country_code=DELIVERY_COUNTRY, variant_ids=variant_ids
    )
    media = first_media_by_product_size_and_format((pk, IMAGE_SIZE, WEBP) for pk in ids)
    entries_by_product: dict[int, list[dict]] = defaultdict(list)
    for entry, variant in zip(
        _variant_entries(variants, channel, shelf=shelf, delivery=delivery, names=variant_names),
        variants,
        strict=True,
    ):
        entries_by_product[variant.product_id].append(entry)
    found = []
    for product in products:
        entries = entries_by_product.get(product.pk)
        if not entries:
            continue
        image = media.get((product.pk, IMAGE_SIZE, WEBP))
        descriptions = {}
        for language, code in LANGUAGES.items():
            row = product_names.get((product.pk, code)) if code else None
            document = row.description if row is not None else None
            descriptions[language] = _description(product.description if not code else document)
        found.append(
            {
                "id": product.pk,
                "slug": product.slug,
                "name": _texts(product.name, product_names, product.pk, "name"),
                "description": descriptions,
                "price": min((entry["price"] for entry in entries), key=Decimal),
                "image": (
                    thumbnail_src(image.pk, IMAGE_SIZE, image.thumbnail_image)
                    if image is not None and image.image
                    else ""
                ),
                "url": absolute_url(reverse("storefront:product", args=[product.slug])),
                "onShelfHere": any(entry["onShelfHere"] for entry in entries),
                "deliverable": any(entry["deliverable"] for entry in entries),
                "variants": entries,
            }
        )
    found.sort(key=lambda item: (not item["onShelfHere"], not item["deliverable"]))
    return {
        "place": {"id": place.pk, "name": place.name},
        "currency": channel.currency_code,
        "generatedAt": timezone.now().isoformat(),
        "products": found,
    }
