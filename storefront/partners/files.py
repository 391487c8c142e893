"""A statement as files: CSV (UTF-8 with a BOM so Excel opens it as Unicode, bilingual
headers, as the showroom reports) and XLSX (the same table, plus a summary sheet), stored
through the media storage under a name nobody can guess, since media may be served publicly;
downloads go through signed links (downloads.py)."""

import csv
import io
import secrets
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import Workbook

from storefront.partners.models import SettlementStatement, SettlementStatementLine

OUTPUT_DIR = "partners/statements"
CENT = Decimal("0.01")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
LINES_SHEET = "明细 lines"
SUMMARY_SHEET = "汇总 summary"


def line_header(currency: str) -> tuple[str, ...]:
    return (
        "订单号/order number",
        "下单时间/placed at",
        f"订单金额/order total ({currency})",
        f"退款/refunded ({currency})",
        f"佣金/commission ({currency})",
        f"应结/net due ({currency})",
    )


def _money(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def statement_rows(
    statement: SettlementStatement, lines: Iterable[SettlementStatementLine]
) -> list[tuple]:
    """The header, one row per line and the totals row."""
    rows: list[tuple] = [line_header(statement.currency)]
    for line in lines:
        rows.append(
            (
                str(line.order_number),
                _local(line.placed_at),
                _money(line.total),
                _money(line.refunded),
                _money(line.commission),
                _money(line.net_due),
            )
        )
    rows.append(
        (
            "合计/total",
            f"{statement.orders_count} 单/orders",
            _money(statement.gross_amount),
            _money(statement.refunds_amount),
            _money(statement.commission_amount),
            _money(statement.net_due_amount),
        )
    )
    return rows


def summary_rows(statement: SettlementStatement) -> list[tuple]:
    partner = statement.partner
    return [
        ("合作省份/partner province", f"{partner.province_zh} {partner.province_en}"),
        ("渠道/channel", partner.channel.slug),
        ("月份/month", f"{statement.period:%Y-%m}"),
        ("币种/currency", statement.currency),
        ("订单数/orders", statement.orders_count),
        ("销售额/gross", _money(statement.gross_amount)),
        ("退款/refunds", _money(statement.refunds_amount)),
        ("佣金率/commission rate (%)", _money(statement.commission_rate)),
        ("佣金/commission", _money(statement.commission_amount)),
        ("应结/net due", _money(statement.net_due_amount)),
    ]


def statement_csv(statement: SettlementStatement, lines: list[SettlementStatementLine]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in statement_rows(statement, lines):
        writer.writerow([str(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def statement_xlsx(statement: SettlementStatement, lines: list[SettlementStatementLine]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LINES_SHEET
    for row in statement_rows(statement, lines):
        sheet.append(list(row))
    for column in "CDEF":
        for cell in sheet[column][1:]:
            cell.number_format = "0.00"
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 18
    summary = workbook.create_sheet(SUMMARY_SHEET)
    for row in summary_rows(statement):
        summary.append(list(row))
    summary.column_dimensions["A"].width = 28
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _store(statement: SettlementStatement, field_name: str, extension: str, content: bytes) -> str:
    field = getattr(statement, field_name)
    storage, previous = field.storage, field.name
    name = (
        f"{OUTPUT_DIR}/{secrets.token_hex(12)}/"
        f"{statement.partner.channel.slug}-{statement.period:%Y-%m}.{extension}"
    )
    stored = storage.save(name, ContentFile(content))
    setattr(statement, field_name, stored)
    if previous and previous != stored and storage.exists(previous):
        storage.delete(previous)
    return stored


def statement_files_write(
    statement: SettlementStatement, lines: list[SettlementStatementLine]
) -> None:
    """Write both files and record their names on the statement (the caller saves it)."""
    _store(statement, "csv_file", "csv", statement_csv(statement, lines))
    _store(statement, "xlsx_file", "xlsx", statement_xlsx(statement, lines))
