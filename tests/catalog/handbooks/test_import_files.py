"""Realistic, messy handbook files import the right entries with normalised values."""

import datetime
from decimal import Decimal

import pytest

from catalog.models import (
    Brand,
    BrandTier,
    Handbook,
    HandbookEntry,
    HandbookImport,
    HandbookStatus,
    Producer,
    ProducerKind,
)
from tests.catalog.handbooks.fixtures import (
    EDITION,
    HEADER,
    ROWS,
    county,
    row,
    run_import,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db
ALL_YEAR = list(range(1, 13))


def entries() -> dict[str, HandbookEntry]:
    return {entry.name_zh: entry for entry in HandbookEntry.objects.all()}


def assert_messy_rows_imported(first_row: int) -> None:
    found = entries()
    assert set(found) == {"青稞面", "牦牛肉干", "酥油", "藏香"}
    flour = found["青稞面"]
    assert flour.row_number == first_row
    assert flour.natural_key == "青稞面|500克/袋|拉萨净土青稞合作社"
    assert (flour.name_bo, flour.name_en) == ("ནས་ཕྱེ།", "Highland barley flour")
    assert (flour.specification, flour.unit, flour.net_weight) == ("500克/袋", "袋", Decimal("0.5"))
    assert (flour.price_min, flour.price_max) == (Decimal("20"), Decimal("30"))
    assert (flour.annual_output, flour.annual_output_kg) == ("1.2万斤", Decimal("6000"))
    assert (flour.season, flour.season_months) == ("全年", ALL_YEAR)
    assert flour.quality_level == "一级"
    assert flour.certifications == ["green_food", "organic"]
    assert flour.sales_channels == [
        {"channel": "农贸市场", "share": "40"},
        {"channel": "电商", "share": "30"},
        {"channel": "商超", "share": "30"},
    ]
    assert flour.brand_ownership == "城关区农业农村局"
    assert flour.ecommerce_enterprise == "拉萨电商有限公司"
    assert flour.gtin == "6901234567892"
    assert flour.image_references == ["qingke.jpg", "qingke2.jpg"]
    assert flour.notes == "高原特产"
    assert flour.producer.name == "拉萨净土青稞合作社"
    assert flour.producer.kind == ProducerKind.COOPERATIVE

    jerky = found["牦牛肉干"]
    assert (jerky.unit, jerky.net_weight) == ("盒", Decimal("1"))
    assert (jerky.price_min, jerky.price_max) == (Decimal("120"), Decimal("150"))
    assert jerky.annual_output_kg == Decimal("500000")
    assert (jerky.season, jerky.season_months) == ("11月至次年2月", [1, 2, 11, 12])
    assert jerky.certifications == ["geographical_indication"]
    assert jerky.producer_id == flour.producer_id

    butter = found["酥油"]
    assert (butter.net_weight, butter.price_min, butter.price_max) == (
        Decimal("1"),
        Decimal("85"),
        Decimal("85"),
    )
    assert butter.season_months == [6, 7, 8]
    assert butter.annual_output_kg == Decimal("3000")
    assert butter.producer.kind == ProducerKind.HOUSEHOLD

    incense = found["藏香"]
    assert (incense.net_weight, incense.unit) == (Decimal("0.05"), "盒")
    assert incense.annual_output_kg is None
    assert incense.sales_channels == [{"channel": "电商", "share": None}]
    assert incense.certifications == ["commitment_certificate"]
    assert incense.notes == "手工制作\n传统工艺"
    assert incense.producer is None and incense.producer_name == ""


def test_messy_workbook_imports_every_entry_normalised(tmp_path):
    report = run_import(write_xlsx(tmp_path / "城关区网货手册.xlsx"))

    assert report.ok, report.errors
    assert (report.status, report.rows, report.created) == ("imported", 4, 4)
    assert report.sheets == ["网货手册"]
    assert_messy_rows_imported(first_row=4)
    handbook = Handbook.objects.get()
    assert (handbook.county.code, handbook.edition, handbook.status) == (
        "540102",
        EDITION,
        HandbookStatus.DRAFT,
    )
    assert Producer.objects.filter(county=county()).count() == 2
    record = HandbookImport.objects.get()
    assert (record.handbook, record.status, record.file_name) == (
        handbook,
        "imported",
        "城关区网货手册.xlsx",
    )
    assert record.report["created"] == 4 and record.report["errors"] == []
    assert report.import_id == record.pk and report.handbook_id == handbook.pk


def test_gb18030_csv_imports_the_same_entries(tmp_path):
    path = write_csv(tmp_path / "handbook.csv", encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")

    report = run_import(path)

    assert report.ok, report.errors
    assert (report.rows, report.created, report.sheets) == (4, 4, ["handbook"])
    assert_messy_rows_imported(first_row=4)


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ","), ("utf-8", ";"), ("utf-16", "\t")]
)
def test_csv_in_other_encodings_and_delimiters(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "h.csv", encoding=encoding, delimiter=delimiter)

    report = run_import(path)

    assert report.ok, report.errors
    assert_messy_rows_imported(first_row=4)


def test_english_headers_in_another_order_without_title(tmp_path):
    header = ["Price", "Specification", "Product name", "Tibetan name", "Season", "Producer"]
    rows = [["¥25~35", "1kg/box", "Zanba", "རྩམ་པ།", "Jun-Aug", "Lhasa Coop"]]

    report = run_import(write_xlsx(tmp_path / "en.xlsx", rows, header=header, title_rows=False))

    assert report.ok, report.errors
    entry = HandbookEntry.objects.get()
    assert (entry.name_zh, entry.name_bo, entry.row_number) == ("Zanba", "རྩམ་པ།", 2)
    assert (entry.net_weight, entry.unit) == (Decimal("1"), "box")
    assert (entry.price_min, entry.price_max, entry.season_months) == (
        Decimal("25"),
        Decimal("35"),
        [6, 7, 8],
    )


def test_two_header_rows_price_bounds_and_a_column_per_channel(tmp_path):
    header = ["序号", "产品名称", "规格", "价格（元）", None, "销售渠道及占比", None, None]
    sub = [None, None, None, "最低", "最高", "农贸市场", "电商", "商超"]
    rows = [
        sub,
        [1, "糌粑", "1kg/袋", 18, "２２", "40%", 0.35, "25"],
        [2, "甜茶", "500克/袋", "12", "", "", "", ""],
    ]

    report = run_import(write_xlsx(tmp_path / "two.xlsx", rows, header=header))

    assert report.ok, report.errors
    zanba, tea = HandbookEntry.objects.order_by("row_number")
    assert zanba.row_number == 5
    assert (zanba.price_min, zanba.price_max) == (Decimal("18"), Decimal("22"))
    assert zanba.sales_channels == [
        {"channel": "农贸市场", "share": "40"},
        {"channel": "电商", "share": "35"},
        {"channel": "商超", "share": "25"},
    ]
    assert (tea.price_min, tea.price_max, tea.sales_channels) == (Decimal("12"), None, [])


def test_instruction_sheets_are_skipped_and_every_data_sheet_imported(tmp_path):
    instructions = ("填表说明", [["请按模板填写"], ["价格单位：元"]])
    path = write_xlsx(tmp_path / "many.xlsx", ROWS[:2], before=[instructions])
    workbook_rows = [row(产品名称="糌粑", 规格="1kg", 生产主体="扎西")]
    second = write_xlsx(tmp_path / "second.xlsx", workbook_rows, sheet="第二批")
    import openpyxl

    book = openpyxl.load_workbook(path)
    extra = book.create_sheet("第二批")
    for values in openpyxl.load_workbook(second)["第二批"].iter_rows(values_only=True):
        extra.append(values)
    book.save(path)

    report = run_import(path)

    assert report.ok, report.errors
    assert report.sheets == ["网货手册", "第二批"]
    assert [(w.code, w.sheet) for w in report.warnings if w.code == "sheet_skipped"] == [
        ("sheet_skipped", "填表说明")
    ]
    assert set(entries()) == {"青稞面", "牦牛肉干", "糌粑"}


def test_signature_lines_section_titles_and_blank_rows_are_skipped(tmp_path):
    rows = [
        ["一、粮油类"],  # in the sequence column: a numbered blank row to the import
        ROWS[0],
        ["", "二、肉类"],
        [None] * len(HEADER),
        ["", "", ""],
        ROWS[1],
        ["填表人：扎西", "", "", "联系电话：0891-1234567"],
    ]

    report = run_import(write_xlsx(tmp_path / "skip.xlsx", rows))

    assert report.ok, report.errors
    assert report.rows == 2
    skipped = [(w.row, w.value) for w in report.warnings if w.code == "row_skipped"]
    assert skipped == [(6, "二、肉类"), (10, "填表人：扎西 联系电话：0891-1234567")]
    assert sorted(HandbookEntry.objects.values_list("row_number", flat=True)) == [5, 9]


def test_unknown_columns_are_ignored_with_a_warning(tmp_path):
    header = ["产品名称", "类别", "规格"]
    report = run_import(write_xlsx(tmp_path / "x.xlsx", [["糌粑", "粮油", "1kg"]], header=header))

    assert report.ok
    ignored = [(w.code, w.sheet, w.row, w.column, w.header) for w in report.warnings]
    assert ignored == [("column_ignored", "网货手册", 3, "B", "类别")]


def test_season_excel_stored_as_a_date_is_read_as_months(tmp_path):
    rows = [row(产品名称="松茸", 上市季节=datetime.datetime(2025, 6, 8))]

    report = run_import(write_xlsx(tmp_path / "date.xlsx", rows))

    assert report.ok, report.errors
    entry = HandbookEntry.objects.get()
    assert (entry.season, entry.season_months) == ("6-8月", [6, 7, 8])
    assert [(w.code, w.column, w.row) for w in report.warnings] == [("season_from_date", "J", 4)]


def test_producer_is_linked_by_name_and_brand_by_any_of_its_names(tmp_path):
    lhasa = county()
    producer = Producer.objects.create(
        county=lhasa, name="拉萨净土青稞合作社", kind=ProducerKind.COOPERATIVE
    )
    brand = Brand.objects.create(
        name="拉萨净土", name_en="Lhasa Pure Land", slug="lhasa-pure-land",
        tier=BrandTier.COUNTY, owner_division=lhasa,
    )  # fmt: skip
    rows = [
        row(产品名称="青稞面", 品牌="Lhasa Pure Land", 生产主体="拉萨净土青稞合作社"),
        row(产品名称="糌粑", 品牌="无此品牌", 生产主体="拉萨净土青稞合作社"),
    ]

    report = run_import(write_xlsx(tmp_path / "links.xlsx", rows))

    assert report.ok, report.errors
    flour, zanba = HandbookEntry.objects.order_by("row_number")
    assert (flour.brand, flour.producer) == (brand, producer)
    assert (zanba.brand, zanba.producer) == (None, producer)
    assert Producer.objects.count() == 1
    warning = next(w for w in report.warnings if w.code == "brand_not_found")
    assert (warning.sheet, warning.row, warning.column, warning.header, warning.value) == (
        "网货手册",
        5,
        "N",
        "品牌",
        "无此品牌",
    )
    assert warning.message_zh == "没有名为“无此品牌”的品牌，该行未关联品牌。"
    assert warning.message_en == "No brand is named “无此品牌”; the entry is not linked to a brand."


def test_hidden_sheets_are_skipped(tmp_path):
    import openpyxl

    path = write_xlsx(tmp_path / "hidden.xlsx", ROWS[:1])
    book = openpyxl.load_workbook(path)
    lookup = book.create_sheet("下拉选项")
    lookup.append(["产品名称", "规格"])
    lookup.append(["不该导入", "1kg"])
    lookup.sheet_state = "hidden"
    book.save(path)

    report = run_import(path)

    assert report.ok and report.sheets == ["网货手册"]
    assert [(w.code, w.sheet) for w in report.warnings] == [
        ("sheet_hidden", "下拉选项"),
        ("brand_not_found", "网货手册"),
    ]
    assert set(entries()) == {"青稞面"}
