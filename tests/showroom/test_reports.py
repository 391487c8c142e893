"""Place reports as CSV (/places/<id>/reports/<report>.csv): daily sales, shelf and low stock,
their parameters, access and query counts."""

import csv
import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Division, PlaceKind, StaffScope, Stock
from showroom.reports import local_today
from storefront.models import Order, OrderStatus
from tests.factories import StaffUserFactory, WarehouseFactory
from tests.factories.catalog import ChannelFactory, ProductFactory, ProductVariantFactory
from tests.factories.orders import order_with_lines

pytestmark = pytest.mark.django_db

LHASA, CHENGGUAN, BAYI = "540100", "540102", "540402"
SHANGHAI = ZoneInfo("Asia/Shanghai")
STOCK_HEADER = [
    "SKU/sku",
    "商品/product",
    "规格/variant",
    "库存/quantity",
    "已分配/allocated",
    "可售/available",
]


def division(code: str) -> Division:
    return Division.objects.get(code=code)


def url(place, report: str, **params) -> str:
    path = reverse("showroom:report", kwargs={"place_id": place.pk, "report": report})
    if params:
        path += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return path


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def staff(code: str | None = None, place=None, **fields):
    user = StaffUserFactory(**fields)
    if code:
        StaffScope.objects.create(user=user, division=division(code), place=place)
    return user


def table(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def at(local: str) -> datetime.datetime:
    """A moment given as Shanghai wall time 'YYYY-MM-DD HH:MM'."""
    return datetime.datetime.fromisoformat(local).replace(tzinfo=SHANGHAI)


def sale(place, when: datetime.datetime, *, lines=1, quantity=1, price="10.00", **fields):
    order = order_with_lines(
        warehouse=place,
        lines=lines,
        quantity=quantity,
        price=price,
        shipping="0.00",
        collection_point=place,
        **fields,
    )
    Order.objects.filter(pk=order.pk).update(created_at=when)
    return order


@pytest.fixture
def place():
    return WarehouseFactory(
        slug="lhasa-showroom",
        name="拉萨展厅",
        kind=PlaceKind.SHOWROOM,
        division=division(CHENGGUAN),
    )


@pytest.fixture
def superuser():
    return StaffUserFactory(is_superuser=True)


def stock(place, *, sku: str, product: str, variant: str, quantity: int, allocated: int = 0):
    return Stock.objects.create(
        warehouse=place,
        product_variant=ProductVariantFactory(
            sku=sku, name=variant, product=ProductFactory(name=product)
        ),
        quantity=quantity,
        quantity_allocated=allocated,
    )


@pytest.fixture
def shelf(place):
    stock(place, sku="TEA-1", product="酥油茶", variant="500克", quantity=20, allocated=3)
    stock(place, sku="MUSH-1", product="林芝松茸", variant="250克", quantity=4, allocated=1)
    stock(place, sku="BARLEY-1", product="青稞饼", variant="一盒", quantity=6, allocated=6)
    stock(WarehouseFactory(), sku="ELSEWHERE", product="别处", variant="一件", quantity=1)


# --- daily sales ------------------------------------------------------------------------------


def test_daily_sales_rows_per_shanghai_day(place, superuser):
    channel = ChannelFactory(currency_code="CNY")
    # 23:59 on 1 Nov in Shanghai is still 1 Nov although it is 15:59 UTC.
    sale(place, at("2026-11-01 23:59"), lines=2, quantity=3, price="12.50", channel=channel)
    sale(place, at("2026-11-01 00:00"), lines=1, quantity=1, price="0.10", channel=channel)
    # 00:00 on 3 Nov in Shanghai is 2 Nov in UTC.
    sale(place, at("2026-11-03 00:00"), lines=1, quantity=2, price="99.99", channel=channel)
    # Not counted: another place, canceled, draft, outside the period.
    sale(WarehouseFactory(), at("2026-11-01 12:00"), channel=channel)
    sale(place, at("2026-11-01 12:00"), status=OrderStatus.CANCELED, channel=channel)
    sale(place, at("2026-11-01 12:00"), status=OrderStatus.DRAFT, channel=channel)
    sale(place, at("2026-10-31 23:59"), channel=channel)
    sale(place, at("2026-11-04 00:00"), channel=channel)

    response = client_for(superuser).get(
        url(place, "daily-sales", **{"from": "2026-11-01", "to": "2026-11-03"})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="lhasa-showroom-daily-sales-{local_today().isoformat()}.csv"'
    )
    assert table(response) == [
        ["日期/date", "订单数/orders", "件数/units", "金额（元）/total CNY"],
        ["2026-11-01", "2", "7", "75.10"],
        ["2026-11-02", "0", "0", "0.00"],
        ["2026-11-03", "1", "2", "199.98"],
    ]


def test_daily_sales_default_to_the_last_30_local_days(place, superuser):
    today = local_today()
    sale(place, datetime.datetime.combine(today, datetime.time(8), tzinfo=SHANGHAI))
    old = today - datetime.timedelta(days=30)
    sale(place, datetime.datetime.combine(old, datetime.time(23, 59), tzinfo=SHANGHAI))

    rows = table(client_for(superuser).get(url(place, "daily-sales")))[1:]

    assert len(rows) == 30
    assert rows[0][0] == (today - datetime.timedelta(days=29)).isoformat()
    assert rows[-1] == [today.isoformat(), "1", "1", "10.00"]
    assert sum(int(row[1]) for row in rows) == 1


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-13-01"},
        {"to": "yesterday"},
        {"from": "2026-11-05", "to": "2026-11-01"},
        {"from": "2024-01-01", "to": "2026-01-01"},
    ],
)
def test_daily_sales_refuse_bad_periods(place, superuser, params):
    response = client_for(superuser).get(url(place, "daily-sales", **params))

    assert response.status_code == 400


def test_daily_sales_queries_do_not_grow_with_orders(place, superuser):
    client = client_for(superuser)
    period = {"from": "2026-11-01", "to": "2026-11-30"}
    sale(place, at("2026-11-02 10:00"))
    with CaptureQueriesContext(connection) as few:
        client.get(url(place, "daily-sales", **period))
    for day in range(3, 20):
        sale(place, at(f"2026-11-{day:02d} 10:00"), lines=3)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(place, "daily-sales", **period))

    assert len(many) == len(few)
    assert sum(int(row[1]) for row in table(response)[1:]) == 18


# --- shelf and low stock ----------------------------------------------------------------------


def test_shelf_lists_the_place_stock(place, shelf, superuser):
    response = client_for(superuser).get(url(place, "shelf"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="lhasa-showroom-shelf-{local_today().isoformat()}.csv"'
    )
    assert table(response) == [
        STOCK_HEADER,
        ["MUSH-1", "林芝松茸", "250克", "4", "1", "3"],
        ["TEA-1", "酥油茶", "500克", "20", "3", "17"],
        ["BARLEY-1", "青稞饼", "一盒", "6", "6", "0"],
    ]


def test_low_stock_lists_rows_at_or_under_the_threshold_lowest_first(place, shelf, superuser):
    client = client_for(superuser)

    default = table(client.get(url(place, "low-stock")))
    raised = table(client.get(url(place, "low-stock", threshold=17)))
    zero = table(client.get(url(place, "low-stock", threshold=0)))

    assert default == [
        STOCK_HEADER,
        ["BARLEY-1", "青稞饼", "一盒", "6", "6", "0"],
        ["MUSH-1", "林芝松茸", "250克", "4", "1", "3"],
    ]
    assert [row[0] for row in raised[1:]] == ["BARLEY-1", "MUSH-1", "TEA-1"]
    assert [row[0] for row in zero[1:]] == ["BARLEY-1"]


@pytest.mark.parametrize("threshold", ["-1", "five", "2.5"])
def test_low_stock_refuses_bad_thresholds(place, superuser, threshold):
    response = client_for(superuser).get(url(place, "low-stock", threshold=threshold))

    assert response.status_code == 400


@pytest.mark.parametrize("report", ["shelf", "low-stock"])
def test_stock_report_queries_do_not_grow_with_rows(place, superuser, report):
    client = client_for(superuser)
    stock(place, sku="A", product="甲", variant="一", quantity=1)
    with CaptureQueriesContext(connection) as few:
        client.get(url(place, report))
    for n in range(10):
        stock(place, sku=f"B{n}", product=f"乙{n}", variant="一", quantity=n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(place, report))

    assert len(many) == len(few)
    assert len(table(response)) > 7


def test_empty_place_gives_only_the_header(place, superuser):
    assert table(client_for(superuser).get(url(place, "shelf"))) == [STOCK_HEADER]


# --- routing and access -----------------------------------------------------------------------


@pytest.mark.parametrize("report", ["tours", "sales", "shelf.csv"])
def test_unknown_report_is_404(place, superuser, report):
    assert client_for(superuser).get(url(place, report)).status_code == 404


def test_unknown_place_is_404(superuser):
    path = reverse("showroom:report", kwargs={"place_id": 999999, "report": "shelf"})

    assert client_for(superuser).get(path).status_code == 404


def test_anonymous_is_sent_to_the_admin_login(place):
    response = Client().get(url(place, "shelf"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login") + "?next=")
    assert "reports/shelf.csv" in response["Location"]


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("place staff", True),
        ("county staff", True),
        ("prefecture staff", True),
        ("other place staff", False),
        ("other prefecture staff", False),
        ("staff without scope", False),
        ("customer", False),
    ],
)
def test_access(place, shelf, who, allowed):
    users = {
        "place staff": lambda: staff(CHENGGUAN, place=place),
        "county staff": lambda: staff(CHENGGUAN),
        "prefecture staff": lambda: staff(LHASA),
        "other place staff": lambda: staff(
            CHENGGUAN, place=WarehouseFactory(division=division(CHENGGUAN))
        ),
        "other prefecture staff": lambda: staff(BAYI),
        "staff without scope": lambda: staff(),
        "customer": lambda: StaffUserFactory(is_staff=False),
    }
    client = client_for(users[who]())

    for report in ("daily-sales", "shelf", "low-stock"):
        response = client.get(url(place, report))
        assert response.status_code == (200 if allowed else 403), report


def test_money_is_never_a_float(place, superuser):
    sale(place, at("2026-11-01 10:00"), quantity=3, price="0.10")

    rows = table(
        client_for(superuser).get(
            url(place, "daily-sales", **{"from": "2026-11-01", "to": "2026-11-01"})
        )
    )

    assert rows[1][3] == "0.30"
    assert Decimal(rows[1][3]) == Decimal("0.30")
