"""Files that are not spreadsheets, or are hostile ones, are refused before openpyxl or the
csv module parse them, with a clear message; nothing is written."""

import time
from unittest import mock

import pytest

from catalog.handbook_import import safety
from catalog.models import Handbook
from tests.catalog.handbooks.fixtures import (
    ROWS,
    counts,
    exe_renamed,
    html_table,
    legacy_xls,
    lying_zip_sizes,
    run_import,
    with_doctype,
    with_macros,
    write_xlsx,
    zip_bomb_xlsx,
)

pytestmark = pytest.mark.django_db


def refused(report) -> list[tuple]:
    return [(e.code, e.sheet, e.row, e.column) for e in report.errors]


def test_an_executable_renamed_xlsx_is_refused(tmp_path):
    before = counts()

    report = run_import(exe_renamed(tmp_path / "手册.xlsx"))

    assert refused(report) == [("not_spreadsheet", "", None, "")]
    assert report.errors[0].message_zh == "文件不是电子表格，只接受 .xlsx 或 .csv 文件。"
    assert report.errors[0].message_en == (
        "The file is not a spreadsheet; only .xlsx and .csv files are accepted."
    )
    assert counts() == {**before, "HandbookImport": 1}


def test_a_zip_bomb_is_refused_from_its_directory_without_inflating_it(tmp_path):
    path = zip_bomb_xlsx(tmp_path / "bomb.xlsx", megabytes=120)
    assert path.stat().st_size < 300 * 1024

    with mock.patch("openpyxl.load_workbook") as load:
        started = time.perf_counter()
        report = run_import(path)
        elapsed = time.perf_counter() - started

    assert [e.code for e in report.errors] == ["zip_ratio"]
    assert report.errors[0].message_en.startswith(
        "The part “xl/worksheets/sheet1.xml” is compressed"
    )
    load.assert_not_called()
    assert elapsed < 1
    assert not Handbook.objects.exists()


def test_a_workbook_expanding_past_the_total_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_RATIO", 10_000)  # so the total is what stops it
    path = zip_bomb_xlsx(tmp_path / "big.xlsx", megabytes=101)

    report = run_import(path)

    assert [e.code for e in report.errors] == ["zip_bomb"]
    assert report.errors[0].message_zh == "文件解压后过大（101.0 MB，上限 100.0 MB），已拒绝。"


def test_a_part_larger_than_its_declared_size_is_reported_damaged(tmp_path):
    report = run_import(lying_zip_sizes(tmp_path / "lying.xlsx"))

    assert [e.code for e in report.errors] == ["corrupt"]


def test_xml_entity_declarations_are_refused(tmp_path):
    report = run_import(with_doctype(tmp_path / "lol.xlsx"))

    assert [e.code for e in report.errors] == ["xml_entities"]


def test_macro_workbooks_are_refused(tmp_path):
    report = run_import(with_macros(tmp_path / "m.xlsx"))

    assert [e.code for e in report.errors] == ["macros"]


@pytest.mark.parametrize(
    ("build", "code"),
    [(legacy_xls, "legacy_xls"), (html_table, "html_table")],
)
def test_legacy_and_html_xls_files_are_refused_with_a_hint(tmp_path, build, code):
    report = run_import(build(tmp_path / "old.xls"))

    assert [e.code for e in report.errors] == [code]
    assert "xlsx" in report.errors[0].message_zh and "xlsx" in report.errors[0].message_en


def test_other_zip_archives_and_binary_files_are_refused(tmp_path):
    import zipfile

    archive = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(archive, "w") as target:
        target.writestr("word/document.xml", "<w/>")
    binary = tmp_path / "noise.csv"
    binary.write_bytes(bytes(range(256)) * 20)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")

    assert [e.code for e in run_import(archive).errors] == ["not_workbook"]
    assert [e.code for e in run_import(binary).errors] == ["not_spreadsheet"]
    assert [e.code for e in run_import(empty).errors] == ["empty_file"]


def test_a_text_file_in_no_known_encoding_is_refused(tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes("产品名称,规格\n".encode() + b"\x81\x20\xff\xfe\x80\n")

    assert [e.code for e in run_import(path).errors] == ["encoding"]


def test_a_truncated_workbook_is_reported_damaged(tmp_path):
    path = write_xlsx(tmp_path / "cut.xlsx")
    path.write_bytes(path.read_bytes()[:2000])

    assert [e.code for e in run_import(path).errors] == ["corrupt"]


def test_formulas_are_refused_cell_by_cell(tmp_path):
    rows = [list(values) for values in ROWS[:2]]
    rows[0][6] = "=20+5"
    rows[1][8] = '=CONCATENATE("5","00吨")'

    report = run_import(write_xlsx(tmp_path / "f.xlsx", rows))

    assert [(e.code, e.location, e.value) for e in report.errors] == [
        ("formula", "网货手册!G4", "=20+5"),
        ("formula", "网货手册!I5", '=CONCATENATE("5","00吨")'),
    ]
    assert report.errors[0].message_en == (
        "The cell holds a formula; copy it and paste it as values, then import again."
    )
    assert not Handbook.objects.exists()


def test_formulas_in_csv_are_refused_too(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("产品名称,价格\n糌粑,=1+1\n", encoding="utf-8")

    report = run_import(path)

    assert [(e.code, e.location, e.value) for e in report.errors] == [("formula", "f!B2", "=1+1")]


def test_too_many_rows_are_refused(tmp_path, monkeypatch):
    from catalog.handbook_import import importer

    monkeypatch.setattr(importer, "MAX_ROWS", 3)

    report = run_import(write_xlsx(tmp_path / "many.xlsx"))

    assert [e.code for e in report.errors] == ["too_many_rows"]
    assert report.errors[0].message_zh == "数据超过 3 行，请拆分成多个文件导入。"
