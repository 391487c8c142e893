"""Two partner provinces, each with its own channel, goods, and an app limited to its channel
(AppChannelAccess); pay later enabled among the gateways."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from catalog.models import AppChannelAccess, Channel, PartnerChannel, ProductVariant
from infra.accounts.models import App
from infra.accounts.permissions import PermissionEnum
from storefront.services.draft_orders import draft_order_create
from storefront.services.draft_orders_complete import draft_order_complete
from storefront.services.draft_orders_lines import DraftLineInput
from tests.conftest import ApiClient
from tests.factories.accounts import AppFactory
from tests.factories.catalog import ChannelFactory
from tests.factories.checkout import purchasable_variant, ship_from

PAY_LATER = "tibet.payments.pay-later"
PARTNER_APP_PERMISSIONS = [PermissionEnum.MANAGE_ORDERS, PermissionEnum.HANDLE_PAYMENTS]


@dataclass
class Partner:
    channel: Channel
    partner: PartnerChannel
    app: App
    client: ApiClient
    variant: ProductVariant


def make_partner(slug: str, province_zh: str, province_en: str, rate: str) -> Partner:
    channel = ChannelFactory(slug=slug, name=f"{province_zh}援藏馆")
    partner = PartnerChannel.objects.create(
        channel=channel,
        province_zh=province_zh,
        province_en=province_en,
        commission_rate=Decimal(rate),
        pay_later=True,
    )
    app, token = AppFactory.with_token(permissions=PARTNER_APP_PERMISSIONS)
    AppChannelAccess.objects.create(app=app, channel=channel)
    variant = purchasable_variant(channel, price="128.00", stock=10, shipping_price="10.00")
    return Partner(channel, partner, app, ApiClient(token), variant)


@pytest.fixture(autouse=True)
def gateways(settings):
    settings.PAYMENT_GATEWAYS = ["dummy", "cash", "pay-later"]
    settings.STRIPE_SECRET_KEY = ""


@pytest.fixture
def jiangsu(db) -> Partner:
    return make_partner("jiangsu", "江苏", "Jiangsu", "8.50")


@pytest.fixture
def shanghai(db) -> Partner:
    return make_partner("shanghai", "上海", "Shanghai", "5.00")


def nanjing_address(**overrides) -> dict:
    """AddressInput (camelCase) of a partner's customer in Nanjing."""
    return {
        "firstName": "小明",
        "lastName": "王",
        "streetAddress1": "中山路 88 号",
        "city": "南京市",
        "cityArea": "玄武区",
        "countryArea": "江苏省",
        "postalCode": "210000",
        "country": "CN",
        "phone": "13900139000",
        **overrides,
    }


def nanjing_address_data() -> dict:
    """The same address as the services take it (snake_case)."""
    return {
        "first_name": "小明",
        "last_name": "王",
        "street_address_1": "中山路 88 号",
        "city": "南京市",
        "city_area": "玄武区",
        "country_area": "江苏省",
        "postal_code": "210000",
        "country": "CN",
        "phone": "13900139000",
    }


def place_order(partner: Partner, quantity: int, **metadata: str):
    """An order placed by the partner's app from a draft (pay later), through the services."""
    method = ship_from(partner.variant.stocks.get().warehouse, partner.channel)
    draft = draft_order_create(
        channel=partner.channel,
        details={
            "user_email": "buyer@example.com",
            "billing_address": nanjing_address_data(),
            "shipping_address": nanjing_address_data(),
            "shipping_method": method,
            "metadata": metadata,
        },
        lines=[DraftLineInput(variant_id=partner.variant.pk, quantity=quantity)],
        app=partner.app,
    )
    return draft_order_complete(order=draft, app=partner.app)
