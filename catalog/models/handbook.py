"""Net goods handbooks (网货手册): one per county and edition (year), imported from the
spreadsheets county staff keep, reviewed by the prefecture, then published as products.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models.common import MONEY_DIGITS, WEIGHT_DIGITS


class HandbookStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned with comments")
    APPROVED = "approved", _("Approved and published")


class Handbook(models.Model):
    county = models.ForeignKey(
        "catalog.Division", related_name="handbooks", on_delete=models.PROTECT
    )
    edition = models.PositiveSmallIntegerField()
    status = models.CharField(
        max_length=16, choices=HandbookStatus.choices, default=HandbookStatus.DRAFT, db_index=True
    )
    review_comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    # The channels approval publishes the entries in.
    channels = models.ManyToManyField("catalog.Channel", related_name="handbooks", blank=True)
    # Generated outputs (Celery tasks), stored through the media storage.
    pdf_file = models.FileField(upload_to="handbooks", blank=True)
    package_file = models.FileField(upload_to="handbooks", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("county__code", "-edition")
        verbose_name = _("net goods handbook")
        verbose_name_plural = _("net goods handbooks")
        constraints = [
            models.UniqueConstraint(fields=["county", "edition"], name="handbook_county_edition")
        ]

    def __str__(self) -> str:
        return f"{self.county.name_zh} {self.edition}"


class HandbookEntry(models.Model):
    handbook = models.ForeignKey(Handbook, related_name="entries", on_delete=models.CASCADE)
    # Natural key within the handbook: re-importing updates the entry with the same key.
    natural_key = models.CharField(max_length=512)
    row_number = models.PositiveIntegerField(null=True, blank=True)
    name_zh = models.CharField(max_length=250)
    name_bo = models.CharField(max_length=500, blank=True)
    name_en = models.CharField(max_length=250, blank=True)
    specification = models.CharField(max_length=250, blank=True)
    unit = models.CharField(max_length=32, blank=True)
    # The specification's net weight in kilograms, when it states one (e.g. "500克/袋").
    net_weight = models.DecimalField(**WEIGHT_DIGITS, null=True, blank=True)
    price_min = models.DecimalField(**MONEY_DIGITS, null=True, blank=True)
    price_max = models.DecimalField(**MONEY_DIGITS, null=True, blank=True)
    production_area = models.CharField(max_length=250, blank=True)
    annual_output = models.CharField(max_length=250, blank=True)
    # The yearly output in kilograms, when it is stated in weight.
    annual_output_kg = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)
    season = models.CharField(max_length=64, blank=True)
    # Months on the market (1–12); all twelve for year-round.
    season_months = models.JSONField(blank=True, default=list)
    quality_level = models.CharField(max_length=128, blank=True)
    certifications = models.JSONField(blank=True, default=list)
    # [{"channel": "农贸市场", "share": "40"}], shares in percent.
    sales_channels = models.JSONField(blank=True, default=list)
    brand_ownership = models.CharField(max_length=250, blank=True)
    brand = models.ForeignKey(
        "catalog.Brand", related_name="handbook_entries", null=True, blank=True,
        on_delete=models.SET_NULL,
    )  # fmt: skip
    producer_name = models.CharField(max_length=250, blank=True)
    producer = models.ForeignKey(
        "catalog.Producer", related_name="handbook_entries", null=True, blank=True,
        on_delete=models.SET_NULL,
    )  # fmt: skip
    ecommerce_enterprise = models.CharField(max_length=250, blank=True)
    gtin = models.CharField(max_length=14, blank=True)
    # Image file names or URLs as the spreadsheet gives them.
    image_references = models.JSONField(blank=True, default=list)
    notes = models.TextField(blank=True)
    # The catalog product approval published this entry as (or merged it into).
    product = models.ForeignKey(
        "catalog.Product", related_name="handbook_entries", null=True, blank=True,
        on_delete=models.SET_NULL,
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("handbook", "row_number", "pk")
        verbose_name = _("handbook entry")
        verbose_name_plural = _("handbook entries")
        constraints = [
            models.UniqueConstraint(
                fields=["handbook", "natural_key"], name="handbook_entry_natural_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name_zh} {self.specification}".strip()


class HandbookEntryImage(models.Model):
    entry = models.ForeignKey(HandbookEntry, related_name="images", on_delete=models.CASCADE)
    image = models.ImageField(upload_to="handbook-images")
    alt = models.CharField(max_length=250, blank=True)
    sort_order = models.IntegerField(default=0)

    class Meta:
        ordering = ("sort_order", "pk")


class HandbookImportStatus(models.TextChoices):
    IMPORTED = "imported", _("Imported")
    FAILED = "failed", _("Refused with errors")
    CHECKED = "checked", _("Checked (dry run)")


class HandbookImport(models.Model):
    """One upload or command run: what was sent, and the report it got."""

    county = models.ForeignKey("catalog.Division", related_name="+", on_delete=models.PROTECT)
    edition = models.PositiveSmallIntegerField()
    handbook = models.ForeignKey(
        Handbook, related_name="imports", null=True, blank=True, on_delete=models.SET_NULL
    )
    file_name = models.CharField(max_length=255)
    status = models.CharField(max_length=16, choices=HandbookImportStatus.choices)
    # {"errors": [{"sheet", "row", "column", "value", "message_zh", "message_en"}],
    #  "created": n, "updated": n, "rows": n}
    report = models.JSONField(blank=True, default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "pk")


class StaffScope(models.Model):
    """The division a staff member works for: a county operator sees their county, prefecture
    staff their prefecture and its counties, region staff everything."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="catalog_scope", on_delete=models.CASCADE
    )
    division = models.ForeignKey("catalog.Division", related_name="+", on_delete=models.PROTECT)
    # Staff of a showroom or station work for that place only (its counter, kiosks, reports).
    place = models.ForeignKey(
        "catalog.Warehouse", related_name="+", null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        verbose_name = _("staff scope")
        verbose_name_plural = _("staff scopes")
