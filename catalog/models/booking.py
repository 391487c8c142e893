"""Tourism packages: bookable variants (a tour seat, a homestay room-night, a festival ticket)
sold by date from a calendar of slots, each with its own capacity.

A product type with a `booking_unit` makes its variants bookable; they track no stock (the
slot's capacity is the stock). The bookings and holds that use a slot's capacity live with the
orders and checkouts in storefront.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from catalog.models.common import MONEY_DIGITS


class BookingUnit(models.TextChoices):
    TOUR_SEAT = "tour_seat", _("Tour seat")
    ROOM_NIGHT = "room_night", _("Homestay room-night")
    TICKET = "ticket", _("Festival ticket")


class BookingTerms(models.Model):
    """What a bookable product promises: where it starts (the place that checks vouchers in),
    the villages it visits, and what a cancellation costs.

    Cancelling is allowed until the slot starts. Before `cancellation_deadline_hours` ahead of
    the start the shopper gets back the price less `cancellation_fee`; after it,
    `cancellation_kept_percent` of the price is kept as well.
    """

    product = models.OneToOneField(
        "catalog.Product", related_name="booking_terms", on_delete=models.CASCADE
    )
    meeting_place = models.ForeignKey(
        "catalog.Warehouse",
        related_name="departing_products",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    meeting_point = models.CharField(max_length=256, blank=True)
    villages = models.ManyToManyField("catalog.Division", related_name="tours", blank=True)
    cancellation_deadline_hours = models.PositiveIntegerField(default=48)
    cancellation_fee = models.DecimalField(**MONEY_DIGITS, default=Decimal(0))
    cancellation_kept_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        verbose_name = _("booking terms")
        verbose_name_plural = _("booking terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(cancellation_kept_percent__gte=0)
                & Q(cancellation_kept_percent__lte=100)
                & Q(cancellation_fee__gte=0),
                name="booking_terms_cancellation_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.product)


class BookingSlot(models.Model):
    """One date (and time) a bookable variant can be booked for, with its capacity."""

    variant = models.ForeignKey(
        "catalog.ProductVariant", related_name="booking_slots", on_delete=models.CASCADE
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    capacity = models.PositiveIntegerField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("starts_at", "pk")
        verbose_name = _("booking slot")
        verbose_name_plural = _("booking slots")
        constraints = [
            models.UniqueConstraint(fields=["variant", "starts_at"], name="booking_slot_start"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="booking_slot_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant} @ {self.starts_at:%Y-%m-%d %H:%M}"
