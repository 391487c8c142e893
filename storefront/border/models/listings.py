"""What a variant needs to be sold through a port: customs facts, and FX rates for display."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

WEIGHT = {"max_digits": 12, "decimal_places": 3}  # kilograms


class BorderListing(models.Model):
    """A variant listed in a border channel. `hs_code` is stored normalised (digits only);
    `export_eligible` is derived from the product's category when the listing is saved
    through the services, and checked again whenever it is bought."""

    border_channel = models.ForeignKey(
        "border.BorderChannel", related_name="listings", on_delete=models.CASCADE
    )
    variant = models.ForeignKey(
        "catalog.ProductVariant", related_name="border_listings", on_delete=models.CASCADE
    )
    port = models.ForeignKey("border.BorderPort", related_name="listings", on_delete=models.PROTECT)
    hs_code = models.CharField(max_length=10)
    country_of_origin = models.CharField(max_length=2, default="CN")
    net_weight_kg = models.DecimalField(**WEIGHT)
    gross_weight_kg = models.DecimalField(**WEIGHT)
    export_eligible = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("pk",)
        verbose_name = _("border listing")
        verbose_name_plural = _("border listings")
        constraints = [
            models.UniqueConstraint(
                fields=["border_channel", "variant"], name="border_listing_unique"
            ),
            models.CheckConstraint(
                condition=Q(net_weight_kg__gt=0) & Q(gross_weight_kg__gte=F("net_weight_kg")),
                name="border_listing_weights",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant} @ {self.border_channel}"


class FxRate(models.Model):
    """`rate` units of `currency` buy 1 CNY (e.g. 18.77 NPR), as published by `source` for
    `date`; a buyer's price is the CNY price × rate."""

    currency = models.CharField(max_length=3)
    rate = models.DecimalField(max_digits=18, decimal_places=8)
    date = models.DateField()
    source = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("currency", "-date", "source")
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["currency", "date", "source"], name="fx_rate_unique"),
            models.CheckConstraint(condition=Q(rate__gt=Decimal(0)), name="fx_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"1 CNY = {self.rate} {self.currency} ({self.date}, {self.source})"
