"""Reads of brands: lists, the badges products show, and the product filters by brand and origin.

A product shows its producer's active enterprise brands, and each active public brand for
which its producer holds a live licence covering it: status ACTIVE, start date ≤ today ≤ end
date, naming the product or its category (or an ancestor of its category). Nothing here is
cached beyond the caller's request, so a suspended or expired licence takes the badge off at
once.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.utils import timezone

from catalog.models import (
    PUBLIC_TIERS,
    Brand,
    BrandLicence,
    BrandTier,
    Division,
    LicenceStatus,
    Producer,
    Product,
)

TIER_RANK = {
    BrandTier.REGION: 0,
    BrandTier.PREFECTURE: 1,
    BrandTier.COUNTY: 2,
    BrandTier.ENTERPRISE: 3,
}
LicensedProduct = BrandLicence.products.through
LicensedCategory = BrandLicence.categories.through


def live_licence_q(today: datetime.date, prefix: str = "") -> Q:
    """Licences that put a badge on products today (`prefix`: the path to the licence)."""
    return Q(
        **{
            f"{prefix}status": LicenceStatus.ACTIVE,
            f"{prefix}start_date__lte": today,
            f"{prefix}end_date__gte": today,
            f"{prefix}brand__is_active": True,
            f"{prefix}brand__tier__in": PUBLIC_TIERS,
        }
    )


def _sort_key(brand: Brand) -> tuple:
    return (TIER_RANK.get(brand.tier, len(TIER_RANK)), brand.name, brand.pk)


def brands_for_products(
    product_ids: Iterable[int], today: datetime.date | None = None
) -> dict[int, list[Brand]]:
    """The brands each product shows on `today` (default: today), region first and
    enterprise brands last; products showing none may be absent.

    At most four queries for any number of products; a brand shown by several products is
    one instance.
    """
    today = today or timezone.localdate()
    rows = list(
        Product.objects.filter(pk__in=list(product_ids)).values_list(
            "pk", "producer_id", "category__tree_path"
        )
    )
    producer_of = {pk: producer_id for pk, producer_id, _path in rows if producer_id}
    if not producer_of:
        return {}
    categories_of = {
        pk: [int(part) for part in (path or "").split("/") if part] for pk, _p, path in rows
    }
    # (producer, brand) pairs licensed for a product, or for a category and its subtree.
    by_product = defaultdict(set)
    for product_id, producer_id, brand_id in LicensedProduct.objects.filter(
        live_licence_q(today, "brandlicence__"),
        product_id__in=list(producer_of),
        brandlicence__producer_id__in=set(producer_of.values()),
    ).values_list("product_id", "brandlicence__producer_id", "brandlicence__brand_id"):
        by_product[product_id].add((producer_id, brand_id))
    all_categories = {c for pk in producer_of for c in categories_of[pk]}
    by_category = defaultdict(set)
    if all_categories:
        for category_id, producer_id, brand_id in LicensedCategory.objects.filter(
            live_licence_q(today, "brandlicence__"),
            category_id__in=all_categories,
            brandlicence__producer_id__in=set(producer_of.values()),
        ).values_list("category_id", "brandlicence__producer_id", "brandlicence__brand_id"):
            by_category[category_id].add((producer_id, brand_id))

    public_ids: dict[int, set[int]] = {}
    for pk, producer_id in producer_of.items():
        pairs = set(by_product[pk])
        for category_id in categories_of[pk]:
            pairs |= by_category[category_id]
        public_ids[pk] = {brand_id for owner, brand_id in pairs if owner == producer_id}
    wanted = set().union(*public_ids.values())
    brands = Brand.objects.filter(
        Q(pk__in=wanted)
        | Q(
            tier=BrandTier.ENTERPRISE,
            is_active=True,
            owner_producer_id__in=set(producer_of.values()),
        )
    )
    by_id = {brand.pk: brand for brand in brands}
    enterprise_of = defaultdict(list)
    for brand in by_id.values():
        if brand.tier == BrandTier.ENTERPRISE:
            enterprise_of[brand.owner_producer_id].append(brand)
    result = {}
    for pk, producer_id in producer_of.items():
        shown = [by_id[b] for b in public_ids[pk] if b in by_id] + enterprise_of[producer_id]
        result[pk] = sorted(shown, key=_sort_key)
    return result


def products_with_brands_q(brand_pks: Iterable[int], today: datetime.date) -> Q:
    """Products that show any of these brands today (the same rule as their badges)."""
    brand_pks = list(brand_pks)
    enterprise = Brand.objects.filter(
        pk__in=brand_pks,
        tier=BrandTier.ENTERPRISE,
        is_active=True,
        owner_producer_id=OuterRef("producer_id"),
    )
    named = LicensedProduct.objects.filter(
        live_licence_q(today, "brandlicence__"),
        brandlicence__brand_id__in=brand_pks,
        brandlicence__producer_id=OuterRef("producer_id"),
        product_id=OuterRef("pk"),
    )
    # The licence's category is the product's category or one of its ancestors.
    in_category = (
        LicensedCategory.objects.filter(
            live_licence_q(today, "brandlicence__"),
            brandlicence__brand_id__in=brand_pks,
            brandlicence__producer_id=OuterRef("producer_id"),
        )
        .annotate(
            product_path=ExpressionWrapper(
                OuterRef("category__tree_path"), output_field=CharField()
            )
        )
        .filter(product_path__startswith=F("category__tree_path"))
    )
    return Q(Exists(enterprise)) | Q(Exists(named)) | Q(Exists(in_category))


def division_subtree(division_pks: Iterable[int]) -> set[int]:
    """The divisions and every division beneath them, in one query (3 levels deep)."""
    pks = list(division_pks)
    return set(
        Division.objects.filter(
            Q(pk__in=pks) | Q(parent_id__in=pks) | Q(parent__parent_id__in=pks)
        ).values_list("pk", flat=True)
    )


def products_from_divisions_q(division_pks: Iterable[int]) -> Q:
    """Products from these divisions or beneath them: by origin county, else (no origin
    recorded) by their producer's county. A prefecture includes its counties, the region all."""
    subtree = division_subtree(division_pks)
    return Q(origin_id__in=subtree) | Q(origin__isnull=True, producer__county_id__in=subtree)


def brands(
    *,
    sees_all: bool,
    tier: str | None = None,
    division_pk: int | None = None,
    search: str | None = None,
) -> QuerySet[Brand]:
    """Brands a caller sees (inactive ones only with `sees_all`), filtered.

    `division_pk` keeps brands owned by the division or a division beneath it (enterprise
    brands by their producer's county).
    """
    queryset = Brand.objects.all()
    if not sees_all:
        queryset = queryset.filter(is_active=True)
    if tier:
        queryset = queryset.filter(tier=tier)
    if division_pk is not None:
        subtree = division_subtree([division_pk])
        queryset = queryset.filter(
            Q(owner_division_id__in=subtree) | Q(owner_producer__county_id__in=subtree)
        )
    if search := (search or "").strip():
        queryset = queryset.filter(
            Q(name__icontains=search)
            | Q(name_bo__icontains=search)
            | Q(name_en__icontains=search)
            | Q(slug__icontains=search)
        )
    return queryset


# --- batched lookups for the API ----------------------------------------------------------


def brands_by_id(pks: list[int]) -> dict[int, Brand]:
    return {b.pk: b for b in Brand.objects.filter(pk__in=pks)}


def children_by_brand(keys: list[tuple[int, bool]]) -> dict[tuple[int, bool], list[Brand]]:
    """Keys are (brand pk, include inactive children)."""
    pks = {pk for pk, _all in keys}
    children = sorted(Brand.objects.filter(parent_id__in=pks), key=_sort_key)
    found: dict[tuple[int, bool], list[Brand]] = defaultdict(list)
    for child in children:
        for include_inactive in (True, False):
            if child.is_active or include_inactive:
                found[(child.parent_id, include_inactive)].append(child)
    return found


def producers_by_id(pks: list[int]) -> dict[int, Producer]:
    return {p.pk: p for p in Producer.objects.filter(pk__in=pks).select_related("county")}


def divisions_by_id(pks: list[int]) -> dict[int, Division]:
    return {d.pk: d for d in Division.objects.filter(pk__in=pks)}
