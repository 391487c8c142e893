"""Border residents (边民) and their duty-free allowance, used per local day.

Only an HMAC-SHA256 of a resident's ID number is stored (with BORDER_ID_PEPPER), plus a
masked form for printed declarations; the number itself is never kept or shown."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 20, "decimal_places": 3}


class ResidentIdKind(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")
    BORDER_PASS = "border_pass", _("Border pass")


class BorderResident(models.Model):
    id_hash = models.CharField(max_length=64, unique=True)
    id_kind = models.CharField(max_length=16, choices=ResidentIdKind.choices)
    id_masked = models.CharField(max_length=32)
    name = models.CharField(max_length=64)
    port = models.ForeignKey(
        "border.BorderPort", related_name="residents", on_delete=models.PROTECT
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("pk",)
        verbose_name = _("border resident")
        verbose_name_plural = _("border residents")

    def __str__(self) -> str:
        return f"{self.name} {self.id_masked}"


class BorderQuotaDay(models.Model):
    """CNY of goods a resident bought duty-free on one local day; the row is locked while an
    order is added, so concurrent orders can never pass the allowance together."""

    resident = models.ForeignKey(
        BorderResident, related_name="quota_days", on_delete=models.CASCADE
    )
    date = models.DateField()
    used_amount = models.DecimalField(**MONEY, default=Decimal(0))

    class Meta:
        ordering = ("resident", "date")
        constraints = [
            models.UniqueConstraint(fields=["resident", "date"], name="border_quota_day_unique"),
            models.CheckConstraint(condition=Q(used_amount__gte=0), name="border_quota_used_ge_0"),
        ]


class BorderCheckout(models.Model):
    """The resident a border checkout buys for (gone with the checkout)."""

    checkout = models.OneToOneField(
        "storefront.Checkout", related_name="border", on_delete=models.CASCADE
    )
    resident = models.ForeignKey(BorderResident, related_name="checkouts", on_delete=models.CASCADE)
