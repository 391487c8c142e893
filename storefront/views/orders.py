"""Shopper pages: an order's confirmation and status, and its bookings.

As the API's `orderByToken`, the page answers whoever holds the order's UUID; the pickup code
and the booking vouchers (each one a ticket) are shown only to the order's account or to the
session that placed it. Cancelling a booking moves money, so it needs the order's owner: the
signed-in account of an account's order, the placing session of a guest's.
"""

import uuid
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from catalog.addresses import format_address_lines
from catalog.models import Warehouse
from infra.errors import ValidationFailed
from storefront.models import (
    Order,
    OrderAuthorizeStatus,
    OrderChargeStatus,
    OrderStatus,
    TransactionItem,
)
from storefront.payments.cash import CashGateway
from storefront.selectors import booking_pages
from storefront.selectors import orders as order_selectors
from storefront.services.booking_cancel import booking_cancel, booking_cancellation_quote
from storefront.templatetags.storefront import money

PLACED_ORDERS_SESSION_KEY = "placed_orders"

STATUS_LABELS = {
    OrderStatus.UNCONFIRMED: _("Awaiting confirmation"),
    OrderStatus.UNFULFILLED: _("Received: being prepared"),
    OrderStatus.PARTIALLY_FULFILLED: _("Partly sent"),
    OrderStatus.FULFILLED: _("Sent"),
    OrderStatus.PARTIALLY_RETURNED: _("Partly returned"),
    OrderStatus.RETURNED: _("Returned"),
    OrderStatus.CANCELED: _("Canceled"),
    OrderStatus.EXPIRED: _("Expired"),
}
PICKUP_STATUS_LABELS = {
    OrderStatus.UNFULFILLED: _("Received: being prepared for pickup"),
    OrderStatus.FULFILLED: _("Picked up"),
}


def warehouse_address_lines(warehouse: Warehouse) -> list[str]:
    """A pickup point's address, region down to street as Chinese addresses are written."""
    street = "".join(
        getattr(warehouse, name) or ""
        for name in ("country_area", "city", "city_area", "street_address_1", "street_address_2")
    )
    return [line for line in (street, warehouse.postal_code, warehouse.phone) if line]


def order_status_label(order: Order) -> str:
    if order.collection_point_id or order.collection_point_name:
        label = PICKUP_STATUS_LABELS.get(order.status)
        if label:
            return label
    return STATUS_LABELS.get(order.status, order.status)


def payment_status_label(order: Order, transactions: list[TransactionItem]) -> str:
    if order.charge_status in (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED):
        return _("Paid")
    if order.charge_status == OrderChargeStatus.PARTIAL:
        return _("Partly paid")
    if order.authorize_status == OrderAuthorizeStatus.FULL:
        return _("Payment authorized")
    pending = [t for t in transactions if t.charge_pending_value > Decimal(0)]
    if any(t.gateway == CashGateway.id for t in pending):
        return _("To be paid in cash at pickup")
    if pending:
        return _("Payment being processed")
    if order.total_amount <= 0:
        return _("Nothing to pay")
    return _("Not paid")


def may_see_pickup_code(request: HttpRequest, order: Order) -> bool:
    """The order's account, or the browser session that placed it."""
    user = request.user
    if user.is_authenticated and order.user_id == user.pk:
        return True
    return str(order.pk) in request.session.get(PLACED_ORDERS_SESSION_KEY, [])


def may_cancel_bookings(request: HttpRequest, order: Order) -> bool:
    """The signed-in owner of an account's order; for a guest's order, the session that
    placed it (nobody else holding the link)."""
    user = request.user
    if order.user_id is not None:
        return user.is_authenticated and order.user_id == user.pk
    return str(order.pk) in request.session.get(PLACED_ORDERS_SESSION_KEY, [])


def booking_rows(order: Order, *, with_quotes: bool) -> list[booking_pages.BookingRow]:
    """The order's bookings, each still cancellable one with what cancelling gives back."""
    rows = booking_pages.order_bookings(order)
    now = timezone.now()
    for row in rows:
        if with_quotes and row.cancellable(now):
            row.quote = booking_cancellation_quote(row.booking, now=now)
    return rows


def _order_or_404(order_id: uuid.UUID) -> Order:
    found = (
        order_selectors.orders()
        .select_related("shipping_address", "billing_address", "collection_point")
        .filter(pk=order_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def order(request: HttpRequest, order_id: uuid.UUID) -> HttpResponse:
    found = _order_or_404(order_id)
    lines = order_selectors.lines_by_order([found.pk]).get(found.pk, [])
    transactions = list(TransactionItem.objects.filter(order=found))
    point = found.collection_point
    may_cancel = may_cancel_bookings(request, found)
    return render(
        request,
        "storefront/pages/order.html",
        {
            "order": found,
            "lines": lines,
            "currency": found.currency,
            "status_label": order_status_label(found),
            "payment_label": payment_status_label(found, transactions),
            "pickup": bool(found.collection_point_id or found.collection_point_name),
            "pickup_name": point.name if point else found.collection_point_name,
            "pickup_address": warehouse_address_lines(point) if point else [],
            "pickup_code": found.pickup_code if may_see_pickup_code(request, found) else "",
            "shipping_address": (
                format_address_lines(found.shipping_address) if found.shipping_address else []
            ),
            "bookings": booking_rows(found, with_quotes=may_cancel),
            "show_vouchers": may_see_pickup_code(request, found),
            "may_cancel": may_cancel,
        },
    )


CANCEL_REFUSALS = {
    "ALREADY_CANCELLED": _("This booking was already cancelled."),
    "ALREADY_CHECKED_IN": _("This booking was used: it can't be cancelled."),
    "CANCELLATION_CLOSED": _("The booked date has started: it can't be cancelled any more."),
}


@require_POST
def order_booking_cancel(
    request: HttpRequest, order_id: uuid.UUID, booking_id: uuid.UUID
) -> HttpResponse:
    found = _order_or_404(order_id)
    if not may_cancel_bookings(request, found):
        raise PermissionDenied
    booking = booking_pages.order_booking(found, booking_id)
    if booking is None:
        raise Http404
    user = request.user if request.user.is_authenticated else None
    back = reverse("storefront:order", args=[found.pk]) + "#bookings"
    try:
        booking = booking_cancel(booking=booking, user=user)
    except ValidationFailed as failure:
        for error in failure.errors:
            text = CANCEL_REFUSALS.get(error.code)
            messages.error(request, text or gettext("This booking could not be cancelled."))
        return redirect(back)
    messages.success(
        request,
        gettext("Booking %(code)s cancelled. Refund: %(refund)s.")
        % {"code": booking.voucher_code, "refund": money(booking.refund_amount, found.currency)},
    )
    return redirect(back)
