"""What village stations record: the produce a villager brings to sell (代卖), one row per
intake, pointing at the handbook entry it put in the county's review queue."""

from django.conf import settings
from django.db import models
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class StationIntake(models.Model):
    place = models.ForeignKey(
        "catalog.Warehouse", related_name="station_intakes", on_delete=models.PROTECT
    )
    # Null once the county deletes the entry (e.g. re-importing a returned handbook): the
    # intake stays on the station's record.
    handbook_entry = models.ForeignKey(
        "catalog.HandbookEntry",
        related_name="station_intakes",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    quantity = models.PositiveIntegerField()
    # The category the operator chose; handbook publishing files every entry under 网货, so
    # approval moves the product here (showroom.intake.station_intake_categories_apply).
    category = models.ForeignKey(
        "catalog.Category", related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("station intake")
        verbose_name_plural = _("station intakes")

    def __str__(self) -> str:
        return f"{self.place_id}:{self.handbook_entry_id}"


def _handbook_saved(sender, instance, update_fields=None, **kwargs) -> None:
    from showroom.intake import station_intake_categories_apply

    if update_fields is not None and "status" in update_fields:
        station_intake_categories_apply(handbook=instance)


post_save.connect(_handbook_saved, sender="catalog.Handbook", dispatch_uid="station-intake-review")
