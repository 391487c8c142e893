"""The demo handbook: imported by the real importer, one edition published, one under review."""

import io

import pytest
from django.test import Client
from django.utils import timezone

from catalog.demo.handbooks import COOPERATIVE, COUNTY, load_demo_handbooks
from catalog.models import Handbook, HandbookStatus, Product, ProductVariant, StaffScope
from tests.catalog.review.conftest import make_producer
from tests.factories import ChannelFactory

pytestmark = pytest.mark.django_db


def load() -> str:
    out = io.StringIO()
    load_demo_handbooks(out)
    return out.getvalue()


def test_demo_handbooks_are_published_and_queued_and_reload_safely():
    ChannelFactory(slug="default-channel")
    make_producer(COUNTY, name=COOPERATIVE)
    year = timezone.localdate().year

    output = load()

    last, this = (Handbook.objects.get(county__code=COUNTY, edition=e) for e in (year - 1, year))
    assert last.status == HandbookStatus.APPROVED
    assert this.status == HandbookStatus.SUBMITTED
    assert last.entries.count() == 3 and this.entries.count() == 4
    assert all(entry.product_id for entry in last.entries.all())
    assert Product.objects.filter(product_type__slug="wang-huo").count() == 3
    matsutake = last.entries.get(name_zh="林芝松茸干片")
    assert matsutake.producer.name == COOPERATIVE
    assert matsutake.product.producer == matsutake.producer
    assert "approved" in output

    load()

    assert Product.objects.count() == 3
    assert ProductVariant.objects.count() == 3
    assert StaffScope.objects.count() == 2


def test_demo_staff_see_their_scope():
    ChannelFactory(slug="default-channel")
    load()
    client = Client()
    operator = StaffScope.objects.get(division__code=COUNTY).user
    client.force_login(operator)

    response = client.get("/admin/catalog/handbook/")

    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
