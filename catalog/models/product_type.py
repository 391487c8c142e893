from django.db import models

from catalog.models.booking import BookingUnit
from catalog.models.common import WEIGHT_DIGITS, SlugNamed


class ProductTypeKind(models.TextChoices):
    NORMAL = "normal"
    GIFT_CARD = "gift_card"


class ProductType(SlugNamed):
    kind = models.CharField(
        max_length=32, choices=ProductTypeKind.choices, default=ProductTypeKind.NORMAL
    )
    has_variants = models.BooleanField(default=True)
    is_shipping_required = models.BooleanField(default=True)
    weight = models.DecimalField(**WEIGHT_DIGITS, null=True, blank=True)
    # Our extension: the variants of a type with a booking unit are booked by date (slots).
    booking_unit = models.CharField(
        max_length=16, choices=BookingUnit.choices, blank=True, default=""
    )

    class Meta:
        ordering = ("slug",)
