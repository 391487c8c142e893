"""A large catalog for the benchmark, written with bulk_create in chunks.

N products named after the county specialties (林芝松茸 礼盒装 #123), each with two variants,
an English translation, two attribute values, one image, a listing and variant prices in the
three demo channels and stock in five county-town warehouses; then indexed for search.
Channels, warehouses, categories, attributes and product types are the demo's own.
"""

import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.core.files.storage import default_storage
from django.utils import timezone

from catalog.demo.images import product_card
from catalog.demo.products import GRADES, PACKS, read_specialties, season_names, value_slug
from catalog.demo.reference import (
    load_attributes,
    load_categories,
    load_channels,
    load_product_types,
    load_warehouses,
    read_categories,
)
from catalog.models import (
    AssignedProductAttributeValue,
    AttributeValue,
    Division,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    Stock,
)
from catalog.services.search_index import products_search_index_update

SLUG_PREFIX = "bench-"
CHUNK = 2000
WAREHOUSES = 5
EDITIONS = ("精选", "礼盒装", "家庭装", "特惠", "新品", "产地直发", "高原臻品", "经典")
TYPE_OF_CATEGORY = {
    "herbs": "medicinal",
    "handicraft": "craft",
    "incense": "craft",
    "textile": "craft",
    "tourism": "tour",
}
CENT = Decimal("0.01")


def bench_product_count() -> int:
    return Product.objects.filter(slug__startswith=SLUG_PREFIX).count()


def _images(categories: dict) -> dict[str, str]:
    """One stored card per category, shared by that category's products."""
    colours = {row["slug"]: row["colour"] for row in read_categories()}
    names = {}
    for slug in categories:
        name = f"products/{SLUG_PREFIX}{slug}.png"
        if not default_storage.exists(name):
            name = default_storage.save(name, product_card(slug, colours[slug]))
        names[slug] = name
    return names


def _values(attributes: dict, specialties) -> dict[tuple[str, str], AttributeValue]:
    wanted = {("grade", grade) for grade in GRADES}
    wanted |= {("season", season_names(s.season)[0]) for s in specialties}
    values = {}
    for slug, name in sorted(wanted):
        values[(slug, name)], _ = AttributeValue.objects.get_or_create(
            attribute=attributes[slug], slug=value_slug(name), defaults={"name": name}
        )
    return values


def build_catalog(count: int, *, log: Callable[[str], None] = print) -> None:
    """Write `count` benchmark products (and what they need) into the current database."""
    started = time.perf_counter()
    channels = load_channels()
    warehouses = list(load_warehouses(channels).values())[:WAREHOUSES]
    categories = load_categories()
    attributes = load_attributes()
    product_types = load_product_types(attributes)
    specialties = read_specialties()
    counties = {
        d.code: d for d in Division.objects.filter(code__in={s.county_code for s in specialties})
    }
    images = _images(categories)
    values = _values(attributes, specialties)
    since = timezone.now() - timedelta(days=30)
    for start in range(0, count, CHUNK):
        numbers = range(start, min(start + CHUNK, count))
        picks = [specialties[n % len(specialties)] for n in numbers]
        products = Product.objects.bulk_create(
            [
                Product(
                    name=f"{s.name_zh} {EDITIONS[n % len(EDITIONS)]} #{n}",
                    slug=f"{SLUG_PREFIX}{n}",
                    external_reference=f"bench:{n}",
                    product_type=product_types[TYPE_OF_CATEGORY.get(s.category, "plateau-food")],
                    category=categories[s.category],
                    origin=counties[s.county_code],
                    description={"blocks": [{"type": "paragraph", "data": {"text": s.name_en}}]},
                    description_plaintext=f"{s.name_en}. {s.name_zh}，西藏县域特产。",
                    search_index_dirty=True,
                )
                for n, s in zip(numbers, picks, strict=True)
            ]
        )
        ProductTranslation.objects.bulk_create(
            [
                ProductTranslation(product=p, language_code="en", name=f"{s.name_en} #{n}")
                for n, s, p in zip(numbers, picks, products, strict=True)
            ]
        )
        variants = ProductVariant.objects.bulk_create(
            [
                ProductVariant(
                    product=p,
                    sku=f"BENCH-{n}-{count_}",
                    name=f"{pack} {s.unit}",
                    sort_order=order,
                    track_inventory=True,
                )
                for n, s, p in zip(numbers, picks, products, strict=True)
                for order, (pack, _en, count_) in enumerate(PACKS)
            ]
        )
        for product, variant in zip(products, variants[:: len(PACKS)], strict=True):
            product.default_variant = variant
        Product.objects.bulk_update(products, ["default_variant"])
        prices = {
            v.pk: picks[i // len(PACKS)].price * PACKS[i % len(PACKS)][2]
            for i, v in enumerate(variants)
        }
        ProductVariantChannelListing.objects.bulk_create(
            [
                ProductVariantChannelListing(
                    variant=v,
                    channel=c,
                    currency=c.currency_code,
                    price_amount=prices[v.pk],
                    discounted_price_amount=prices[v.pk],
                    cost_price_amount=(prices[v.pk] * Decimal("0.6")).quantize(CENT),
                )
                for v in variants
                for c in channels.values()
            ]
        )
        ProductChannelListing.objects.bulk_create(
            [
                ProductChannelListing(
                    product=p,
                    channel=c,
                    currency=c.currency_code,
                    is_published=True,
                    published_at=since,
                    visible_in_listings=True,
                    available_for_purchase_at=since,
                    discounted_price_amount=s.price,
                )
                for s, p in zip(picks, products, strict=True)
                for c in channels.values()
            ]
        )
        Stock.objects.bulk_create(
            [
                Stock(warehouse=w, product_variant=v, quantity=10 + (v.pk * 7 + i) % 90)
                for v in variants
                for i, w in enumerate(warehouses)
            ]
        )
        ProductMedia.objects.bulk_create(
            [
                ProductMedia(product=p, image=images[s.category], alt=s.name_zh)
                for s, p in zip(picks, products, strict=True)
            ]
        )
        AssignedProductAttributeValue.objects.bulk_create(
            [
                AssignedProductAttributeValue(product=p, value=value, sort_order=order)
                for n, s, p in zip(numbers, picks, products, strict=True)
                for order, value in enumerate(
                    (
                        values[("grade", "特级" if n % 3 == 0 else "一级")],
                        values[("season", season_names(s.season)[0])],
                    )
                )
            ]
        )
        log(f"  {numbers.stop} products written ({time.perf_counter() - started:.0f} s)")
    ids = list(
        Product.objects.filter(slug__startswith=SLUG_PREFIX, search_index_dirty=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    indexed = products_search_index_update(product_ids=ids)
    log(f"  {indexed} products indexed for search ({time.perf_counter() - started:.0f} s)")
