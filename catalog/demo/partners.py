"""Demo step: Jiangsu (Lhasa's partner province) resells in its own channel.

The jiangsu-partner channel of the demo catalog becomes Jiangsu's partner channel, paired
with Lhasa (data/partner_provinces.csv), its prices the web shop's plus 10 %, with an app
limited to it. The app's token is printed once, when the app is created; later runs keep it
(issue another with appTokenCreate). Safe to run again.
"""

import csv
from decimal import Decimal

from catalog.demo.reference import DATA_DIR
from catalog.models import AppChannelAccess, Channel, Division, PartnerChannel, PriceRounding
from catalog.services.partner_channels import partner_channel_attach, partner_channel_update
from catalog.services.partner_prices import partner_prices_sync
from infra.accounts.app_services import app_create
from infra.accounts.demo import DEMO_ADMIN_EMAIL
from infra.accounts.models import App, User
from infra.accounts.permissions import PermissionEnum

PARTNER_SLUG = "jiangsu-partner"
BASE_SLUG = "default-channel"
PROVINCE_EN = "Jiangsu"
APP_IDENTIFIER = "demo-jiangsu-partner"
TERMS = {
    "price_percent": Decimal(10),
    "price_rounding": PriceRounding.CENT,
    "commission_rate": Decimal(5),
    "pay_later": True,
}
# What the partner's shop does: place and follow orders of its channel.
APP_PERMISSIONS = (
    PermissionEnum.MANAGE_ORDERS,
    PermissionEnum.MANAGE_CHECKOUTS,
    PermissionEnum.HANDLE_CHECKOUTS,
)


def read_partner_provinces() -> list[dict[str, str]]:
    with (DATA_DIR / "partner_provinces.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _partner(channel: Channel, base: Channel) -> PartnerChannel:
    row = next(r for r in read_partner_provinces() if r["province_en"] == PROVINCE_EN)
    prefecture = Division.objects.get(code=row["prefecture_code"])
    names = {"province_zh": row["province_zh"], "province_en": row["province_en"]}
    partner = PartnerChannel.objects.filter(channel=channel).first()
    if partner is None:
        return partner_channel_attach(
            channel=channel,
            **names,
            paired_prefecture_id=prefecture.pk,
            base_channel_id=base.pk,
            publish_products=True,
            **TERMS,
        )
    data = {**names, **TERMS, "paired_prefecture_id": prefecture.pk, "base_channel_id": base.pk}
    partner = partner_channel_update(partner=partner, data=data)
    # The catalog step may have rewritten this channel's prices: follow the rule again.
    partner_prices_sync(partner=partner, list_new=True, publish=True)
    return partner


def _app(channel: Channel, stdout) -> App:
    app = App.objects.filter(identifier=APP_IDENTIFIER).first()
    if app is None:
        admin = User.objects.get(email=DEMO_ADMIN_EMAIL)
        app, issued = app_create(
            requestor=admin,
            name="江苏对口援藏商城",
            identifier=APP_IDENTIFIER,
            permissions=APP_PERMISSIONS,
        )
        stdout.write(f"Jiangsu partner app token (shown once, keep it): {issued.raw}")
    AppChannelAccess.objects.get_or_create(app=app, channel=channel)
    return app


def load_demo_partners(stdout) -> None:
    channel = Channel.objects.get(slug=PARTNER_SLUG)
    base = Channel.objects.get(slug=BASE_SLUG)
    partner = _partner(channel, base)
    _app(channel, stdout)
    listed = channel.variant_listings.count()
    stdout.write(
        f"Partner: {partner.province_zh} in {channel.slug}, prices {base.slug} "
        f"+{partner.price_percent}% ({listed} variants), app limited to its channel"
    )
