"""Checkouts (Saleor's cart): lines, addresses, delivery choice, and stock reservations.

A checkout is identified by its token (a UUID), as in Saleor; its global ID wraps the token.
Prices are not stored: they are computed from the channel listings whenever they are read, and
frozen only into the order at `checkoutComplete`, which deletes the checkout (as Saleor does); the
order keeps its token in `Order.checkout_token`, so a repeated completion finds the order.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from infra.metadata import ModelWithMetadata


class CheckoutAuthorizeStatus(models.TextChoices):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class CheckoutChargeStatus(models.TextChoices):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"
    OVERCHARGED = "overcharged"


class Checkout(ModelWithMetadata):
    token = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        related_name="checkouts",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    email = models.EmailField(null=True, blank=True)
    channel = models.ForeignKey(
        "catalog.Channel", related_name="checkouts", on_delete=models.PROTECT
    )
    currency = models.CharField(max_length=3)
    # Where the shopper is, for stock and shipping when no address is set yet.
    country = models.CharField(max_length=2, default="CN")
    language_code = models.CharField(max_length=35, default="zh-hans")
    billing_address = models.ForeignKey(
        "storefront.Address", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    shipping_address = models.ForeignKey(
        "storefront.Address", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    shipping_method = models.ForeignKey(
        "storefront.ShippingMethod",
        related_name="checkouts",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    collection_point = models.ForeignKey(
        "catalog.Warehouse",
        related_name="checkouts",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    customer_note = models.TextField(blank=True, default="")
    authorize_status = models.CharField(
        max_length=32,
        choices=CheckoutAuthorizeStatus.choices,
        default=CheckoutAuthorizeStatus.NONE,
        db_index=True,
    )
    charge_status = models.CharField(
        max_length=32,
        choices=CheckoutChargeStatus.choices,
        default=CheckoutChargeStatus.NONE,
        db_index=True,
    )

    class Meta:
        ordering = ("-updated_at", "pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(shipping_method__isnull=True) | Q(collection_point__isnull=True),
                name="checkout_one_delivery_method",
            )
        ]

    def __str__(self) -> str:
        return str(self.token)


class CheckoutLine(ModelWithMetadata):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    checkout = models.ForeignKey(Checkout, related_name="lines", on_delete=models.CASCADE)
    variant = models.ForeignKey(
        "catalog.ProductVariant", related_name="+", on_delete=models.CASCADE
    )
    quantity = models.PositiveIntegerField()
    # Our extension: the date booked, for a variant of a bookable product type.
    booking_slot = models.ForeignKey(
        "catalog.BookingSlot",
        related_name="checkout_lines",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="checkout_line_quantity")
        ]


class Reservation(models.Model):
    """Stock held for an open checkout line until `reserved_until` (Saleor's reservations)."""

    checkout_line = models.ForeignKey(
        CheckoutLine, related_name="reservations", on_delete=models.CASCADE
    )
    stock = models.ForeignKey(
        "catalog.Stock", related_name="reservations", on_delete=models.CASCADE
    )
    quantity_reserved = models.PositiveIntegerField(default=0)
    reserved_until = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=["checkout_line", "stock"], name="reservation_line_stock_unique"
            )
        ]
