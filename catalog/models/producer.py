"""Who makes what is sold: enterprises, cooperatives, family farms and households of a county.

`household_status` marks households recently lifted out of poverty (已脱贫户) or at risk of
falling back (边缘户). It serves the county's support work only: it is never shown in any
public page, feed, export or API answer to anyone but staff.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from infra.metadata import ModelWithMetadata


class ProducerKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    FAMILY_FARM = "family_farm", _("Family farm")
    HOUSEHOLD = "household", _("Household")


class HouseholdStatus(models.TextChoices):
    NONE = "", _("Not flagged")
    LIFTED = "lifted", _("Recently lifted out of poverty")
    AT_RISK = "at_risk", _("At risk of returning to poverty")


class Certification(models.TextChoices):
    GREEN_FOOD = "green_food", _("Green food")
    ORGANIC = "organic", _("Organic")
    GEOGRAPHICAL_INDICATION = "geographical_indication", _("Geographical indication")
    # 承诺达标合格证: the producer issues its own commitment-to-standard certificates.
    COMMITMENT_CERTIFICATE = "commitment_certificate", _("Commitment certificate issuer")


class Producer(ModelWithMetadata):
    name = models.CharField(max_length=250)
    kind = models.CharField(max_length=32, choices=ProducerKind.choices)
    county = models.ForeignKey(
        "catalog.Division", related_name="producers", on_delete=models.PROTECT
    )
    contact_name = models.CharField(max_length=128, blank=True)
    contact_phone = models.CharField(max_length=32, blank=True)
    address = models.CharField(max_length=256, blank=True)
    # 统一社会信用代码 (GB 32100-2015), checked with its check digit; households have none.
    registration_code = models.CharField(max_length=18, unique=True, null=True, blank=True)
    certifications = models.JSONField(blank=True, default=list)
    household_status = models.CharField(
        max_length=16, choices=HouseholdStatus.choices, blank=True, default=HouseholdStatus.NONE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("county__code", "name", "pk")
        verbose_name = _("producer")
        verbose_name_plural = _("producers")
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="producer_county_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
