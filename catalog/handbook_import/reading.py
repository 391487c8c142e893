"""Reading a spreadsheet row by row without holding it in memory.

Workbooks are opened with openpyxl in read-only mode (each sheet's XML is parsed as a
stream); CSV files are decoded on the fly in the encoding detected here (UTF-8 with or
without a BOM, UTF-16 with a BOM, else GB18030). safety.py decides what a file is first.
Either way a sheet is a name and an iterator of (row number as Excel shows it, cell values).
"""

import codecs
import csv
import io
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO
from xml.etree.ElementTree import ParseError

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

MAX_COLUMNS = 100  # cells further right are not read
CSV_DELIMITERS = ",\t;"
# What openpyxl or the csv module raise on a damaged file.
READ_ERRORS = (
    zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, IndexError, EOFError,
    OSError, ParseError, InvalidFileException, csv.Error, UnicodeDecodeError,
)  # fmt: skip


@dataclass(frozen=True)
class Inspected:
    kind: str  # "xlsx" or "csv"
    encoding: str = ""  # for csv


def detect_encoding(stream: BinaryIO) -> str | None:
    """UTF-8 (with or without a BOM), UTF-16 with a BOM (Excel's "Unicode text"), else GB18030;
    the whole file must decode, read in chunks so that memory stays flat. None when it is in
    none of them."""
    head = stream.read(4)
    stream.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        stream.seek(0)
        try:
            while chunk := stream.read(1024 * 1024):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        finally:
            stream.seek(0)
        return encoding
    return None


@dataclass
class Sheet:
    name: str
    rows: Iterator[tuple[int, tuple]]
    hidden: bool = False


def _workbook_rows(worksheet) -> Iterator[tuple[int, tuple]]:
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        yield number, values[:MAX_COLUMNS]


@contextmanager
def _workbook_sheets(stream: BinaryIO) -> Iterator[Iterator[Sheet]]:
    with warnings.catch_warnings():
        # Styles openpyxl cannot map, data validation extensions…: irrelevant to the data.
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(
            stream, read_only=True, data_only=False, keep_links=False, keep_vba=False
        )
    try:

        def sheets() -> Iterator[Sheet]:
            for worksheet in workbook.worksheets:
                if not hasattr(worksheet, "iter_rows"):
                    continue  # chart sheets
                # Many writers record a wrong <dimension>; read what the XML holds.
                worksheet.reset_dimensions()
                hidden = getattr(worksheet, "sheet_state", "visible") != "visible"
                yield Sheet(worksheet.title, _workbook_rows(worksheet), hidden)

        yield sheets()
    finally:
        workbook.close()


def _sniff_delimiter(text: io.TextIOBase) -> str:
    sample = text.read(16 * 1024)
    text.seek(0)
    try:
        return csv.Sniffer().sniff(sample, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        counts = {delimiter: sample.count(delimiter) for delimiter in CSV_DELIMITERS}
        return max(counts, key=counts.get) if any(counts.values()) else ","


def _csv_rows(text: io.TextIOBase, delimiter: str) -> Iterator[tuple[int, tuple]]:
    reader = csv.reader(text, delimiter=delimiter)
    for number, values in enumerate(reader, start=1):
        yield number, tuple(value or None for value in values[:MAX_COLUMNS])


@contextmanager
def _csv_sheets(stream: BinaryIO, encoding: str, file_name: str) -> Iterator[Iterator[Sheet]]:
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        delimiter = _sniff_delimiter(text)
        # Excel names the only sheet of a CSV file after the file.
        name = PurePath(file_name).stem or "csv"
        yield iter([Sheet(name, _csv_rows(text, delimiter))])
    finally:
        text.detach()  # the caller owns the binary stream


@contextmanager
def open_sheets(stream: BinaryIO, inspected: Inspected, file_name: str):
    """The sheets of an inspected file, as a context manager yielding an iterator."""
    if inspected.kind == "xlsx":
        with _workbook_sheets(stream) as sheets:
            yield sheets
    else:
        with _csv_sheets(stream, inspected.encoding, file_name) as sheets:
            yield sheets
