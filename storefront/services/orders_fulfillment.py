"""Shipping an order's goods: orderFulfill and orderFulfillmentUpdateTracking, as Saleor.

A fulfilment takes units out of a warehouse's stock (releasing what the line had allocated),
so each warehouse named gets one Fulfillment row with its lines; the order's status follows
the lines' fulfilled quantities.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from catalog.models import Warehouse
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id
from infra.webhooks import event_types as webhook_events
from infra.webhooks.events import event_emit, events_emit
from storefront.models import (
    Fulfillment,
    FulfillmentLine,
    Order,
    OrderEvents,
    OrderLine,
    OrderStatus,
)
from storefront.services.order_events import order_event_record
from storefront.services.orders import order_lock, order_status_refresh
from storefront.services.orders_email import FULFILLMENT_CONFIRMATION, TRACKING_UPDATED
from storefront.services.orders_errors import OrderErrorCode
from storefront.services.stock import InsufficientStock, stock_fulfill

NOT_FULFILLABLE = {
    OrderStatus.DRAFT: "Cannot fulfill draft order.",
    OrderStatus.UNCONFIRMED: "Cannot fulfill unconfirmed order.",
    OrderStatus.CANCELED: "Cannot fulfill canceled order.",
    OrderStatus.EXPIRED: "Cannot fulfill expired order.",
}


@dataclass(frozen=True)
class FulfillStock:
    warehouse_id: int
    quantity: int


@dataclass(frozen=True)
class FulfillLine:
    """One input line: the order line's pk and the units to take from each warehouse."""

    order_line_id: Any
    stocks: Sequence[FulfillStock]


def _line_name(line: OrderLine) -> str:
    return f"{line.product_name} ({line.variant_name})" if line.variant_name else line.product_name


def _line_gid(line_id: Any) -> str:
    return to_global_id("OrderLine", line_id)


def _check_duplicates(lines: Sequence[FulfillLine]) -> None:
    for line in lines:
        warehouse_ids = [stock.warehouse_id for stock in line.stocks]
        duplicated = {pk for pk in warehouse_ids if warehouse_ids.count(pk) > 1}
        if duplicated:
            raise ValidationFailed.single(
                "warehouse",
                OrderErrorCode.DUPLICATED_INPUT_ITEM,
                "Duplicated warehouse ID.",
                warehouse=to_global_id("Warehouse", duplicated.pop()),
            )
    line_ids = [str(line.order_line_id) for line in lines]
    duplicated_lines = {pk for pk in line_ids if line_ids.count(pk) > 1}
    if duplicated_lines:
        raise ValidationFailed.single(
            "orderLineId",
            OrderErrorCode.DUPLICATED_INPUT_ITEM,
            "Duplicated order line ID.",
            order_lines=[_line_gid(duplicated_lines.pop())],
        )


def _order_lines(order: Order, lines: Sequence[FulfillLine]) -> dict[str, OrderLine]:
    found = {
        str(line.pk): line
        for line in OrderLine.objects.filter(
            order=order, pk__in=[line.order_line_id for line in lines]
        ).select_related("variant")
    }
    missing = [
        _line_gid(line.order_line_id) for line in lines if str(line.order_line_id) not in found
    ]
    if missing:
        raise ValidationFailed.single(
            "lines",
            OrderErrorCode.GRAPHQL_ERROR,
            f"Could not resolve to a node with the global id list of '{missing}'.",
        )
    return found


def _check_quantities(lines: Sequence[FulfillLine], order_lines: dict[str, OrderLine]) -> None:
    for line in lines:
        order_line = order_lines[str(line.order_line_id)]
        if any(stock.quantity < 0 for stock in line.stocks):
            raise ValidationFailed.single(
                "quantity",
                OrderErrorCode.INVALID_QUANTITY,
                "The quantity should be higher than zero.",
                order_lines=[_line_gid(order_line.pk)],
            )
        requested = sum(stock.quantity for stock in line.stocks)
        remaining = order_line.quantity_unfulfilled
        if requested > remaining:
            plural = "" if remaining == 1 else "s"
            raise ValidationFailed.single(
                "orderLineId",
                OrderErrorCode.FULFILL_ORDER_LINE,
                f"Only {remaining} item{plural} remaining to fulfill: {_line_name(order_line)}.",
                order_lines=[_line_gid(order_line.pk)],
            )
    if sum(stock.quantity for line in lines for stock in line.stocks) <= 0:
        raise ValidationFailed.single(
            "lines", OrderErrorCode.ZERO_QUANTITY, "Total quantity must be larger than 0."
        )


def _warehouses(lines: Sequence[FulfillLine]) -> dict[int, Warehouse]:
    ids = {stock.warehouse_id for line in lines for stock in line.stocks if stock.quantity > 0}
    found = Warehouse.objects.in_bulk(list(ids))
    missing = [to_global_id("Warehouse", pk) for pk in sorted(ids) if pk not in found]
    if missing:
        raise ValidationFailed.single(
            "warehouse",
            OrderErrorCode.NOT_FOUND,
            f"Couldn't resolve to a node: {missing[0]}",
            warehouse=missing[0],
        )
    return found


def _insufficient(line: OrderLine, warehouse: Warehouse) -> FieldError:
    return FieldError(
        "stocks",
        OrderErrorCode.INSUFFICIENT_STOCK.value,
        f"Insufficient product stock: {_line_name(line)}",
        {"order_lines": [_line_gid(line.pk)], "warehouse": to_global_id("Warehouse", warehouse.pk)},
    )


@transaction.atomic
def order_fulfill(
    *,
    order: Order,
    lines: Sequence[FulfillLine],
    tracking_number: str = "",
    allow_stock_to_be_exceeded: bool = False,
    notify_customer: bool = False,
    user: Any = None,
    app: Any = None,
) -> tuple[Order, list[Fulfillment]]:
    """Ship the given units: one fulfillment per warehouse, stock decreased, lines and order
    status updated, FULFILLMENT_FULFILLED_ITEMS (and TRACKING_UPDATED) recorded; with
    `notify_customer`, each fulfilment is e-mailed to the customer after commit."""
    order = order_lock(order)
    if order.status in NOT_FULFILLABLE:
        raise ValidationFailed.single(
            "order", OrderErrorCode.INVALID, NOT_FULFILLABLE[order.status]
        )
    _check_duplicates(lines)
    order_lines = _order_lines(order, lines)
    _check_quantities(lines, order_lines)
    warehouses = _warehouses(lines)

    by_warehouse: dict[int, list[tuple[OrderLine, int]]] = defaultdict(list)
    for line in lines:
        for stock in line.stocks:
            if stock.quantity > 0:
                by_warehouse[stock.warehouse_id].append(
                    (order_lines[str(line.order_line_id)], stock.quantity)
                )

    tracking_number = (tracking_number or "").strip()
    next_order = (order.fulfillments.aggregate(top=Max("fulfillment_order"))["top"] or 0) + 1
    fulfillments, fulfillment_lines, errors = [], [], []
    for position, (warehouse_id, items) in enumerate(by_warehouse.items()):
        warehouse = warehouses[warehouse_id]
        fulfillment = Fulfillment.objects.create(
            order=order, fulfillment_order=next_order + position, tracking_number=tracking_number
        )
        fulfillments.append(fulfillment)
        for order_line, quantity in items:
            try:
                stock = stock_fulfill(
                    order_line=order_line,
                    warehouse=warehouse,
                    quantity=quantity,
                    allow_stock_to_be_exceeded=allow_stock_to_be_exceeded,
                )
            except InsufficientStock:
                errors.append(_insufficient(order_line, warehouse))
                continue
            fulfillment_lines.append(
                FulfillmentLine(
                    fulfillment=fulfillment, order_line=order_line, quantity=quantity, stock=stock
                )
            )
            order_line.quantity_fulfilled += quantity
    if errors:
        raise ValidationFailed(errors)

    FulfillmentLine.objects.bulk_create(fulfillment_lines)
    OrderLine.objects.bulk_update(list(order_lines.values()), ["quantity_fulfilled"])
    order_status_refresh(order)
    order_event_record(
        order=order,
        type=OrderEvents.FULFILLMENT_FULFILLED_ITEMS,
        user=user,
        app=app,
        fulfilled_items=[line.pk for line in fulfillment_lines],
    )
    for fulfillment in fulfillments:
        if tracking_number:
            _tracking_event(order, fulfillment, tracking_number, user=user, app=app)
        if notify_customer:
            fulfillment_email_schedule(fulfillment=fulfillment, email_type=FULFILLMENT_CONFIRMATION)
    events = [webhook_events.ORDER_UPDATED]  # and ORDER_FULFILLED once every line is shipped
    events += [webhook_events.ORDER_FULFILLED] if order.status == OrderStatus.FULFILLED else []
    stock = webhook_events.PRODUCT_VARIANT_STOCK_UPDATED
    events_emit([*((e, order) for e in events), *((stock, fl.stock) for fl in fulfillment_lines)])
    return order, fulfillments


def _tracking_event(order: Order, fulfillment: Fulfillment, tracking_number: str, **by: Any):
    order_event_record(
        order=order,
        type=OrderEvents.TRACKING_UPDATED,
        tracking_number=tracking_number,
        fulfillment=f"{order.number}-{fulfillment.fulfillment_order}",
        composed_id=f"{order.number}-{fulfillment.fulfillment_order}",
        **by,
    )


@transaction.atomic
def fulfillment_tracking_update(
    *,
    fulfillment: Fulfillment,
    tracking_number: str,
    notify_customer: bool = False,
    user: Any = None,
    app: Any = None,
) -> tuple[Fulfillment, Order]:
    """Set a fulfillment's tracking number and record TRACKING_UPDATED; with
    `notify_customer`, e-mail the customer the new number after commit."""
    order = order_lock(fulfillment.order)
    fulfillment = Fulfillment.objects.select_for_update().get(pk=fulfillment.pk)
    fulfillment.tracking_number = (tracking_number or "").strip()
    fulfillment.save(update_fields=["tracking_number"])
    _tracking_event(order, fulfillment, fulfillment.tracking_number, user=user, app=app)
    order.save(update_fields=["updated_at"])
    if notify_customer:
        fulfillment_email_schedule(fulfillment=fulfillment, email_type=TRACKING_UPDATED)
    event_emit(webhook_events.ORDER_UPDATED, order)
    return fulfillment, order


def fulfillment_email_schedule(*, fulfillment: Fulfillment, email_type: str) -> None:
    """E-mail the customer about the fulfilment once the current transaction commits."""
    from storefront.tasks import send_fulfillment_email_task

    fulfillment_id = fulfillment.pk
    transaction.on_commit(
        lambda: send_fulfillment_email_task.delay(fulfillment_id, email_type), robust=True
    )
