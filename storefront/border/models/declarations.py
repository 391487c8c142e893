"""The declaration of each border order: the facts as they were when it was placed, and the
PDF and CSV made from them after commit."""

from django.db import models
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 20, "decimal_places": 3}
WEIGHT = {"max_digits": 12, "decimal_places": 3}


class BorderDeclaration(models.Model):
    order = models.OneToOneField(
        "storefront.Order", related_name="border_declaration", on_delete=models.CASCADE
    )
    number = models.CharField(max_length=64, unique=True)
    port = models.ForeignKey(
        "border.BorderPort", related_name="declarations", on_delete=models.PROTECT
    )
    resident = models.ForeignKey(
        "border.BorderResident",
        related_name="declarations",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    # Copied at ordering time: the printed document never changes with later edits.
    resident_name = models.CharField(max_length=64, blank=True)
    resident_id_masked = models.CharField(max_length=32, blank=True)
    local_date = models.DateField()
    # Goods counted against the resident's allowance on local_date (0 without a resident).
    quota_amount = models.DecimalField(**MONEY, default=0)
    buyer_currency = models.CharField(max_length=3)
    fx_rate = models.DecimalField(max_digits=18, decimal_places=8, null=True, blank=True)
    fx_date = models.DateField(null=True, blank=True)
    fx_source = models.CharField(max_length=64, blank=True)
    pdf_file = models.FileField(upload_to="border/declarations", blank=True)
    csv_file = models.FileField(upload_to="border/declarations", blank=True)
    # Random part of the stored names, so a file's URL cannot be guessed from the number.
    file_key = models.CharField(max_length=32)
    created_at = models.DateTimeField(auto_now_add=True)
    generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("border declaration")
        verbose_name_plural = _("border declarations")

    def __str__(self) -> str:
        return self.number


class BorderDeclarationLine(models.Model):
    declaration = models.ForeignKey(
        BorderDeclaration, related_name="lines", on_delete=models.CASCADE
    )
    order_line = models.ForeignKey(
        "storefront.OrderLine", related_name="+", null=True, on_delete=models.SET_NULL
    )
    sort_order = models.PositiveIntegerField()
    goods = models.CharField(max_length=400)
    sku = models.CharField(max_length=255, blank=True)
    hs_code = models.CharField(max_length=10)
    country_of_origin = models.CharField(max_length=2)
    quantity = models.PositiveIntegerField()
    net_weight_kg = models.DecimalField(**WEIGHT)  # of the whole line
    gross_weight_kg = models.DecimalField(**WEIGHT)
    value_cny = models.DecimalField(**MONEY)
    value_buyer = models.DecimalField(**MONEY, null=True, blank=True)

    class Meta:
        ordering = ("declaration", "sort_order")
