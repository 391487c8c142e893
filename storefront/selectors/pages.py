"""Reads of the shopper pages, built on the catalog's and the storefront's selectors.

Shoppers see what an anonymous API caller sees in the storefront channel
(settings.STOREFRONT_CHANNEL): products published there with a priced variant, lists only
those visible in listings. Names come from the translation in the active language when there
is one, else the base (Chinese) text, marked `lang` so the page says which language it is.
A list of products costs a fixed number of queries, whatever its length.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalog.models import (
    AssignedProductAttributeValue,
    AttributeValueTranslation,
    Brand,
    BrandTier,
    Category,
    CategoryTranslation,
    Channel,
    Division,
    DivisionLevel,
    HandbookEntry,
    HandbookStatus,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    Thumbnail,
)
from catalog.selectors.brands import (
    TIER_RANK,
    brands,
    brands_for_products,
    products_from_divisions_q,
    products_with_brands_q,
)
from catalog.selectors.categories import subtree_q
from catalog.selectors.channels import channel_by_slug
from catalog.selectors.product_filters import in_stock_q, price_range_q
from catalog.selectors.products import (
    first_media_by_product_size_and_format,
    product_listings_by_product_and_channel,
    product_translations_by_product_and_language,
    visible_products,
)
from catalog.thumbnails import WEBP
from infra.ids import to_global_id

PAGE_SIZE = 24
CARD_SIZES = (256, 512)
GALLERY_SIZES = (512, 1024)
BASE_LANGUAGE = "zh-Hans"  # the language of the catalog's own names and descriptions
DELIVERY_COUNTRY = "CN"
SORTS = ("name", "price", "-price", "newest")


def storefront_channel() -> Channel | None:
    return channel_by_slug(getattr(settings, "STOREFRONT_CHANNEL", "default-channel"))


def active_language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def fallback_lang(translated: bool) -> str:
    """The `lang` of a text shown in the base language instead of the page's ('' if none)."""
    if translated or active_language().lower() == BASE_LANGUAGE.lower():
        return ""
    return BASE_LANGUAGE


def listed_products(channel: Channel | None) -> QuerySet[Product]:
    """Products lists show: published in the channel, priced, visible in listings."""
    if channel is None:
        return Product.objects.none()
    products = visible_products(channel, sees_all=False, in_listings=True)
    return products.select_related("origin")


# --- images -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Image:
    src: str
    srcset: str
    alt: str
    size: int
    full: str = ""


@cache
def _thumbnail_path_template() -> str:
    return reverse("thumbnail", kwargs={"instance_id": "INSTANCE", "size": 0})


def thumbnail_src(media_id: int, size: int, stored_name: str | None) -> str:
    """The stored thumbnail's URL, else the endpoint that makes it on first request."""
    if stored_name:
        return Thumbnail._meta.get_field("image").storage.url(stored_name)
    path = _thumbnail_path_template().replace("INSTANCE", to_global_id("ProductMedia", media_id))
    return path.removesuffix("0/") + f"{size}/{WEBP}/"


def media_image(media: ProductMedia, names: dict[int, str | None], alt: str) -> Image:
    sources = {size: thumbnail_src(media.pk, size, names.get(size)) for size in names}
    smallest = min(sources)
    return Image(
        src=sources[smallest],
        srcset=", ".join(f"{url} {size}w" for size, url in sorted(sources.items())),
        alt=alt,
        size=smallest,
        full=media.image.url if media.image else "",
    )


def absolute_url(url: str) -> str:
    if url.startswith("/"):
        return settings.STOREFRONT_URL.rstrip("/") + url
    return url


# --- product cards ------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductCard:
    product: Product
    name: str
    lang: str
    price: Decimal | None
    currency: str
    image: Image | None
    brands: list[Brand] = field(default_factory=list)


def product_names(product_ids: Iterable[int]) -> dict[int, str]:
    """Names translated into the active language (products without one are absent)."""
    language = active_language()
    found = product_translations_by_product_and_language((pk, language) for pk in product_ids)
    return {pk: row.name for (pk, _lang), row in found.items() if row.name}


def product_cards(products: Sequence[Product], channel: Channel) -> list[ProductCard]:
    """Cards of a page of products: at most eight queries for any number of them."""
    ids = [product.pk for product in products]
    if not ids:
        return []
    names = product_names(ids)
    listings = product_listings_by_product_and_channel((pk, channel.pk) for pk in ids)
    stored = first_media_by_product_size_and_format(
        (pk, size, WEBP) for pk in ids for size in CARD_SIZES
    )
    badges = brands_for_products(ids)
    cards = []
    for product in products:
        media = stored.get((product.pk, CARD_SIZES[0], WEBP))
        image = None
        if media is not None and media.image:
            thumbnails = {
                size: stored[(product.pk, size, WEBP)].thumbnail_image for size in CARD_SIZES
            }
            alt = names.get(product.pk) or media.alt or product.name
            image = media_image(media, thumbnails, alt)
        listing = listings.get((product.pk, channel.pk))
        cards.append(
            ProductCard(
                product=product,
                name=names.get(product.pk, product.name),
                lang=fallback_lang(product.pk in names),
                price=listing.discounted_price_amount if listing else None,
                currency=listing.currency if listing else channel.currency_code,
                image=image,
                brands=badges.get(product.pk, []),
            )
        )
    return cards


# --- categories and divisions ---------------------------------------------------------------


def with_category_names(categories: Iterable[Category]) -> list[Category]:
    """The categories, each with `display_name` and `display_lang` in the active language."""
    categories = list(categories)
    rows = CategoryTranslation.objects.filter(
        language_code=active_language(), category_id__in=[c.pk for c in categories]
    ).exclude(name__isnull=True)
    names = {row.category_id: row.name for row in rows if row.name}
    for category in categories:
        category.display_name = names.get(category.pk, category.name)
        category.display_lang = fallback_lang(category.pk in names)
    return categories


def top_categories() -> list[Category]:
    return with_category_names(Category.objects.filter(level=0).order_by("name", "pk"))


def prefectures() -> QuerySet[Division]:
    return Division.objects.filter(level=DivisionLevel.PREFECTURE).order_by("code")


def division(code: str, level: str) -> Division | None:
    return Division.objects.filter(code=code, level=level).select_related("parent").first()


def counties_of(prefecture: Division) -> QuerySet[Division]:
    return Division.objects.filter(parent=prefecture, level=DivisionLevel.COUNTY).order_by("code")


def division_brand(place: Division) -> Brand | None:
    """The division's own public brand (a prefecture's or a county's)."""
    tier = BrandTier.PREFECTURE if place.level == DivisionLevel.PREFECTURE else BrandTier.COUNTY
    return brands(sees_all=False, tier=tier).filter(owner_division=place).order_by("pk").first()


def showcase_brands() -> list[Brand]:
    """The regional brand, then the prefectures' brands."""
    found = brands(sees_all=False).filter(tier__in=(BrandTier.REGION, BrandTier.PREFECTURE))
    found = found.select_related("owner_division")
    return sorted(found, key=lambda brand: (TIER_RANK[brand.tier], brand.owner_division.code))


def products_from(products: QuerySet[Product], place: Division) -> QuerySet[Product]:
    """Products from the division (a prefecture includes its counties)."""
    return products.filter(products_from_divisions_q([place.pk]))


# --- seasons ------------------------------------------------------------------------------


def in_season_product_ids(month: int) -> set[int]:
    """Products whose published handbook entry lists `month` among its months on the market."""
    rows = HandbookEntry.objects.filter(
        product__isnull=False, handbook__status=HandbookStatus.APPROVED
    ).values_list("product_id", "season_months")
    return {pk for pk, months in rows if month in (months or ())}


@dataclass(frozen=True)
class HomeProducts:
    in_season: list[Product]  # empty when no published handbook marks this month
    newest: list[Product]  # the newest of the others


def home_products(channel: Channel | None, *, limit: int = 8) -> HomeProducts:
    products = listed_products(channel)
    month = timezone.localdate().month
    in_season = list(
        products.filter(pk__in=in_season_product_ids(month)).order_by("name", "pk")[:limit]
    )
    newest = products.exclude(pk__in=[item.pk for item in in_season])
    return HomeProducts(in_season, list(newest.order_by("-created_at", "-pk")[:limit]))


def month_ranges(months: Iterable[int]) -> str:
    """[7, 8, 9] → "7–9"; [11, 12, 1, 2] → "11–2"; [3, 5] → "3, 5"."""
    chosen = sorted({m for m in months if isinstance(m, int) and 1 <= m <= 12})
    runs: list[list[int]] = []
    for month in chosen:
        if runs and runs[-1][-1] == month - 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    if len(runs) > 1 and runs[0][0] == 1 and runs[-1][-1] == 12:
        runs[0] = runs.pop() + runs[0]
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def product_season(product: Product) -> tuple[str, str]:
    """(season text, its lang): the published handbook entry's months on the market, else
    its season as written, else the product's "season" attribute value."""
    entry = (
        HandbookEntry.objects.filter(product=product, handbook__status=HandbookStatus.APPROVED)
        .order_by("-handbook__edition", "-pk")
        .values("season", "season_months")
        .first()
    )
    if entry:
        months = {m for m in entry["season_months"] or () if isinstance(m, int) and 1 <= m <= 12}
        if len(months) == 12:
            return _("Year-round"), ""
        if months:
            return _("Months %(months)s") % {"months": month_ranges(months)}, ""
        if entry["season"]:
            return entry["season"], fallback_lang(False)
    assigned = (
        AssignedProductAttributeValue.objects.filter(
            product=product, value__attribute__slug="season"
        )
        .select_related("value")
        .first()
    )
    if assigned is None:
        return "", ""
    translated = (
        AttributeValueTranslation.objects.filter(
            attribute_value_id=assigned.value_id, language_code=active_language()
        )
        .values_list("name", flat=True)
        .first()
    )
    return translated or assigned.value.name, fallback_lang(bool(translated))


# --- the category filters -------------------------------------------------------------------


@dataclass(frozen=True)
class ProductFilters:
    tier: str = ""
    county: Division | None = None
    price_min: Decimal | None = None
    price_max: Decimal | None = None
    in_stock: bool = False
    month: int | None = None


def filter_products(
    products: QuerySet[Product], channel: Channel, filters: ProductFilters
) -> QuerySet[Product]:
    """Products showing a brand of the tier today, from the county, with a variant priced
    within the bounds, in stock in the channel, in season in the month (all that are set)."""
    if filters.tier:
        tier_brands = brands(sees_all=False, tier=filters.tier).values_list("pk", flat=True)
        products = products.filter(products_with_brands_q(tier_brands, timezone.localdate()))
    if filters.county is not None:
        products = products_from(products, filters.county)
    if filters.price_min is not None or filters.price_max is not None:
        products = products.filter(
            price_range_q(channel, gte=filters.price_min, lte=filters.price_max)
        )
    if filters.in_stock:
        products = products.filter(in_stock_q(channel))
    if filters.month:
        products = products.filter(pk__in=in_season_product_ids(filters.month))
    return products


def sort_products(products: QuerySet[Product], channel: Channel, sort: str) -> QuerySet[Product]:
    """By name in the active language, lowest price (up or down; the listing's minimal
    price, as on the cards), or newest first."""
    if sort in ("price", "-price"):
        price = ProductChannelListing.objects.filter(
            product_id=OuterRef("pk"), channel_id=channel.pk
        ).values("discounted_price_amount")[:1]
        products = products.annotate(sort_price=Subquery(price))
        if sort == "price":
            return products.order_by(F("sort_price").asc(nulls_last=True), "slug")
        return products.order_by(F("sort_price").desc(nulls_last=True), "slug")
    if sort == "newest":
        return products.order_by("-created_at", "-pk")
    translated = ProductTranslation.objects.filter(
        product_id=OuterRef("pk"), language_code=active_language()
    ).values("name")[:1]
    products = products.annotate(
        sort_name=Coalesce(NullIf(Subquery(translated), Value("")), F("name"))
    )
    return products.order_by("sort_name", "slug")


def counties_with_products(products: QuerySet[Product]) -> QuerySet[Division]:
    """Counties that `products` come from (by origin, else their producer's county)."""
    return Division.objects.filter(
        Q(pk__in=products.values("origin_id"))
        | Q(pk__in=products.filter(origin__isnull=True).values("producer__county_id")),
        level=DivisionLevel.COUNTY,
    ).order_by("code")


def category_products(products: QuerySet[Product], category: Category) -> QuerySet[Product]:
    return products.filter(subtree_q(category, "category__"))


# --- search and the sitemap ------------------------------------------------------------------


def sitemap_paths(channel: Channel | None) -> list[tuple[str, datetime.datetime | None]]:
    """(path, last modified) of every page worth indexing."""
    paths: list[tuple[str, datetime.datetime | None]] = [(reverse("storefront:home"), None)]
    for code, level in Division.objects.filter(
        level__in=(DivisionLevel.PREFECTURE, DivisionLevel.COUNTY)
    ).values_list("code", "level"):
        name = "storefront:prefecture" if level == DivisionLevel.PREFECTURE else "storefront:county"
        paths.append((reverse(name, args=[code]), None))
    for slug, updated_at in Category.objects.values_list("slug", "updated_at"):
        paths.append((reverse("storefront:category", args=[slug]), updated_at))
    for slug, updated_at in listed_products(channel).values_list("slug", "updated_at"):
        paths.append((reverse("storefront:product", args=[slug]), updated_at))
    return paths
