"""A partner channel's statement for one month, and its lines (one per order).

Figures are in the channel's currency, to the cent: gross is the total of the orders placed in
the month (drafts, canceled and expired orders left out), refunds what was refunded in the
month on the channel's orders, commission the platform's share of the gross at the partner's
rate, and net due = gross − refunds − commission. A statement is DRAFT while the month can
still be rebuilt, ISSUED once the month is closed (it never changes afterwards), SETTLED when
the partner has paid it.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

CENTS = {"max_digits": 20, "decimal_places": 2}


class StatementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    SETTLED = "settled", _("Settled")


class SettlementStatement(models.Model):
    partner = models.ForeignKey(
        "catalog.PartnerChannel", related_name="statements", on_delete=models.PROTECT
    )
    # The first day of the month the statement covers.
    period = models.DateField()
    currency = models.CharField(max_length=3)
    orders_count = models.PositiveIntegerField(default=0)
    gross_amount = models.DecimalField(**CENTS, default=Decimal(0))
    refunds_amount = models.DecimalField(**CENTS, default=Decimal(0))
    # The partner's rate (percent) when the statement was made.
    commission_rate = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    commission_amount = models.DecimalField(**CENTS, default=Decimal(0))
    net_due_amount = models.DecimalField(**CENTS, default=Decimal(0))
    status = models.CharField(
        max_length=16, choices=StatementStatus.choices, default=StatementStatus.DRAFT
    )
    csv_file = models.FileField(upload_to="partners/statements", blank=True)
    xlsx_file = models.FileField(upload_to="partners/statements", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-period", "partner_id")
        verbose_name = _("settlement statement")
        verbose_name_plural = _("settlement statements")
        constraints = [
            models.UniqueConstraint(fields=["partner", "period"], name="statement_partner_period")
        ]

    def __str__(self) -> str:
        return f"{self.partner.channel.slug} {self.period:%Y-%m}"


class SettlementStatementLine(models.Model):
    statement = models.ForeignKey(
        SettlementStatement, related_name="lines", on_delete=models.CASCADE
    )
    order = models.ForeignKey("storefront.Order", related_name="+", on_delete=models.PROTECT)
    order_number = models.PositiveBigIntegerField()
    placed_at = models.DateTimeField()
    # The order's total when it was placed in the statement's month; 0 for an earlier order
    # that is listed for a refund made in this month.
    total = models.DecimalField(**CENTS)
    refunded = models.DecimalField(**CENTS, default=Decimal(0))
    commission = models.DecimalField(**CENTS, default=Decimal(0))

    class Meta:
        ordering = ("placed_at", "order_number")
        constraints = [
            models.UniqueConstraint(fields=["statement", "order"], name="statement_line_order")
        ]

    @property
    def net_due(self) -> Decimal:
        return self.total - self.refunded - self.commission
