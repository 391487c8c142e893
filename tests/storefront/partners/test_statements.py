"""Monthly statements of a partner channel: exact figures (orders, gross, refunds, commission,
net due) with refunds and month boundaries in Asia/Shanghai, CSV and XLSX read back, idempotent
builds, the beat job and settling."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from celery.schedules import crontab
from django.conf import settings
from django.utils import timezone

from infra.errors import ValidationFailed
from storefront.models import Order, OrderStatus, TransactionEvent, TransactionEventType
from storefront.partners.figures import commissions_share, previous_month
from storefront.partners.files import LINES_SHEET, SUMMARY_SHEET
from storefront.partners.models import SettlementStatement, StatementStatus
from storefront.partners.services import statement_build, statement_settle
from storefront.payments.base import CHARGE, REFUND
from storefront.services.draft_orders import draft_order_create
from storefront.services.orders import order_cancel
from storefront.services.payments_actions import transaction_action_request
from storefront.tasks import issue_partner_statements_task
from tests.storefront.partners.conftest import place_order

pytestmark = pytest.mark.django_db
ZONE = timezone.get_default_timezone()


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=ZONE)


def placed_at(order: Order, moment: datetime.datetime) -> Order:
    Order.objects.filter(pk=order.pk).update(created_at=moment)
    order.refresh_from_db()
    return order


def refund(order: Order, amount: str, moment: datetime.datetime) -> None:
    """Charge the order's pay-later authorization (paid early), then refund `amount` of it."""
    item = order.transactions.get()
    if item.authorized_value > 0:
        transaction_action_request(transaction=item, action=CHARGE)
    transaction_action_request(transaction=item, action=REFUND, amount=Decimal(amount))
    TransactionEvent.objects.filter(
        transaction=item, type=TransactionEventType.REFUND_SUCCESS
    ).update(created_at=moment)


@pytest.fixture
def month():
    return previous_month(timezone.localdate())


@pytest.fixture
def orders(jiangsu, shanghai, month):
    """Jiangsu's orders around `month`, and one of Shanghai's."""
    earlier = previous_month(month)
    a = placed_at(
        place_order(jiangsu, 2, partner_customer_ref="C-A"), local(month.replace(day=3), 10)
    )
    # 00:05 on the 1st in Shanghai is still the previous day in UTC: it belongs to the month.
    b = placed_at(place_order(jiangsu, 1, partner_customer_ref="C-B"), local(month, 0, 5))
    canceled = placed_at(place_order(jiangsu, 1), local(month.replace(day=4), 9))
    canceled = order_cancel(order=canceled)
    draft_order_create(channel=jiangsu.channel, details={}, lines=[])
    e = placed_at(place_order(jiangsu, 1), local(earlier.replace(day=15), 12))
    this_month = place_order(jiangsu, 1)
    other = placed_at(place_order(shanghai, 1), local(month.replace(day=5), 11))
    refund(a, "50.00", local(month.replace(day=25), 16))
    refund(e, "20.00", local(month.replace(day=20), 8))
    return {"a": a, "b": b, "e": e, "canceled": canceled, "now": this_month, "other": other}


def test_statement_figures_are_exact(jiangsu, orders, month):
    statement = statement_build(partner=jiangsu.partner, period=month, issue=True)

    assert statement.status == StatementStatus.ISSUED
    assert statement.orders_count == 2
    assert statement.gross_amount == Decimal("404.00")  # 266.00 + 138.00
    assert statement.refunds_amount == Decimal("70.00")  # 50.00 on A, 20.00 on an earlier order
    assert statement.commission_rate == Decimal("8.50")
    assert statement.commission_amount == Decimal("34.34")  # 404.00 × 8.5 %
    assert statement.net_due_amount == Decimal("299.66")
    lines = [
        (line.order_number, line.total, line.refunded, line.commission)
        for line in statement.lines.all()
    ]
    assert lines == [
        (orders["e"].number, Decimal("0.00"), Decimal("20.00"), Decimal("0.00")),
        (orders["b"].number, Decimal("138.00"), Decimal("0.00"), Decimal("11.73")),
        (orders["a"].number, Decimal("266.00"), Decimal("50.00"), Decimal("22.61")),
    ]
    assert orders["canceled"].status == OrderStatus.CANCELED


def test_statement_files_read_back(jiangsu, orders, month):
    statement = statement_build(partner=jiangsu.partner, period=month, issue=True)

    raw = statement.csv_file.read()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    workbook = openpyxl.load_workbook(io.BytesIO(statement.xlsx_file.read()))

    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows[0] == [
        "订单号/order number",
        "下单时间/placed at",
        "订单金额/order total (CNY)",
        "退款/refunded (CNY)",
        "佣金/commission (CNY)",
        "应结/net due (CNY)",
    ]
    assert rows[2] == [
        str(orders["b"].number),
        f"{month:%Y-%m}-01 00:05",
        "138.00",
        "0.00",
        "11.73",
        "126.27",
    ]
    assert rows[-1] == ["合计/total", "2 单/orders", "404.00", "70.00", "34.34", "299.66"]
    sheet = [list(row) for row in workbook[LINES_SHEET].iter_rows(values_only=True)]
    assert sheet[0] == rows[0]
    assert [row[0] for row in sheet[1:]] == [row[0] for row in rows[1:]]
    assert [Decimal(str(value)) for value in sheet[-1][2:]] == [
        Decimal("404"), Decimal("70"), Decimal("34.34"), Decimal("299.66"),
    ]  # fmt: skip
    summary = dict(workbook[SUMMARY_SHEET].iter_rows(values_only=True))
    assert summary["合作省份/partner province"] == "江苏 Jiangsu"
    assert summary["月份/month"] == f"{month:%Y-%m}"
    assert summary["订单数/orders"] == 2
    assert Decimal(str(summary["应结/net due"])) == Decimal("299.66")


def test_building_twice_changes_nothing(jiangsu, orders, month):
    first = statement_build(partner=jiangsu.partner, period=month, issue=True)
    files = (first.csv_file.name, first.xlsx_file.name)
    place_order(jiangsu, 1)  # placed now, and anyway the month is closed

    second = statement_build(partner=jiangsu.partner, period=month, issue=True)

    assert second.pk == first.pk
    assert (second.csv_file.name, second.xlsx_file.name) == files
    assert second.updated_at == first.updated_at
    assert second.lines.count() == 3
    assert SettlementStatement.objects.filter(partner=jiangsu.partner).count() == 1


def test_a_draft_statement_is_rebuilt_until_issued(jiangsu, month):
    draft = statement_build(partner=jiangsu.partner, period=month)
    assert (draft.status, draft.orders_count) == (StatementStatus.DRAFT, 0)
    placed_at(place_order(jiangsu, 1), local(month.replace(day=9), 9))

    issued = statement_build(partner=jiangsu.partner, period=month, issue=True)

    assert issued.pk == draft.pk
    assert (issued.status, issued.orders_count, issued.gross_amount) == (
        StatementStatus.ISSUED,
        1,
        Decimal("138.00"),
    )
    assert issued.csv_file.name != draft.csv_file.name
    assert not draft.csv_file.storage.exists(draft.csv_file.name)


def test_the_current_month_cannot_be_issued(jiangsu):
    with pytest.raises(ValidationFailed):
        statement_build(partner=jiangsu.partner, period=timezone.localdate(), issue=True)


def test_commission_cents_are_shared_by_largest_remainder():
    shares = commissions_share([Decimal("1.00")] * 3, Decimal("1.00"), Decimal("33.33"))

    assert shares == [Decimal("0.34"), Decimal("0.33"), Decimal("0.33")]


def test_beat_runs_the_task_on_the_first_at_two_in_shanghai():
    entry = settings.CELERY_BEAT_SCHEDULE["partner-statements"]

    assert entry["task"] == issue_partner_statements_task.name
    assert entry["schedule"] == crontab(day_of_month=1, hour=2, minute=0)
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_the_task_issues_every_partners_statement_once(jiangsu, shanghai, orders, month):
    issue_partner_statements_task.delay()
    first = {s.partner.channel.slug: s for s in SettlementStatement.objects.all()}
    issue_partner_statements_task.delay()

    assert set(first) == {"jiangsu", "shanghai"}
    assert all(s.period == month and s.status == StatementStatus.ISSUED for s in first.values())
    assert first["jiangsu"].net_due_amount == Decimal("299.66")
    assert first["shanghai"].gross_amount == Decimal("138.00")
    assert first["shanghai"].commission_amount == Decimal("6.90")  # 5 %
    again = {s.partner.channel.slug: s for s in SettlementStatement.objects.all()}
    assert {k: (s.pk, s.updated_at, s.csv_file.name) for k, s in again.items()} == {
        k: (s.pk, s.updated_at, s.csv_file.name) for k, s in first.items()
    }


def test_settling_charges_the_pay_later_orders(jiangsu, orders, month):
    statement = statement_build(partner=jiangsu.partner, period=month, issue=True)

    settled = statement_settle(statement=statement)
    statement_settle(statement=settled)

    assert settled.status == StatementStatus.SETTLED
    b = Order.objects.get(pk=orders["b"].pk)
    assert (b.charge_status, b.total_charged_amount) == ("full", Decimal("138.000"))
    assert b.events.filter(type="order_fully_paid").count() == 1
    untouched = Order.objects.get(pk=orders["now"].pk)
    assert untouched.charge_status == "none"
