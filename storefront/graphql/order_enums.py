"""Saleor's order enums bound to the values our models store (Saleor's own stored values)."""

from ariadne import EnumType

from storefront.models import (
    FulfillmentStatus,
    OrderAuthorizeStatus,
    OrderChargeStatus,
    OrderEvents,
    OrderOrigin,
    OrderStatus,
)


def _by_name(choices) -> dict[str, str]:
    return {member.name: member.value for member in choices}


# Saleor stores fulfilment events under names of their own; every other event is its name in
# lower case.
_EVENT_VALUES = {
    "FULFILLMENT_RETURNED": "returned_items",
    "FULFILLMENT_REPLACED": "replaced_items",
    "FULFILLMENT_AWAITS_APPROVAL": "fulfillment_awaits_approval",
}
SALEOR_EVENT_NAMES = (
    "DRAFT_CREATED", "DRAFT_CREATED_FROM_REPLACE", "ADDED_PRODUCTS", "REMOVED_PRODUCTS", "PLACED",
    "PLACED_FROM_DRAFT", "PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT", "OVERSOLD_ITEMS", "CANCELED",
    "EXPIRED", "ORDER_MARKED_AS_PAID", "ORDER_FULLY_PAID", "ORDER_REPLACEMENT_CREATED",
    "ORDER_DISCOUNT_ADDED", "ORDER_DISCOUNT_AUTOMATICALLY_UPDATED", "ORDER_DISCOUNT_UPDATED",
    "ORDER_DISCOUNT_DELETED", "ORDER_LINE_DISCOUNT_UPDATED", "ORDER_LINE_DISCOUNT_REMOVED",
    "ORDER_LINE_PRODUCT_DELETED", "ORDER_LINE_VARIANT_DELETED", "UPDATED_ADDRESS", "EMAIL_SENT",
    "CONFIRMED", "PAYMENT_AUTHORIZED", "PAYMENT_CAPTURED", "EXTERNAL_SERVICE_NOTIFICATION",
    "PAYMENT_REFUNDED", "PAYMENT_VOIDED", "PAYMENT_FAILED", "TRANSACTION_EVENT",
    "TRANSACTION_CHARGE_REQUESTED", "TRANSACTION_REFUND_REQUESTED", "TRANSACTION_CANCEL_REQUESTED",
    "TRANSACTION_MARK_AS_PAID_FAILED", "INVOICE_REQUESTED", "INVOICE_GENERATED", "INVOICE_UPDATED",
    "INVOICE_SENT", "FULFILLMENT_CANCELED", "FULFILLMENT_RESTOCKED_ITEMS",
    "FULFILLMENT_FULFILLED_ITEMS", "FULFILLMENT_REFUNDED", "FULFILLMENT_RETURNED",
    "FULFILLMENT_REPLACED", "FULFILLMENT_AWAITS_APPROVAL", "TRACKING_UPDATED", "NOTE_ADDED",
    "NOTE_UPDATED", "OTHER",
)  # fmt: skip
EVENT_VALUES = {
    name: _by_name(OrderEvents).get(name) or _EVENT_VALUES.get(name) or name.lower()
    for name in SALEOR_EVENT_NAMES
}
EMAIL_TYPES = (
    "PAYMENT_CONFIRMATION", "CONFIRMED", "SHIPPING_CONFIRMATION", "TRACKING_UPDATED",
    "ORDER_CONFIRMATION", "ORDER_CANCEL", "ORDER_REFUND", "FULFILLMENT_CONFIRMATION",
)  # fmt: skip
# OrderStatusFilter: Saleor's statuses plus two computed ones.
READY_TO_FULFILL = "ready_to_fulfill"
READY_TO_CAPTURE = "ready_to_capture"
STATUS_FILTER_VALUES = {
    "READY_TO_FULFILL": READY_TO_FULFILL,
    "READY_TO_CAPTURE": READY_TO_CAPTURE,
    "UNFULFILLED": OrderStatus.UNFULFILLED.value,
    "UNCONFIRMED": OrderStatus.UNCONFIRMED.value,
    "PARTIALLY_FULFILLED": OrderStatus.PARTIALLY_FULFILLED.value,
    "FULFILLED": OrderStatus.FULFILLED.value,
    "CANCELED": OrderStatus.CANCELED.value,
}

bindables = [
    EnumType("OrderStatus", _by_name(OrderStatus)),
    EnumType("OrderOriginEnum", _by_name(OrderOrigin)),
    EnumType("FulfillmentStatus", _by_name(FulfillmentStatus)),
    EnumType("OrderChargeStatusEnum", _by_name(OrderChargeStatus)),
    EnumType("OrderAuthorizeStatusEnum", _by_name(OrderAuthorizeStatus)),
    EnumType("OrderEventsEnum", EVENT_VALUES),
    EnumType("OrderEventsEmailsEnum", {name: name.lower() for name in EMAIL_TYPES}),
    EnumType("OrderStatusFilter", STATUS_FILTER_VALUES),
]
