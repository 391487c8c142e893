"""The demo's Jiangsu partner: its channel follows the web shop's prices +10 %, and its app,
whose token is printed once, sees that channel only."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management.base import OutputWrapper

from catalog.demo import load_demo_catalog
from catalog.demo.partners import load_demo_partners, read_partner_provinces
from catalog.models import AppChannelAccess, Channel, PartnerChannel, ProductVariantChannelListing
from infra.accounts.demo import load_demo_admin
from infra.accounts.models import App
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r"token \(shown once, keep it\): (\S+)")


def _run() -> str:
    out = io.StringIO()
    load_demo_partners(OutputWrapper(out))  # as `manage.py demo` passes it: lines
    return out.getvalue()


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    load_demo_admin(io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_catalog(io.StringIO())


def test_the_pairings_are_the_projects_own_copy():
    rows = {row["province_en"]: row for row in read_partner_provinces()}
    assert rows["Jiangsu"]["prefecture_code"] == "540100"
    assert rows["Shanghai"]["prefecture_zh"] == "日喀则市"
    assert len(rows) == 17


def test_jiangsu_follows_the_web_shop_plus_ten_percent_and_its_app_sees_only_it(demo):
    output = _run()
    partner = PartnerChannel.objects.select_related("channel", "paired_prefecture").get()
    assert (partner.channel.slug, partner.province_zh) == ("jiangsu-partner", "江苏省")
    assert partner.paired_prefecture.code == "540100"
    assert partner.price_percent == Decimal(10)
    base = Channel.objects.get(slug="default-channel")
    base_prices = dict(
        ProductVariantChannelListing.objects.filter(channel=base).values_list(
            "variant_id", "price_amount"
        )
    )
    own = ProductVariantChannelListing.objects.filter(channel=partner.channel)
    assert own.count() == len(base_prices)
    for listing in own:
        expected = (base_prices[listing.variant_id] * Decimal("1.1")).quantize(Decimal("0.01"))
        assert listing.price_amount == expected

    [token] = TOKEN.findall(output)
    app = App.objects.get(identifier="demo-jiangsu-partner")
    assert list(AppChannelAccess.objects.filter(app=app).values_list("channel", flat=True)) == [
        partner.channel_id
    ]
    channels = ApiClient(token).post_graphql("{ channels { slug partner { provinceZh } } }")
    assert channels.data == {
        "channels": [{"slug": "jiangsu-partner", "partner": {"provinceZh": "江苏省"}}]
    }

    again = _run()
    assert TOKEN.findall(again) == []
    assert PartnerChannel.objects.count() == App.objects.count() == 1
    assert ProductVariantChannelListing.objects.filter(channel=partner.channel).count() == len(
        base_prices
    )
