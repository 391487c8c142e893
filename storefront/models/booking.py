"""What uses a booking slot's capacity: holds of open checkouts, and bookings of orders.

A hold keeps seats for a checkout line until `held_until` (BOOKING_HOLD_MINUTES after the
line last changed); a booking is made with the order and stays until cancelled. A slot's free
capacity is its capacity less its live bookings and the unexpired holds of other checkouts.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from storefront.models.order import MONEY

# Crockford-style alphabet without look-alikes (0/O, 1/I/L), easy to read out and to type.
VOUCHER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
VOUCHER_LENGTH = 10


def new_voucher_code() -> str:
    return "".join(secrets.choice(VOUCHER_ALPHABET) for _ in range(VOUCHER_LENGTH))


class BookingHold(models.Model):
    checkout_line = models.OneToOneField(
        "storefront.CheckoutLine", related_name="booking_hold", on_delete=models.CASCADE
    )
    slot = models.ForeignKey("catalog.BookingSlot", related_name="holds", on_delete=models.CASCADE)
    quantity = models.PositiveIntegerField()
    held_until = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ("pk",)


class BookingStatus(models.TextChoices):
    # Placed, payment not complete yet (seats are taken all the same).
    PENDING = "pending", _("Awaiting payment")
    CONFIRMED = "confirmed", _("Confirmed")
    CHECKED_IN = "checked_in", _("Checked in")
    CANCELLED = "cancelled", _("Cancelled")


LIVE_BOOKING_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)


class Booking(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    order_line = models.OneToOneField(
        "storefront.OrderLine", related_name="booking", on_delete=models.CASCADE
    )
    slot = models.ForeignKey(
        "catalog.BookingSlot", related_name="bookings", on_delete=models.PROTECT
    )
    quantity = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=BookingStatus.choices, default=BookingStatus.PENDING, db_index=True
    )
    voucher_code = models.CharField(max_length=16, unique=True, default=new_voucher_code)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    checked_in_place = models.ForeignKey(
        "catalog.Warehouse", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_fee_amount = models.DecimalField(**MONEY, null=True, blank=True)
    refund_amount = models.DecimalField(**MONEY, null=True, blank=True)

    class Meta:
        ordering = ("created_at", "id")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="booking_quantity_positive")
        ]

    def __str__(self) -> str:
        return self.voucher_code
