"""Demo step: shipping zones for Tibet's prefectures, the rest of China, and remote areas.

Lhasa has same-city delivery; every Tibetan county is covered by the region zone; Ngari and
Nagqu counties pay a remote-area surcharge. Safe to run again: zones are found by name.
"""

from decimal import Decimal

from catalog.models import Channel, Division, Warehouse
from storefront.models import ShippingMethod, ShippingMethodChannelListing, ShippingZone
from storefront.services.shipping import remote_area_set

REMOTE_PREFECTURES = ("542500", "540600")  # Ngari, Nagqu
# zone name, divisions, countries, warehouse prefecture, methods:
# (name, type, min kg, max kg, min days, max days, price, surcharge)
ZONES = (
    (
        "拉萨市 同城配送",
        ("540100",),
        "",
        "5401",
        (("拉萨同城配送", "price", None, None, 1, 2, "6.00", "0.00"),),
    ),
    (
        "西藏自治区",
        ("540000",),
        "",
        "54",
        (
            ("中国邮政 EMS", "price", None, None, 3, 7, "12.00", "18.00"),
            ("顺丰快递 重货", "weight", "0", "30", 2, 5, "25.00", "30.00"),
        ),
    ),
    (
        "中国 其他省份",
        (),
        "CN",
        "54",
        (
            ("中国邮政 EMS", "price", None, None, 5, 10, "20.00", "0.00"),
            ("顺丰快递", "weight", "0", "30", 3, 6, "30.00", "0.00"),
        ),
    ),
)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def load_demo_shipping(stdout) -> None:
    channels = list(Channel.objects.all())
    methods = 0
    for name, division_codes, countries, warehouse_prefix, method_rows in ZONES:
        zone, _created = ShippingZone.objects.update_or_create(
            name=name, defaults={"countries": countries}
        )
        zone.channels.set(channels)
        zone.divisions.set(Division.objects.filter(code__in=division_codes))
        zone.warehouses.set(Warehouse.objects.filter(division__code__startswith=warehouse_prefix))
        for row in method_rows:
            method_name, type_, low, high, min_days, max_days, price, surcharge = row
            method, _created = ShippingMethod.objects.update_or_create(
                shipping_zone=zone,
                name=method_name,
                defaults={
                    "type": type_,
                    "minimum_order_weight": _decimal(low),
                    "maximum_order_weight": _decimal(high),
                    "minimum_delivery_days": min_days,
                    "maximum_delivery_days": max_days,
                },
            )
            methods += 1
            for channel in channels:
                ShippingMethodChannelListing.objects.update_or_create(
                    shipping_method=method,
                    channel=channel,
                    defaults={
                        "price": Decimal(price),
                        "remote_area_surcharge": Decimal(surcharge),
                        "currency": channel.currency_code,
                    },
                )
    for division in Division.objects.filter(code__in=REMOTE_PREFECTURES):
        remote_area_set(division=division, remote=True)
    stdout.write(
        f"Shipping: {len(ZONES)} zones, {methods} methods, "
        f"{len(REMOTE_PREFECTURES)} remote prefectures"
    )
