"""Reads of the product page: offers per variant, pickup points holding stock, the showrooms
and stations with it on their shelf, the gallery, the producer's public facts and the
description, built on the catalog's selectors. (A tour's dates and terms: tour_page.py.)"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from catalog.editorjs import editorjs_plaintext
from catalog.models import (
    Brand,
    Category,
    Certification,
    Channel,
    ChannelWarehouse,
    ClickAndCollectOption,
    Division,
    PlaceKind,
    Producer,
    Product,
    ProductVariant,
    Stock,
    Warehouse,
)
from catalog.selectors.brands import (
    brands_for_products,
)
from catalog.selectors.places import PUBLIC_KINDS, public_places
from catalog.selectors.producers import producer_public_name
from catalog.selectors.products import (
    media_by_product,
    product_translations_by_product_and_language,
    thumbnails_by_media_size_and_format,
    visible_products,
)
from catalog.selectors.variants import (
    VariantScope,
    variant_listings_by_variant_and_channel,
    variant_translations_by_variant_and_language,
    variants_by_product,
)
from catalog.thumbnails import WEBP
from storefront.selectors.pages import (
    DELIVERY_COUNTRY,
    GALLERY_SIZES,
    Image,
    absolute_url,
    active_language,
    fallback_lang,
    media_image,
    product_season,
    with_category_names,
)
from storefront.selectors.stock import available_quantities, free_quantity, reserved_by_others


@dataclass(frozen=True)
class Offer:
    variant: ProductVariant
    name: str
    price: Decimal
    undiscounted: Decimal | None  # the price before a discount, when there is one
    currency: str
    in_stock: bool  # deliverable to an address in China


@dataclass(frozen=True)
class PickupPoint:
    warehouse: Warehouse
    variant_ids: frozenset[int]
    # A public showroom or station, which has a page of its own.
    has_page: bool = False


@dataclass(frozen=True)
class DescriptionBlock:
    text: str = ""
    items: tuple[str, ...] = ()
    heading: bool = False


@dataclass
class ProductPage:
    product: Product
    name: str
    lang: str
    description: list[DescriptionBlock]
    description_lang: str
    summary: str
    images: list[Image]
    og_image: str
    offers: list[Offer]
    pickup_points: list[PickupPoint]
    brands: list[Brand]
    origin: Division | None
    category: Category | None
    season: str
    season_lang: str
    producer_name: str
    certifications: list[str]
    # Public showrooms and stations with a unit of some variant free on their own shelf.
    shelf_places: list[Warehouse] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return any(offer.in_stock for offer in self.offers) or bool(self.pickup_points)

    @property
    def is_tour(self) -> bool:
        """Booked by date (a tour seat, a room-night, a ticket) rather than taken from stock."""
        return bool(self.product.product_type.booking_unit)


def description_blocks(document: object) -> list[DescriptionBlock]:
    """An EditorJS document as plain paragraphs, headings and lists (all markup dropped)."""
    if not isinstance(document, dict):
        return []
    blocks = []
    for block in document.get("blocks") or ():
        if not isinstance(block, dict):
            continue
        data = block.get("data") or {}
        items = data.get("items") if isinstance(data, dict) else None
        if items:
            texts = tuple(
                text
                for item in items
                if (text := editorjs_plaintext({"blocks": [{"data": {"items": [item]}}]}))
            )
            if texts:
                blocks.append(DescriptionBlock(items=texts))
            continue
        if text := editorjs_plaintext({"blocks": [block]}):
            blocks.append(DescriptionBlock(text=text, heading=block.get("type") == "header"))
    return blocks


def product_page_product(channel: Channel | None, slug: str) -> Product | None:
    """The product a shopper may open (published and priced; listing visibility aside)."""
    if channel is None:
        return None
    products = visible_products(channel, sees_all=False).filter(slug=slug)
    return products.select_related("origin__parent", "category", "product_type").first()


def _offers(product: Product, channel: Channel) -> list[Offer]:
    variants = variants_by_product([(product.pk, channel.pk, VariantScope.PRICED)]).get(
        (product.pk, channel.pk, VariantScope.PRICED), []
    )
    if not variants:
        return []
    ids = [variant.pk for variant in variants]
    listings = variant_listings_by_variant_and_channel((pk, channel.pk) for pk in ids)
    language = active_language()
    names = variant_translations_by_variant_and_language((pk, language) for pk in ids)
    stock = available_quantities(channel=channel, country_code=DELIVERY_COUNTRY, variant_ids=ids)
    offers = []
    for variant in variants:
        listing = listings[(variant.pk, channel.pk)]
        price = listing.discounted_price_amount
        if price is None:
            price = listing.price_amount
        translated = names.get((variant.pk, language))
        offers.append(
            Offer(
                variant=variant,
                name=(translated.name if translated and translated.name else str(variant)),
                price=price,
                undiscounted=listing.price_amount if listing.price_amount > price else None,
                currency=listing.currency,
                in_stock=not variant.track_inventory or stock.get(variant.pk, 0) > 0,
            )
        )
    return offers


def free_variants_by_warehouse(
    channel: Channel, variants: Sequence[ProductVariant]
) -> dict[int, set[int]]:
    """The variants each warehouse of the channel has a unit of free on its own shelf
    (quantity − allocated − other checkouts' reservations)."""
    if not variants:
        return {}
    stocks = list(
        Stock.objects.filter(
            product_variant_id__in=[variant.pk for variant in variants],
            warehouse_id__in=ChannelWarehouse.objects.filter(channel=channel).values(
                "warehouse_id"
            ),
        )
    )
    reserved = reserved_by_others([stock.pk for stock in stocks])
    local: dict[int, set[int]] = defaultdict(set)
    for stock in stocks:
        if free_quantity(stock, reserved) > 0:
            local[stock.warehouse_id].add(stock.product_variant_id)
    return dict(local)


def pickup_points(
    channel: Channel,
    variants: Sequence[ProductVariant],
    *,
    free: dict[int, set[int]] | None = None,
) -> list[PickupPoint]:
    """Click-and-collect points of the channel that can hand over a unit of some variant:
    a LOCAL point from its own stock, an ALL point from any of the channel's warehouses (the
    rule checkout applies to each line). `free`: free_variants_by_warehouse, when read already."""
    points = list(
        Warehouse.objects.filter(
            channelwarehouse__channel=channel,
            click_and_collect_option__in=(
                ClickAndCollectOption.LOCAL_STOCK,
                ClickAndCollectOption.ALL_WAREHOUSES,
            ),
        ).order_by("name", "pk")
    )
    if not points or not variants:
        return []
    untracked = {variant.pk for variant in variants if not variant.track_inventory}
    local = free if free is not None else free_variants_by_warehouse(channel, variants)
    anywhere: set[int] = set().union(*local.values()) if local else set()
    found = []
    for warehouse in points:
        if warehouse.click_and_collect_option == ClickAndCollectOption.ALL_WAREHOUSES:
            ready = anywhere | untracked
        else:
            ready = local.get(warehouse.pk, set()) | untracked
        if ready:
            has_page = not warehouse.is_private and warehouse.kind in PUBLIC_KINDS
            found.append(PickupPoint(warehouse, frozenset(ready), has_page))
    return found


def shelf_places(free: dict[int, set[int]]) -> list[Warehouse]:
    """The public showrooms and stations among the warehouses of `free` (showrooms first)."""
    if not free:
        return []
    places = public_places().filter(pk__in=list(free))
    return sorted(places, key=lambda place: (place.kind != PlaceKind.SHOWROOM, place.name))


def _gallery(product: Product, translated_name: str | None) -> tuple[list[Image], str]:
    """The product's images (alt: its translated name, else each image's own text)."""
    media = [m for m in media_by_product([product.pk]).get(product.pk, []) if m.image]
    stored = thumbnails_by_media_size_and_format(
        (m.pk, size, WEBP) for m in media for size in GALLERY_SIZES
    )
    images = []
    for item in media:
        names = {
            size: (row.image.name if (row := stored.get((item.pk, size, WEBP))) else None)
            for size in GALLERY_SIZES
        }
        images.append(media_image(item, names, translated_name or item.alt or product.name))
    og_image = absolute_url(images[0].full) if images else ""
    return images, og_image


def _producer_facts(producer_id: int | None) -> tuple[str, list[str]]:
    """The producer's public name and certifications (nothing else of it is read)."""
    if producer_id is None:
        return "", []
    # The county names a household in public; contacts are never read.
    producer = (
        Producer.objects.select_related("county")
        .only("name", "kind", "certifications", "county")
        .filter(pk=producer_id)
        .first()
    )
    if producer is None:
        return "", []
    labels = dict(Certification.choices)
    certifications = [str(labels[v]) for v in producer.certifications or () if v in labels]
    return producer_public_name(producer), certifications


def product_page(channel: Channel | None, slug: str) -> ProductPage | None:
    product = product_page_product(channel, slug)
    if product is None:
        return None
    language = active_language()
    translated = product_translations_by_product_and_language([(product.pk, language)]).get(
        (product.pk, language)
    )
    name = translated.name if translated and translated.name else product.name
    document = translated.description if translated and translated.description else None
    description = description_blocks(document or product.description)
    seo = (translated.seo_description if translated else None) or product.seo_description
    summary = seo or editorjs_plaintext(document or product.description)
    images, og_image = _gallery(product, translated.name if translated else None)
    offers = _offers(product, channel)
    variants = [offer.variant for offer in offers]
    # A tour is booked by date and starts at its meeting place: no shelf, nothing to pick up.
    tour = bool(product.product_type.booking_unit)
    free = {} if tour else free_variants_by_warehouse(channel, variants)
    season, season_lang = product_season(product)
    producer_name, certifications = _producer_facts(product.producer_id)
    category = with_category_names([product.category])[0] if product.category else None
    return ProductPage(
        product=product,
        name=name,
        lang=fallback_lang(bool(translated and translated.name)),
        description=description,
        description_lang=fallback_lang(document is not None),
        summary=summary[:160],
        images=images,
        og_image=og_image,
        offers=offers,
        pickup_points=[] if tour else pickup_points(channel, variants, free=free),
        brands=brands_for_products([product.pk]).get(product.pk, []),
        origin=product.origin,
        category=category,
        season=season,
        season_lang=season_lang,
        producer_name=producer_name,
        certifications=certifications,
        shelf_places=shelf_places(free),
    )
