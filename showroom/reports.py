"""Reports of a place (showroom, station or warehouse) as table rows for CSV: daily sales of its
counter and pickup orders, the stock on its shelf and the rows running low. Each report is one
or two queries whatever its length; bookings per slot count the seats of the tours, homestays and
festivals that meet at the place."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from catalog.models import BookingSlot, StaffScope, Stock, Warehouse
from catalog.selectors.scopes import division_and_descendants
from storefront.models import BookingStatus, Order, OrderLine, OrderStatus

CENT = Decimal("0.01")
DEFAULT_DAYS = 30
MAX_DAYS = 366
DEFAULT_LOW_STOCK = 5
# Orders that never became sales.
NOT_SALES = (OrderStatus.DRAFT, OrderStatus.CANCELED)

DAILY_SALES_HEADER = ("日期/date", "订单数/orders", "件数/units", "金额（元）/total CNY")
STOCK_HEADER = (
    "SKU/sku",
    "商品/product",
    "规格/variant",
    "库存/quantity",
    "已分配/allocated",
    "可售/available",
)
BOOKINGS_HEADER = (
    "开始/starts at",
    "商品/product",
    "规格/variant",
    "容量/capacity",
    "已订/booked",
    "已签到/checked in",
    "已取消/cancelled",
    "剩余/left",
)


class ReportParameterError(ValueError):
    """A query parameter of a report is not usable (the message names it)."""


@dataclass(frozen=True)
class Report:
    header: tuple[str, ...]
    rows: list[tuple]


def money(amount: Decimal | None) -> str:
    return str((amount or Decimal(0)).quantize(CENT))


def local_today() -> datetime.date:
    return timezone.localdate(timezone=timezone.get_default_timezone())


def local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_default_timezone())


def sales_orders(place: Warehouse, date_from: datetime.date, date_to: datetime.date):
    """Orders collected at or sold over the counter of `place` on local days from..to."""
    return Order.objects.filter(
        collection_point=place,
        created_at__gte=local_midnight(date_from),
        created_at__lt=local_midnight(date_to + datetime.timedelta(days=1)),
        currency="CNY",
    ).exclude(status__in=NOT_SALES)


def daily_sales_rows(
    *, place: Warehouse, date_from: datetime.date, date_to: datetime.date
) -> list[tuple]:
    """One row per local day from..to (days without sales too): date, orders, units, total."""
    tz = timezone.get_default_timezone()
    orders = sales_orders(place, date_from, date_to)
    per_day = {
        row["day"]: row
        for row in orders.order_by()
        .annotate(day=TruncDate("created_at", tzinfo=tz))
        .values("day")
        .annotate(orders=Count("pk"), total=Sum("total_amount"))
    }
    units = dict(
        OrderLine.objects.filter(order__in=orders.values("pk"))
        .order_by()
        .annotate(day=TruncDate("order__created_at", tzinfo=tz))
        .values("day")
        .annotate(units=Sum("quantity"))
        .values_list("day", "units")
    )
    rows = []
    day = date_from
    while day <= date_to:
        found = per_day.get(day, {})
        rows.append(
            (
                day.isoformat(),
                found.get("orders", 0),
                units.get(day) or 0,
                money(found.get("total")),
            )
        )
        day += datetime.timedelta(days=1)
    return rows


def _stock_rows(stocks) -> list[tuple]:
    return [
        (sku or "", product, variant, quantity, allocated, max(available, 0))
        for sku, product, variant, quantity, allocated, available in stocks.values_list(
            "product_variant__sku",
            "product_variant__product__name",
            "product_variant__name",
            "quantity",
            "quantity_allocated",
            "available",
        )
    ]


def _place_stocks(place: Warehouse):
    return Stock.objects.filter(warehouse=place).annotate(
        available=F("quantity") - F("quantity_allocated")
    )


def shelf_rows(*, place: Warehouse) -> list[tuple]:
    """Every stock row of the place, by product name then SKU."""
    return _stock_rows(
        _place_stocks(place).order_by(
            "product_variant__product__name", "product_variant__sku", "pk"
        )
    )


def low_stock_rows(*, place: Warehouse, threshold: int = DEFAULT_LOW_STOCK) -> list[tuple]:
    """Stock rows whose available quantity is at most `threshold`, lowest first."""
    return _stock_rows(
        _place_stocks(place)
        .filter(available__lte=threshold)
        .order_by("available", "product_variant__sku", "pk")
    )


def bookings_per_slot_rows(
    *, place: Warehouse, date_from: datetime.date, date_to: datetime.date
) -> list[tuple]:
    """Each slot starting on local days from..to of the products meeting at `place`: seats
    booked (live), checked in, cancelled, and left (one query)."""
    tz = timezone.get_default_timezone()
    live = (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)
    slots = (
        BookingSlot.objects.filter(
            variant__product__booking_terms__meeting_place=place,
            starts_at__gte=local_midnight(date_from),
            starts_at__lt=local_midnight(date_to + datetime.timedelta(days=1)),
        )
        .annotate(
            booked=Sum("bookings__quantity", filter=Q(bookings__status__in=live)),
            checked_in=Sum(
                "bookings__quantity", filter=Q(bookings__status=BookingStatus.CHECKED_IN)
            ),
            cancelled=Sum("bookings__quantity", filter=Q(bookings__status=BookingStatus.CANCELLED)),
        )
        .values_list(
            "starts_at",
            "variant__product__name",
            "variant__name",
            "capacity",
            "booked",
            "checked_in",
            "cancelled",
        )
        .order_by("starts_at", "pk")
    )
    return [
        (
            timezone.localtime(starts_at, tz).strftime("%Y-%m-%d %H:%M"),
            product,
            variant,
            capacity,
            booked or 0,
            checked_in or 0,
            cancelled or 0,
            max(capacity - (booked or 0), 0),
        )
        for starts_at, product, variant, capacity, booked, checked_in, cancelled in slots
    ]


# --- parameters -------------------------------------------------------------------------------


def _parse_date(value: str, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ReportParameterError(f"'{name}' must be a date as YYYY-MM-DD.") from None


def sales_period(params, *, ahead: bool = False) -> tuple[datetime.date, datetime.date]:
    """?from=&to= (either may be left out), else the last 30 local days up to today (with
    `ahead`, the next 30 days from today)."""
    today = local_today()
    raw_to, raw_from = params.get("to"), params.get("from")
    span = datetime.timedelta(days=DEFAULT_DAYS - 1)
    if ahead and not raw_to:
        date_from = _parse_date(raw_from, "from") if raw_from else today
        date_to = date_from + span
    else:
        date_to = _parse_date(raw_to, "to") if raw_to else today
        date_from = _parse_date(raw_from, "from") if raw_from else date_to - span
    if date_from > date_to:
        raise ReportParameterError("'from' must not be after 'to'.")
    if (date_to - date_from).days >= MAX_DAYS:
        raise ReportParameterError(f"A report covers at most {MAX_DAYS} days.")
    return date_from, date_to


def low_stock_threshold(params) -> int:
    raw = params.get("threshold")
    if raw in (None, ""):
        return DEFAULT_LOW_STOCK
    try:
        threshold = int(raw)
    except ValueError:
        threshold = -1
    if threshold < 0:
        raise ReportParameterError("'threshold' must be a whole number, 0 or more.")
    return threshold


# --- the reports by name ----------------------------------------------------------------------


def _daily_sales(place: Warehouse, params) -> Report:
    date_from, date_to = sales_period(params)
    return Report(
        DAILY_SALES_HEADER, daily_sales_rows(place=place, date_from=date_from, date_to=date_to)
    )


def _shelf(place: Warehouse, params) -> Report:
    return Report(STOCK_HEADER, shelf_rows(place=place))


def _low_stock(place: Warehouse, params) -> Report:
    return Report(STOCK_HEADER, low_stock_rows(place=place, threshold=low_stock_threshold(params)))


def _bookings(place: Warehouse, params) -> Report:
    date_from, date_to = sales_period(params, ahead=True)
    return Report(
        BOOKINGS_HEADER, bookings_per_slot_rows(place=place, date_from=date_from, date_to=date_to)
    )


REPORTS: dict[str, Callable[[Warehouse, object], Report]] = {
    "daily-sales": _daily_sales,
    "shelf": _shelf,
    "low-stock": _low_stock,
    "bookings": _bookings,
}


def report_build(*, place: Warehouse, name: str, params) -> Report | None:
    """The named report for `place` with the request's query `params`; None if no such report.
    Raises ReportParameterError for unusable parameters."""
    build = REPORTS.get(name)
    return build(place, params) if build else None


# --- access -----------------------------------------------------------------------------------


def can_view_place_reports(user, place: Warehouse) -> bool:
    """Superusers; staff of this place (StaffScope.place); staff without a place whose
    StaffScope division covers the place's division."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.is_staff:
        return False
    scope = StaffScope.objects.filter(user=user).values("place_id", "division_id").first()
    if scope is None:
        return False
    if scope["place_id"] is not None:
        return scope["place_id"] == place.pk
    return place.division_id is not None and place.division_id in division_and_descendants(
        [scope["division_id"]]
    )
