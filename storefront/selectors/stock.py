"""Which stock can serve a checkout, and how much of it is free.

Stock that ships to an address is held by the channel's warehouses linked to a shipping zone of
the channel serving the destination country (Saleor's rule); a zone drawn around Tibetan
divisions serves China. Click-and-collect takes stock from the collection point only when its
option is LOCAL, and from every warehouse of the channel when it is ALL.

Free stock = quantity − allocated to orders − reserved by other open checkouts.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from catalog.models import Channel, ChannelWarehouse, ClickAndCollectOption, Stock, Warehouse
from storefront.models import Checkout, Reservation, ShippingZone


def _shipping_warehouse_ids(channel: Channel, country_code: str) -> QuerySet:
    serving = Q(countries__contains=country_code.upper())
    if country_code.upper() == "CN":
        serving |= Q(divisions__isnull=False)
    zones = ShippingZone.objects.filter(serving, channels=channel)
    return ShippingZone.warehouses.through.objects.filter(shippingzone__in=zones).values(
        "warehouse_id"
    )


def candidate_stocks(
    *,
    channel: Channel,
    country_code: str,
    variant_ids: Iterable[int],
    collection_point: Warehouse | None = None,
) -> QuerySet[Stock]:
    """Stock rows that may serve `variant_ids` for this delivery, unordered and unlocked."""
    stocks = Stock.objects.filter(product_variant_id__in=list(variant_ids))
    in_channel = ChannelWarehouse.objects.filter(channel=channel).values("warehouse_id")
    if collection_point is not None:
        if collection_point.click_and_collect_option == ClickAndCollectOption.LOCAL_STOCK:
            return stocks.filter(warehouse=collection_point)
        return stocks.filter(warehouse_id__in=in_channel)
    return stocks.filter(warehouse_id__in=in_channel).filter(
        warehouse_id__in=_shipping_warehouse_ids(channel, country_code)
    )


def reserved_by_others(
    stock_ids: Iterable[int], *, checkout: Checkout | None = None
) -> dict[int, int]:
    """Units of each stock row held by unexpired reservations of checkouts other than `checkout`."""
    if not reservations_enabled():
        return {}
    reservations = Reservation.objects.filter(
        stock_id__in=list(stock_ids), reserved_until__gt=timezone.now()
    )
    if checkout is not None:
        reservations = reservations.exclude(checkout_line__checkout=checkout)
    rows = reservations.values("stock_id").annotate(total=Sum("quantity_reserved")).order_by()
    return {row["stock_id"]: row["total"] for row in rows}


def free_quantity(stock: Stock, reserved: dict[int, int]) -> int:
    return max(stock.quantity - stock.quantity_allocated - reserved.get(stock.pk, 0), 0)


def available_quantities(
    *,
    channel: Channel,
    country_code: str,
    variant_ids: Iterable[int],
    collection_point: Warehouse | None = None,
    checkout: Checkout | None = None,
) -> dict[int, int]:
    """Free units per variant for this delivery; variants without stock there are absent."""
    stocks = list(
        candidate_stocks(
            channel=channel,
            country_code=country_code,
            variant_ids=variant_ids,
            collection_point=collection_point,
        )
    )
    reserved = reserved_by_others([s.pk for s in stocks], checkout=checkout)
    totals: dict[int, int] = defaultdict(int)
    for stock in stocks:
        totals[stock.product_variant_id] += free_quantity(stock, reserved)
    return dict(totals)


def reservations_enabled() -> bool:
    """Whether checkouts reserve stock at all; while they do not, none is held (leftovers of
    an earlier setting expire on their own) and availability costs no reservation query."""
    return bool(
        settings.RESERVE_STOCK_DURATION_ANONYMOUS_USER
        or settings.RESERVE_STOCK_DURATION_AUTHENTICATED_USER
    )


def reserved_quantities_by_stock(stock_ids: Iterable[int]) -> dict[int, int]:
    """The catalog's view of reservations (settings.STOCK_RESERVATIONS_READER)."""
    return reserved_by_others(stock_ids)
