"""The order's history: every change to an order records one OrderEvent (Saleor's events)."""

from typing import Any

from storefront.models import Order, OrderEvent, OrderEvents


def order_event_record(
    *,
    order: Order,
    type: OrderEvents,
    user: Any = None,
    app: Any = None,
    **parameters: Any,
) -> OrderEvent:
    """Record `type` on `order` by `user` or `app`; `parameters` as Saleor's (message, email,
    amount, tracking_number, lines, …) must be JSON-serialisable."""
    staff = user if user is not None and getattr(user, "is_authenticated", False) else None
    return OrderEvent.objects.create(
        order=order, type=type, user=staff, app=app, parameters=parameters
    )
