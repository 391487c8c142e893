"""Builders of messy handbook spreadsheets, written with openpyxl into a test's tmp_path (no
binary fixtures are committed): a merged title over the header, full-width digits, mixed
units, Tibetan names, and the hostile files the importer must refuse."""

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

COUNTY = "540102"  # 城关区, Lhasa
EDITION = 2025

HEADER = [
    "序号", "产品名称", "藏文名称", "英文名称", "规格", "单位", "价格（元）", "产地",
    "年产量", "上市季节", "质量等级", "认证情况", "销售渠道及占比", "品牌", "品牌归属",
    "生产主体", "电商企业", "条形码", "图片", "备注",
]  # fmt: skip

# Each row as county staff type it.
ROWS = [
    [
        "１", "青稞面", "ནས་ཕྱེ།", "Highland barley flour", "５００克／袋", "", "20-30元",
        "城关区蔡公堂乡", "1.2万斤", "全年", "一级", "绿色食品、有机产品",
        "农贸市场40%，电商30%，商超30%", "净土", "城关区农业农村局",
        "拉萨净土青稞合作社", "拉萨电商有限公司", "6901234567892", "qingke.jpg；qingke2.jpg",
        "高原特产",
    ],
    [
        2, "牦牛肉干", "གཡག་ཤ་སྐམ་པོ།", "Yak jerky", "2斤装", "盒", "¥１２０~１５０",
        "城关区", "５００吨", "11月至次年2月", "特级", "地理标志",
        "电商60%；线下40%", "", "", "拉萨净土青稞合作社", "", "", "", "",
    ],
    [
        3, "酥油", "མར།", "", "250g×4袋", "", "８５", "城关区娘热乡", "约3000公斤", "6月-8月",
        "", "", "", "", "", "扎西", "", "", "", "",
    ],
    [
        4, "藏香", "སྤོས།", "Tibetan incense", "1两/盒", "", "25", "", "5000盒", "常年",
        "", "承诺达标合格证", "电商", "", "", "", "", "", "", "手工制作\n传统工艺",
    ],
]  # fmt: skip

TITLE = "2025年城关区网货手册"
SUBTITLE = "填报单位：城关区商务局（盖章）        填报日期：2025年3月"


def write_xlsx(
    path: Path,
    rows: list[list] = ROWS,
    *,
    header: list[str] = HEADER,
    sheet: str = "网货手册",
    title_rows: bool = True,
    before: list[tuple[str, list[list]]] = (),
    after_rows: list[list] = (),
) -> Path:
    """A workbook whose data sheet has a merged title (row 1), a subtitle (row 2), the header
    on row 3 and the rows from row 4; `before` adds sheets ahead of it."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, content in before:
        extra = workbook.create_sheet(name)
        for line in content:
            extra.append(line)
    worksheet = workbook.create_sheet(sheet)
    if title_rows:
        worksheet.append([TITLE])
        worksheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        worksheet["A1"].font = Font(size=16, bold=True)
        worksheet["A1"].alignment = Alignment(horizontal="center")
        worksheet.append([SUBTITLE])
        worksheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(header))
    worksheet.append(header)
    for row in [*rows, *after_rows]:
        worksheet.append(list(row))
    workbook.save(path)
    return path


def write_csv(
    path: Path,
    rows: list[list] = ROWS,
    *,
    header: list[str] = HEADER,
    encoding: str = "gb18030",
    delimiter: str = ",",
    title_rows: bool = True,
) -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    if title_rows:
        writer.writerow([TITLE])
        writer.writerow([SUBTITLE])
    writer.writerow(header)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def row(**cells) -> list:
    """A data row given by header text: row(产品名称="青稞", 规格="1kg")."""
    values = [""] * len(HEADER)
    for name, value in cells.items():
        values[HEADER.index(name)] = value
    return values


def rewrite_member(path: Path, member: str, write) -> Path:
    """Replace one part of an .xlsx; `write(zip_file, name, old_content)` writes the new part."""
    original = path.read_bytes()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        assert member in source.namelist()
        for info in source.infolist():
            if info.filename == member:
                write(target, info.filename, source.read(info.filename))
            else:
                target.writestr(info, source.read(info.filename), zipfile.ZIP_DEFLATED)
    return path


def zip_bomb_xlsx(path: Path, megabytes: int) -> Path:
    """A valid-looking workbook whose sheet XML inflates to `megabytes` of blanks inside its
    sheetData; on disk it stays around a thousandth of that."""
    write_xlsx(path, ROWS[:1])

    def write(target: zipfile.ZipFile, name: str, _old: bytes) -> None:
        with target.open(name, "w", force_zip64=True) as member:
            member.write(b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="')
            member.write(b'http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            member.write(b"<sheetData>")
            chunk = b" " * (1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
            member.write(b"</sheetData></worksheet>")

    return rewrite_member(path, "xl/worksheets/sheet1.xml", write)


def lying_zip_sizes(path: Path) -> Path:
    """A deflated part whose declared size is too small for what it inflates to."""
    write_xlsx(path, ROWS[:1])
    data = path.read_bytes()
    name = b"xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name.decode())
    # Patch the central directory's uncompressed size of the sheet to 10 bytes.
    central = data.rindex(b"PK\x01\x02", 0, data.index(name, data.index(b"PK\x01\x02")))
    patched = bytearray(data)
    patched[central + 24 : central + 28] = (10).to_bytes(4, "little")
    assert int.from_bytes(data[central + 24 : central + 28], "little") == info.file_size
    path.write_bytes(bytes(patched))
    return path


def exe_renamed(path: Path) -> Path:
    """A Windows executable's first bytes, saved under an .xlsx name."""
    header = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8" + b"\x00" * 47
    stub = b"This program cannot be run in DOS mode.\r\r\n$" + b"\x00" * 200
    path.write_bytes(header + stub + bytes(range(256)) * 8)
    return path


def legacy_xls(path: Path) -> Path:
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xfe\xff" * 100)
    return path


def html_table(path: Path) -> Path:
    path.write_text(
        "<html><body><table><tr><td>产品名称</td><td>规格</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return path


def with_doctype(path: Path) -> Path:
    """A workbook whose sheet declares entities (a billion-laughs shape) after a comment."""
    write_xlsx(path, ROWS[:1])
    doctype = (
        b'<!-- padding -->\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
    )

    def write(target: zipfile.ZipFile, name: str, old: bytes) -> None:
        target.writestr(name, b'<?xml version="1.0" encoding="UTF-8"?>\n' + doctype + old)

    return rewrite_member(path, "xl/worksheets/sheet1.xml", write)


def with_macros(path: Path) -> Path:
    write_xlsx(path, ROWS[:1])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    return path


def county():
    from catalog.models import Division

    return Division.objects.get(code=COUNTY)


def counts() -> dict[str, int]:
    """Rows of every table an import may write, to compare before and after."""
    from catalog.models import Brand, Handbook, HandbookEntry, HandbookImport, Producer

    models = (Handbook, HandbookEntry, Producer, Brand, HandbookImport)
    return {model.__name__: model.objects.count() for model in models}


def run_import(path: Path, **options):
    from catalog.handbook_import import handbook_import

    options.setdefault("county", county())
    options.setdefault("edition", EDITION)
    return handbook_import(file=path, file_name=path.name, **options)
