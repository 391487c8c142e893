"""The GB/T 2260 administrative division tree: region → prefecture → county."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class DivisionLevel(models.TextChoices):
    REGION = "region", _("Region")
    PREFECTURE = "prefecture", _("Prefecture")
    COUNTY = "county", _("County")


class Division(models.Model):
    code = models.CharField(max_length=6, unique=True)
    level = models.CharField(max_length=16, choices=DivisionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    name_zh = models.CharField(max_length=64)
    name_bo = models.CharField(max_length=128, blank=True)
    name_en = models.CharField(max_length=128)
    seat = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("division")
        verbose_name_plural = _("divisions")

    def __str__(self) -> str:
        return f"{self.code} {self.name_zh}"

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Chinese."""
        language = translation.get_language() or "zh-hans"
        if language.startswith("bo") and self.name_bo:
            return self.name_bo
        if language.startswith("en"):
            return self.name_en
        return self.name_zh
