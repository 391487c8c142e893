"""Prices of border listings in CNY and in the buyer's currency, from recorded FX rates."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from storefront.border.models import FxRate
from storefront.border.services.channels import fx_rate_record
from tests.conftest import permission_denied
from tests.factories.catalog import ChannelFactory, list_product, price_variant
from tests.factories.product_reads import gid, staff_with
from tests.storefront.border.helpers import border_variant, post_graphql

pytestmark = pytest.mark.django_db

VARIANT = """
query Variant($id: ID!, $channel: String) {
  productVariant(id: $id, channel: $channel) {
    borderListing {
      hsCode
      price { amount currency }
      priceInBuyerCurrency { amount currency }
      fxRate { currency rate date source }
    }
  }
}"""
PRODUCTS = """
query Products($channel: String) {
  products(first: 20, channel: $channel) {
    edges { node { variants { borderListing {
      hsCode exportEligible port { code isOpen }
      price { amount } priceInBuyerCurrency { amount } fxRate { rate }
    } } } }
  }
}"""
RECORD = """
mutation Record($input: BorderFxRateInput!) {
  borderFxRateRecord(input: $input) {
    fxRate { currency rate date source }
    errors { field code message }
  }
}"""


def _listing(body: dict) -> dict:
    return body["data"]["productVariant"]["borderListing"]


def test_prices_show_in_cny_and_npr_at_the_newest_rate_exactly(gyirong):
    variant, _listing_row = border_variant(gyirong, price="128.00")
    today = timezone.localdate()
    fx_rate_record(
        currency="NPR", rate=Decimal("18.6"), date=today - datetime.timedelta(5), source="nrb"
    )
    fx_rate_record(currency="NPR", rate=Decimal("18.7654"), date=today, source="nrb")
    fx_rate_record(
        currency="NPR", rate=Decimal("30"), date=today + datetime.timedelta(1), source="nrb"
    )

    body = post_graphql(Client(), VARIANT, {"id": gid(variant), "channel": gyirong.channel.slug})

    assert _listing(body) == {
        "hsCode": "0902.30",
        "price": {"amount": Decimal("128.00"), "currency": "CNY"},
        # 128 × 18.7654 = 2401.9712, rounded half up to the paisa.
        "priceInBuyerCurrency": {"amount": Decimal("2401.97"), "currency": "NPR"},
        "fxRate": {
            "currency": "NPR",
            "rate": Decimal("18.7654"),
            "date": today.isoformat(),
            "source": "nrb",
        },
    }


def test_without_a_rate_only_the_cny_price_shows(gyirong):
    variant, _listing_row = border_variant(gyirong, price="99.99")

    listing = _listing(
        post_graphql(Client(), VARIANT, {"id": gid(variant), "channel": gyirong.channel.slug})
    )

    assert listing["price"] == {"amount": Decimal("99.99"), "currency": "CNY"}
    assert listing["priceInBuyerCurrency"] is None
    assert listing["fxRate"] is None


def test_other_channels_have_no_border_listing(gyirong):
    variant, _listing_row = border_variant(gyirong)
    web_shop = ChannelFactory(slug="default-channel")
    list_product(variant.product, web_shop)
    price_variant(variant, web_shop, "5000.00")

    body = post_graphql(Client(), VARIANT, {"id": gid(variant), "channel": web_shop.slug})

    assert _listing(body) is None


def test_listing_pages_cost_the_same_queries_for_any_number_of_products(
    gyirong, django_assert_max_num_queries
):
    fx_rate_record(currency="NPR", rate=Decimal("18.5"), date=timezone.localdate(), source="x")
    border_variant(gyirong)
    client = Client()
    variables = {"channel": gyirong.channel.slug}
    with django_assert_max_num_queries(40) as one:
        post_graphql(client, PRODUCTS, variables)
    for _ in range(4):
        border_variant(gyirong)

    with django_assert_max_num_queries(len(one.captured_queries)):
        body = post_graphql(client, PRODUCTS, variables)

    edges = body["data"]["products"]["edges"]
    assert len(edges) == 5
    assert all(
        edge["node"]["variants"][0]["borderListing"]["priceInBuyerCurrency"]["amount"]
        == Decimal("92500.00")
        for edge in edges
    )


def test_rates_are_recorded_once_per_currency_date_and_source():
    day = datetime.date(2025, 7, 1)
    fx_rate_record(currency="npr", rate=Decimal("18.70"), date=day, source="nrb")
    corrected = fx_rate_record(currency="NPR", rate=Decimal("18.71"), date=day, source="nrb")
    fx_rate_record(currency="NPR", rate=Decimal("18.69"), date=day, source="bank")

    assert corrected.rate == Decimal("18.71")
    assert FxRate.objects.filter(currency="NPR", date=day).count() == 2


@pytest.mark.parametrize(
    "currency, rate, source, field, code",
    [
        ("NP", "18.7", "nrb", "currency", "INVALID_CURRENCY"),
        ("CNY", "1", "nrb", "currency", "INVALID_CURRENCY"),
        ("NPR", "0", "nrb", "rate", "INVALID"),
        ("NPR", "-1", "nrb", "rate", "INVALID"),
        ("NPR", "18.123456789", "nrb", "rate", "INVALID"),
        ("NPR", "18.7", " ", "source", "REQUIRED"),
    ],
)
def test_malformed_rates_are_refused(currency, rate, source, field, code):
    with pytest.raises(ValidationFailed) as refused:
        fx_rate_record(
            currency=currency, rate=Decimal(rate), date=datetime.date(2025, 7, 1), source=source
        )

    assert [(e.field, e.code) for e in refused.value.errors] == [(field, code)]


def test_recording_through_the_api_needs_manage_products():
    variables = {
        "input": {"currency": "NPR", "rate": "18.7654", "date": "2025-07-01", "source": "nrb"}
    }

    denied = staff_with().post_graphql(RECORD, variables)
    body = staff_with(PermissionEnum.MANAGE_PRODUCTS).post_graphql(RECORD, variables)

    assert permission_denied(denied)
    assert body.data["borderFxRateRecord"] == {
        "fxRate": {"currency": "NPR", "rate": 18.7654, "date": "2025-07-01", "source": "nrb"},
        "errors": [],
    }
