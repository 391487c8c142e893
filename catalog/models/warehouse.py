"""Warehouses (county stores, showrooms, stations) and the stock they hold."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from catalog.models.common import SlugNamed


class ClickAndCollectOption(models.TextChoices):
    DISABLED = "disabled"
    LOCAL_STOCK = "local"
    ALL_WAREHOUSES = "all"


class PlaceKind(models.TextChoices):
    """What a warehouse is to shoppers (our extension): a store room, a showroom (展示展销中心)
    with kiosks and a counter, or a village station."""

    WAREHOUSE = "warehouse", _("Warehouse")
    SHOWROOM = "showroom", _("Showroom")
    STATION = "station", _("Village station")


class Warehouse(SlugNamed):
    email = models.EmailField(blank=True, default="")
    is_private = models.BooleanField(default=True)
    click_and_collect_option = models.CharField(
        max_length=30, choices=ClickAndCollectOption.choices, default=ClickAndCollectOption.DISABLED
    )
    # Address (Saleor keeps it in a separate Address row; one warehouse, one address here).
    company_name = models.CharField(max_length=256, blank=True)
    street_address_1 = models.CharField(max_length=256, blank=True)
    street_address_2 = models.CharField(max_length=256, blank=True)
    city = models.CharField(max_length=256, blank=True)
    city_area = models.CharField(max_length=128, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="CN")
    country_area = models.CharField(max_length=128, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    division = models.ForeignKey(
        "catalog.Division",
        related_name="warehouses",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    channels = models.ManyToManyField(
        "catalog.Channel", related_name="warehouses", through="ChannelWarehouse", blank=True
    )
    external_reference = models.CharField(max_length=250, unique=True, blank=True, null=True)
    # Places (our extension): what kind of place, when it is open, where it is on the map.
    kind = models.CharField(
        max_length=16, choices=PlaceKind.choices, default=PlaceKind.WAREHOUSE, db_index=True
    )
    # [{"days": "1-5", "opens": "09:30", "closes": "18:00"}], days 1 (Monday) to 7.
    opening_hours = models.JSONField(blank=True, default=list)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ("slug",)


class PlacePhoto(models.Model):
    place = models.ForeignKey(Warehouse, related_name="photos", on_delete=models.CASCADE)
    image = models.ImageField(upload_to="place-photos")
    alt = models.CharField(max_length=250, blank=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "pk")


class ChannelWarehouse(models.Model):
    channel = models.ForeignKey(
        "catalog.Channel", related_name="channelwarehouse", on_delete=models.CASCADE
    )
    warehouse = models.ForeignKey(
        Warehouse, related_name="channelwarehouse", on_delete=models.CASCADE
    )
    sort_order = models.IntegerField(default=0, db_index=True)

    class Meta:
        ordering = ("sort_order", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "warehouse"], name="channel_warehouse_unique"
            )
        ]


class Stock(models.Model):
    warehouse = models.ForeignKey(Warehouse, related_name="stocks", on_delete=models.CASCADE)
    product_variant = models.ForeignKey(
        "catalog.ProductVariant", related_name="stocks", on_delete=models.CASCADE
    )
    quantity = models.IntegerField(default=0)
    quantity_allocated = models.IntegerField(default=0)

    class Meta:
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "product_variant"], name="stock_unique"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="stock_quantity_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(quantity_allocated__gte=0), name="stock_allocated_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(quantity_allocated__lte=F("quantity")),
                name="stock_allocated_le_quantity",
            ),
        ]

    @property
    def quantity_available(self) -> int:
        return max(self.quantity - self.quantity_allocated, 0)
