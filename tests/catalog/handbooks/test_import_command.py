"""`manage.py import_handbook`: the report on stdout, exit code 1 when the file has errors."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.models import HandbookEntry, HandbookImport
from tests.catalog.handbooks.fixtures import COUNTY, ROWS, row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("import_handbook", *args, stdout=out, no_color=True)
    except CommandError as error:
        return error.returncode, out.getvalue() + f"CommandError: {error}"
    return 0, out.getvalue()


def test_a_good_file_imports_and_exits_0(tmp_path):
    path = write_xlsx(tmp_path / "城关区.xlsx")

    code, output = run(str(path), "--county", COUNTY, "--edition", "2025")

    assert code == 0
    assert output.splitlines()[0] == "城关区.xlsx：4 行；新增 4，更新 0，未变 0，删除 0"
    assert output.splitlines()[-1] == "已导入。"
    assert "提示：" in output and "网货手册!N4  “净土”  没有名为“净土”的品牌" in output
    assert HandbookEntry.objects.count() == 4


def test_errors_print_a_line_each_and_exit_1(tmp_path):
    rows = [row(产品名称="糌粑", 上市季节="随时"), row(规格="1kg"), *ROWS[:1]]
    path = write_xlsx(tmp_path / "bad.xlsx", rows)

    code, output = run(str(path), "--county", COUNTY, "--edition", "2025", "--lang", "en")

    assert code == 1
    lines = output.splitlines()
    assert lines[0] == "bad.xlsx: 3 rows; 0 created, 0 updated, 0 unchanged, 0 deleted"
    start = lines.index("2 errors; nothing was imported:")
    assert lines[start + 1 : start + 3] == [
        "  网货手册!J4  “随时”  Not a season; write it as “6-8月”, “11月至次年2月” or "
        "“全年” (year-round).",
        "  网货手册!B5  -  The product name (Chinese) is required.",
    ]
    assert lines[-1] == "CommandError: 2 errors; nothing was imported"
    assert HandbookEntry.objects.count() == 0


def test_chinese_error_lines(tmp_path):
    path = write_csv(tmp_path / "h.csv", [row(产品名称="糌粑", 条形码="6901234567893")])

    code, output = run(str(path), "--county", COUNTY, "--edition", "2025")

    assert code == 1
    assert "有 1 个错误，未导入任何数据：" in output
    assert "  h!R4  “6901234567893”  条形码的校验位不正确，请核对。" in output.splitlines()


def test_dry_run_exits_0_and_writes_no_entries(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx")

    code, output = run(str(path), "--county", COUNTY, "--edition", "2025", "--dry-run")

    assert code == 0
    assert "新增 4" in output and output.splitlines()[-1] == "检查通过（试运行，未写入）。"
    assert HandbookEntry.objects.count() == 0
    assert HandbookImport.objects.get().status == "checked"


def test_refused_file_exits_1(tmp_path):
    path = tmp_path / "setup.xlsx"
    path.write_bytes(b"MZ\x90\x00" + b"\x00" * 200)

    code, output = run(str(path), "--county", COUNTY, "--edition", "2025", "--lang", "en")

    assert code == 1
    assert (
        "  -  -  The file is not a spreadsheet; only .xlsx and .csv files are accepted." in output
    )


def test_unknown_county_or_missing_file(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx")

    assert run(str(path), "--county", "999999", "--edition", "2025") == (
        1,
        "CommandError: No division has the code '999999'.",
    )
    code, output = run(str(tmp_path / "nope.xlsx"), "--county", COUNTY, "--edition", "2025")
    assert code == 1 and "No such file" in output
