"""Pickup at a showroom or station: the shopper's order, placed for collection here, is handed
over when they tell the clerk its pickup code.

The hand-out goes through the storefront's own services, as the counter sale does: an order
still to be paid in cash at pickup has its cash recorded as orderMarkAsPaid records it, then
every line left is fulfilled from this place's stock (stock decreases). All in one transaction,
so a refused hand-out changes nothing.
"""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet, Sum

from catalog.models import Warehouse
from infra.errors import ValidationFailed
from storefront.models import Order, OrderChargeStatus, OrderStatus
from storefront.services.orders_fulfillment import FulfillLine, FulfillStock, order_fulfill
from storefront.services.payments_actions import order_mark_as_paid

WAITING = (OrderStatus.UNFULFILLED, OrderStatus.PARTIALLY_FULFILLED)
PAID = (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED)


def pickups_waiting(place: Warehouse) -> QuerySet[Order]:
    """The place's orders waiting to be collected, oldest first, with `items` (units ordered)."""
    return (
        Order.objects.filter(collection_point=place, status__in=WAITING)
        .exclude(pickup_code="")
        .select_related("user", "billing_address")
        .annotate(items=Sum("lines__quantity"))
        .order_by("number")
    )


def _code(raw: str | None) -> str:
    return "".join((raw or "").split())


def pickup_hand_out(*, place: Warehouse, pickup_code: str, clerk: Any) -> Order:
    """Hand the order with `pickup_code` over at `place`: take the cash if it is still to be
    paid, fulfil what is left from the place's stock; or ValidationFailed and nothing changed."""
    code = _code(pickup_code)
    if not code:
        raise ValidationFailed.single("pickupCode", "REQUIRED", "Enter the pickup code.")
    with transaction.atomic():
        order = (
            Order.objects.select_for_update()
            .filter(collection_point=place, pickup_code=code, status__in=WAITING)
            .first()
        )
        if order is None:
            raise ValidationFailed.single(
                "pickupCode",
                "NOT_FOUND",
                f"No order waiting for pickup at this place has the code '{code}'.",
            )
        if order.charge_status not in PAID:
            order = order_mark_as_paid(order=order, transaction_reference="pickup", user=clerk)
        lines = [
            FulfillLine(
                order_line_id=line.pk,
                stocks=[FulfillStock(warehouse_id=place.pk, quantity=line.quantity_unfulfilled)],
            )
            for line in order.lines.all()
            if line.quantity_unfulfilled > 0
        ]
        order, _ = order_fulfill(order=order, lines=lines, user=clerk)
    return order
