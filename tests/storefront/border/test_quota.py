"""A border resident buys at most 8,000 CNY of goods per local day; the order that would pass
it is refused with what remains."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from infra.errors import ValidationFailed
from storefront.border.models import BorderCheckout, BorderPort, BorderQuotaDay
from storefront.border.services.quota import border_quota_consume
from storefront.border.services.residents import border_resident_register
from storefront.models import Checkout, Order
from storefront.services.orders import order_cancel
from tests.factories.catalog import ChannelFactory
from tests.factories.checkout import CheckoutFactory
from tests.factories.product_reads import gid
from tests.storefront.border.helpers import (
    OTHER_RESIDENT_ID,
    RESIDENT_ID,
    complete,
    paid_checkout,
    post_graphql,
)

pytestmark = pytest.mark.django_db

SET_RESIDENT = """
mutation Set($id: ID!, $idNumber: String!) {
  checkoutBorderResidentSet(id: $id, idNumber: $idNumber) {
    checkout { borderResident { name idMasked remainingAllowance { amount currency } } }
    errors { field code message }
  }
}"""
COMPLETE = """
mutation Complete($id: ID!) {
  checkoutComplete(id: $id) {
    order { number total { gross { amount } } }
    errors { field code message borderCode remainingAllowance }
  }
}"""


@pytest.fixture
def resident(db):
    return border_resident_register(
        id_number=RESIDENT_ID, name="次仁多吉", port=BorderPort.objects.get(code="gyirong")
    )


def _buy(client, gyirong, variant) -> dict:
    checkout = paid_checkout(gyirong.channel, [(variant, 1)])
    named = post_graphql(client, SET_RESIDENT, {"id": gid(checkout), "idNumber": RESIDENT_ID})
    assert named["data"]["checkoutBorderResidentSet"]["errors"] == []
    return checkout


def test_two_orders_of_5000_on_one_day_the_second_is_refused_with_3000_left(
    gyirong, listed, resident
):
    variant, _listing = listed
    client = Client()
    first = _buy(client, gyirong, variant)
    second = _buy(client, gyirong, variant)

    placed = post_graphql(client, COMPLETE, {"id": gid(first)})["data"]["checkoutComplete"]
    refused = post_graphql(client, COMPLETE, {"id": gid(second)})["data"]["checkoutComplete"]

    assert placed["errors"] == []
    # The allowance counts goods: the 10 CNY of shipping is not part of it.
    assert placed["order"]["total"]["gross"]["amount"] == Decimal("5010.00")
    assert refused["order"] is None
    [error] = refused["errors"]
    assert error["field"] == "borderResident"
    assert error["code"] == "INVALID"
    assert error["borderCode"] == "BORDER_QUOTA_EXCEEDED"
    assert error["remainingAllowance"] == Decimal("3000.00")
    today = timezone.localdate()
    assert error["message"] == (
        "This order's goods come to 5,000.00 CNY, above the border resident's duty-free "
        f"allowance for {today:%Y-%m-%d}: 3,000.00 CNY of 8,000.00 CNY remain."
    )
    assert BorderQuotaDay.objects.get(resident=resident, date=today).used_amount == 5000
    assert Order.objects.count() == 1
    assert Checkout.objects.filter(pk=second.pk).exists()


def test_the_next_day_the_resident_may_buy_again(gyirong, listed, resident):
    variant, _listing = listed
    first = paid_checkout(gyirong.channel, [(variant, 1)], resident_id=RESIDENT_ID)
    second = paid_checkout(gyirong.channel, [(variant, 1)], resident_id=RESIDENT_ID)
    complete(first)
    with pytest.raises(ValidationFailed):
        complete(second)

    # A day passes: what was bought belongs to yesterday.
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    BorderQuotaDay.objects.filter(resident=resident).update(date=yesterday)
    order = complete(second)

    assert order.border_declaration.quota_amount == Decimal("5000.00")
    used = dict(BorderQuotaDay.objects.values_list("date", "used_amount"))
    assert used == {yesterday: Decimal("5000.00"), timezone.localdate(): Decimal("5000.00")}


def test_allowance_is_per_day_and_per_resident(gyirong, resident):
    other = border_resident_register(
        id_number=OTHER_RESIDENT_ID, name="卓玛", port=BorderPort.objects.get(code="zhangmu")
    )
    day = datetime.date(2025, 6, 1)

    assert border_quota_consume(resident=resident, day=day, amount=Decimal("8000")) == 0
    assert border_quota_consume(resident=other, day=day, amount=Decimal("7999.99")) == Decimal(
        "0.01"
    )
    assert border_quota_consume(
        resident=resident, day=day + datetime.timedelta(days=1), amount=Decimal("1")
    ) == Decimal("7999")
    with pytest.raises(ValidationFailed) as refused:
        border_quota_consume(resident=resident, day=day, amount=Decimal("0.01"))
    assert refused.value.errors[0].extra["remaining_allowance"] == Decimal("0.00")


def test_the_allowance_comes_from_the_settings(settings, gyirong, resident):
    settings.BORDER_RESIDENT_DAILY_ALLOWANCE = "100"

    with pytest.raises(ValidationFailed) as refused:
        border_quota_consume(resident=resident, day=timezone.localdate(), amount=Decimal("101"))

    assert "100.00 CNY of 100.00 CNY remain" in refused.value.errors[0].message


def test_a_checkout_without_a_resident_buys_without_the_quota(gyirong, listed, resident):
    variant, _listing = listed

    complete(paid_checkout(gyirong.channel, [(variant, 2)]))

    assert Order.objects.count() == 1
    assert not BorderQuotaDay.objects.exists()


def test_the_checkout_shows_the_masked_resident_and_what_is_left(gyirong, listed, resident):
    variant, _listing = listed
    complete(paid_checkout(gyirong.channel, [(variant, 1)], resident_id=RESIDENT_ID))
    checkout = CheckoutFactory(channel=gyirong.channel)

    body = post_graphql(Client(), SET_RESIDENT, {"id": gid(checkout), "idNumber": RESIDENT_ID})

    named = body["data"]["checkoutBorderResidentSet"]
    assert named["errors"] == []
    assert named["checkout"]["borderResident"] == {
        "name": "次仁多吉",
        "idMasked": "5402**********123X",
        "remainingAllowance": {"amount": Decimal("3000.00"), "currency": "CNY"},
    }
    assert BorderCheckout.objects.get(checkout=checkout).resident == resident


@pytest.mark.parametrize(
    "id_number, code",
    [
        (OTHER_RESIDENT_ID, "NOT_FOUND"),
        ("540234199001011231", "INVALID_ID_NUMBER"),
    ],
)
def test_unknown_or_malformed_ids_are_refused(gyirong, resident, id_number, code):
    checkout = CheckoutFactory(channel=gyirong.channel)

    body = post_graphql(Client(), SET_RESIDENT, {"id": gid(checkout), "idNumber": id_number})

    [error] = body["data"]["checkoutBorderResidentSet"]["errors"]
    assert (error["field"], error["code"]) == ("idNumber", code)
    assert id_number not in str(body)
    assert not BorderCheckout.objects.exists()


def test_only_border_channels_take_a_resident(resident):
    checkout = CheckoutFactory(channel=ChannelFactory())

    body = post_graphql(Client(), SET_RESIDENT, {"id": gid(checkout), "idNumber": RESIDENT_ID})

    [error] = body["data"]["checkoutBorderResidentSet"]["errors"]
    assert error["code"] == "NOT_BORDER_CHANNEL"


def test_cancelling_an_order_gives_the_allowance_back_once(gyirong, listed, resident):
    variant, _listing = listed
    first = complete(paid_checkout(gyirong.channel, [(variant, 1)], resident_id=RESIDENT_ID))
    second = paid_checkout(gyirong.channel, [(variant, 1)], resident_id=RESIDENT_ID)
    with pytest.raises(ValidationFailed):
        complete(second)

    order_cancel(order=first)

    today = timezone.localdate()
    assert BorderQuotaDay.objects.get(resident=resident, date=today).used_amount == 0
    first.border_declaration.refresh_from_db()
    assert first.border_declaration.quota_amount == 0
    assert complete(second).border_declaration.quota_amount == Decimal("5000.00")
    assert BorderQuotaDay.objects.get(resident=resident, date=today).used_amount == 5000
