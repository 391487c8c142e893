"""checkoutComplete: validate, take the stock, create the order, hand over the payments.

Everything happens in one transaction that first locks the checkout row, so a checkout becomes
exactly one order even when the shopper's app sends completion twice, and a checkout that
cannot get its stock leaves nothing behind. The checkout is deleted afterwards, as Saleor does;
completing it again answers the order made from it.
"""

from decimal import Decimal
from typing import Any

from django.db import transaction

from infra.errors import FieldError, ValidationFailed
from infra.webhooks import event_types as webhook_events
from infra.webhooks.events import event_emit
from storefront.border.services.checkout import border_order_place
from storefront.error_codes import CheckoutErrorCode as Code
from storefront.models import Checkout, CheckoutAuthorizeStatus, Order, OrderEvents
from storefront.selectors.checkout import CheckoutInfo, fetch_checkout_info
from storefront.services import payments as payment_services
from storefront.services.bookings import bookings_create_for_order
from storefront.services.checkout_validation import (
    insufficient_stock_failure,
    lines_availability_check,
)
from storefront.services.order_create import order_create_from_checkout_info
from storefront.services.order_events import order_event_record
from storefront.services.orders import order_confirmation_schedule
from storefront.services.stock import InsufficientStock, stock_allocate_for_order


def _error(field: str | None, code: Code, message: str) -> FieldError:
    return FieldError(field, code.value, message)


def _delivery_errors(info: CheckoutInfo) -> list[FieldError]:
    checkout = info.checkout
    if not info.is_shipping_required:
        return []
    if checkout.collection_point_id is not None:
        return []
    if checkout.shipping_address_id is None:
        return [
            _error(
                "shippingAddress",
                Code.SHIPPING_ADDRESS_NOT_SET,
                "Shipping address is not set",
            )
        ]
    if checkout.shipping_method_id is None:
        return [
            _error(
                "shippingMethod",
                Code.SHIPPING_METHOD_NOT_SET,
                "Shipping method is not set",
            )
        ]
    if info.shipping_option is None:
        return [
            _error(
                "shippingMethod",
                Code.INVALID_SHIPPING_METHOD,
                "Shipping method is not valid for your shipping address",
            )
        ]
    return []


def checkout_complete_validate(
    info: CheckoutInfo, *, email: str, require_email: bool = True
) -> None:
    checkout = info.checkout
    if not info.channel.is_active:
        raise ValidationFailed.single(
            "channel",
            Code.CHANNEL_INACTIVE,
            "Cannot complete checkout with inactive channel.",
        )
    if not info.lines:
        raise ValidationFailed.single(
            "lines", Code.NO_LINES, "Cannot complete checkout without lines."
        )
    lines_availability_check(info)
    errors = []
    if not email and require_email:
        errors.append(_error("email", Code.EMAIL_NOT_SET, "Checkout email must be set."))
    errors.extend(_delivery_errors(info))
    if checkout.billing_address_id is None:
        errors.append(
            _error(
                "billingAddress",
                Code.BILLING_ADDRESS_NOT_SET,
                "Billing address is not set",
            )
        )
    if errors:
        raise ValidationFailed(errors)


def _require_payment(info: CheckoutInfo) -> None:
    total = info.total
    payment_services.checkout_payment_statuses_update(checkout=info.checkout, total=total)
    if total > Decimal(0) and info.checkout.authorize_status != CheckoutAuthorizeStatus.FULL:
        raise ValidationFailed.single(
            "id",
            Code.CHECKOUT_NOT_FULLY_PAID,
            "The authorized amount doesn't cover the checkout's total amount.",
        )


def checkout_complete(
    *,
    checkout: Checkout,
    user: Any = None,
    app: Any = None,
    metadata: dict[str, str] | None = None,
    require_email: bool = True,
) -> Order:
    """Place the order for `checkout`; raise ValidationFailed with Saleor's Code.

    `require_email=False` lets a shopper who gave no e-mail (a showroom kiosk's pickup
    reservation, known by phone) complete; the order then has no confirmation e-mail."""
    with transaction.atomic():
        locked = (
            Checkout.objects.select_for_update(of=("self",))
            .select_related("channel", "shipping_address", "collection_point")
            .filter(pk=checkout.pk)
            .first()
        )
        if locked is None:
            return _completed_order(checkout)
        info = fetch_checkout_info(locked)
        email = locked.email or (locked.user.email if locked.user_id else "") or ""
        checkout_complete_validate(info, email=email, require_email=require_email)
        _require_payment(info)
        order, lines = order_create_from_checkout_info(info=info, user=locked.user, email=email)
        if metadata:
            order.metadata = {**order.metadata, **metadata}
            order.save(update_fields=["metadata"])
        bookings_create_for_order(order=order, order_lines=lines, info=info)
        border_order_place(order=order, order_lines=lines, info=info)
        address = locked.shipping_address
        try:
            stock_allocate_for_order(
                order_lines=lines,
                channel=info.channel,
                country_code=address.country if address else locked.country,
                collection_point=locked.collection_point,
                checkout=locked,
            )
        except InsufficientStock as error:
            raise insufficient_stock_failure(error) from None
        order_event_record(order=order, type=OrderEvents.PLACED, user=user, app=app)
        payment_services.transactions_move_to_order(checkout=locked, order=order)
        locked.delete()
        order_confirmation_schedule(order=order)
        event_emit(webhook_events.ORDER_CREATED, order)
    return order


def _completed_order(checkout: Checkout) -> Order:
    order = Order.objects.filter(checkout_token=str(checkout.pk)).first()
    if order is None:
        raise ValidationFailed.single("id", Code.NOT_FOUND, "Couldn't resolve to a node.")
    return order
