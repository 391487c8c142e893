"""The demo's products, one per county specialty, written in a few bulk upserts.

Every row is keyed by a natural key (the product's external reference, the SKU, the unique
pairs), so loading again updates in place. Stock is only created, never reset: sales made on
the demo survive a reload. Pictures are drawn only for products that have none.
"""

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.db.models import Model
from django.utils import timezone
from pypinyin import lazy_pinyin

from catalog.demo.images import product_card
from catalog.demo.reference import DATA_DIR, LHASA, PRODUCT_TYPES
from catalog.models import (
    AssignedProductAttributeValue,
    AssignedVariantAttributeValue,
    AttributeValue,
    AttributeValueTranslation,
    Division,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductVariant,
    ProductVariantChannelListing,
    Stock,
)

DEMO_REFERENCE = "demo:"
TYPE_OF_CATEGORY = {
    "herbs": "medicinal",
    "handicraft": "craft",
    "incense": "craft",
    "textile": "craft",
    "tourism": "tour",
}
GRAMS = {"500g": 500, "250g": 250, "50g": 50, "斤": 500, "kg": 1000}
GRADES = {"特级": ("Premium", "རིམ་པ་དམིགས་བསལ"), "一级": ("First grade", "རིམ་པ་དང་པོ")}
PACKS = (("标准装", "Standard pack", 1), ("家庭装", "Family pack", 3))
# The partner province's shoppers get the consumer-aid price.
CHANNEL_PRICE_FACTOR = {"jiangsu-partner": Decimal("0.95")}
SHOWROOM_STOCK = 5
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SEASON = re.compile(r"(\d\d)-(\d\d)")
CENT = Decimal("0.01")


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:6].upper()


@dataclass(frozen=True)
class Specialty:
    county_code: str
    name_zh: str
    name_en: str
    category: str
    unit: str
    season: str
    price: Decimal
    altitude: int

    @property
    def reference(self) -> str:
        return f"{DEMO_REFERENCE}{self.county_code}:{short_hash(self.name_zh)}"

    @property
    def slug(self) -> str:
        words = re.sub(r"（.*?）|/", " ", self.name_zh).split()
        return "-".join(lazy_pinyin(words[0]))[:80]

    @property
    def type_slug(self) -> str:
        return TYPE_OF_CATEGORY.get(self.category, "plateau-food")

    @property
    def grams(self) -> int | None:
        return GRAMS.get(self.unit)

    @property
    def packs(self) -> tuple[tuple[str, str, int], ...]:
        return PACKS if PRODUCT_TYPES[self.type_slug][2] else PACKS[:1]


def read_specialties() -> list[Specialty]:
    """The county specialties, without the rows whose notes are tagged `uncertain:`."""
    with (DATA_DIR / "demo_products.csv").open(encoding="utf-8") as handle:
        extra = {row["name_zh"]: row for row in csv.DictReader(handle)}
    with (DATA_DIR / "products_by_county.csv").open(encoding="utf-8") as handle:
        return [
            Specialty(
                county_code=row["county_code"],
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                category=row["category"],
                unit=row["unit"],
                season=row["typical_season"],
                price=Decimal(extra[row["name_zh"]]["price_cny"]),
                altitude=int(extra[row["name_zh"]]["altitude_m"]),
            )
            for row in csv.DictReader(handle)
            if not row["notes"].startswith("uncertain:")
        ]


def season_names(season: str) -> tuple[str, str]:
    """ "07-09" → ("7–9月", "Jul–Sep"); anything else ("year-round (…)") is all year."""
    match = SEASON.match(season)
    if not match:
        return "全年", "Year-round"
    start, end = (int(part) for part in match.groups())
    return f"{start}–{end}月", f"{MONTHS[start - 1]}–{MONTHS[end - 1]}"


def _upsert(model: type[Model], objects: list, unique: list[str], update: list[str]) -> None:
    model.objects.bulk_create(
        objects, update_conflicts=True, unique_fields=unique, update_fields=update
    )


def _description(specialty: Specialty, county: Division) -> str:
    season_zh, _ = season_names(specialty.season)
    return (
        f"{county.parent.name_zh}{county.name_zh}特产：{specialty.name_zh}，产季{season_zh}。"
        f" {specialty.name_en}, from {county.name_en}, {county.parent.name_en}."
    )


def _product(specialty: Specialty, county: Division, frame) -> Product:
    text = _description(specialty, county)
    return Product(
        external_reference=specialty.reference,
        name=specialty.name_zh,
        slug=specialty.slug,
        product_type=frame.product_types[specialty.type_slug],
        category=frame.categories[specialty.category],
        origin=county,
        description={"blocks": [{"type": "paragraph", "data": {"text": text}}]},
        description_plaintext=text,
        seo_title=specialty.name_zh[:70],
        weight=Decimal(specialty.grams) / 1000 if specialty.grams else None,
        search_index_dirty=True,
    )


def _attribute_values(specialty: Specialty) -> list[tuple[str, str, dict[str, str]]]:
    """(attribute slug, value name, translations) of a product."""
    values = [("altitude", str(specialty.altitude), {})]
    if specialty.type_slug != "tour":
        grade = "特级" if specialty.price >= 150 else "一级"
        values.append(("grade", grade, {"en": GRADES[grade][0], "bo": GRADES[grade][1]}))
    if specialty.type_slug != "craft":
        season_zh, season_en = season_names(specialty.season)
        values.append(("season", season_zh, {"en": season_en}))
    if specialty.grams:
        values.append(("net-weight", str(specialty.grams), {}))
    return values


def value_slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", "-".join(lazy_pinyin(name)).lower()).strip("-")


def _load_values(wanted: dict[tuple[str, str], dict[str, str]], frame) -> dict:
    """Upsert attribute values and their translations; returns {(attribute slug, name): value}."""
    _upsert(
        AttributeValue,
        [
            AttributeValue(attribute=frame.attributes[slug], name=name, slug=value_slug(name))
            for slug, name in wanted
        ],
        ["slug", "attribute"],
        ["name"],
    )
    by_key = {
        (value.attribute.slug, value.name): value
        for value in AttributeValue.objects.filter(
            attribute__in=frame.attributes.values()
        ).select_related("attribute")
    }
    _upsert(
        AttributeValueTranslation,
        [
            AttributeValueTranslation(attribute_value=by_key[key], language_code=code, name=name)
            for key, translations in wanted.items()
            for code, name in translations.items()
        ],
        ["language_code", "attribute_value"],
        ["name"],
    )
    return by_key


def _sku(specialty: Specialty, count: int) -> str:
    return f"TB-{specialty.county_code}-{short_hash(specialty.name_zh)}-{count}"


def _variant_rows(specialty: Specialty, product: Product) -> list[tuple[ProductVariant, str]]:
    rows = []
    for order, (pack, _pack_en, count) in enumerate(specialty.packs):
        if len(specialty.packs) == 1:
            name = f"1{specialty.unit}"
        else:
            name = f"{pack} {count}×{specialty.unit}" if count > 1 else f"{pack} {specialty.unit}"
        variant = ProductVariant(
            product=product,
            sku=_sku(specialty, count),
            name=name,
            sort_order=order,
            track_inventory=specialty.type_slug != "tour",
            weight=Decimal(specialty.grams * count) / 1000 if specialty.grams else None,
        )
        rows.append((variant, pack))
    return rows


def _price(specialty: Specialty, count: int, channel_slug: str) -> Decimal:
    pack_price = specialty.price * count * (Decimal("0.9") if count > 1 else 1)
    factor = CHANNEL_PRICE_FACTOR.get(channel_slug, Decimal(1))
    return (pack_price.quantize(Decimal(1)) * factor).quantize(CENT)


def load_products(specialties: list[Specialty], frame) -> list[Product]:
    """Upsert the products with everything they need to be sold; returns them."""
    frame.counties = {
        d.code: d
        for d in Division.objects.filter(
            code__in={s.county_code for s in specialties}
        ).select_related("parent")
    }
    counties = frame.counties
    _upsert(
        Product,
        [_product(s, counties[s.county_code], frame) for s in specialties],
        ["external_reference"],
        ["name", "slug", "product_type", "category", "origin", "description",
         "description_plaintext", "seo_title", "weight", "search_index_dirty", "updated_at"],
    )  # fmt: skip
    products = {
        p.external_reference: p
        for p in Product.objects.filter(external_reference__in=[s.reference for s in specialties])
    }
    _upsert(
        ProductTranslation,
        [
            ProductTranslation(product=products[s.reference], language_code="en", name=s.name_en)
            for s in specialties
        ],
        ["language_code", "product"],
        ["name"],
    )
    _load_product_values(specialties, products, frame)
    variants = _load_variants(specialties, products, frame)
    _load_listings(specialties, products, variants, frame)
    _load_stock(specialties, products, variants, frame)
    _set_default_variants(specialties, products, variants)
    _draw_missing_images(specialties, products, frame)
    return list(products.values())


def _load_product_values(specialties, products, frame) -> None:
    wanted = {(slug, name): tr for s in specialties for slug, name, tr in _attribute_values(s)}
    wanted |= {("pack", pack): {"en": pack_en} for pack, pack_en, _count in PACKS}
    values = _load_values(wanted, frame)
    assignments = [
        AssignedProductAttributeValue(
            product=products[s.reference], value=values[(slug, name)], sort_order=order
        )
        for s in specialties
        for order, (slug, name, _tr) in enumerate(_attribute_values(s))
    ]
    keep = {(a.product_id, a.value_id) for a in assignments}
    stale = [
        pk
        for pk, product_id, value_id in AssignedProductAttributeValue.objects.filter(
            product__in=products.values()
        ).values_list("pk", "product_id", "value_id")
        if (product_id, value_id) not in keep
    ]
    AssignedProductAttributeValue.objects.filter(pk__in=stale).delete()
    _upsert(AssignedProductAttributeValue, assignments, ["value", "product"], ["sort_order"])
    frame.values = values


def _load_variants(specialties, products, frame) -> dict[str, ProductVariant]:
    rows = [(s, *row) for s in specialties for row in _variant_rows(s, products[s.reference])]
    _upsert(
        ProductVariant,
        [variant for _s, variant, _pack in rows],
        ["sku"],
        ["product", "name", "sort_order", "track_inventory", "weight", "updated_at"],
    )
    skus = [variant.sku for _s, variant, _pack in rows]
    variants = {v.sku: v for v in ProductVariant.objects.filter(sku__in=skus)}
    _upsert(
        AssignedVariantAttributeValue,
        [
            AssignedVariantAttributeValue(
                variant=variants[variant.sku], value=frame.values[("pack", pack)]
            )
            for specialty, variant, pack in rows
            if PRODUCT_TYPES[specialty.type_slug][2]
        ],
        ["value", "variant"],
        ["sort_order"],
    )
    return variants


def _load_listings(specialties, products, variants, frame) -> None:
    since = timezone.now() - timedelta(days=30)
    variant_listings, product_listings = [], []
    for specialty in specialties:
        for slug, channel in frame.channels.items():
            prices = []
            for _pack, _pack_en, count in specialty.packs:
                price = _price(specialty, count, slug)
                prices.append(price)
                variant_listings.append(
                    ProductVariantChannelListing(
                        variant=variants[_sku(specialty, count)],
                        channel=channel,
                        currency=channel.currency_code,
                        price_amount=price,
                        discounted_price_amount=price,
                        cost_price_amount=(price * Decimal("0.6")).quantize(CENT),
                    )
                )
            product_listings.append(
                ProductChannelListing(
                    product=products[specialty.reference],
                    channel=channel,
                    currency=channel.currency_code,
                    is_published=True,
                    published_at=since,
                    visible_in_listings=True,
                    available_for_purchase_at=since,
                    discounted_price_amount=min(prices),
                )
            )
    _upsert(
        ProductVariantChannelListing,
        variant_listings,
        ["variant", "channel"],
        ["currency", "price_amount", "discounted_price_amount", "cost_price_amount"],
    )
    _upsert(
        ProductChannelListing,
        product_listings,
        ["product", "channel"],
        ["currency", "is_published", "visible_in_listings", "discounted_price_amount"],
    )


def _load_stock(specialties, products, variants, frame) -> None:
    """Stock in the product's prefecture warehouse, and a few pieces in the Lhasa showroom."""
    stocks = []
    for specialty in specialties:
        home = frame.warehouses[frame.counties[specialty.county_code].parent.code]
        for _pack, _pack_en, count in specialty.packs:
            variant = variants[_sku(specialty, count)]
            quantity = 20 + int(short_hash(variant.sku), 16) % 180
            if specialty.type_slug == "tour":
                quantity = 1000
            by_warehouse = {frame.warehouses[LHASA]: SHOWROOM_STOCK, home: quantity}
            stocks += [
                Stock(warehouse=warehouse, product_variant=variant, quantity=amount)
                for warehouse, amount in by_warehouse.items()
            ]
    Stock.objects.bulk_create(stocks, ignore_conflicts=True)


def _set_default_variants(specialties, products, variants) -> None:
    changed = []
    for specialty in specialties:
        product = products[specialty.reference]
        first = variants[_sku(specialty, specialty.packs[0][2])]
        if product.default_variant_id != first.pk:
            product.default_variant = first
            changed.append(product)
    Product.objects.bulk_update(changed, ["default_variant"])


def _draw_missing_images(specialties, products, frame) -> None:
    with_media = set(
        ProductMedia.objects.filter(product__in=products.values()).values_list(
            "product_id", flat=True
        )
    )
    for specialty in specialties:
        product = products[specialty.reference]
        if product.pk in with_media:
            continue
        media = ProductMedia(product=product, alt=specialty.name_zh, sort_order=0)
        card = product_card(specialty.name_zh, frame.colours[specialty.category])
        media.image.save(f"{specialty.slug}.png", card, save=False)
        media.save()
