"""Listing variants in border channels: customs facts checked, restricted categories refused."""

from decimal import Decimal

import pytest

from catalog.services.categories import category_create
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from storefront.border.models import BorderListing, BorderPort
from storefront.border.services.channels import border_channel_create
from storefront.border.services.listings import border_listing_create, border_listing_update
from tests.conftest import permission_denied
from tests.factories.catalog import ChannelFactory, ProductFactory, ProductVariantFactory
from tests.factories.product_reads import gid, staff_with

pytestmark = pytest.mark.django_db

CREATE = """
mutation Create($input: BorderListingCreateInput!) {
  borderListingCreate(input: $input) {
    borderListing {
      id hsCode countryOfOrigin exportEligible
      netWeight { unit value } grossWeight { unit value }
      port { code nameZh }
    }
    errors { field code message }
  }
}"""
UPDATE = """
mutation Update($id: ID!, $input: BorderListingUpdateInput!) {
  borderListingUpdate(id: $id, input: $input) {
    borderListing { hsCode grossWeight { value } }
    errors { field code message }
  }
}"""


def _create(border, variant, **overrides):
    facts = {
        "hs_code": "0902.30",
        "net_weight_kg": Decimal("0.500"),
        "gross_weight_kg": Decimal("0.550"),
        **overrides,
    }
    return border_listing_create(border_channel=border, variant=variant, **facts)


def _errors(refused) -> list[tuple[str, str]]:
    return [(error.field, error.code) for error in refused.value.errors]


def test_a_listing_stores_the_hs_code_as_digits_and_takes_the_channels_port(gyirong):
    listing = _create(gyirong, ProductVariantFactory(), hs_code="0902.30.00")

    listing.refresh_from_db()
    assert listing.hs_code == "09023000"
    assert listing.port.code == "gyirong"
    assert listing.country_of_origin == "CN"
    assert listing.export_eligible is True


def test_malformed_facts_are_refused_each_naming_its_field(gyirong):
    with pytest.raises(ValidationFailed) as refused:
        _create(
            gyirong,
            ProductVariantFactory(),
            hs_code="0902.3",
            country_of_origin="XX",
            net_weight_kg=Decimal(0),
        )

    assert _errors(refused) == [
        ("hsCode", "INVALID_HS_CODE"),
        ("countryOfOrigin", "INVALID_COUNTRY"),
        ("netWeight", "INVALID_WEIGHT"),
    ]
    assert BorderListing.objects.count() == 0


def test_gross_weight_below_net_is_refused(gyirong):
    with pytest.raises(ValidationFailed) as refused:
        _create(
            gyirong,
            ProductVariantFactory(),
            net_weight_kg=Decimal("1.0"),
            gross_weight_kg=Decimal("0.9"),
        )

    assert _errors(refused) == [("grossWeight", "INVALID_WEIGHT")]
    assert "cannot be less than the net weight" in refused.value.errors[0].message


def test_products_of_a_restricted_category_or_below_it_are_refused(gyirong):
    herbs = category_create(name="藏药材", slug="herbs")
    cordyceps = category_create(name="虫草", slug="cordyceps", parent=herbs)
    variant = ProductVariantFactory(product=ProductFactory(category=cordyceps))

    with pytest.raises(ValidationFailed) as refused:
        _create(gyirong, variant)

    [error] = refused.value.errors
    assert (error.field, error.code) == ("variant", "BORDER_NOT_EXPORTABLE")
    assert "'herbs'" in error.message
    assert "冬虫夏草" in error.message
    assert BorderListing.objects.count() == 0


def test_a_variant_is_listed_once_per_channel(gyirong):
    variant = ProductVariantFactory()
    _create(gyirong, variant)

    with pytest.raises(ValidationFailed) as refused:
        _create(gyirong, variant)

    assert _errors(refused) == [("variant", "UNIQUE")]


def test_updating_checks_the_facts_again(gyirong):
    listing = _create(gyirong, ProductVariantFactory())

    with pytest.raises(ValidationFailed) as refused:
        border_listing_update(listing=listing, gross_weight_kg=Decimal("0.1"))

    assert _errors(refused) == [("grossWeight", "INVALID_WEIGHT")]
    listing.refresh_from_db()
    assert listing.gross_weight_kg == Decimal("0.550")


def test_border_channels_price_in_cny():
    channel = ChannelFactory(currency_code="USD")

    with pytest.raises(ValidationFailed) as refused:
        border_channel_create(channel=channel, port=BorderPort.objects.get(code="gyirong"))

    assert _errors(refused) == [("channel", "INVALID_CURRENCY")]


def test_listing_through_the_api(gyirong):
    variant = ProductVariantFactory()
    client = staff_with(PermissionEnum.MANAGE_PRODUCTS)

    body = client.post_graphql(
        CREATE,
        {
            "input": {
                "channel": gid(gyirong.channel),
                "variant": gid(variant),
                "hsCode": "0902300010",
                "countryOfOrigin": "cn",
                "netWeight": 0.5,
                "grossWeight": "0.55",
            }
        },
    ).data["borderListingCreate"]

    assert body["errors"] == []
    listing = body["borderListing"]
    assert listing["hsCode"] == "0902.30.00.10"
    assert listing["countryOfOrigin"] == "CN"
    assert listing["exportEligible"] is True
    assert listing["port"] == {"code": "gyirong", "nameZh": "吉隆口岸"}
    assert listing["grossWeight"] == {"unit": "KG", "value": 0.55}

    updated = client.post_graphql(
        UPDATE, {"id": listing["id"], "input": {"hsCode": "0902.3"}}
    ).data["borderListingUpdate"]
    assert updated["borderListing"] is None
    assert [(e["field"], e["code"]) for e in updated["errors"]] == [("hsCode", "INVALID_HS_CODE")]


def test_listing_needs_manage_products_and_a_border_channel(gyirong):
    variant = ProductVariantFactory()
    facts = {"variant": gid(variant), "hsCode": "090230", "netWeight": 1, "grossWeight": 1}

    denied = staff_with().post_graphql(
        CREATE, {"input": {"channel": gid(gyirong.channel), **facts}}
    )
    plain = staff_with(PermissionEnum.MANAGE_PRODUCTS).post_graphql(
        CREATE, {"input": {"channel": gid(ChannelFactory()), **facts}}
    )

    assert permission_denied(denied)
    assert plain.data["borderListingCreate"]["errors"][0]["code"] == "NOT_BORDER_CHANNEL"
