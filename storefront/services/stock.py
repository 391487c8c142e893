"""Stock writes for checkouts and orders: check, reserve, allocate, release, fulfil.

Every write locks the stock rows it reads (SELECT … FOR UPDATE, in primary-key order so two
buyers never wait on each other crosswise) inside one transaction, and the database's check
constraints (allocated ≤ quantity, both ≥ 0) back it up: stock is never oversold and never goes
negative, however many buyers complete at once. On SQLite the immediate transactions serialise
writers instead.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalog.models import (
    AllocationStrategy,
    Channel,
    ChannelWarehouse,
    ProductVariant,
    Stock,
    Warehouse,
)
from storefront.models import Allocation, Checkout, CheckoutLine, Order, OrderLine, Reservation
from storefront.selectors.stock import (
    candidate_stocks,
    free_quantity,
    reservations_enabled,
    reserved_by_others,
)


@dataclass(frozen=True)
class InsufficientStockItem:
    variant: ProductVariant
    requested: int
    available: int


class InsufficientStock(Exception):
    def __init__(self, items: list[InsufficientStockItem]):
        self.items = items
        names = ", ".join(str(item.variant) for item in items)
        super().__init__(f"Insufficient stock for {names}")


def _tracked(variants: Iterable[ProductVariant]) -> dict[int, ProductVariant]:
    return {v.pk: v for v in variants if v.track_inventory}


def _locked_stocks(stocks) -> list[Stock]:
    return list(stocks.select_for_update(of=("self",)).order_by("pk"))


def _by_preference(
    stocks: list[Stock],
    *,
    channel: Channel,
    reserved: Mapping[int, int],
    collection_point: Warehouse | None,
) -> list[Stock]:
    """Stocks in the order the channel's allocation strategy takes them from."""
    if channel.allocation_strategy == AllocationStrategy.PRIORITIZE_HIGH_STOCK:
        ordered = sorted(stocks, key=lambda s: (-free_quantity(s, reserved), s.pk))
    else:
        positions = dict(
            ChannelWarehouse.objects.filter(
                channel=channel, warehouse_id__in={s.warehouse_id for s in stocks}
            ).values_list("warehouse_id", "sort_order")
        )
        ordered = sorted(stocks, key=lambda s: (positions.get(s.warehouse_id, 0), s.pk))
    if collection_point is not None:
        # Goods already at the pickup point are handed over first.
        ordered.sort(key=lambda s: s.warehouse_id != collection_point.pk)
    return ordered


def _plan(
    requested: Mapping[int, int],
    variants: Mapping[int, ProductVariant],
    stocks: list[Stock],
    reserved: Mapping[int, int],
) -> dict[int, list[tuple[Stock, int]]]:
    """Take `requested` units of each variant from `stocks` in order, or raise."""
    by_variant: dict[int, list[Stock]] = defaultdict(list)
    for stock in stocks:
        by_variant[stock.product_variant_id].append(stock)
    plan: dict[int, list[tuple[Stock, int]]] = {}
    short = []
    for variant_id, quantity in requested.items():
        taken, remaining = [], quantity
        for stock in by_variant[variant_id]:
            if remaining == 0:
                break
            take = min(free_quantity(stock, reserved), remaining)
            if take:
                taken.append((stock, take))
                remaining -= take
        if remaining:
            available = quantity - remaining
            short.append(InsufficientStockItem(variants[variant_id], quantity, available))
        plan[variant_id] = taken
    if short:
        raise InsufficientStock(short)
    return plan


def stock_check_lines(
    *,
    channel: Channel,
    country_code: str,
    quantities: Mapping[int, int],
    collection_point: Warehouse | None = None,
    checkout: Checkout | None = None,
    variants: Mapping[int, ProductVariant] | None = None,
) -> None:
    """Raise InsufficientStock unless every variant (by pk) has `quantity` free units for this
    delivery; variants that do not track inventory always pass. `variants` spares reading
    them again when the caller has them."""
    if variants is None or not set(quantities) <= set(variants):
        variants = {v.pk: v for v in ProductVariant.objects.filter(pk__in=list(quantities))}
    variants = _tracked(variants[pk] for pk in quantities)
    if not variants:
        return
    stocks = list(
        candidate_stocks(
            channel=channel,
            country_code=country_code,
            variant_ids=variants,
            collection_point=collection_point,
        )
    )
    reserved = reserved_by_others([s.pk for s in stocks], checkout=checkout)
    requested = {pk: quantities[pk] for pk in variants}
    _plan(requested, variants, stocks, reserved)


def reservation_minutes(checkout: Checkout) -> int:
    if checkout.user_id is not None:
        return settings.RESERVE_STOCK_DURATION_AUTHENTICATED_USER
    return settings.RESERVE_STOCK_DURATION_ANONYMOUS_USER


def _checkout_country(checkout: Checkout) -> str:
    address = checkout.shipping_address
    return address.country if address is not None else checkout.country


@transaction.atomic
def checkout_reservations_update(*, checkout: Checkout) -> None:
    """Hold the stock of the checkout's lines for the configured minutes (no-op when off).

    Raises InsufficientStock when another buyer got there first; the caller's transaction then
    rolls back whatever line change asked for the reservation.
    """
    minutes = reservation_minutes(checkout)
    if minutes <= 0:
        return
    Reservation.objects.filter(checkout_line__checkout=checkout).delete()
    lines = list(CheckoutLine.objects.filter(checkout=checkout).select_related("variant"))
    variants = _tracked(line.variant for line in lines)
    if not variants:
        return
    stocks = _locked_stocks(
        candidate_stocks(
            channel=checkout.channel,
            country_code=_checkout_country(checkout),
            variant_ids=variants,
            collection_point=checkout.collection_point,
        )
    )
    reserved = reserved_by_others([s.pk for s in stocks], checkout=checkout)
    ordered = _by_preference(
        stocks, channel=checkout.channel, reserved=reserved,
        collection_point=checkout.collection_point,
    )  # fmt: skip
    requested: dict[int, int] = defaultdict(int)
    for line in lines:
        if line.variant_id in variants:
            requested[line.variant_id] += line.quantity
    plan = _plan(requested, variants, ordered, reserved)
    until = timezone.now() + timedelta(minutes=minutes)
    line_by_variant = {line.variant_id: line for line in lines}
    Reservation.objects.bulk_create(
        Reservation(
            checkout_line=line_by_variant[variant_id],
            stock=stock,
            quantity_reserved=quantity,
            reserved_until=until,
        )
        for variant_id, takes in plan.items()
        for stock, quantity in takes
    )


def _add_allocated(changes: Mapping[int, int]) -> None:
    for stock_id, delta in changes.items():
        Stock.objects.filter(pk=stock_id).update(quantity_allocated=F("quantity_allocated") + delta)


@transaction.atomic
def stock_allocate_for_order(
    *,
    order_lines: list[OrderLine],
    channel: Channel,
    country_code: str,
    collection_point: Warehouse | None = None,
    checkout: Checkout | None = None,
) -> list[Allocation]:
    """Allocate every tracked line of a new order from the stock that serves its delivery,
    following the channel's allocation strategy; the checkout's own reservations count as free
    and are released. Raises InsufficientStock listing every line that cannot be served."""
    variants = _tracked(line.variant for line in order_lines if line.variant is not None)
    if checkout is not None and reservations_enabled():
        Reservation.objects.filter(checkout_line__checkout=checkout).delete()
    if not variants:
        return []
    stocks = _locked_stocks(
        candidate_stocks(
            channel=channel,
            country_code=country_code,
            variant_ids=variants,
            collection_point=collection_point,
        )
    )
    reserved = reserved_by_others([s.pk for s in stocks], checkout=checkout)
    ordered = _by_preference(
        stocks, channel=channel, reserved=reserved, collection_point=collection_point
    )
    allocations, changes, short = [], defaultdict(int), []
    for line in order_lines:
        if line.variant_id not in variants:
            continue
        try:
            plan = _plan({line.variant_id: line.quantity}, variants, ordered, reserved)
        except InsufficientStock as error:
            short.extend(error.items)
            continue
        for stock, quantity in plan[line.variant_id]:
            allocations.append(
                Allocation(order_line=line, stock=stock, quantity_allocated=quantity)
            )
            # Later lines of the same variant see what this one took.
            stock.quantity_allocated += quantity
            changes[stock.pk] += quantity
    if short:
        raise InsufficientStock(short)
    Allocation.objects.bulk_create(allocations)
    _add_allocated(changes)
    return allocations


@transaction.atomic
def stock_deallocate_for_order(*, order: Order) -> None:
    """Give back to stock what the order's lines still hold (on cancellation)."""
    allocations = list(Allocation.objects.filter(order_line__order=order, quantity_allocated__gt=0))
    if not allocations:
        return
    stocks = {
        s.pk: s
        for s in _locked_stocks(Stock.objects.filter(pk__in={a.stock_id for a in allocations}))
    }
    changes: dict[int, int] = defaultdict(int)
    for allocation in allocations:
        stock = stocks[allocation.stock_id]
        release = min(allocation.quantity_allocated, stock.quantity_allocated + changes[stock.pk])
        changes[stock.pk] -= release
    Allocation.objects.filter(pk__in=[a.pk for a in allocations]).delete()
    _add_allocated(changes)


@transaction.atomic
def stock_fulfill(
    *,
    order_line: OrderLine,
    warehouse: Warehouse,
    quantity: int,
    allow_stock_to_be_exceeded: bool = False,
) -> Stock | None:
    """Take `quantity` units of the line's variant out of `warehouse`: release that much of the
    line's allocations (this warehouse's first), then decrease the stock.

    Returns the stock row, or None for variants that do not track inventory (or were deleted).
    Raises InsufficientStock when the warehouse lacks the units, unless exceeding is allowed,
    in which case the quantity stops at zero.
    """
    variant = order_line.variant
    if variant is None or not variant.track_inventory:
        return None
    allocations = list(
        Allocation.objects.filter(order_line=order_line, quantity_allocated__gt=0).select_related(
            "stock"
        )
    )
    stock_ids = {a.stock_id for a in allocations}
    target = Stock.objects.filter(warehouse=warehouse, product_variant=variant).first()
    if target is not None:
        stock_ids.add(target.pk)
    stocks = {s.pk: s for s in _locked_stocks(Stock.objects.filter(pk__in=stock_ids))}
    target = stocks.get(target.pk) if target is not None else None
    allocations.sort(key=lambda a: (target is None or a.stock_id != target.pk, a.pk))
    remaining = quantity
    for allocation in allocations:
        if remaining == 0:
            break
        release = min(allocation.quantity_allocated, remaining)
        allocation.quantity_allocated -= release
        stocks[allocation.stock_id].quantity_allocated -= release
        remaining -= release
    free = target.quantity - target.quantity_allocated if target else 0
    if free < quantity and not allow_stock_to_be_exceeded:
        raise InsufficientStock([InsufficientStockItem(variant, quantity, max(free, 0))])
    Allocation.objects.bulk_update(allocations, ["quantity_allocated"])
    if target is None:
        return None
    target.quantity = max(target.quantity - quantity, target.quantity_allocated, 0)
    Stock.objects.bulk_update(stocks.values(), ["quantity", "quantity_allocated"])
    return target
