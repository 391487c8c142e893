"""Orders, as Saleor's order app: lines frozen at checkout, stock allocations, fulfillments,
granted refunds and the event history.

An order is identified by a UUID (its global ID wraps it) and shown to people by `number`.
Addresses are copied at checkout so later edits of an address book never change an order.
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from infra.metadata import ModelWithMetadata

MONEY = {"max_digits": 20, "decimal_places": 3}


class OrderStatus(models.TextChoices):
    DRAFT = "draft"
    UNCONFIRMED = "unconfirmed"
    UNFULFILLED = "unfulfilled"
    PARTIALLY_FULFILLED = "partially fulfilled"
    PARTIALLY_RETURNED = "partially_returned"
    RETURNED = "returned"
    FULFILLED = "fulfilled"
    CANCELED = "canceled"
    EXPIRED = "expired"


class OrderAuthorizeStatus(models.TextChoices):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class OrderChargeStatus(models.TextChoices):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class OrderOrigin(models.TextChoices):
    CHECKOUT = "checkout"
    DRAFT = "draft"
    REISSUE = "reissue"
    BULK_CREATE = "bulk_create"


class OrderNumber(models.Model):
    """The one-row counter orders take their display number from (locked while taken)."""

    last_number = models.PositiveBigIntegerField(default=0)


class Order(ModelWithMetadata):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.PositiveBigIntegerField(unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    status = models.CharField(
        max_length=32, choices=OrderStatus.choices, default=OrderStatus.UNFULFILLED
    )
    authorize_status = models.CharField(
        max_length=32, choices=OrderAuthorizeStatus.choices, default=OrderAuthorizeStatus.NONE
    )
    charge_status = models.CharField(
        max_length=32, choices=OrderChargeStatus.choices, default=OrderChargeStatus.NONE
    )
    origin = models.CharField(
        max_length=32, choices=OrderOrigin.choices, default=OrderOrigin.CHECKOUT
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="orders",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    user_email = models.EmailField(blank=True, default="", db_index=True)
    language_code = models.CharField(max_length=35, default="zh-hans")
    channel = models.ForeignKey("catalog.Channel", related_name="orders", on_delete=models.PROTECT)
    currency = models.CharField(max_length=3)
    billing_address = models.ForeignKey(
        "storefront.Address", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    shipping_address = models.ForeignKey(
        "storefront.Address", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    shipping_method = models.ForeignKey(
        "storefront.ShippingMethod",
        related_name="orders",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    shipping_method_name = models.CharField(max_length=255, blank=True, default="")
    collection_point = models.ForeignKey(
        "catalog.Warehouse",
        related_name="orders",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    collection_point_name = models.CharField(max_length=255, blank=True, default="")
    shipping_price_amount = models.DecimalField(**MONEY, default=Decimal(0))
    subtotal_amount = models.DecimalField(**MONEY, default=Decimal(0))
    total_amount = models.DecimalField(**MONEY, default=Decimal(0))
    undiscounted_total_amount = models.DecimalField(**MONEY, default=Decimal(0))
    # Sums over the order's transactions, kept by the payment services.
    total_charged_amount = models.DecimalField(**MONEY, default=Decimal(0))
    total_authorized_amount = models.DecimalField(**MONEY, default=Decimal(0))
    total_refunded_amount = models.DecimalField(**MONEY, default=Decimal(0))
    weight = models.DecimalField(max_digits=12, decimal_places=3, default=Decimal(0))
    customer_note = models.TextField(blank=True, default="")
    checkout_token = models.CharField(max_length=36, blank=True, default="", db_index=True)
    # A code printed on the receipt and asked for at the pickup counter.
    pickup_code = models.CharField(max_length=12, blank=True, default="")

    class Meta:
        ordering = ("-number",)
        indexes = [models.Index(fields=["channel", "-created_at"])]

    def __str__(self) -> str:
        return f"#{self.number}"


class OrderLine(ModelWithMetadata):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order = models.ForeignKey(Order, related_name="lines", on_delete=models.CASCADE)
    variant = models.ForeignKey(
        "catalog.ProductVariant",
        related_name="order_lines",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    product_name = models.CharField(max_length=386)
    variant_name = models.CharField(max_length=255, blank=True, default="")
    translated_product_name = models.CharField(max_length=386, blank=True, default="")
    translated_variant_name = models.CharField(max_length=255, blank=True, default="")
    product_sku = models.CharField(max_length=255, null=True, blank=True)
    product_variant_id = models.CharField(max_length=255, null=True, blank=True)
    is_shipping_required = models.BooleanField()
    quantity = models.PositiveIntegerField()
    quantity_fulfilled = models.PositiveIntegerField(default=0)
    currency = models.CharField(max_length=3)
    unit_price_amount = models.DecimalField(**MONEY)
    undiscounted_unit_price_amount = models.DecimalField(**MONEY)
    total_price_amount = models.DecimalField(**MONEY)
    undiscounted_total_price_amount = models.DecimalField(**MONEY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity_fulfilled__lte=F("quantity")),
                name="order_line_fulfilled_le_quantity",
            )
        ]

    @property
    def quantity_unfulfilled(self) -> int:
        return self.quantity - self.quantity_fulfilled


class Allocation(models.Model):
    """Units of one stock row set aside for an order line (Saleor's warehouse Allocation)."""

    order_line = models.ForeignKey(OrderLine, related_name="allocations", on_delete=models.CASCADE)
    stock = models.ForeignKey("catalog.Stock", related_name="allocations", on_delete=models.CASCADE)
    quantity_allocated = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=["order_line", "stock"], name="allocation_line_stock_unique"
            )
        ]


class FulfillmentStatus(models.TextChoices):
    FULFILLED = "fulfilled"
    REFUNDED = "refunded"
    RETURNED = "returned"
    REPLACED = "replaced"
    REFUNDED_AND_RETURNED = "refunded_and_returned"
    CANCELED = "canceled"
    WAITING_FOR_APPROVAL = "waiting_for_approval"


class Fulfillment(ModelWithMetadata):
    order = models.ForeignKey(Order, related_name="fulfillments", on_delete=models.CASCADE)
    fulfillment_order = models.PositiveIntegerField()
    status = models.CharField(
        max_length=32, choices=FulfillmentStatus.choices, default=FulfillmentStatus.FULFILLED
    )
    tracking_number = models.CharField(max_length=255, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=["order", "fulfillment_order"], name="fulfillment_order_unique"
            )
        ]

    @property
    def composed_id(self) -> str:
        return f"{self.order.number}-{self.fulfillment_order}"


class FulfillmentLine(models.Model):
    fulfillment = models.ForeignKey(Fulfillment, related_name="lines", on_delete=models.CASCADE)
    order_line = models.ForeignKey(OrderLine, related_name="+", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField()
    stock = models.ForeignKey(
        "catalog.Stock", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ("pk",)


class OrderGrantedRefundStatus(models.TextChoices):
    NONE = "none"
    PENDING = "pending"
    SUCCESS = "success"
    FAILURE = "failure"


class OrderGrantedRefund(models.Model):
    """A refund staff granted (Saleor 3.15+): an amount and reason, later sent to a gateway."""

    order = models.ForeignKey(Order, related_name="granted_refunds", on_delete=models.CASCADE)
    amount_value = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3)
    reason = models.TextField(blank=True, default="")
    shipping_costs_included = models.BooleanField(default=False)
    status = models.CharField(
        max_length=32,
        choices=OrderGrantedRefundStatus.choices,
        default=OrderGrantedRefundStatus.NONE,
    )
    transaction_item = models.ForeignKey(
        "storefront.TransactionItem",
        related_name="granted_refunds",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    app = models.ForeignKey(
        "accounts.App", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("created_at", "pk")


class OrderGrantedRefundLine(models.Model):
    granted_refund = models.ForeignKey(
        OrderGrantedRefund, related_name="lines", on_delete=models.CASCADE
    )
    order_line = models.ForeignKey(OrderLine, related_name="+", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField()
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ("pk",)


class OrderEvents(models.TextChoices):
    """Saleor's OrderEventsEnum values (stored lower-case, as Saleor stores them)."""

    DRAFT_CREATED = "draft_created"
    ADDED_PRODUCTS = "added_products"
    REMOVED_PRODUCTS = "removed_products"
    PLACED = "placed"
    PLACED_FROM_DRAFT = "placed_from_draft"
    PLACED_AUTOMATICALLY_FROM_PAID_CHECKOUT = "placed_automatically_from_paid_checkout"
    CONFIRMED = "confirmed"
    CANCELED = "canceled"
    ORDER_MARKED_AS_PAID = "order_marked_as_paid"
    ORDER_FULLY_PAID = "order_fully_paid"
    UPDATED_ADDRESS = "updated_address"
    EMAIL_SENT = "email_sent"
    PAYMENT_AUTHORIZED = "payment_authorized"
    PAYMENT_CAPTURED = "payment_captured"
    PAYMENT_REFUNDED = "payment_refunded"
    PAYMENT_FAILED = "payment_failed"
    TRANSACTION_EVENT = "transaction_event"
    TRANSACTION_REFUND_REQUESTED = "transaction_refund_requested"
    FULFILLMENT_CANCELED = "fulfillment_canceled"
    FULFILLMENT_RESTOCKED_ITEMS = "restocked_items"
    FULFILLMENT_FULFILLED_ITEMS = "fulfilled_items"
    FULFILLMENT_REFUNDED = "refunded_items"
    TRACKING_UPDATED = "tracking_updated"
    NOTE_ADDED = "note_added"
    NOTE_UPDATED = "note_updated"
    OVERSOLD_ITEMS = "oversold_items"
    OTHER = "other"


class OrderEvent(models.Model):
    order = models.ForeignKey(Order, related_name="events", on_delete=models.CASCADE)
    date = models.DateTimeField(auto_now_add=True, db_index=True)
    type = models.CharField(max_length=255, choices=OrderEvents.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    app = models.ForeignKey(
        "accounts.App", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    # Saleor's event parameters: message, email, amount, tracking_number, lines, …
    parameters = models.JSONField(blank=True, default=dict)
    related = models.ForeignKey(
        "self", related_name="related_events", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ("date", "pk")
