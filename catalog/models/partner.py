"""Partner provinces (对口援藏) reselling through their own channel, and which channels an app
may use.

A partner channel is a Channel owned by a partner province: its prices are either fixed per
variant (its own channel listings) or follow a base channel by a percentage with rounding; it
pays the platform a commission on its sales.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PriceRounding(models.TextChoices):
    CENT = "cent", _("To the cent")
    TEN_CENTS = "ten_cents", _("To ten cents")
    YUAN = "yuan", _("To the yuan")
    NINETY_NINE = "ninety_nine", _("Ending in .99")


class PartnerChannel(models.Model):
    channel = models.OneToOneField(
        "catalog.Channel", related_name="partner", on_delete=models.CASCADE
    )
    province_zh = models.CharField(max_length=32)
    province_en = models.CharField(max_length=64)
    # The Tibetan prefecture the province is paired with.
    paired_prefecture = models.ForeignKey(
        "catalog.Division", related_name="partners", null=True, blank=True, on_delete=models.PROTECT
    )
    # Prices: fixed per variant (the channel's own listings) unless a base channel is set, in
    # which case every listed variant costs the base price × (100 + percent) / 100, rounded.
    base_channel = models.ForeignKey(
        "catalog.Channel",
        related_name="derived_partners",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    price_percent = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(500))],
    )
    price_rounding = models.CharField(
        max_length=16, choices=PriceRounding.choices, default=PriceRounding.CENT
    )
    # The platform's share of the partner's sales, in percent.
    commission_rate = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    # Orders may be paid at the monthly settlement instead of at checkout.
    pay_later = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("channel__slug",)
        verbose_name = _("partner channel")
        verbose_name_plural = _("partner channels")
        constraints = [
            models.CheckConstraint(
                condition=Q(commission_rate__gte=0) & Q(commission_rate__lte=100),
                name="partner_commission_range",
            ),
            models.CheckConstraint(
                condition=~Q(base_channel=models.F("channel")), name="partner_base_not_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province_zh} ({self.channel.slug})"


class AppChannelAccess(models.Model):
    """An app limited to these channels: it sees their products, prices and orders only. An app
    with no row here is not limited (the platform's own integrations)."""

    app = models.ForeignKey("accounts.App", related_name="channel_access", on_delete=models.CASCADE)
    channel = models.ForeignKey(
        "catalog.Channel", related_name="app_access", on_delete=models.CASCADE
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["app", "channel"], name="app_channel_access_unique")
        ]
