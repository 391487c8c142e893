"""Brand hierarchy, producer and licence rules, as the services enforce them."""

import pytest

from catalog.models import Brand, BrandTier, LicenceStatus, ProducerKind
from catalog.services.brands import brand_create, brand_update
from catalog.services.licences import (
    licence_expire,
    licence_grant,
    licence_reinstate,
    licence_suspend,
)
from catalog.services.producers import producer_update
from infra.errors import ValidationFailed
from tests.catalog.brands.conftest import (
    GYANTSE,
    MAINLING,
    NYINGCHI,
    REGION,
    SHIGATSE,
    days,
    division,
    make_producer,
)
from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


def errors_of(call, *args, **kwargs) -> set[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as failure:
        call(*args, **kwargs)
    return {(error.field, error.code) for error in failure.value.errors}


# --- hierarchy ------------------------------------------------------------------------------


def test_a_well_formed_tree_is_accepted(tree):
    assert tree.bayi.parent == tree.nyingchi
    assert tree.nyingchi.parent == tree.region
    assert tree.region.slug == "tibet-goods"  # from the English name
    assert {b.tier for b in Brand.objects.all()} == set(BrandTier.values) - {"enterprise"}


def test_region_brand_has_no_parent_and_a_region_owner(tree):
    assert errors_of(
        brand_create, name="x", tier=BrandTier.REGION, owner_division=division(REGION),
        parent=tree.region,
    ) == {("parent", "INVALID")}  # fmt: skip
    assert errors_of(
        brand_create, name="x", tier=BrandTier.REGION, owner_division=division(NYINGCHI)
    ) == {("ownerDivision", "INVALID")}


def test_prefecture_brand_needs_the_region_brand_as_parent(tree):
    assert errors_of(
        brand_create, name="x", tier=BrandTier.PREFECTURE, owner_division=division(NYINGCHI)
    ) == {("parent", "REQUIRED")}
    assert errors_of(
        brand_create, name="x", tier=BrandTier.PREFECTURE, owner_division=division(NYINGCHI),
        parent=tree.shigatse,
    ) == {("parent", "INVALID")}  # fmt: skip


def test_county_brand_parent_must_be_its_own_prefectures_brand(tree):
    ok = brand_create(
        name="米林好物", tier=BrandTier.COUNTY, owner_division=division(MAINLING),
        parent=tree.nyingchi,
    )  # fmt: skip
    assert ok.parent_id == tree.nyingchi.pk
    # Gyantse is in Shigatse, not Nyingchi.
    assert errors_of(
        brand_create, name="江孜好物", tier=BrandTier.COUNTY, owner_division=division(GYANTSE),
        parent=tree.nyingchi,
    ) == {("parent", "INVALID")}  # fmt: skip
    # The region brand is not a county brand's parent.
    assert errors_of(
        brand_create, name="江孜好物", tier=BrandTier.COUNTY, owner_division=division(GYANTSE),
        parent=tree.region,
    ) == {("parent", "INVALID")}  # fmt: skip
    # A county brand is owned by a county.
    assert errors_of(
        brand_create, name="x", tier=BrandTier.COUNTY, owner_division=division(SHIGATSE),
        parent=tree.shigatse,
    ) == {("ownerDivision", "INVALID")}  # fmt: skip


def test_enterprise_brand_is_owned_by_a_producer(tree):
    producer = make_producer()
    brand = brand_create(name="雪域果园", tier=BrandTier.ENTERPRISE, owner_producer=producer)
    assert brand.owner_division_id == producer.county_id
    assert errors_of(brand_create, name="y", tier=BrandTier.ENTERPRISE) == {
        ("ownerProducer", "REQUIRED")
    }
    assert errors_of(
        brand_create, name="y", tier=BrandTier.ENTERPRISE, owner_producer=producer,
        parent=tree.bayi,
    ) == {("parent", "INVALID")}  # fmt: skip
    assert errors_of(
        brand_create, name="y", tier=BrandTier.REGION, owner_division=division(REGION),
        owner_producer=producer,
    ) == {("ownerProducer", "INVALID")}  # fmt: skip


def test_name_required_slug_unique(tree):
    assert ("name", "REQUIRED") in errors_of(
        brand_create, name=" ", tier=BrandTier.REGION, owner_division=division(REGION)
    )
    assert errors_of(
        brand_create, name="又一个", slug="tibet-goods", tier=BrandTier.REGION,
        owner_division=division(REGION),
    ) == {("slug", "UNIQUE")}  # fmt: skip


def test_update_checks_the_parent_and_keeps_tier_and_owner(tree):
    assert errors_of(brand_update, brand=tree.bayi, data={"parent": tree.shigatse}) == {
        ("parent", "INVALID")
    }
    assert errors_of(brand_update, brand=tree.bayi, data={"tier": "region"}) == {
        ("tier", "INVALID")
    }
    updated = brand_update(brand=tree.bayi, data={"name": "巴宜优品", "is_active": False})
    assert (updated.name, updated.is_active) == ("巴宜优品", False)


# --- producers ------------------------------------------------------------------------------


def test_producer_registration_code_is_checked_and_normalised():
    assert errors_of(make_producer, name="甲", registration_code="914403001922038217") == {
        ("registrationCode", "INVALID")
    }
    ok = make_producer(name="乙", registration_code="91440300708461136t")
    assert ok.registration_code == "91440300708461136T"
    assert errors_of(make_producer, name="丙", registration_code="91440300708461136T") == {
        ("registrationCode", "UNIQUE")
    }


def test_producer_fields_are_validated():
    assert errors_of(make_producer, county=NYINGCHI) == {("county", "INVALID")}
    assert errors_of(make_producer, kind="factory") == {("kind", "INVALID")}
    assert errors_of(make_producer, certifications=["organic", "halal"]) == {
        ("certifications", "INVALID")
    }
    make_producer(name="同名")
    assert errors_of(make_producer, name="同名") == {("name", "UNIQUE")}
    household = make_producer(name="卓玛家", kind=ProducerKind.HOUSEHOLD, household_status="lifted")
    assert household.household_status == "lifted" and household.registration_code is None


def test_producer_cannot_leave_the_division_of_a_live_licence(tree):
    producer = make_producer()
    product = ProductFactory(producer=producer)
    licence_grant(brand=tree.nyingchi, producer=producer, products=[product],
                  start_date=days(0), end_date=days(30))  # fmt: skip
    assert errors_of(producer_update, producer=producer, data={"county": division(GYANTSE)}) == {
        ("county", "INVALID")
    }
    moved = producer_update(producer=producer, data={"county": division(MAINLING)})
    assert moved.county.code == MAINLING  # still in Nyingchi


# --- licences -------------------------------------------------------------------------------


def test_licence_grant_rules(tree):
    producer = make_producer()
    product = ProductFactory(producer=producer)
    other = ProductFactory(producer=make_producer(name="别家"))
    enterprise = brand_create(name="自家", tier=BrandTier.ENTERPRISE, owner_producer=producer)
    dates = {"start_date": days(0), "end_date": days(30)}

    assert errors_of(licence_grant, brand=enterprise, producer=producer, products=[product],
                     **dates) == {("brand", "INVALID")}  # fmt: skip
    # A Bayi producer cannot hold the Shigatse brand.
    assert errors_of(licence_grant, brand=tree.shigatse, producer=producer, products=[product],
                     **dates) == {("producer", "INVALID")}  # fmt: skip
    assert errors_of(licence_grant, brand=tree.region, producer=producer, products=[other],
                     **dates) == {("products", "INVALID")}  # fmt: skip
    assert errors_of(licence_grant, brand=tree.region, producer=producer, **dates) == {
        ("products", "REQUIRED")
    }
    assert errors_of(licence_grant, brand=tree.region, producer=producer, products=[product],
                     start_date=days(5), end_date=days(1)) == {("endDate", "INVALID")}  # fmt: skip
    tree.bayi.is_active = False
    tree.bayi.save()
    assert errors_of(licence_grant, brand=tree.bayi, producer=producer, products=[product],
                     **dates) == {("brand", "INVALID")}  # fmt: skip

    granted = licence_grant(brand=tree.region, producer=producer, products=[product],
                            categories=[CategoryFactory()], **dates)  # fmt: skip
    assert granted.status == LicenceStatus.ACTIVE
    assert list(granted.products.all()) == [product]


def test_licence_status_transitions(tree):
    producer = make_producer()
    product = ProductFactory(producer=producer)
    granted = licence_grant(brand=tree.bayi, producer=producer, products=[product],
                            start_date=days(-5), end_date=days(5))  # fmt: skip

    assert licence_suspend(licence=granted, note="标签整改").status == LicenceStatus.SUSPENDED
    assert errors_of(licence_suspend, licence=granted) == {("id", "INVALID")}
    assert licence_reinstate(licence=granted).status == LicenceStatus.ACTIVE
    assert errors_of(licence_reinstate, licence=granted) == {("id", "INVALID")}
    licence_suspend(licence=granted)
    # A suspended licence whose term has ended cannot come back.
    assert errors_of(licence_reinstate, licence=granted, today=days(6)) == {("id", "INVALID")}
    assert licence_expire(licence=granted).status == LicenceStatus.EXPIRED
    assert errors_of(licence_expire, licence=granted) == {("id", "INVALID")}
    assert errors_of(licence_reinstate, licence=granted) == {("id", "INVALID")}
    granted.refresh_from_db()
    assert granted.note == "标签整改"
