"""What a handbook's public outputs (the print PDF and the data package) show, read at once.

Only public data leaves this module. The producer appears by its public name alone
(catalog.selectors.producers: a household is its county's label, never a villager's name); its
household status, contacts and the entry notes stay out.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from catalog.models import (
    Brand,
    BrandTier,
    Certification,
    Division,
    Handbook,
    HandbookEntry,
    ProductChannelListing,
    ProductMedia,
    ProductMediaType,
    ProductVariantChannelListing,
)
from catalog.selectors.brands import brands_for_products
from catalog.selectors.producers import PRIVATE_FIELDS, entry_producer_public_name

# The outputs are Chinese documents: a household's label is written in Chinese.
OUTPUT_LANGUAGE = "zh-hans"
TIER_ORDER = (BrandTier.REGION, BrandTier.PREFECTURE, BrandTier.COUNTY, BrandTier.ENTERPRISE)
CERTIFICATION_CODES = {choice.value for choice in Certification}


@dataclass(frozen=True)
class BrandBadge:
    pk: int
    name: str
    name_bo: str
    name_en: str
    tier: str

    @classmethod
    def of(cls, brand: Brand) -> "BrandBadge":
        return cls(brand.pk, brand.name, brand.name_bo, brand.name_en, brand.tier)

    @property
    def tier_label(self) -> str:
        return str(BrandTier(self.tier).label)


@dataclass
class EntrySheet:
    pk: int
    row_number: int | None
    name_zh: str
    name_bo: str
    name_en: str
    specification: str
    unit: str
    net_weight: Decimal | None
    price_min: Decimal | None
    price_max: Decimal | None
    production_area: str
    annual_output: str
    season: str
    season_months: list[int]
    quality_level: str
    certifications: list[str]
    sales_channels: list[dict]
    brand_ownership: str
    producer_name: str
    ecommerce_enterprise: str
    gtin: str
    brands: list[BrandBadge] = field(default_factory=list)
    # Storage names: the entry's own images, else its product's media images.
    image_names: list[str] = field(default_factory=list)
    # The product's page in the online shop, once it is published.
    product_url: str | None = None

    @property
    def certification_labels(self) -> list[str]:
        return [str(Certification(code).label) for code in self.certifications]

    @property
    def price_text(self) -> str:
        """The price range ("¥12.00–18.00") or price, per unit when the entry names one."""
        prices = sorted({p for p in (self.price_min, self.price_max) if p is not None})
        if not prices:
            return ""
        text = "¥" + "–".join(f"{price:.2f}" for price in prices)
        return f"{text} / {self.unit}" if self.unit else text

    @property
    def months_text(self) -> str:
        """The months on the market as ranges ("7–9, 12"), or "Year-round"."""
        months = sorted({m for m in self.season_months if isinstance(m, int) and 1 <= m <= 12})
        if len(months) == 12:
            return gettext("Year-round")
        ranges: list[list[int]] = []
        for month in months:
            if ranges and month == ranges[-1][-1] + 1:
                ranges[-1].append(month)
            else:
                ranges.append([month])
        return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in ranges)

    @property
    def season_text(self) -> str:
        if self.season:
            return self.season
        if not self.months_text or len(set(self.season_months)) == 12:
            return self.months_text
        return gettext("Months %(months)s") % {"months": self.months_text}


@dataclass
class HandbookSheet:
    handbook: Handbook
    county: Division
    prefecture: Division | None
    # The county's public brand, else its prefecture's; the logo is the first one found.
    public_brand: BrandBadge | None
    logo_name: str
    entries: list[EntrySheet]
    generated_at: datetime

    @property
    def edition(self) -> int:
        return self.handbook.edition


def storefront_product_url(slug: str) -> str:
    base = settings.STOREFRONT_URL
    return f"{base.rstrip('/')}/products/{quote(slug, safe='')}/"


def handbook_sheet(*, handbook_id: int) -> HandbookSheet | None:
    """Everything the outputs show about a handbook (None if it is gone), in at most ten
    queries whatever the number of entries."""
    handbook = Handbook.objects.select_related("county__parent").filter(pk=handbook_id).first()
    if handbook is None:
        return None
    county = handbook.county
    prefecture = county.parent
    public_brand, logo_name = _county_brand(county)
    rows = list(
        HandbookEntry.objects.filter(handbook=handbook)
        .select_related("brand", "producer__county")
        .defer(*(f"producer__{name}" for name in PRIVATE_FIELDS))
        .prefetch_related("images")
        .annotate(product_slug=F("product__slug"))
        .order_by("row_number", "pk")
    )
    product_ids = {row.product_id for row in rows if row.product_id}
    published = _published_product_ids(product_ids)
    product_brands = _brands_by_product(published)
    media = _media_names_by_product(
        {row.product_id for row in rows if row.product_id and not row.images.all()}
    )
    entries = []
    for row in rows:
        sheet = _entry_sheet(row, county)
        badges = [BrandBadge.of(row.brand)] if row.brand_id else []
        badges += [BrandBadge.of(brand) for brand in product_brands.get(row.product_id, ())]
        sheet.brands = _ordered_badges(badges)
        sheet.image_names = [image.image.name for image in row.images.all() if image.image]
        if not sheet.image_names and row.product_id:
            sheet.image_names = media.get(row.product_id, [])
        if row.product_id in published:
            sheet.product_url = storefront_product_url(row.product_slug)
        entries.append(sheet)
    return HandbookSheet(
        handbook=handbook,
        county=county,
        prefecture=prefecture,
        public_brand=public_brand,
        logo_name=logo_name,
        entries=entries,
        generated_at=timezone.localtime(),
    )


def _entry_sheet(row: HandbookEntry, county: Division) -> EntrySheet:
    with translation.override(OUTPUT_LANGUAGE):
        producer_name = entry_producer_public_name(row, county)
    return EntrySheet(
        pk=row.pk,
        row_number=row.row_number,
        name_zh=row.name_zh,
        name_bo=row.name_bo,
        name_en=row.name_en,
        specification=row.specification,
        unit=row.unit,
        net_weight=row.net_weight,
        price_min=row.price_min,
        price_max=row.price_max,
        production_area=row.production_area,
        annual_output=row.annual_output,
        season=row.season,
        season_months=list(row.season_months or []),
        quality_level=row.quality_level,
        certifications=[c for c in row.certifications or [] if c in CERTIFICATION_CODES],
        sales_channels=[c for c in row.sales_channels or [] if isinstance(c, dict)],
        brand_ownership=row.brand_ownership,
        producer_name=producer_name,
        ecommerce_enterprise=row.ecommerce_enterprise,
        gtin=row.gtin,
    )


def _ordered_badges(badges: list[BrandBadge]) -> list[BrandBadge]:
    unique = list({badge.pk: badge for badge in badges}.values())
    return sorted(unique, key=lambda badge: TIER_ORDER.index(badge.tier))


def _county_brand(county: Division) -> tuple[BrandBadge | None, str]:
    owned = Q(tier=BrandTier.COUNTY, owner_division=county)
    if county.parent_id:
        owned |= Q(tier=BrandTier.PREFECTURE, owner_division_id=county.parent_id)
    brands = list(Brand.objects.filter(owned, is_active=True).order_by("pk"))
    ranked = sorted(brands, key=lambda brand: brand.tier != BrandTier.COUNTY)
    if not ranked:
        return None, ""
    logo = next((brand.logo.name for brand in ranked if brand.logo), "")
    return BrandBadge.of(ranked[0]), logo


def _published_product_ids(product_ids: set[int]) -> set[int]:
    """Products a shopper can open: published in an active channel with a price there."""
    if not product_ids:
        return set()
    priced = ProductVariantChannelListing.objects.filter(
        variant__product_id=OuterRef("product_id"),
        channel_id=OuterRef("channel_id"),
        price_amount__isnull=False,
    )
    listings = ProductChannelListing.objects.filter(
        Q(published_at__isnull=True) | Q(published_at__lte=timezone.now()),
        product_id__in=product_ids,
        is_published=True,
        channel__is_active=True,
    ).filter(Exists(priced))
    return set(listings.values_list("product_id", flat=True))


def _brands_by_product(product_ids: set[int]) -> dict[int, list[Brand]]:
    """The brands published products show (licensed public brands, enterprise brands)."""
    return brands_for_products(sorted(product_ids)) if product_ids else {}


def _media_names_by_product(product_ids: set[int]) -> dict[int, list[str]]:
    grouped: dict[int, list[str]] = defaultdict(list)
    if not product_ids:
        return grouped
    media = (
        ProductMedia.objects.filter(product_id__in=product_ids, type=ProductMediaType.IMAGE)
        .exclude(Q(image="") | Q(image__isnull=True))
        .order_by("sort_order", "pk")
        .values_list("product_id", "image")
    )
    for product_id, name in media:
        grouped[product_id].append(name)
    return grouped
