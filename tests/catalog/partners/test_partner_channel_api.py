"""partnerChannelCreate / partnerChannelUpdate and Channel.partner."""

from decimal import Decimal

import pytest

from catalog.models import (
    AppChannelAccess,
    Channel,
    ChannelWarehouse,
    Division,
    PartnerChannel,
    ProductVariantChannelListing,
)
from catalog.services.partner_channels import partner_channel_attach
from infra.accounts.permissions import PermissionEnum
from tests.conftest import ApiClient, permission_denied
from tests.factories import AppFactory, ChannelFactory, WarehouseFactory, sellable_product
from tests.factories.product_reads import gid, staff_with

pytestmark = pytest.mark.django_db

CREATE = """
mutation Create($input: PartnerChannelCreateInput!) {
  partnerChannelCreate(input: $input) {
    channel { slug currencyCode warehouses { id } }
    partner {
      provinceZh provinceEn pairedPrefecture { code } baseChannel { slug }
      pricePercent priceRounding commissionRate payLater
    }
    errors { field code message }
  }
}"""
UPDATE = """
mutation Update($id: ID!, $input: PartnerChannelUpdateInput!) {
  partnerChannelUpdate(id: $id, input: $input) {
    partner { pricePercent priceRounding baseChannel { slug } commissionRate }
    errors { field code message }
  }
}"""
CHANNELS = "{ channels { slug partner { provinceEn commissionRate } } }"


@pytest.fixture
def base():
    return ChannelFactory(slug="default-channel")


@pytest.fixture
def manager() -> ApiClient:
    return staff_with(PermissionEnum.MANAGE_CHANNELS, PermissionEnum.MANAGE_APPS)


def _create_input(base: Channel, **extra) -> dict:
    return {
        "input": {
            "name": "江苏对口援藏消费帮扶专区",
            "slug": "jiangsu-partner",
            "provinceZh": "江苏省",
            "provinceEn": "Jiangsu",
            "pairedPrefecture": gid(Division.objects.get(code="540100")),
            "baseChannel": gid(base),
            "pricePercent": "10",
            "priceRounding": "YUAN",
            "commissionRate": "5.5",
            **extra,
        }
    }


def test_staff_create_a_partner_channel_with_warehouses_apps_and_prices(base, manager):
    product = sellable_product(base, price="12.34")
    warehouse = WarehouseFactory()
    app, _token = AppFactory.with_token()

    payload = manager.post_graphql(
        CREATE,
        _create_input(base, addWarehouses=[gid(warehouse)], addApps=[gid(app)]),
    ).data["partnerChannelCreate"]

    assert payload["errors"] == []
    assert payload["channel"] == {
        "slug": "jiangsu-partner",
        "currencyCode": "CNY",
        "warehouses": [{"id": gid(warehouse)}],
    }
    assert payload["partner"] == {
        "provinceZh": "江苏省",
        "provinceEn": "Jiangsu",
        "pairedPrefecture": {"code": "540100"},
        "baseChannel": {"slug": "default-channel"},
        "pricePercent": 10,
        "priceRounding": "YUAN",
        "commissionRate": 5.5,
        "payLater": True,
    }
    channel = Channel.objects.get(slug="jiangsu-partner")
    assert channel.is_active
    assert ChannelWarehouse.objects.filter(channel=channel, warehouse=warehouse).exists()
    assert AppChannelAccess.objects.filter(app=app, channel=channel).exists()
    price = ProductVariantChannelListing.objects.get(
        variant=product.default_variant, channel=channel
    ).price_amount
    assert price == Decimal("14")  # 12.34 × 1.10 = 13.574, to the yuan


def test_creating_needs_manage_channels_and_assigning_apps_manage_apps(base):
    app, _token = AppFactory.with_token()
    response = staff_with().post_graphql(CREATE, _create_input(base))
    assert permission_denied(response)
    channels_only = staff_with(PermissionEnum.MANAGE_CHANNELS)
    response = channels_only.post_graphql(CREATE, _create_input(base, addApps=[gid(app)]))
    assert permission_denied(response)
    assert not PartnerChannel.objects.exists()


def test_a_base_channel_in_another_currency_is_refused(manager):
    dollars = ChannelFactory(currency_code="USD")
    payload = manager.post_graphql(CREATE, _create_input(dollars)).data["partnerChannelCreate"]
    assert payload["errors"] == [
        {
            "field": "baseChannel",
            "code": "CHANNELS_CURRENCY_MUST_BE_THE_SAME",
            "message": "The base channel prices in USD, this channel in CNY.",
        }
    ]
    assert not Channel.objects.filter(slug="jiangsu-partner").exists()  # nothing half-made


@pytest.mark.parametrize(
    ("extra", "field", "code"),
    [
        ({"pricePercent": "600"}, "pricePercent", "INVALID"),
        ({"commissionRate": "-1"}, "commissionRate", "INVALID"),
        ({"provinceZh": ""}, "provinceZh", "REQUIRED"),
    ],
)
def test_terms_out_of_range_are_refused(base, manager, extra, field, code):
    payload = manager.post_graphql(CREATE, _create_input(base, **extra)).data
    errors = payload["partnerChannelCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [(field, code)]


def test_a_county_cannot_be_the_paired_prefecture(base, manager):
    county = Division.objects.get(code="540122")  # 当雄县
    variables = _create_input(base, pairedPrefecture=gid(county))
    errors = manager.post_graphql(CREATE, variables).data["partnerChannelCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("pairedPrefecture", "INVALID")]


def test_a_partner_cannot_follow_a_channel_that_follows_another(base, manager):
    jiangsu = ChannelFactory()
    partner_channel_attach(
        channel=jiangsu, province_zh="江苏省", province_en="Jiangsu", base_channel_id=base.pk
    )
    payload = manager.post_graphql(CREATE, _create_input(jiangsu, slug="shanghai")).data
    errors = payload["partnerChannelCreate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("baseChannel", "INVALID")]


@pytest.fixture
def jiangsu(base):
    sellable_product(base, price="100.00")
    channel = ChannelFactory(slug="jiangsu-partner")
    partner_channel_attach(
        channel=channel,
        province_zh="江苏省",
        province_en="Jiangsu",
        base_channel_id=base.pk,
        price_percent=Decimal(10),
    )
    return channel


def test_changing_the_rule_reprices_at_once(jiangsu, manager):
    variables = {"id": gid(jiangsu), "input": {"pricePercent": "-5", "priceRounding": "CENT"}}
    payload = manager.post_graphql(UPDATE, variables).data["partnerChannelUpdate"]
    assert payload["errors"] == []
    assert payload["partner"]["pricePercent"] == -5
    listing = ProductVariantChannelListing.objects.get(channel=jiangsu)
    assert listing.price_amount == Decimal("95.000")


def test_a_null_base_channel_switches_to_fixed_prices_and_keeps_them(jiangsu, manager):
    variables = {"id": gid(jiangsu), "input": {"baseChannel": None}}
    payload = manager.post_graphql(UPDATE, variables).data["partnerChannelUpdate"]
    assert payload["errors"] == []
    assert payload["partner"]["baseChannel"] is None
    assert PartnerChannel.objects.get(channel=jiangsu).base_channel is None
    assert ProductVariantChannelListing.objects.get(channel=jiangsu).price_amount == Decimal(110)


def test_an_apps_last_channel_cannot_be_taken_away(jiangsu, manager):
    app, _token = AppFactory.with_token()
    AppChannelAccess.objects.create(app=app, channel=jiangsu)
    variables = {"id": gid(jiangsu), "input": {"removeApps": [gid(app)]}}
    errors = manager.post_graphql(UPDATE, variables).data["partnerChannelUpdate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("removeApps", "INVALID")]
    assert AppChannelAccess.objects.filter(app=app).exists()

    other = ChannelFactory()
    AppChannelAccess.objects.create(app=app, channel=other)
    errors = manager.post_graphql(UPDATE, variables).data["partnerChannelUpdate"]["errors"]
    assert errors == []
    assert list(AppChannelAccess.objects.filter(app=app).values_list("channel", flat=True)) == [
        other.pk
    ]


def test_updating_a_channel_without_a_partner_is_not_found(base, manager):
    variables = {"id": gid(base), "input": {"pricePercent": "1"}}
    errors = manager.post_graphql(UPDATE, variables).data["partnerChannelUpdate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("id", "NOT_FOUND")]


def test_channel_partner_is_for_channel_managers_and_the_partners_own_app(
    jiangsu, base, django_assert_max_num_queries
):
    for number in range(3):  # more partners cost no more queries
        partner_channel_attach(
            channel=ChannelFactory(slug=f"partner-{number}"),
            province_zh="省",
            province_en=f"Province {number}",
        )
    manager = staff_with(PermissionEnum.MANAGE_CHANNELS)
    with django_assert_max_num_queries(6):
        channels = manager.post_graphql(CHANNELS).data["channels"]
    partners = {c["slug"]: c["partner"] for c in channels}
    assert partners["default-channel"] is None
    assert partners["jiangsu-partner"] == {"provinceEn": "Jiangsu", "commissionRate": 0}
    assert partners["partner-2"] == {"provinceEn": "Province 2", "commissionRate": 0}

    app, token = AppFactory.with_token()
    AppChannelAccess.objects.create(app=app, channel=jiangsu)
    own = ApiClient(token).post_graphql(CHANNELS).data["channels"]
    assert own == [
        {"slug": "jiangsu-partner", "partner": {"provinceEn": "Jiangsu", "commissionRate": 0}}
    ]

    _other_app, other_token = AppFactory.with_token()  # not limited, not managing channels
    response = ApiClient(other_token).post_graphql(CHANNELS)
    assert permission_denied(response)


PARTNER_BASE = "{ channels { partner { baseChannel { slug } } } }"


def test_the_partners_app_does_not_see_the_base_channel(jiangsu):
    app, token = AppFactory.with_token()
    AppChannelAccess.objects.create(app=app, channel=jiangsu)
    data = ApiClient(token).post_graphql(PARTNER_BASE).data
    assert data == {"channels": [{"partner": {"baseChannel": None}}]}
