"""Every kind of error names its sheet, row, column and value in both languages, and a file
with any error writes nothing (only the record of the refused attempt)."""

import pytest

from catalog.models import Handbook, HandbookEntry, HandbookImport
from tests.catalog.handbooks.fixtures import (
    ROWS,
    counts,
    county,
    row,
    run_import,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.django_db

LONG_NAME = "青" * 251

# (cells of the row, code, column letter, header, value as typed)
BAD_ROWS = [
    ({"规格": "500克/袋"}, "required", "B", "产品名称", ""),
    ({"产品名称": "糌粑1", "价格（元）": "二十元"}, "price", "G", "价格（元）", "二十元"),
    ({"产品名称": "糌粑2", "价格（元）": "30-20元"}, "price_order", "G", "价格（元）", "30-20元"),
    ({"产品名称": "糌粑3", "上市季节": "随时"}, "season", "J", "上市季节", "随时"),
    ({"产品名称": "糌粑4", "上市季节": "13月"}, "month", "J", "上市季节", "13月"),
    ({"产品名称": "糌粑5", "认证情况": "无公害"}, "certification", "L", "认证情况", "无公害"),
    (
        {"产品名称": "糌粑6", "销售渠道及占比": "电商60%，线下50%"},
        "share_total", "M", "销售渠道及占比", "电商60%，线下50%",
    ),
    ({"产品名称": "糌粑7", "销售渠道及占比": "电商 40"}, "share", "M", "销售渠道及占比", "电商 40"),
    ({"产品名称": "糌粑8", "条形码": "6901234567893"}, "gtin_check", "R", "条形码", "6901234567893"),
    ({"产品名称": "糌粑9", "条形码": "12345"}, "gtin", "R", "条形码", "12345"),
    ({"产品名称": "糌粑10", "价格（元）": "=B4*2"}, "formula", "G", "价格（元）", "=B4*2"),
    ({"产品名称": "རྩམ་པ།"}, "not_chinese", "B", "产品名称", "རྩམ་པ།"),
    ({"产品名称": LONG_NAME}, "too_long", "B", "产品名称", LONG_NAME[:200]),
    ({"产品名称": "糌粑11", "年产量": "#N/A"}, "cell_error", "I", "年产量", "#N/A"),
    ({"产品名称": "糌粑12", "规格": "1kg"}, None, "", "", ""),  # valid
    ({"产品名称": "糌粑 12", "规格": "１ｋｇ"}, "duplicate_row", "B", "产品名称", "糌粑 12"),
]  # fmt: skip


def test_every_kind_of_error_is_located_and_nothing_is_written(tmp_path):
    path = write_xlsx(tmp_path / "bad.xlsx", [row(**cells) for cells, *_ in BAD_ROWS])
    before = counts()

    report = run_import(path)

    expected = [
        ("网货手册", 4 + number, column, header, value, code)
        for number, (_cells, code, column, header, value) in enumerate(BAD_ROWS)
        if code
    ]
    found = [(e.sheet, e.row, e.column, e.header, e.value, e.code) for e in report.errors]
    assert found == expected
    assert report.status == "failed" and not report.ok
    assert all(
        e.message_zh and e.message_en and e.message_zh != e.message_en for e in report.errors
    )
    assert counts() == {**before, "HandbookImport": before["HandbookImport"] + 1}
    record = HandbookImport.objects.get()
    assert (record.status, record.handbook) == ("failed", None)
    assert [e["cell"] for e in record.report["errors"]] == [f"{c}{r}" for _s, r, c, *_ in expected]


def test_messages_in_both_languages(tmp_path):
    report = run_import(write_xlsx(tmp_path / "bad.xlsx", [row(**c) for c, *_ in BAD_ROWS]))
    by_code = {error.code: error for error in report.errors}

    assert by_code["required"].message_zh == "产品名称不能为空。"
    assert by_code["required"].message_en == "The product name (Chinese) is required."
    assert by_code["price_order"].message_zh == "最低价 30.00 高于最高价 20.00。"
    assert by_code["price_order"].message_en == (
        "The minimum price 30.00 is higher than the maximum price 20.00."
    )
    assert by_code["certification"].message_zh == (
        "未知的认证“无公害”，可填：绿色食品、有机产品、地理标志、承诺达标合格证。"
    )
    assert (
        by_code["share_total"].message_en == "The sales channel shares add up to 110%, over 100%."
    )
    assert by_code["formula"].message_zh == "单元格含有公式，请复制后“粘贴为数值”再导入。"
    assert by_code["too_long"].message_en == (
        "The product name (Chinese) is longer than 250 characters."
    )
    assert (
        by_code["duplicate_row"].message_zh == "与第 18 行重复（产品名称、规格和生产主体都相同）。"
    )
    assert by_code["duplicate_row"].message_en == (
        "Duplicates row 18 (same product name, specification and producer)."
    )
    assert by_code["month"].message_en == "Month 13 is not between 1 and 12."
    assert by_code["gtin_check"].location == "网货手册!R12"


def test_an_error_leaves_an_existing_handbook_exactly_as_it_was(tmp_path):
    assert run_import(write_xlsx(tmp_path / "good.xlsx")).ok
    before = list(HandbookEntry.objects.order_by("pk").values())
    changed = [list(values) for values in ROWS]
    changed[0][6] = "99"  # a new price for the first entry
    changed[2][6] = "免费"  # and an error further down
    before_counts = counts()

    report = run_import(write_xlsx(tmp_path / "bad.xlsx", changed[:3]))

    assert [(e.code, e.row, e.column) for e in report.errors] == [("price", 6, "G")]
    assert list(HandbookEntry.objects.order_by("pk").values()) == before
    assert counts() == {**before_counts, "HandbookImport": before_counts["HandbookImport"] + 1}


def test_errors_in_csv_are_located_like_excel_shows_the_file(tmp_path):
    rows = [row(**{"产品名称": "糌粑", "上市季节": "随时"})]
    report = run_import(write_csv(tmp_path / "h.csv", rows))

    assert [(e.sheet, e.location, e.value) for e in report.errors] == [("h", "h!J4", "随时")]


def test_a_column_given_twice_is_an_error_at_the_header(tmp_path):
    header = ["产品名称", "规格", "品名"]
    report = run_import(write_xlsx(tmp_path / "dup.xlsx", [["糌粑", "1kg", "糌粑"]], header=header))

    assert [(e.code, e.row, e.column, e.header) for e in report.errors] == [
        ("duplicate_column", 3, "C", "品名")
    ]
    assert report.errors[0].message_zh == "“品名”列与 A 列都对应“产品名称”，只能保留一列。"
    assert not Handbook.objects.exists()


def test_a_file_without_a_header_or_without_rows(tmp_path):
    no_header = run_import(write_xlsx(tmp_path / "x.xlsx", [["a", "b"]], header=["甲", "乙"]))
    no_rows = run_import(write_xlsx(tmp_path / "y.xlsx", []))

    assert [e.code for e in no_header.errors] == ["no_sheet"]
    assert no_header.errors[0].message_en.startswith(
        "No sheet has a header row within its first 15"
    )
    assert [e.code for e in no_rows.errors] == ["no_data"]
    assert not Handbook.objects.exists()


def test_the_county_must_be_a_county_and_the_edition_a_year(tmp_path):
    from catalog.models import Division

    region = Division.objects.get(code="540000")
    report = run_import(write_xlsx(tmp_path / "x.xlsx"), county=region, edition=1990)

    assert [e.code for e in report.errors] == ["not_county", "edition"]
    assert report.errors[0].message_zh == "“西藏自治区”不是县级行政区，网货手册按县编制。"
    assert report.errors[0].message_en == (
        "“Tibet Autonomous Region” is not a county; handbooks are kept per county."
    )
    assert not Handbook.objects.exists() and county() is not None


def test_share_columns_under_a_merged_channel_header(tmp_path):
    header = ["产品名称", "销售渠道及占比", None]
    rows = [[None, "农贸市场", "电商"], ["糌粑", "120%", "10"], ["甜茶", "70", 0.5]]

    report = run_import(write_xlsx(tmp_path / "shares.xlsx", rows, header=header))

    assert [(e.code, e.location, e.header, e.value, e.message_en) for e in report.errors] == [
        ("share_range", "网货手册!B5", "销售渠道及占比/农贸市场", "120%",
         "The share of “农贸市场”, 120%, is over 100%."),
        ("share_total", "网货手册!B6", "销售渠道及占比/农贸市场", "70",
         "The sales channel shares add up to 120%, over 100%."),
    ]  # fmt: skip
