"""Tibet's land ports and border-trade points, their closures, and the channel of each port."""

from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class PortKind(models.TextChoices):
    FIRST_CLASS = "national_first_class_land_port", _("National first-class land port")
    NATIONAL = "national_land_port", _("National land port")
    TRADE_POINT = "border_trade_point", _("Border trade point")


class PortStatus(models.TextChoices):
    OPEN = "open", _("Open")
    OPEN_LIMITED = "open_limited", _("Open for goods and residents only")
    SUSPENDED = "suspended", _("Suspended")
    UNVERIFIED = "unverified", _("Unverified")


# Ports in these states sell; a PortClosure closes them for a period on top.
SELLING_STATUSES = (PortStatus.OPEN, PortStatus.OPEN_LIMITED)


class BorderPort(models.Model):
    code = models.SlugField(max_length=32, unique=True)
    name_zh = models.CharField(max_length=64)
    name_en = models.CharField(max_length=128)
    neighbour_country = models.CharField(max_length=2)  # ISO 3166-1 alpha-2
    counterpart = models.CharField(max_length=255, blank=True)
    county = models.ForeignKey(
        "catalog.Division", related_name="border_ports", on_delete=models.PROTECT
    )
    kind = models.CharField(max_length=40, choices=PortKind.choices)
    currency = models.CharField(max_length=3)  # the neighbour's, ISO 4217
    status = models.CharField(max_length=16, choices=PortStatus.choices)
    status_as_of = models.CharField(max_length=10, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ("code",)
        verbose_name = _("border port")
        verbose_name_plural = _("border ports")

    def __str__(self) -> str:
        return self.name_zh

    @property
    def name(self) -> str:
        language = translation.get_language() or "zh-hans"
        return self.name_en if language.startswith("en") else self.name_zh


class PortClosure(models.Model):
    """A period the port is closed (snow, landslides, holidays, policy); open-ended while
    `ends_at` is empty."""

    port = models.ForeignKey(BorderPort, related_name="closures", on_delete=models.CASCADE)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ("port", "starts_at")
        verbose_name = _("port closure")
        verbose_name_plural = _("port closures")
        indexes = [models.Index(fields=["port", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="port_closure_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.port} {self.starts_at:%Y-%m-%d}–{self.ends_at or ''}"


class BorderChannel(models.Model):
    """A sales channel selling through one port to buyers who pay in `buyer_currency`; its
    prices are in CNY (the channel's currency), shown in both."""

    channel = models.OneToOneField(
        "catalog.Channel", related_name="border", on_delete=models.CASCADE
    )
    port = models.ForeignKey(BorderPort, related_name="channels", on_delete=models.PROTECT)
    buyer_currency = models.CharField(max_length=3)

    class Meta:
        ordering = ("channel__slug",)
        verbose_name = _("border channel")
        verbose_name_plural = _("border channels")

    def __str__(self) -> str:
        return f"{self.channel.slug} ({self.port.code})"
