from django.db import models

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

    class Meta:
        ordering = ("slug",)
