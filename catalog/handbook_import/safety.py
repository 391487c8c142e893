"""What a file really is, decided by its content (never its name), and whether it is safe to
hand to openpyxl or the csv module.

Zip archives are checked from their central directory before openpyxl opens them: Python's
zipfile never inflates a member past the size the directory declares (it stops there and the
CRC check fails), so the declared sizes bound what reading can cost even when they lie.
"""

import codecs
import re
import zipfile
from typing import BinaryIO

from catalog.handbook_import.reading import Inspected, detect_encoding

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024  # all parts of a workbook together
MAX_MEMBERS = 1000
MAX_RATIO = 200  # uncompressed / compressed, for parts over RATIO_FLOOR (real sheets: ~10)
RATIO_FLOOR = 1024 * 1024
XML_PROLOG_BYTES = 64 * 1024
SNIFF_BYTES = 8192

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and password-protected .xlsx
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
BINARY_MAGICS = (
    b"\x7fELF", b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf",
    b"\x1f\x8b", b"BZh", b"\xca\xfe\xba\xbe", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe",
)  # fmt: skip
WORKBOOK_TYPES = (
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
)
MACRO_TYPE = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
# Comments, processing instructions and blanks that may stand before the root element.
PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Refused(Exception):
    """The file cannot be imported at all; `code` names a message in messages.py."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def _size(stream: BinaryIO) -> int:
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    return size


def _check_xml_prolog(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse DOCTYPE (and so ENTITY) declarations: no workbook part needs them."""
    with archive.open(info) as member:
        head = member.read(XML_PROLOG_BYTES)
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", errors="ignore").encode()
    rest = head[PROLOG.match(head).end() :]
    if rest.upper().startswith(b"<!DOCTYPE") or (not rest and len(head) >= XML_PROLOG_BYTES):
        raise Refused("xml_entities")


def _check_workbook(stream: BinaryIO) -> None:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as error:
        raise Refused("corrupt") from error
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Refused("zip_members", count=len(infos), limit=MAX_MEMBERS)
        total = 0
        for info in infos:
            total += info.file_size
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                raise Refused("zip_ratio", member=info.filename, ratio=int(ratio), limit=MAX_RATIO)
        if total > MAX_UNCOMPRESSED_BYTES:
            raise Refused(
                "zip_bomb", size=_megabytes(total), limit=_megabytes(MAX_UNCOMPRESSED_BYTES)
            )
        names = {info.filename for info in infos}
        if "[Content_Types].xml" not in names:
            raise Refused("not_workbook")
        try:
            with archive.open("[Content_Types].xml") as member:
                content_types = member.read(XML_PROLOG_BYTES * 4)
            if MACRO_TYPE in content_types or any(n.endswith("vbaProject.bin") for n in names):
                raise Refused("macros")
            if not any(kind in content_types for kind in WORKBOOK_TYPES):
                raise Refused("not_workbook")
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    _check_xml_prolog(archive, info)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise Refused("corrupt") from error


def _check_text(stream: BinaryIO, encoding: str) -> None:
    text = stream.read(SNIFF_BYTES).decode(encoding, errors="ignore")
    stream.seek(0)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        raise Refused("html_table")
    if len(CONTROL.findall(text)) > max(2, len(text) // 100):
        raise Refused("not_spreadsheet")


def inspect_spreadsheet(stream: BinaryIO) -> Inspected:
    """What `stream` (binary, seekable) holds; raises Refused for anything but a safe .xlsx
    workbook or a text .csv file. Leaves the stream at its start."""
    size = _size(stream)
    if size == 0:
        raise Refused("empty_file")
    if size > MAX_FILE_BYTES:
        raise Refused("file_too_large", size=_megabytes(size), limit=_megabytes(MAX_FILE_BYTES))
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if head.startswith(ZIP_MAGICS):
        _check_workbook(stream)
        stream.seek(0)
        return Inspected("xlsx")
    if head.startswith(OLE2):
        raise Refused("legacy_xls")
    if head.startswith(BINARY_MAGICS) or (head.startswith(b"MZ") and b"\0" in head[:256]):
        raise Refused("not_spreadsheet")
    if b"\0" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise Refused("not_spreadsheet")
    encoding = detect_encoding(stream)
    if encoding is None:
        raise Refused("encoding")
    _check_text(stream, encoding)
    return Inspected("csv", encoding)
