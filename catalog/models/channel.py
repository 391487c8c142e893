"""Sales channels, as Saleor's Channel: each has its currency, prices and visibility."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from infra.metadata import ModelWithMetadata


class AllocationStrategy(models.TextChoices):
    PRIORITIZE_SORTING_ORDER = "prioritize-sorting-order"
    PRIORITIZE_HIGH_STOCK = "prioritize-high-stock"


class Channel(ModelWithMetadata):
    name = models.CharField(max_length=250)
    slug = models.SlugField(max_length=255, unique=True)
    is_active = models.BooleanField(default=False)
    currency_code = models.CharField(max_length=3, default="CNY")
    default_country = models.CharField(max_length=2, default="CN")
    allocation_strategy = models.CharField(
        max_length=255,
        choices=AllocationStrategy.choices,
        default=AllocationStrategy.PRIORITIZE_SORTING_ORDER,
    )

    class Meta:
        ordering = ("slug",)
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.slug
