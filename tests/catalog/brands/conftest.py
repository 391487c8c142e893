"""Fixtures for brand tests: the division tree (loaded by migration), a brand tree, producers."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from catalog.models import BrandLicence, BrandTier, Division, LicenceStatus, ProducerKind
from catalog.services.brands import brand_create
from catalog.services.producers import producer_create
from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from tests.conftest import ApiClient
from tests.factories import ChannelFactory, StaffUserFactory

REGION, NYINGCHI, BAYI, MAINLING, SHIGATSE, GYANTSE = (
    "540000", "540400", "540402", "540481", "540200", "540222",
)  # fmt: skip


def division(code: str) -> Division:
    return Division.objects.get(code=code)


def today() -> datetime.date:
    return timezone.localdate()


def days(n: int) -> datetime.date:
    return today() + datetime.timedelta(days=n)


def make_producer(county: str = BAYI, name: str = "巴宜区松茸合作社", **fields):
    fields.setdefault("kind", ProducerKind.COOPERATIVE)
    return producer_create(name=name, county=division(county), **fields)


def licence(brand, producer, *, products=(), categories=(), status=LicenceStatus.ACTIVE,
            start=-10, end=100) -> BrandLicence:  # fmt: skip
    """A licence written straight to the database (bypassing the grant rules)."""
    row = BrandLicence.objects.create(
        brand=brand, producer=producer, status=status, start_date=days(start), end_date=days(end)
    )
    row.products.set(products)
    row.categories.set(categories)
    return row


def staff_client(*permissions, scope: str | None = None, **user_fields) -> ApiClient:
    from catalog.models import StaffScope

    user = StaffUserFactory(permissions=list(permissions), **user_fields)
    if scope:
        StaffScope.objects.create(user=user, division=division(scope))
    return ApiClient(create_access_token(user))


def product_manager(scope: str | None = REGION, **user_fields) -> ApiClient:
    return staff_client(PermissionEnum.MANAGE_PRODUCTS, scope=scope, **user_fields)


@pytest.fixture
def channel(db):
    return ChannelFactory(slug="lhasa")


@pytest.fixture
def tree(db) -> SimpleNamespace:
    """Region brand, two prefecture brands (Nyingchi, Shigatse) and a county brand (Bayi)."""
    region = brand_create(
        name="西藏好物",
        name_en="Tibet Goods",
        tier=BrandTier.REGION,
        owner_division=division(REGION),
    )
    nyingchi = brand_create(
        name="林芝好物", name_en="Nyingchi Goods", tier=BrandTier.PREFECTURE,
        owner_division=division(NYINGCHI), parent=region,
    )  # fmt: skip
    shigatse = brand_create(
        name="日喀则好物", name_en="Shigatse Goods", tier=BrandTier.PREFECTURE,
        owner_division=division(SHIGATSE), parent=region,
    )  # fmt: skip
    bayi = brand_create(
        name="巴宜好物", name_en="Bayi Goods", tier=BrandTier.COUNTY,
        owner_division=division(BAYI), parent=nyingchi,
    )  # fmt: skip
    return SimpleNamespace(region=region, nyingchi=nyingchi, shigatse=shigatse, bayi=bayi)
