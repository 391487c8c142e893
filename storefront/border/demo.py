"""Demo step: border channels at Gyirong and Zhangmu (to Nepal, buyers paying in NPR), each
with a few exportable goods of the web shop, today's NPR rate, Zhangmu's 2015–2019 closure
after the Gorkha earthquake, and a registered border resident of Gyirong.

Prices follow the web shop's; delivery uses its shipping zones and warehouses. The FX rate is
a demo figure, not a published one. Safe to run again: everything is found by natural key.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone

from catalog.models import (
    Channel,
    ChannelWarehouse,
    ProductChannelListing,
    ProductVariant,
    ProductVariantChannelListing,
    Stock,
)
from storefront.border.models import (
    BorderChannel,
    BorderListing,
    BorderPort,
    BorderResident,
    PortClosure,
)
from storefront.border.selectors import export_restrictions
from storefront.border.services.channels import (
    border_channel_create,
    fx_rate_record,
    port_closure_create,
)
from storefront.border.services.listings import border_listing_create
from storefront.border.services.residents import border_resident_register, id_hash
from storefront.border.validators import id_number_parse
from storefront.models import ShippingMethodChannelListing, ShippingZone

BASE_SLUG = "default-channel"
CHANNELS = {
    "border-gyirong": ("吉隆口岸边贸", "gyirong"),
    "border-zhangmu": ("樟木口岸边贸", "zhangmu"),
}
LISTED_PER_CHANNEL = 6
# HS subheadings of the demo's exportable categories (checked with customs before real use).
CATEGORY_HS = {
    "grain": "1003.90",  # barley
    "beverage": "0902.30",  # black tea (sweet tea, butter tea mixes)
    "textile": "5701.10",  # wool carpets
    "fungi": "0712.39",  # dried mushrooms
    "fruit_nut": "0802.90",  # nuts
    "incense": "3307.41",  # incense sticks
    "handicraft": "4420.90",  # wooden articles
}
NPR_PER_CNY = Decimal("18.50")
FX_SOURCE = "demo"
ZHANGMU_CLOSURE = (
    datetime.datetime(2015, 4, 25, 12, tzinfo=datetime.UTC),
    datetime.datetime(2019, 5, 29, 2, tzinfo=datetime.UTC),
    "2015 Gorkha earthquake; reopened for freight on 2019-05-29",
)
# A made-up identity card number of Gyirong county (valid check character), for trying the
# quota; only its hash and masked form are stored.
DEMO_RESIDENT = ("54023419900101123X", "次仁多吉")
DEFAULT_NET_KG = Decimal("0.500")


def _channel(slug: str, name: str, port: BorderPort) -> Channel:
    channel, _ = Channel.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "currency_code": "CNY",
            "default_country": "CN",
            "is_active": True,
        },
    )
    if not BorderChannel.objects.filter(channel=channel).exists():
        border_channel_create(channel=channel, port=port)
    return channel


def _candidates(base: Channel) -> list[ProductVariant]:
    """Priced, stocked variants of the web shop in the demo's exportable categories."""
    variants = (
        ProductVariant.objects.filter(
            channel_listings__channel=base,
            channel_listings__price_amount__isnull=False,
            product__category__slug__in=list(CATEGORY_HS),
            product__product_type__booking_unit="",
        )
        .filter(Exists(Stock.objects.filter(product_variant=OuterRef("pk"), quantity__gt=0)))
        .select_related("product__category")
        .order_by("sku")
    )
    picked, categories = [], set()
    for variant in variants:
        # One per category first, so the demo shows a spread of goods.
        if variant.product.category.slug in categories:
            continue
        categories.add(variant.product.category.slug)
        picked.append(variant)
    restricted = export_restrictions(v.product for v in picked)
    return [v for v in picked if v.product_id not in restricted][:LISTED_PER_CHANNEL]


def _sell_like_base(channel: Channel, base: Channel, variants: list[ProductVariant]) -> None:
    """Prices, publication, warehouses and delivery of the web shop, for these variants."""
    now = timezone.now()
    for variant in variants:
        price = ProductVariantChannelListing.objects.get(variant=variant, channel=base)
        ProductVariantChannelListing.objects.update_or_create(
            variant=variant,
            channel=channel,
            defaults={
                "currency": "CNY",
                "price_amount": price.price_amount,
                "discounted_price_amount": price.discounted_price_amount,
            },
        )
        ProductChannelListing.objects.update_or_create(
            product=variant.product,
            channel=channel,
            defaults={
                "currency": "CNY",
                "is_published": True,
                "published_at": now,
                "visible_in_listings": True,
                "available_for_purchase_at": now,
                "discounted_price_amount": price.discounted_price_amount or price.price_amount,
            },
        )
    for link in ChannelWarehouse.objects.filter(channel=base):
        ChannelWarehouse.objects.get_or_create(
            channel=channel, warehouse=link.warehouse, defaults={"sort_order": link.sort_order}
        )
    for zone in ShippingZone.objects.filter(channels=base):
        zone.channels.add(channel)
    for listing in ShippingMethodChannelListing.objects.filter(channel=base):
        ShippingMethodChannelListing.objects.get_or_create(
            shipping_method=listing.shipping_method,
            channel=channel,
            defaults={
                "price": listing.price,
                "currency": "CNY",
                "minimum_order_price": listing.minimum_order_price,
                "maximum_order_price": listing.maximum_order_price,
                "remote_area_surcharge": listing.remote_area_surcharge,
            },
        )


def _list(border_channel: BorderChannel, variants: list[ProductVariant]) -> int:
    created = 0
    for variant in variants:
        if BorderListing.objects.filter(border_channel=border_channel, variant=variant).exists():
            continue
        net = variant.weight or variant.product.weight or DEFAULT_NET_KG
        gross = (net * Decimal("1.1")).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
        border_listing_create(
            border_channel=border_channel,
            variant=variant,
            hs_code=CATEGORY_HS[variant.product.category.slug],
            net_weight_kg=net,
            gross_weight_kg=gross,
        )
        created += 1
    return created


def _resident(port: BorderPort) -> BorderResident:
    number, name = DEMO_RESIDENT
    found = BorderResident.objects.filter(id_hash=id_hash(id_number_parse(number))).first()
    return found or border_resident_register(id_number=number, name=name, port=port)


def load_demo_border(stdout) -> None:
    base = Channel.objects.get(slug=BASE_SLUG)
    variants = _candidates(base)
    listed = 0
    for slug, (name, port_code) in CHANNELS.items():
        port = BorderPort.objects.get(code=port_code)
        channel = _channel(slug, name, port)
        _sell_like_base(channel, base, variants)
        listed += _list(channel.border, variants)
    fx_rate_record(currency="NPR", rate=NPR_PER_CNY, date=timezone.localdate(), source=FX_SOURCE)
    zhangmu = BorderPort.objects.get(code="zhangmu")
    starts_at, ends_at, reason = ZHANGMU_CLOSURE
    if not PortClosure.objects.filter(port=zhangmu, starts_at=starts_at).exists():
        port_closure_create(port=zhangmu, starts_at=starts_at, ends_at=ends_at, reason=reason)
    resident = _resident(BorderPort.objects.get(code="gyirong"))
    stdout.write(
        f"Border trade: {', '.join(CHANNELS)} ({listed} new listings), 1 CNY = {NPR_PER_CNY} "
        f"NPR today, resident {resident.name} (ID {DEMO_RESIDENT[0]}, stored as "
        f"{resident.id_masked})"
    )
