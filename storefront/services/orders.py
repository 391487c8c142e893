"""Staff actions on placed orders (confirm, cancel, notes) and the confirmation e-mail.

Each action locks the order row, checks Saleor's rule for it, changes the order and records
its OrderEvent in the same transaction.
"""

from typing import Any

from django.db import transaction

from infra.errors import ValidationFailed
from infra.webhooks import event_types as webhook_events
from infra.webhooks.events import event_emit, events_emit
from storefront.border.services.quota import border_quota_release
from storefront.models import (
    FulfillmentStatus,
    Order,
    OrderEvent,
    OrderEvents,
    OrderLine,
    OrderStatus,
)
from storefront.services.bookings import bookings_release_for_order
from storefront.services.order_events import order_event_record
from storefront.services.orders_errors import OrderErrorCode, OrderNoteAddErrorCode
from storefront.services.stock import stock_deallocate_for_order

# Fulfillments in these states no longer hold goods back from a cancellation (Saleor).
CANCELABLE_FULFILLMENT_STATUSES = (
    FulfillmentStatus.CANCELED,
    FulfillmentStatus.REFUNDED,
    FulfillmentStatus.REPLACED,
    FulfillmentStatus.REFUNDED_AND_RETURNED,
    FulfillmentStatus.RETURNED,
)
NOT_CANCELABLE_STATUSES = (OrderStatus.CANCELED, OrderStatus.DRAFT, OrderStatus.EXPIRED)


def order_lock(order: Order) -> Order:
    """The order re-read under a row lock (call inside a transaction)."""
    return Order.objects.select_for_update(of=("self",)).select_related("channel").get(pk=order.pk)


def order_status_refresh(order: Order) -> Order:
    """Set UNFULFILLED / PARTIALLY_FULFILLED / FULFILLED from the lines' fulfilled quantities."""
    quantities = list(
        OrderLine.objects.filter(order=order).values_list("quantity", "quantity_fulfilled")
    )
    fulfilled = sum(done for _total, done in quantities)
    if quantities and all(done >= total for total, done in quantities):
        status = OrderStatus.FULFILLED
    elif fulfilled:
        status = OrderStatus.PARTIALLY_FULFILLED
    else:
        status = OrderStatus.UNFULFILLED
    if order.status != status:
        order.status = status
        order.save(update_fields=["status", "updated_at"])
    return order


def order_can_cancel(order: Order) -> bool:
    if order.status in NOT_CANCELABLE_STATUSES:
        return False
    return not order.fulfillments.exclude(status__in=CANCELABLE_FULFILLMENT_STATUSES).exists()


@transaction.atomic
def order_cancel(*, order: Order, user: Any = None, app: Any = None) -> Order:
    """Cancel an order nothing was shipped from yet, giving its allocated stock back."""
    order = order_lock(order)
    if not order_can_cancel(order):
        raise ValidationFailed.single(
            "order", OrderErrorCode.CANNOT_CANCEL_ORDER, "This order can't be canceled."
        )
    order_event_record(order=order, type=OrderEvents.CANCELED, user=user, app=app)
    stock_deallocate_for_order(order=order)
    bookings_release_for_order(order=order)
    border_quota_release(order=order)
    order.status = OrderStatus.CANCELED
    order.save(update_fields=["status", "updated_at"])
    events_emit([(webhook_events.ORDER_CANCELLED, order), (webhook_events.ORDER_UPDATED, order)])
    return order


@transaction.atomic
def order_confirm(*, order: Order, user: Any = None, app: Any = None) -> Order:
    """UNCONFIRMED → UNFULFILLED, as Saleor's orderConfirm."""
    order = order_lock(order)
    if order.status != OrderStatus.UNCONFIRMED:
        raise ValidationFailed.single(
            "id",
            OrderErrorCode.INVALID,
            "Provided order id belongs to an order with status different than unconfirmed.",
        )
    if not order.lines.exists():
        raise ValidationFailed.single(
            "id",
            OrderErrorCode.INVALID,
            "Provided order id belongs to an order without products.",
        )
    order.status = OrderStatus.UNFULFILLED
    order.save(update_fields=["status", "updated_at"])
    order_event_record(order=order, type=OrderEvents.CONFIRMED, user=user, app=app)
    event_emit(webhook_events.ORDER_UPDATED, order)
    return order


@transaction.atomic
def order_note_add(
    *, order: Order, message: str, user: Any = None, app: Any = None
) -> tuple[Order, OrderEvent]:
    """Add a staff note to the order's history (Saleor's orderNoteAdd)."""
    message = (message or "").strip()
    if not message:
        raise ValidationFailed.single(
            "message", OrderNoteAddErrorCode.REQUIRED, "Message can't be empty."
        )
    order = order_lock(order)
    event = order_event_record(
        order=order, type=OrderEvents.NOTE_ADDED, user=user, app=app, message=message
    )
    order.save(update_fields=["updated_at"])
    event_emit(webhook_events.ORDER_UPDATED, order)
    return order, event


def order_confirmation_schedule(*, order: Order) -> None:
    """E-mail the customer the order confirmation once the current transaction commits."""
    from storefront.tasks import send_order_confirmation_email_task

    order_id = str(order.pk)
    transaction.on_commit(lambda: send_order_confirmation_email_task.delay(order_id), robust=True)
