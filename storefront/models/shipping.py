"""Shipping zones, their methods and per-channel prices, as Saleor's shipping app.

Our extensions: a zone may cover administrative divisions (a prefecture covers its counties),
and a channel listing may add a surcharge for destinations flagged as remote areas.
"""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from infra.metadata import ModelWithMetadata

MONEY = {"max_digits": 12, "decimal_places": 3}
WEIGHT = {"max_digits": 12, "decimal_places": 3}


class ShippingMethodType(models.TextChoices):
    PRICE = "price", _("Price based shipping")
    WEIGHT = "weight", _("Weight based shipping")


class ShippingZone(ModelWithMetadata):
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, default="")
    # ISO 3166-1 alpha-2 codes, comma separated (as django-countries' multiple CountryField).
    countries = models.CharField(max_length=749, blank=True, default="")
    default = models.BooleanField(default=False)
    channels = models.ManyToManyField("catalog.Channel", related_name="shipping_zones", blank=True)
    warehouses = models.ManyToManyField(
        "catalog.Warehouse", related_name="shipping_zones", blank=True
    )
    divisions = models.ManyToManyField(
        "catalog.Division", related_name="shipping_zones", blank=True
    )

    class Meta:
        ordering = ("pk",)
        verbose_name = _("shipping zone")
        verbose_name_plural = _("shipping zones")

    def __str__(self) -> str:
        return self.name

    @property
    def country_codes(self) -> list[str]:
        return [code for code in self.countries.split(",") if code]


class ShippingMethod(ModelWithMetadata):
    shipping_zone = models.ForeignKey(
        ShippingZone, related_name="shipping_methods", on_delete=models.CASCADE
    )
    name = models.CharField(max_length=100)
    type = models.CharField(max_length=30, choices=ShippingMethodType.choices)
    minimum_order_weight = models.DecimalField(**WEIGHT, default=Decimal(0), null=True, blank=True)
    maximum_order_weight = models.DecimalField(**WEIGHT, null=True, blank=True)
    minimum_delivery_days = models.PositiveIntegerField(null=True, blank=True)
    maximum_delivery_days = models.PositiveIntegerField(null=True, blank=True)
    description = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.name


class ShippingMethodChannelListing(models.Model):
    shipping_method = models.ForeignKey(
        ShippingMethod, related_name="channel_listings", on_delete=models.CASCADE
    )
    channel = models.ForeignKey(
        "catalog.Channel", related_name="shipping_method_listings", on_delete=models.CASCADE
    )
    minimum_order_price = models.DecimalField(**MONEY, default=Decimal(0), null=True, blank=True)
    maximum_order_price = models.DecimalField(**MONEY, null=True, blank=True)
    price = models.DecimalField(**MONEY, default=Decimal(0))
    currency = models.CharField(max_length=3)
    remote_area_surcharge = models.DecimalField(**MONEY, default=Decimal(0))

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=["shipping_method", "channel"], name="shipping_listing_unique"
            ),
            models.CheckConstraint(
                condition=Q(remote_area_surcharge__gte=0), name="shipping_surcharge_non_negative"
            ),
        ]


class RemoteArea(models.Model):
    """A division whose deliveries cost a surcharge; flagging a prefecture flags its counties."""

    division = models.OneToOneField(
        "catalog.Division", related_name="remote_area", on_delete=models.CASCADE
    )
    remote = models.BooleanField(default=True)

    class Meta:
        ordering = ("division__code",)
