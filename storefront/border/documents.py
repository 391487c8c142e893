"""A declaration as printed: the facts of the document (`DeclarationSheet`) and its CSV.

The CSV is UTF-8 with a BOM (Excel opens it as Unicode), bilingual headers, one row per line
of goods with the declaration's facts repeated, so it loads as one table. The resident shows
as name and masked ID only: the ID number itself is never stored anywhere to print.
"""

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from storefront.border.models import BorderDeclaration, BorderDeclarationLine
from storefront.border.validators import hs_code_display

ZERO = Decimal(0)
CENT = Decimal("0.01")
GRAM = Decimal("0.001")


def _money(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else amount.quantize(CENT)


def rate_text(rate: Decimal | None) -> str:
    """A rate without the storage's trailing zeros: 18.77, not 18.77000000."""
    return "" if rate is None else f"{rate.normalize():f}"


@dataclass(frozen=True)
class DeclarationLine:
    goods: str
    sku: str
    hs_code: str  # dotted, as printed
    country_of_origin: str
    quantity: int
    net_weight_kg: Decimal
    gross_weight_kg: Decimal
    value_cny: Decimal
    value_buyer: Decimal | None


@dataclass(frozen=True)
class DeclarationSheet:
    declaration: BorderDeclaration
    number: str
    order_number: int
    date: datetime.date
    placed_at: datetime.datetime
    port_name_zh: str
    port_name_en: str
    port_code: str
    county_name: str
    neighbour_country: str
    counterpart: str
    resident_name: str
    resident_id_masked: str
    buyer_currency: str
    fx_rate: Decimal | None
    fx_date: datetime.date | None
    fx_source: str
    lines: list[DeclarationLine]

    @property
    def total_net_weight_kg(self) -> Decimal:
        return sum((line.net_weight_kg for line in self.lines), ZERO)

    @property
    def total_gross_weight_kg(self) -> Decimal:
        return sum((line.gross_weight_kg for line in self.lines), ZERO)

    @property
    def total_value_cny(self) -> Decimal:
        return sum((line.value_cny for line in self.lines), ZERO)

    @property
    def total_value_buyer(self) -> Decimal | None:
        if any(line.value_buyer is None for line in self.lines):
            return None
        return sum((line.value_buyer for line in self.lines), ZERO)


def _line(row: BorderDeclarationLine) -> DeclarationLine:
    return DeclarationLine(
        goods=row.goods,
        sku=row.sku,
        hs_code=hs_code_display(row.hs_code),
        country_of_origin=row.country_of_origin,
        quantity=row.quantity,
        net_weight_kg=row.net_weight_kg.quantize(GRAM),
        gross_weight_kg=row.gross_weight_kg.quantize(GRAM),
        value_cny=_money(row.value_cny),
        value_buyer=_money(row.value_buyer),
    )


def declaration_sheet(*, declaration_id: int) -> DeclarationSheet | None:
    declaration = (
        BorderDeclaration.objects.select_related("order", "port__county")
        .prefetch_related("lines")
        .filter(pk=declaration_id)
        .first()
    )
    if declaration is None:
        return None
    port = declaration.port
    return DeclarationSheet(
        declaration=declaration,
        number=declaration.number,
        order_number=declaration.order.number,
        date=declaration.local_date,
        placed_at=timezone.localtime(declaration.order.created_at),
        port_name_zh=port.name_zh,
        port_name_en=port.name_en,
        port_code=port.code,
        county_name=port.county.name_zh,
        neighbour_country=port.neighbour_country,
        counterpart=port.counterpart,
        resident_name=declaration.resident_name,
        resident_id_masked=declaration.resident_id_masked,
        buyer_currency=declaration.buyer_currency,
        fx_rate=declaration.fx_rate,
        fx_date=declaration.fx_date,
        fx_source=declaration.fx_source,
        lines=[_line(row) for row in declaration.lines.all()],
    )


def csv_header(currency: str) -> tuple[str, ...]:
    return (
        "申报单号/declaration number",
        "订单号/order number",
        "日期/date",
        "口岸/port",
        "边民/resident",
        "证件号/ID (masked)",
        "商品/goods",
        "SKU/sku",
        "HS编码/HS code",
        "原产国/origin",
        "数量/quantity",
        "净重（千克）/net weight kg",
        "毛重（千克）/gross weight kg",
        "金额（元）/value CNY",
        f"金额（{currency}）/value {currency}",
        f"汇率（1元={currency}）/rate ({currency} per CNY)",
        "汇率日期/rate date",
        "汇率来源/rate source",
    )


def _text(value: object) -> str:
    return "" if value is None else str(value)


def declaration_csv(sheet: DeclarationSheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_header(sheet.buyer_currency))
    for line in sheet.lines:
        writer.writerow(
            [
                sheet.number,
                sheet.order_number,
                sheet.date.isoformat(),
                f"{sheet.port_name_zh} {sheet.port_name_en}",
                sheet.resident_name,
                sheet.resident_id_masked,
                line.goods,
                line.sku,
                line.hs_code,
                line.country_of_origin,
                line.quantity,
                line.net_weight_kg,
                line.gross_weight_kg,
                line.value_cny,
                _text(line.value_buyer),
                rate_text(sheet.fx_rate),
                _text(sheet.fx_date),
                sheet.fx_source,
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")
