"""Reading the stored outputs back: the PDF's text and the package's files."""

import csv
import io
import zipfile
from dataclasses import dataclass

from django.db.models.fields.files import FieldFile
from django.utils import translation
from pypdf import PdfReader
from pypdf.generic import ContentStream

from catalog.models import Division, HouseholdStatus
from catalog.selectors.producers import household_label

# Whatever marks a household's status, in any language, must never be in an output.
HOUSEHOLD_WORDS = [
    *(status.value for status in HouseholdStatus if status.value),
    *(str(status.label) for status in HouseholdStatus if status.value),
    "已脱贫",
    "边缘户",
    "household_status",
]


def public_household_name(county: Division) -> str:
    """A household's name in the outputs, which are Chinese documents."""
    with translation.override("zh-hans"):
        return household_label(county)


@dataclass
class PdfText:
    pages: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def read_pdf(field: FieldFile) -> tuple[PdfReader, PdfText]:
    with field.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return reader, PdfText([page.extract_text() for page in reader.pages])


def drawn_images(reader: PdfReader, page_number: int) -> list[tuple[int, int]]:
    """(width, height) of the images the page draws (WeasyPrint shares one resource
    dictionary between pages, so pypdf's page.images lists every image of the document)."""
    page = reader.pages[page_number]
    objects = page["/Resources"].get("/XObject", {})
    sizes = []
    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"Do" and (xobject := objects[operands[0]].get_object())["/Subtype"] == (
            "/Image"
        ):
            sizes.append((int(xobject["/Width"]), int(xobject["/Height"])))
    return sizes


@dataclass
class Package:
    raw_csv: bytes
    headers: list[str]
    rows: list[dict[str, str]]
    names: set[str]
    files: dict[str, bytes]

    def text(self) -> str:
        return "\n".join(content.decode("utf-8", "replace") for content in self.files.values())


def read_package(field: FieldFile) -> Package:
    with field.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    raw = files["entries.csv"]
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    headers, *body = list(reader)
    rows = [dict(zip(headers, row, strict=True)) for row in body]
    return Package(raw, headers, rows, set(files), files)
