"""Checking one data row: every cell of an imported column is normalised, and every problem
becomes an error naming the sheet, row, column (letter and header) and the value as typed.

Only the columns that are imported are checked; a formula in a column the import ignores
does no harm and is left alone.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from catalog.handbook_import import normalize as n
from catalog.handbook_import.columns import CHANNEL_SHARE, SEQUENCE, Column, Header
from catalog.handbook_import.report import ImportIssue
from catalog.models import HandbookEntry

VALUE_CHARS = 200  # of a cell's value quoted in an error
TEXT_FIELDS = (
    "name_zh", "name_bo", "name_en", "specification", "unit", "production_area",
    "annual_output", "quality_level", "brand_ownership", "producer_name",
    "ecommerce_enterprise", "brand",
)  # fmt: skip
MAX_LENGTHS = {
    name: HandbookEntry._meta.get_field(name).max_length
    for name in (*TEXT_FIELDS[:-1], "season", "gtin")
} | {"brand": 250}
# The entry fields a column sets, with their values when its cell is blank. On re-import only
# the fields of the columns the file has are overwritten.
COVERS: dict[str, dict[str, Any]] = {
    "price": {"price_min": None, "price_max": None},
    "price_min": {"price_min": None},
    "price_max": {"price_max": None},
    "specification": {"specification": "", "net_weight": None},
    "annual_output": {"annual_output": "", "annual_output_kg": None},
    "season": {"season": "", "season_months": []},
    "certifications": {"certifications": []},
    "sales_channels": {"sales_channels": []},
    CHANNEL_SHARE: {"sales_channels": []},
    "image_references": {"image_references": []},
}
# Lines that are not entries: signatures under the table, totals, section titles.
FOOTER = re.compile(
    r"^(?:填表|填报|制表|审核|联系|负责人|单位负责|合计|总计|小计|注[:：]|说明[:：])"
)
SECTION = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）])")


@dataclass
class EntryData:
    """A valid row, ready to become a HandbookEntry."""

    sheet: str
    row: int
    natural_key: str
    values: dict[str, Any]  # HandbookEntry field values
    brand_name: str | None  # None when the file has no brand column
    brand_column: Column | None = None


class RowResult:
    def __init__(self):
        self.entry: EntryData | None = None
        self.errors: list[ImportIssue] = []
        self.warnings: list[ImportIssue] = []
        self.skipped = False


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not n.clean_text(value))


def _is_formula(value) -> bool:
    return isinstance(value, ArrayFormula | DataTableFormula) or (
        isinstance(value, str) and value.startswith("=") and len(value) > 1
    )


def _quoted(value) -> str:
    if isinstance(value, ArrayFormula):
        value = value.text
    elif isinstance(value, DataTableFormula):
        value = "=TABLE()"
    return n.cell_text(value)[:VALUE_CHARS]


class RowChecker:
    """Checks the data rows of one sheet whose header has been found."""

    def __init__(self, sheet: str, header: Header):
        self.sheet = sheet
        self.header = header
        self.columns = [c for c in header.columns if c.field != SEQUENCE]
        self.name_column = header.column("name_zh")
        self.defaults: dict[str, Any] = {}
        for column in self.columns:
            self.defaults.update(COVERS.get(column.field, {column.field: ""}))

    def _issue(self, code: str, row: int, column: Column, raw, **params) -> ImportIssue:
        return ImportIssue.make(
            code, params=params, sheet=self.sheet, row=row, column=column.letter,
            header=column.header, value=_quoted(raw),
        )  # fmt: skip

    @staticmethod
    def _non_data(filled: list, name: str) -> bool:
        """A signature line or a section title rather than an entry."""
        first = n.clean_text(filled[0])
        if FOOTER.match(first):
            return not name or name == first
        return len(filled) == 1 and SECTION.match(first) is not None

    @staticmethod
    def _raw(values: tuple, column: Column | None):
        if column is None or column.index >= len(values):
            return None
        return values[column.index]

    def check(self, row: int, values: tuple) -> RowResult:
        result = RowResult()
        cells = [(column, self._raw(values, column)) for column in self.columns]
        if all(_blank(raw) for _column, raw in cells):
            result.skipped = True
            return result
        filled = [value for value in values if not _blank(value)]
        name = n.clean_text(self._raw(values, self.name_column))
        if self._non_data(filled, name):
            result.skipped = True
            text = " ".join(n.cell_text(value).strip() for value in filled)
            result.warnings.append(
                ImportIssue.make("row_skipped", sheet=self.sheet, row=row, value=text[:VALUE_CHARS])
            )
            return result
        fields: dict[str, Any] = {"row_number": row}
        for key, default in self.defaults.items():
            fields[key] = [] if default == [] else default
        prices: dict[str, Any] = {}
        channel_shares: list[dict] = []
        for column, raw in cells:
            if raw is None:
                continue
            if _is_formula(raw):
                result.errors.append(self._issue("formula", row, column, raw))
                continue
            if isinstance(raw, str) and n.is_excel_error(raw):
                result.errors.append(self._issue("cell_error", row, column, raw))
                continue
            try:
                if column.field == CHANNEL_SHARE:
                    channel_shares.extend(self._channel_share(column, raw))
                else:
                    self._read(column, raw, fields, prices, result, row)
            except n.NormalizeError as error:
                params = {"field": column.field, **error.params}
                result.errors.append(self._issue(error.code, row, column, raw, **params))
        self._finish(fields, prices, channel_shares, result, row, values)
        return result

    def _channel_share(self, column: Column, raw) -> list[dict]:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            share = Decimal(n.format_number(raw))
            if 0 < share < 1:  # a cell formatted as a percentage holds the fraction
                share *= 100
        else:
            text = n.parsing_form(n.clean_text(raw)).rstrip("%").strip()
            if not text or text in n.BLANKS:
                return []
            if not re.fullmatch(r"\d+(?:\.\d+)?", text):
                raise n.NormalizeError("share")
            share = Decimal(text)
        text = format(share.normalize(), "f")
        if share > 100:
            raise n.NormalizeError("share_range", channel=column.channel, share=text)
        return [{"channel": column.channel, "share": text}]

    def _read(
        self, column: Column, raw, fields: dict, prices: dict, result: RowResult, row: int
    ) -> None:
        name = column.field
        if name == "season" and isinstance(raw, datetime.date):
            text = n.season_from_date(raw)
            fields["season_months"] = n.parse_season(text)
            fields["season"] = f"{text}月"
            result.warnings.append(self._issue("season_from_date", row, column, raw, text=text))
            return
        if name in ("price", "price_min", "price_max"):
            if name == "price":
                prices["range"] = n.parse_price_range(raw)
            elif (price := n.parse_price(raw)) is not None:
                prices[name] = price
            prices.setdefault("column", (column, raw))
            return
        if name == "notes":
            fields["notes"] = n.clean_multiline(raw)
            return
        if name == "gtin":
            fields["gtin"] = "" if n.is_blank(n.clean_text(raw)) else n.parse_gtin(raw)
            return
        text = n.clean_text(raw)
        if n.is_blank(text):
            text = ""
        limit = MAX_LENGTHS.get(name)
        if limit and len(text) > limit:
            raise n.NormalizeError("too_long", limit=limit)
        if name in TEXT_FIELDS:
            fields[name] = text
        elif not text:
            return
        elif name == "season":
            fields["season_months"] = n.parse_season(text)
            fields["season"] = text
        elif name == "certifications":
            fields["certifications"] = n.parse_certifications(text)
        elif name == "sales_channels":
            fields["sales_channels"] = n.parse_sales_channels(text)
        elif name == "image_references":
            fields["image_references"] = n.parse_image_references(text)
        if name == "name_zh" and text and n.has_tibetan(text) and not n.has_han(text):
            raise n.NormalizeError("not_chinese")

    def _finish(
        self,
        fields: dict,
        prices: dict,
        shares: list[dict],
        result: RowResult,
        row: int,
        values: tuple,
    ) -> None:
        low, high = prices.get("range", (None, None))
        low, high = prices.get("price_min", low), prices.get("price_max", high)
        if "column" in prices:
            fields["price_min"], fields["price_max"] = low, high
        if low is not None and high is not None and low > high:
            column, raw = prices["column"]
            result.errors.append(self._issue("price_order", row, column, raw, low=low, high=high))
        if shares:
            combined = [*fields.get("sales_channels", []), *shares]
            total = sum(Decimal(item["share"]) for item in combined if item["share"])
            if total > 100:
                column = next(c for c in self.columns if c.field == CHANNEL_SHARE)
                result.errors.append(
                    self._issue(
                        "share_total",
                        row,
                        column,
                        self._raw(values, column),
                        total=format(total.normalize(), "f"),
                    )
                )
            fields["sales_channels"] = combined
        name = fields.get("name_zh", "")
        if not name and not any(e.column == self._letter("name_zh") for e in result.errors):
            column = self.name_column
            result.errors.append(
                self._issue("required", row, column, self._raw(values, column), field="name_zh")
            )
        if result.errors:
            return
        specification = fields.get("specification", "")
        if specification:
            fields["net_weight"] = n.parse_net_weight(specification)
            if not fields.get("unit") and (unit := n.package_unit(specification)):
                fields["unit"] = unit
        if fields.get("annual_output"):
            fields["annual_output_kg"] = n.parse_annual_output_kg(fields["annual_output"])
        brand_name = fields.pop("brand", None)
        producer_name = fields.get("producer_name", "")
        result.entry = EntryData(
            sheet=self.sheet,
            row=row,
            natural_key=n.natural_key(name, specification, producer_name),
            values=fields,
            brand_name=brand_name,
            brand_column=self.header.column("brand"),
        )

    def _letter(self, name: str) -> str:
        column = self.header.column(name)
        return column.letter if column else ""
