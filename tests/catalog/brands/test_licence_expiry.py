"""The daily task that marks licences past their end date expired."""

import logging

import pytest
from django.conf import settings

from catalog.models import BrandLicence, LicenceStatus
from catalog.tasks import expire_brand_licences_task
from tests.catalog.brands.conftest import licence, make_producer
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
LOGGER = "catalog.services.licences"


def test_the_task_is_scheduled_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["expire-brand-licences"]
    assert entry["task"] == "catalog.tasks.expire_brand_licences_task"
    assert entry["schedule"].hour == {0} and entry["schedule"].minute == {5}


def test_expires_exactly_the_overdue_licences_and_logs_each(tree, caplog):
    producer = make_producer()
    product = ProductFactory(producer=producer)
    overdue = licence(tree.region, producer, products=[product], end=-1)
    overdue_suspended = licence(
        tree.nyingchi,
        producer,
        products=[product],
        start=-60,
        end=-30,
        status=LicenceStatus.SUSPENDED,
    )
    ends_today = licence(tree.bayi, producer, products=[product], end=0)
    running = licence(tree.region, producer, products=[product], end=200)
    already = licence(tree.region, producer, products=[product], end=-9,
                      status=LicenceStatus.EXPIRED)  # fmt: skip
    before = {row.pk: row.updated_at for row in BrandLicence.objects.all()}

    with caplog.at_level(logging.INFO, logger=LOGGER):
        expire_brand_licences_task.delay()

    status = dict(BrandLicence.objects.values_list("pk", "status"))
    assert status == {
        overdue.pk: LicenceStatus.EXPIRED,
        overdue_suspended.pk: LicenceStatus.EXPIRED,
        ends_today.pk: LicenceStatus.ACTIVE,
        running.pk: LicenceStatus.ACTIVE,
        already.pk: LicenceStatus.EXPIRED,
    }
    records = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert len(records) == 2
    assert f"Brand licence {overdue.pk} " in records[0] and "active -> expired" in records[0]
    assert f"Brand licence {overdue_suspended.pk} " in records[1]
    assert "suspended -> expired" in records[1]
    untouched = BrandLicence.objects.filter(pk__in=[ends_today.pk, running.pk, already.pk])
    assert all(row.updated_at == before[row.pk] for row in untouched)

    caplog.clear()
    with caplog.at_level(logging.INFO, logger=LOGGER):
        expire_brand_licences_task.delay()
    assert [r for r in caplog.records if r.name == LOGGER] == []
