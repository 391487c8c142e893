"""The figures of a partner's month, from its channel's orders and refunds (three queries).

Orders count in the local month (Asia/Shanghai) they were placed in; drafts, canceled and
expired orders never count. Refunds count in the month the refund succeeded, whatever month
the order was placed in: such an earlier order is listed with a total of 0 and its refund.
The commission is gross × rate rounded half up to the cent; it is shared out over the lines by
largest remainder, so the lines' commissions add up to the statement's exactly.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils import timezone

from catalog.models import PartnerChannel
from storefront.models import Order, OrderStatus, TransactionEvent, TransactionEventType

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
NOT_SALES = (OrderStatus.DRAFT, OrderStatus.CANCELED, OrderStatus.EXPIRED)


@dataclass
class LineFigures:
    order_id: object
    number: int
    placed_at: datetime.datetime
    total: Decimal
    refunded: Decimal = ZERO
    commission: Decimal = ZERO


@dataclass(frozen=True)
class StatementFigures:
    lines: list[LineFigures]
    orders_count: int
    gross: Decimal
    refunds: Decimal
    commission: Decimal

    @property
    def net_due(self) -> Decimal:
        return self.gross - self.refunds - self.commission


def cents(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(period: datetime.date) -> datetime.date:
    return (period.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def previous_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def month_bounds(period: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The local month as [start, end) instants."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(period, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(next_month(period), datetime.time.min, tzinfo=zone)
    return start, end


def _refunds_by_order(channel_id: int, start, end) -> dict[object, Decimal]:
    """Refunded amounts of the month per order; a refund the ledger holds twice under one PSP
    reference counts once, as the transaction's amounts count it."""
    rows = (
        TransactionEvent.objects.filter(
            transaction__order__channel_id=channel_id,
            type__in=(TransactionEventType.REFUND_SUCCESS, TransactionEventType.REFUND_REVERSE),
            include_in_calculations=True,
            created_at__gte=start,
            created_at__lt=end,
        )
        .exclude(transaction__order__status__in=NOT_SALES)
        .order_by("created_at", "pk")
        .values_list("pk", "transaction_id", "transaction__order_id", "type", "psp_reference",
                     "amount_value")
    )  # fmt: skip
    refunded: dict[object, Decimal] = defaultdict(lambda: ZERO)
    seen = set()
    for pk, transaction_id, order_id, kind, reference, amount in rows:
        key = (transaction_id, kind, reference) if reference else pk
        if key in seen:
            continue
        seen.add(key)
        sign = 1 if kind == TransactionEventType.REFUND_SUCCESS else -1
        refunded[order_id] += sign * amount
    return {order_id: cents(amount) for order_id, amount in refunded.items() if amount}


def commissions_share(totals: list[Decimal], commission: Decimal, rate: Decimal) -> list[Decimal]:
    """Each line's commission: its exact share floored to the cent, then the cents left over
    given to the largest remainders (earliest line first on ties)."""
    exact = [total * rate / HUNDRED for total in totals]
    floored = [share.quantize(CENT, rounding=ROUND_DOWN) for share in exact]
    left = int((commission - sum(floored, ZERO)) / CENT)
    by_remainder = sorted(range(len(totals)), key=lambda i: (-(exact[i] - floored[i]), i))
    for index in by_remainder[: max(left, 0)]:
        floored[index] += CENT
    return floored


def statement_figures(*, partner: PartnerChannel, period: datetime.date) -> StatementFigures:
    start, end = month_bounds(period)
    channel_id = partner.channel_id
    placed = list(
        Order.objects.filter(channel_id=channel_id, created_at__gte=start, created_at__lt=end)
        .exclude(status__in=NOT_SALES)
        .order_by("created_at", "number")
        .values_list("pk", "number", "created_at", "total_amount")
    )
    refunds = _refunds_by_order(channel_id, start, end)
    lines = {
        pk: LineFigures(order_id=pk, number=number, placed_at=placed_at, total=cents(total))
        for pk, number, placed_at, total in placed
    }
    earlier = [pk for pk in refunds if pk not in lines]
    if earlier:
        for pk, number, placed_at in (
            Order.objects.filter(pk__in=earlier)
            .order_by("created_at", "number")
            .values_list("pk", "number", "created_at")
        ):
            lines[pk] = LineFigures(order_id=pk, number=number, placed_at=placed_at, total=ZERO)
    ordered = sorted(lines.values(), key=lambda line: (line.placed_at, line.number))
    for line in ordered:
        line.refunded = refunds.get(line.order_id, ZERO)
    rate = partner.commission_rate
    gross = sum((line.total for line in ordered), ZERO)
    commission = cents(gross * rate / HUNDRED)
    for line, share in zip(
        ordered, commissions_share([line.total for line in ordered], commission, rate), strict=True
    ):
        line.commission = share
    return StatementFigures(
        lines=ordered,
        orders_count=len(placed),
        gross=gross,
        refunds=sum((line.refunded for line in ordered), ZERO),
        commission=commission,
    )
