"""The demo brands step: a full three-tier tree, licences on demo products, idempotent."""

import io

import pytest

from catalog.demo import load_demo_catalog
from catalog.demo.brands import load_demo_brands
from catalog.models import Brand, BrandLicence, BrandTier, LicenceStatus, Producer, Product
from catalog.selectors.brands import brands_for_products
from catalog.validators import is_valid_registration_code

pytestmark = pytest.mark.django_db


def load() -> str:
    out = io.StringIO()
    load_demo_brands(out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return (
        Brand.objects.count(),
        Producer.objects.count(),
        BrandLicence.objects.count(),
        Product.objects.filter(producer__isnull=False).count(),
    )


def test_demo_brands_load_twice_without_duplicates():
    load_demo_catalog(io.StringIO())
    first_output = load()
    first = counts()
    assert load() == first_output
    assert counts() == first

    tiers = {tier: Brand.objects.filter(tier=tier).count() for tier in BrandTier.values}
    assert tiers["region"] == 1 and tiers["prefecture"] == 7
    assert tiers["county"] >= 3 and tiers["enterprise"] >= 1
    region = Brand.objects.get(tier=BrandTier.REGION)
    assert (region.name, region.name_en) == ("西藏好物", "Tibet Goods")
    assert all(b.logo for b in Brand.objects.all())
    for county in Brand.objects.filter(tier=BrandTier.COUNTY).select_related(
        "parent", "owner_division"
    ):
        assert county.parent.owner_division_id == county.owner_division.parent_id
    codes = Producer.objects.exclude(registration_code=None).values_list(
        "registration_code", flat=True
    )
    assert codes and all(is_valid_registration_code(code) for code in codes)
    statuses = set(BrandLicence.objects.values_list("status", flat=True))
    assert statuses == {LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED, LicenceStatus.EXPIRED}

    shown = brands_for_products(
        Product.objects.filter(producer__isnull=False).values_list("pk", flat=True)
    )
    matsutake = Product.objects.get(name="林芝松茸")
    assert [b.slug for b in shown[matsutake.pk]] == ["tibet-goods", "nyingchi-goods", "bayi-goods"]
    black_fungus = Product.objects.get(name="亚东黑木耳")
    # Its county licence is suspended; the Shigatse licence covers fungi.
    assert [b.slug for b in shown[black_fungus.pk]] == ["shigatse-goods"]
