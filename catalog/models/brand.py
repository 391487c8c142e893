"""The three-tier regional brands (region → prefecture → county public brands) and enterprise
brands, and the licences that let a producer use a public brand on named products.

A product shows a public brand only while a licence for it is active and dated for today;
suspending or expiring the licence takes the badge off at once. Enterprise brands belong to
their producer and need no licence.
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from catalog.models.common import SlugNamed


class BrandTier(models.TextChoices):
    REGION = "region", _("Regional public brand")
    PREFECTURE = "prefecture", _("Prefecture public brand")
    COUNTY = "county", _("County public brand")
    ENTERPRISE = "enterprise", _("Enterprise brand")


PUBLIC_TIERS = (BrandTier.REGION, BrandTier.PREFECTURE, BrandTier.COUNTY)


class Brand(SlugNamed):
    name_bo = models.CharField(max_length=250, blank=True)
    name_en = models.CharField(max_length=250, blank=True)
    tier = models.CharField(max_length=16, choices=BrandTier.choices, db_index=True)
    parent = models.ForeignKey(
        "self", related_name="children", null=True, blank=True, on_delete=models.PROTECT
    )
    owner_division = models.ForeignKey(
        "catalog.Division", related_name="brands", null=True, blank=True, on_delete=models.PROTECT
    )
    owner_producer = models.ForeignKey(
        "catalog.Producer", related_name="brands", null=True, blank=True, on_delete=models.PROTECT
    )
    logo = models.ImageField(upload_to="brand-logos", blank=True)
    description = models.TextField(blank=True)
    usage_rules = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("tier", "slug")
        verbose_name = _("brand")
        verbose_name_plural = _("brands")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(tier=BrandTier.ENTERPRISE, owner_producer__isnull=False)
                    | (~Q(tier=BrandTier.ENTERPRISE) & Q(owner_division__isnull=False))
                ),
                name="brand_owner_matches_tier",
            )
        ]

    @property
    def is_public(self) -> bool:
        return self.tier in PUBLIC_TIERS


class LicenceStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    EXPIRED = "expired", _("Expired")


class BrandLicence(models.Model):
    brand = models.ForeignKey(Brand, related_name="licences", on_delete=models.CASCADE)
    producer = models.ForeignKey(
        "catalog.Producer", related_name="licences", on_delete=models.CASCADE
    )
    # What the licence covers: these products, and every product of these categories.
    products = models.ManyToManyField("catalog.Product", related_name="brand_licences", blank=True)
    categories = models.ManyToManyField(
        "catalog.Category", related_name="brand_licences", blank=True
    )
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(
        max_length=16, choices=LicenceStatus.choices, default=LicenceStatus.ACTIVE, db_index=True
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-start_date", "pk")
        verbose_name = _("brand licence")
        verbose_name_plural = _("brand licences")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="licence_dates_in_order"
            )
        ]
