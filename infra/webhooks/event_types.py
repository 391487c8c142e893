"""Webhook event types, named as Saleor's WebhookEventTypeAsyncEnum."""

ORDER_CREATED = "ORDER_CREATED"
ORDER_FULLY_PAID = "ORDER_FULLY_PAID"
ORDER_UPDATED = "ORDER_UPDATED"
ORDER_FULFILLED = "ORDER_FULFILLED"
ORDER_CANCELLED = "ORDER_CANCELLED"
PRODUCT_UPDATED = "PRODUCT_UPDATED"
PRODUCT_VARIANT_STOCK_UPDATED = "PRODUCT_VARIANT_STOCK_UPDATED"

# Event type → (GraphQL type of its `event`, Saleor's display name).
EVENTS: dict[str, tuple[str, str]] = {
    ORDER_CREATED: ("OrderCreated", "Order created"),
    ORDER_FULLY_PAID: ("OrderFullyPaid", "Order fully paid"),
    ORDER_UPDATED: ("OrderUpdated", "Order updated"),
    ORDER_FULFILLED: ("OrderFulfilled", "Order fulfilled"),
    ORDER_CANCELLED: ("OrderCancelled", "Order cancelled"),
    PRODUCT_UPDATED: ("ProductUpdated", "Product updated"),
    PRODUCT_VARIANT_STOCK_UPDATED: ("ProductVariantStockUpdated", "Product variant stock updated"),
}
ALL = tuple(EVENTS)
EVENT_OF_TYPE_NAME = {type_name: event for event, (type_name, _name) in EVENTS.items()}


def event_header_value(event_type: str) -> str:
    """The `Saleor-Event` header value: Saleor sends its event types in lower case."""
    return event_type.lower()
