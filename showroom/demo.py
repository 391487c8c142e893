"""Demo step: a showroom in Lhasa's Barkhor with goods on its shelf, a kiosk and a clerk; a
village station in Nyingchi; and the tours bookable by date from the showroom.

Safe to run again: places are found by slug, slots by (variant, start), staff by e-mail.
"""

import datetime
import os
from decimal import Decimal

from django.utils import timezone

from catalog.models import (
    BookingSlot,
    BookingTerms,
    BookingUnit,
    Channel,
    ChannelWarehouse,
    ClickAndCollectOption,
    Division,
    PlaceKind,
    Product,
    ProductType,
    StaffScope,
    Stock,
    Warehouse,
)
from infra.accounts.models import User
from showroom.models import KioskDevice
from showroom.services import kiosk_device_register

SHOWROOM_CHANNELS = ("default-channel", "lhasa-showroom")
SHELF_UNITS = 12
SHELF_PRODUCTS = 24
TOUR_DAYS = 30
TOUR_CAPACITY = 20
TOUR_START = datetime.time(9, 0)
CLERK = ("clerk@example.com", "次仁", "顿珠")
STATION_OPERATOR = ("station@example.com", "卓玛", "央金")

PLACES = {
    "barkhor-showroom": {
        "name": "拉萨八廓街展示展销中心",
        "kind": PlaceKind.SHOWROOM,
        "division": "540102",  # Chengguan
        "street_address_1": "八廓街 36 号",
        "city": "拉萨市",
        "city_area": "城关区",
        "postal_code": "850000",
        "phone": "+868916330000",
        "latitude": Decimal("29.653000"),
        "longitude": Decimal("91.132000"),
        "opening_hours": [
            {"days": "1-5", "opens": "09:30", "closes": "20:00"},
            {"days": "6-7", "opens": "10:00", "closes": "21:00"},
        ],
        "description": "全区 74 个县区的特色农产品、手工艺品在此展示展销，可扫码下单、到店自提。",
    },
    "lulang-station": {
        "name": "鲁朗镇扎西岗村服务站",
        "kind": PlaceKind.STATION,
        "division": "540402",  # Bayi
        "street_address_1": "鲁朗镇扎西岗村村委会",
        "city": "林芝市",
        "city_area": "巴宜区",
        "postal_code": "860000",
        "phone": "+868945860000",
        "latitude": Decimal("29.768000"),
        "longitude": Decimal("94.732000"),
        "opening_hours": [{"days": "1-7", "opens": "09:00", "closes": "18:00"}],
        "description": "代买代卖、快递收发、自提点。",
    },
}


def _place(slug: str, data: dict) -> Warehouse:
    fields = {**data, "division": Division.objects.get(code=data["division"])}
    place, _ = Warehouse.objects.update_or_create(
        slug=slug,
        defaults={
            **fields,
            "is_private": False,
            "country": "CN",
            "country_area": "西藏自治区",
            "company_name": "西藏好物",
            "click_and_collect_option": ClickAndCollectOption.LOCAL_STOCK,
        },
    )
    for order, channel in enumerate(Channel.objects.filter(slug__in=SHOWROOM_CHANNELS)):
        ChannelWarehouse.objects.get_or_create(
            channel=channel, warehouse=place, defaults={"sort_order": 100 + order}
        )
    return place


def _stock_shelf(place: Warehouse) -> int:
    """Put some of Lhasa's stocked goods on the showroom's shelf."""
    variants = (
        Stock.objects.filter(warehouse__division__parent__code="540100", quantity__gt=0)
        .exclude(warehouse=place)
        .values_list("product_variant_id", flat=True)
        .order_by("product_variant_id")[:SHELF_PRODUCTS]
    )
    for variant_id in variants:
        Stock.objects.get_or_create(
            warehouse=place, product_variant_id=variant_id, defaults={"quantity": SHELF_UNITS}
        )
    return len(variants)


def _staff(place: Warehouse, email: str, last_name: str, first_name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        password = os.environ.get("DEMO_ADMIN_PASSWORD", "tibet-demo-admin")
        user = User.objects.create_user(
            email, password, first_name=first_name, last_name=last_name, is_staff=True
        )
    StaffScope.objects.update_or_create(
        user=user, defaults={"division": place.division, "place": place}
    )
    return user


def _tours(meeting_place: Warehouse) -> int:
    """Tours become bookable: terms meeting at the showroom, a slot each morning for a month."""
    ProductType.objects.filter(slug="tour").update(booking_unit=BookingUnit.TOUR_SEAT)
    tours = Product.objects.filter(product_type__slug="tour").select_related(
        "default_variant", "origin"
    )
    today = timezone.localdate()
    tz = timezone.get_default_timezone()
    slots = 0
    for tour in tours:
        terms, _ = BookingTerms.objects.get_or_create(
            product=tour,
            defaults={
                "meeting_place": meeting_place,
                "meeting_point": "八廓街展示展销中心门口",
                "cancellation_deadline_hours": 48,
                "cancellation_fee": Decimal("20.00"),
                "cancellation_kept_percent": Decimal("30"),
            },
        )
        if tour.origin_id:
            terms.villages.add(tour.origin_id)
        if tour.default_variant is None:
            continue
        for day in range(1, TOUR_DAYS + 1):
            starts_at = datetime.datetime.combine(
                today + datetime.timedelta(days=day), TOUR_START, tzinfo=tz
            )
            _slot, created = BookingSlot.objects.get_or_create(
                variant=tour.default_variant,
                starts_at=starts_at,
                defaults={"capacity": TOUR_CAPACITY},
            )
            slots += created
    return slots


def load_demo_places(stdout) -> None:
    showroom = _place("barkhor-showroom", PLACES["barkhor-showroom"])
    station = _place("lulang-station", PLACES["lulang-station"])
    shelf = _stock_shelf(showroom)
    clerk = _staff(showroom, *CLERK)
    operator = _staff(station, *STATION_OPERATOR)
    kiosk_note = "kiosk already registered"
    if not KioskDevice.objects.filter(place=showroom).exists():
        _device, token = kiosk_device_register(place=showroom, name="展厅入口 1 号屏")
        kiosk_note = f"kiosk token {token} (open /kiosk/activate/?token=…)"
    slots = _tours(showroom)
    stdout.write(
        f"Places: {showroom.name} (/places/{showroom.pk}/counter/, {shelf} products on the "
        f"shelf, {kiosk_note}), {station.name} (/places/{station.pk}/assisted-order/); staff "
        f"{clerk.email}, {operator.email}; {slots} new tour slots"
    )
