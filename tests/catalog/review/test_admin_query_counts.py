"""The admin's lists cost the same number of queries whatever their length."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from catalog.models import Brand, BrandLicence, BrandTier, HandbookImport
from tests.catalog.review.conftest import (
    LHASA,
    LINZHOU,
    division,
    make_entry,
    make_handbook,
    make_producer,
    scoped_staff,
)

pytestmark = pytest.mark.django_db

LISTS = (
    "/admin/catalog/handbook/",
    "/admin/catalog/handbookentry/",
    "/admin/catalog/handbookimport/",
    "/admin/catalog/producer/",
    "/admin/catalog/brand/",
    "/admin/catalog/brandlicence/",
)


def add_rows(start: int, count: int, channel) -> None:
    brand = Brand.objects.get_or_create(
        slug="lhasa", defaults={"name": "拉萨", "tier": BrandTier.PREFECTURE,
                                "owner_division": division(LHASA)},
    )[0]  # fmt: skip
    for number in range(start, start + count):
        handbook = make_handbook(LINZHOU, edition=2000 + number, channels=[channel])
        producer = make_producer(LINZHOU, name=f"合作社{number}")
        make_entry(handbook, producer=producer, natural_key=f"k{number}")
        HandbookImport.objects.create(
            county=division(LINZHOU), edition=2000 + number, handbook=handbook,
            file_name=f"{number}.xlsx", status="imported", report={"errors": []},
        )  # fmt: skip
        Brand.objects.create(
            name=f"企业{number}", slug=f"enterprise-{number}", tier=BrandTier.ENTERPRISE,
            owner_producer=producer, owner_division=division(LINZHOU),
        )  # fmt: skip
        BrandLicence.objects.create(
            brand=brand, producer=producer,
            start_date=datetime.date(2026, 1, 1), end_date=datetime.date(2030, 1, 1),
        )  # fmt: skip


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", LISTS)
def test_list_queries_do_not_grow_with_rows(channel, url):
    client = Client()
    client.force_login(scoped_staff(LHASA))
    add_rows(0, 2, channel)
    few = queries(client, url)

    add_rows(2, 6, channel)
    many = queries(client, url)

    assert many == few
    assert few <= 14
