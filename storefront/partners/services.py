"""Building, issuing and settling partners' monthly statements.

`statement_build` is idempotent per (partner, month): under a lock on the statement row it
(re)computes a DRAFT statement and writes its files; an ISSUED or SETTLED statement is returned
as it is, so the beat job may run twice. `statement_settle` records that the partner paid: the
pay-later authorizations of the statement's orders are charged (Saleor's CHARGE action, so
each order becomes fully paid with its history and ORDER_FULLY_PAID), or released for an
order that was paid some other way meanwhile.
"""

import datetime
import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from catalog.models import PartnerChannel
from infra.errors import ValidationFailed
from storefront.models import Order, OrderChargeStatus, TransactionItem
from storefront.partners.figures import (
    ZERO,
    month_bounds,
    month_start,
    previous_month,
    statement_figures,
)
from storefront.partners.files import statement_files_write
from storefront.partners.models import (
    SettlementStatement,
    SettlementStatementLine,
    StatementStatus,
)
from storefront.payments.base import CANCEL, CHARGE
from storefront.payments.pay_later import PayLaterGateway
from storefront.services.payments_actions import transaction_action_request

logger = logging.getLogger(__name__)
PAID = (OrderChargeStatus.FULL, OrderChargeStatus.OVERCHARGED)


def _locked_statement(partner: PartnerChannel, period: datetime.date) -> SettlementStatement:
    defaults = {"currency": partner.channel.currency_code}
    try:
        with transaction.atomic():
            SettlementStatement.objects.get_or_create(
                partner=partner, period=period, defaults=defaults
            )
    except IntegrityError:
        pass  # another run created it first
    return (
        SettlementStatement.objects.select_for_update(of=("self",))
        .select_related("partner__channel")
        .get(partner=partner, period=period)
    )


def statement_build(
    *, partner: PartnerChannel, period: datetime.date, issue: bool = False
) -> SettlementStatement:
    """The statement of `partner` for the month of `period`; `issue` closes it (only for a
    month that has ended)."""
    period = month_start(period)
    if issue and month_bounds(period)[1] > timezone.now():
        raise ValidationFailed.single(
            "period", "INVALID", "A month can be issued only once it has ended."
        )
    with transaction.atomic():
        statement = _locked_statement(partner, period)
        if statement.status != StatementStatus.DRAFT:
            return statement
        figures = statement_figures(partner=statement.partner, period=period)
        statement.lines.all().delete()
        lines = SettlementStatementLine.objects.bulk_create(
            SettlementStatementLine(
                statement=statement,
                order_id=line.order_id,
                order_number=line.number,
                placed_at=line.placed_at,
                total=line.total,
                refunded=line.refunded,
                commission=line.commission,
            )
            for line in figures.lines
        )
        statement.currency = statement.partner.channel.currency_code
        statement.orders_count = figures.orders_count
        statement.gross_amount = figures.gross
        statement.refunds_amount = figures.refunds
        statement.commission_rate = statement.partner.commission_rate
        statement.commission_amount = figures.commission
        statement.net_due_amount = figures.net_due
        if issue:
            statement.status = StatementStatus.ISSUED
            statement.issued_at = timezone.now()
        statement_files_write(statement, lines)
        statement.save()
    return statement


def statements_issue_previous_month(*, today: datetime.date | None = None) -> list:
    """Issue last month's statement of every partner channel (an empty month included)."""
    period = previous_month(today or timezone.localdate())
    return [
        statement_build(partner=partner, period=period, issue=True)
        for partner in PartnerChannel.objects.select_related("channel")
    ]


def _settle_transaction(
    item: TransactionItem, order: Order, statement: SettlementStatement, user: Any, app: Any
) -> None:
    granted = sum((g.amount_value for g in order.granted_refunds.all()), ZERO)
    balance = order.total_amount - granted - order.total_charged_amount
    key = f"settlement-{statement.pk}-{item.pk}"
    if order.charge_status in PAID or balance <= ZERO:
        action, amount = CANCEL, None
    else:
        action, amount = CHARGE, min(item.authorized_value, balance)
    transaction_action_request(
        transaction=item,
        action=action,
        amount=amount,
        user=user,
        app=app,
        idempotency_key=key,
        reason=f"Settlement {statement.partner.channel.slug} {statement.period:%Y-%m}",
    )


def statement_settle(
    *, statement: SettlementStatement, user: Any = None, app: Any = None
) -> SettlementStatement:
    """The partner paid the statement: charge its orders' pay-later authorizations."""
    with transaction.atomic():
        statement = (
            SettlementStatement.objects.select_for_update(of=("self",))
            .select_related("partner__channel")
            .get(pk=statement.pk)
        )
        if statement.status == StatementStatus.SETTLED:
            return statement
        if statement.status != StatementStatus.ISSUED:
            raise ValidationFailed.single(
                "id", "INVALID", "Only an issued statement can be settled."
            )
        order_ids = statement.lines.filter(total__gt=0).values("order_id")
        items = TransactionItem.objects.filter(
            order_id__in=order_ids, gateway=PayLaterGateway.id, authorized_value__gt=ZERO
        ).order_by("pk")
        for item in items:
            order = Order.objects.select_for_update().get(pk=item.order_id)
            _settle_transaction(item, order, statement, user, app)
        statement.status = StatementStatus.SETTLED
        statement.settled_at = timezone.now()
        statement.save(update_fields=["status", "settled_at", "updated_at"])
    logger.info("Statement %s settled", statement)
    return statement
