"""The allowance holds under concurrency: many checkouts of one resident completing at the same
moment, each on its own PostgreSQL connection, never add up to more than 8,000 CNY."""

import threading
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection, connections
from django.db.models import Sum

from catalog.models import Division
from infra.errors import ValidationFailed
from storefront.border.models import BorderDeclaration, BorderPort, BorderQuotaDay
from storefront.border.services.residents import border_resident_register
from storefront.models import Order
from tests.storefront.border.helpers import (
    RESIDENT_ID,
    border_channel,
    border_variant,
    complete,
    paid_checkout,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

CHECKOUTS = 20
PRICE = "1000.00"  # 8 of them fit in the allowance exactly


def _reference_data() -> None:
    """Divisions and ports come from data migrations; an earlier transactional test may have
    flushed them (pytest-django runs those last), so load them again if so."""
    if not Division.objects.filter(code="540234").exists():
        import_module("catalog.migrations.0002_load_divisions").load_divisions(apps, None)
    if not BorderPort.objects.filter(code="gyirong").exists():
        import_module("storefront.border.migrations.0002_load_ports").load_ports(apps, None)


@pytest.mark.django_db(transaction=True)
def test_checkouts_of_one_resident_completing_at_once_never_pass_the_allowance():
    _reference_data()
    gyirong = border_channel("gyirong")
    variant, _listing = border_variant(gyirong, price=PRICE, stock=CHECKOUTS)
    resident = border_resident_register(
        id_number=RESIDENT_ID, name="次仁多吉", port=BorderPort.objects.get(code="gyirong")
    )
    checkouts = [
        paid_checkout(gyirong.channel, [(variant, 1)], resident_id=RESIDENT_ID)
        for _ in range(CHECKOUTS)
    ]
    start = threading.Barrier(CHECKOUTS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def buy(checkout) -> None:
        try:
            start.wait()
            try:
                complete(checkout)
                outcome = "ORDER"
            except ValidationFailed as failure:
                outcome = ",".join(e.extra.get("border_code", e.code) for e in failure.errors)
            with lock:
                outcomes.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=buy, args=(checkout,)) for checkout in checkouts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert sorted(set(outcomes)) == ["BORDER_QUOTA_EXCEEDED", "ORDER"], outcomes
    assert outcomes.count("ORDER") == 8
    [day] = BorderQuotaDay.objects.filter(resident=resident)
    assert day.used_amount == Decimal("8000.00")
    assert Order.objects.aggregate(goods=Sum("subtotal_amount"))["goods"] == Decimal("8000.00")
    assert BorderDeclaration.objects.count() == 8
