"""draftOrderComplete: place a draft, as Saleor does.

Under a lock on the draft, in one transaction: price it afresh, check it (billing address,
delivery, lines still published and purchasable in an active channel), link the customer,
allocate the stock with the same services as checkoutComplete (a shortage leaves the draft as
it was), record PLACED_FROM_DRAFT and emit ORDER_CREATED. Our channels confirm new orders
automatically (Saleor's default; there is no per-channel setting), so the order is
UNFULFILLED. In a partner channel with pay later, the order gets a pay-later authorization
when the caller is the partner's app or staff, and stays unpaid until the settlement.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from catalog.models import ProductChannelListing
from infra.accounts.models import User
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id
from infra.webhooks.event_types import ORDER_CREATED
from infra.webhooks.events import event_emit
from storefront.models import Order, OrderLine, OrderStatus
from storefront.payments.base import AUTHORIZATION, PaymentSource
from storefront.payments.pay_later import PayLaterGateway, pay_later_payer_allowed
from storefront.payments.registry import get_gateway
from storefront.services.draft_orders_errors import DraftOrderErrorCode as Code
from storefront.services.draft_orders_lines import PLACED_FROM_DRAFT
from storefront.services.draft_orders_pricing import draft_shipping_option, draft_totals_refresh
from storefront.services.order_events import order_event_record
from storefront.services.orders import order_confirmation_schedule, order_lock
from storefront.services.payments import order_payments_refresh
from storefront.services.payments_sessions import transaction_initialize
from storefront.services.stock import InsufficientStock, stock_allocate_for_order


def _lines_check(order: Order, lines: list[OrderLine]) -> None:
    if not lines or sum(line.quantity for line in lines) == 0:
        raise ValidationFailed.single(
            "lines", Code.REQUIRED, "Could not create order without any products."
        )
    if any(line.variant is None for line in lines):
        raise ValidationFailed.single(
            "lines", Code.NOT_FOUND, "Could not create orders with non-existing products."
        )
    now = timezone.now()
    listings = {
        listing.product_id: listing
        for listing in ProductChannelListing.objects.filter(
            channel_id=order.channel_id, product_id__in={line.variant.product_id for line in lines}
        )
    }
    product_listings = [listings.get(line.variant.product_id) for line in lines]
    if any(listing is None or not listing.is_visible(now) for listing in product_listings):
        raise ValidationFailed.single(
            "lines", Code.PRODUCT_NOT_PUBLISHED, "Can't finalize draft with unpublished product."
        )
    if any(not listing.is_available_for_purchase(now) for listing in product_listings):
        raise ValidationFailed.single(
            "lines",
            Code.PRODUCT_UNAVAILABLE_FOR_PURCHASE,
            "Can't finalize draft with product unavailable for purchase.",
        )


def _delivery_check(order: Order, lines: list[OrderLine]) -> None:
    if order.billing_address_id is None:
        raise ValidationFailed.single(
            "order", Code.BILLING_ADDRESS_NOT_SET, "Can't finalize draft with no billing address."
        )
    if not any(line.is_shipping_required for line in lines):
        return
    if order.shipping_address_id is None:
        raise ValidationFailed.single(
            "order",
            Code.ORDER_NO_SHIPPING_ADDRESS,
            "Can't finalize draft with no shipping address.",
        )
    if order.shipping_method_id is None:
        raise ValidationFailed.single(
            "shipping", Code.SHIPPING_METHOD_REQUIRED, "Shipping method is required."
        )
    if draft_shipping_option(order, weight=order.weight, subtotal=order.subtotal_amount) is None:
        raise ValidationFailed.single(
            "shipping",
            Code.SHIPPING_METHOD_NOT_APPLICABLE,
            "Shipping method is not valid for chosen shipping address",
        )


def draft_order_validate(order: Order, lines: list[OrderLine]) -> None:
    """Saleor's validate_draft_order, in its order (the stock is checked by allocating)."""
    _delivery_check(order, lines)
    _lines_check(order, lines)
    if not order.channel.is_active:
        raise ValidationFailed.single(
            "channel", Code.CHANNEL_INACTIVE, "Cannot complete draft order with inactive channel."
        )


def _customer_link(order: Order, *, link_accounts: bool) -> None:
    if order.user_id is not None:
        order.user_email = order.user.email
    elif order.user_email and link_accounts:
        order.user = User.objects.filter(email__iexact=order.user_email, is_active=True).first()


def _insufficient_stock(error: InsufficientStock, lines: list[OrderLine]) -> ValidationFailed:
    return ValidationFailed(
        FieldError(
            "lines",
            Code.INSUFFICIENT_STOCK.value,
            f"Insufficient product stock: {item.variant}",
            extra={
                "order_lines": [
                    to_global_id("OrderLine", line.pk)
                    for line in lines
                    if line.variant_id == item.variant.pk
                ]
            },
        )
        for item in error.items
    )


def _pay_later_authorize(order: Order, *, user: Any, app: Any) -> None:
    """A pay-later authorization of the total, when the channel settles monthly."""
    gateway = get_gateway(PayLaterGateway.id)
    source = PaymentSource(order=order)
    if gateway is None or order.total_amount <= 0 or not gateway.is_available_for(source):
        return
    if not pay_later_payer_allowed(app=app, user=user, channel_id=order.channel_id):
        return
    transaction_initialize(
        source=source,
        gateway_id=gateway.id,
        action=AUTHORIZATION,
        idempotency_key=f"draft-complete-{order.pk}",
        user=user,
        app=app,
    )


def draft_order_complete(
    *, order: Order, user: Any = None, app: Any = None, link_accounts: bool = True
) -> Order:
    """Place the draft `order`; raise ValidationFailed with Saleor's OrderErrorCode.

    The customer's account is linked by e-mail unless `link_accounts` is False."""
    with transaction.atomic():
        order = order_lock(order)
        if order.status != OrderStatus.DRAFT:
            raise ValidationFailed.single("id", Code.INVALID, "The order is not draft.")
        lines = draft_totals_refresh(order)
        draft_order_validate(order, lines)
        _customer_link(order, link_accounts=link_accounts)
        address = order.shipping_address
        if not any(line.is_shipping_required for line in lines):
            order.shipping_method = None
            order.shipping_method_name = ""
            order.shipping_price_amount = 0
            order.total_amount = order.subtotal_amount
            order.shipping_address = None
        order.status = OrderStatus.UNFULFILLED
        # The month an order counts in (statements) is the one it was placed in.
        order.created_at = timezone.now()
        order.save()
        if address is not None and order.shipping_address_id is None:
            address.delete()
        try:
            stock_allocate_for_order(
                order_lines=lines,
                channel=order.channel,
                country_code=address.country if address else order.channel.default_country,
            )
        except InsufficientStock as error:
            raise _insufficient_stock(error, lines) from None
        order_event_record(order=order, type=PLACED_FROM_DRAFT, user=user, app=app)
        order_payments_refresh(order=order)
        _pay_later_authorize(order, user=user, app=app)
        event_emit(ORDER_CREATED, order, channel_id=order.channel_id)
        order_confirmation_schedule(order=order)
    order.refresh_from_db()
    return order
