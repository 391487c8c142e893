"""What a border channel sells: listed, exportable goods of an open port, checked when lines
are added and again when the checkout is completed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from catalog.services.categories import category_create
from infra.errors import ValidationFailed
from storefront.border.models import BorderPort, BorderQuotaDay
from storefront.border.services.channels import port_closure_create
from storefront.border.services.residents import border_resident_register
from storefront.models import Checkout, Order
from storefront.services.checkout_lines import LineInput, checkout_lines_add
from tests.conftest import ApiClient
from tests.factories.catalog import ChannelFactory
from tests.factories.checkout import CheckoutFactory, purchasable_variant
from tests.factories.product_reads import gid
from tests.storefront.border.helpers import (
    RESIDENT_ID,
    border_channel,
    border_variant,
    complete,
    paid_checkout,
)

pytestmark = pytest.mark.django_db

LINES_ADD = """
mutation Add($id: ID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $id, lines: $lines) {
    checkout { lines { quantity } }
    errors { field code message variants borderCode }
  }
}"""


def _close(port: BorderPort, *, hours_ago=1, days_left=2, reason="大雪封山"):
    now = timezone.now()
    return port_closure_create(
        port=port,
        starts_at=now - timedelta(hours=hours_ago),
        ends_at=None if days_left is None else now + timedelta(days=days_left),
        reason=reason,
    )


def _add(checkout, variant, quantity=1):
    return checkout_lines_add(
        checkout=checkout, lines=[LineInput(variant_id=variant.pk, quantity=quantity)]
    )


def _refusal(refused) -> tuple:
    [error] = refused.value.errors
    return error.field, error.code, error.extra["border_code"], error.extra["variants"]


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def test_an_open_ports_listed_goods_are_added(gyirong, listed):
    variant, _listing = listed
    checkout = CheckoutFactory(channel=gyirong.channel)

    _add(checkout, variant, 2)

    assert checkout.lines.get().quantity == 2


def test_a_closed_ports_goods_are_refused_naming_the_port_and_period(gyirong, listed):
    variant, _listing = listed
    closure = _close(gyirong.port)
    checkout = CheckoutFactory(channel=gyirong.channel)

    with pytest.raises(ValidationFailed) as refused:
        _add(checkout, variant)

    assert _refusal(refused) == (
        "lines",
        "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
        "BORDER_PORT_CLOSED",
        [gid(variant)],
    )
    message = refused.value.errors[0].message
    assert "吉隆口岸 (Gyirong (Kyirong) Port) is closed" in message
    assert f"from {_local(closure.starts_at)} to {_local(closure.ends_at)} (大雪封山)" in message
    assert not checkout.lines.exists()


def test_an_open_ended_closure_says_until_further_notice(gyirong, listed):
    variant, _listing = listed
    _close(gyirong.port, days_left=None, reason="")

    with pytest.raises(ValidationFailed) as refused:
        _add(CheckoutFactory(channel=gyirong.channel), variant)

    assert "until further notice; its goods" in refused.value.errors[0].message


def test_past_and_future_closures_do_not_stop_sales(gyirong, listed):
    variant, _listing = listed
    now = timezone.now()
    port_closure_create(
        port=gyirong.port, starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=2)
    )
    port_closure_create(port=gyirong.port, starts_at=now + timedelta(days=2))
    checkout = CheckoutFactory(channel=gyirong.channel)

    _add(checkout, variant)

    assert checkout.lines.count() == 1


def test_a_suspended_port_sells_nothing(db):
    lipulekh = border_channel("purang_lipulekh")
    variant, _listing = border_variant(lipulekh)

    with pytest.raises(ValidationFailed) as refused:
        _add(CheckoutFactory(channel=lipulekh.channel), variant)

    assert _refusal(refused)[2] == "BORDER_PORT_CLOSED"
    assert "is suspended as of 2025-08" in refused.value.errors[0].message


def test_unlisted_variants_are_refused(gyirong):
    variant = purchasable_variant(gyirong.channel)

    with pytest.raises(ValidationFailed) as refused:
        _add(CheckoutFactory(channel=gyirong.channel), variant)

    assert _refusal(refused) == (
        "lines",
        "UNAVAILABLE_VARIANT_IN_CHANNEL",
        "BORDER_NOT_LISTED",
        [gid(variant)],
    )


def test_a_product_moved_into_a_restricted_category_can_no_longer_be_bought(gyirong, listed):
    variant, _listing = listed
    variant.product.category = category_create(name="文物", slug="cultural-relics")
    variant.product.save()

    with pytest.raises(ValidationFailed) as refused:
        _add(CheckoutFactory(channel=gyirong.channel), variant)

    assert _refusal(refused)[1:3] == ("PRODUCT_UNAVAILABLE_FOR_PURCHASE", "BORDER_NOT_EXPORTABLE")
    assert "'cultural-relics'" in refused.value.errors[0].message


def test_other_channels_are_not_concerned(db):
    channel = ChannelFactory()
    variant = purchasable_variant(channel)
    checkout = CheckoutFactory(channel=channel)

    _add(checkout, variant)

    assert checkout.lines.count() == 1


def test_completion_is_refused_once_the_port_closed(gyirong, listed):
    variant, _listing = listed
    checkout = paid_checkout(gyirong.channel, [(variant, 1)], resident_id=_registered())
    _close(gyirong.port)

    with pytest.raises(ValidationFailed) as refused:
        complete(checkout)

    assert _refusal(refused)[2] == "BORDER_PORT_CLOSED"
    assert "吉隆口岸" in refused.value.errors[0].message
    assert Order.objects.count() == 0
    assert Checkout.objects.filter(pk=checkout.pk).exists()
    assert BorderQuotaDay.objects.filter(used_amount__gt=0).count() == 0


def test_lines_add_through_the_api_shows_the_border_code(gyirong, listed):
    variant, _listing = listed
    _close(gyirong.port)
    checkout = CheckoutFactory(channel=gyirong.channel)

    body = (
        ApiClient()
        .post_graphql(
            LINES_ADD,
            {"id": gid(checkout), "lines": [{"variantId": gid(variant), "quantity": 1}]},
        )
        .data["checkoutLinesAdd"]
    )

    [error] = body["errors"]
    assert error["code"] == "PRODUCT_UNAVAILABLE_FOR_PURCHASE"
    assert error["borderCode"] == "BORDER_PORT_CLOSED"
    assert error["field"] == "lines"
    assert error["variants"] == [gid(variant)]
    assert "吉隆口岸" in error["message"]


def _registered() -> str:
    border_resident_register(
        id_number=RESIDENT_ID, name="次仁多吉", port=BorderPort.objects.get(code="gyirong")
    )
    return RESIDENT_ID
