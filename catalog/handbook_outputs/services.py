"""Making and storing a handbook's outputs; the Celery tasks in catalog/tasks.py call these.

Files are stored through the media storage (local disk or S3) under fixed names,
handbooks/<county code>-<edition>.pdf and .zip, replacing the previous file, and recorded on
the Handbook. A storage that keeps both files on a name clash (S3 without overwrite) may
suffix the name when two runs race; the Handbook always records the name actually stored.
"""

from typing import IO

from django.core.files import File
from django.core.files.base import ContentFile

from catalog.handbook_outputs.package import handbook_package_build
from catalog.handbook_outputs.pdf import handbook_pdf_render
from catalog.handbook_outputs.sheets import HandbookSheet, handbook_sheet
from catalog.models import Handbook

OUTPUT_DIR = "handbooks"


def handbook_output_name(sheet: HandbookSheet, extension: str) -> str:
    return f"{OUTPUT_DIR}/{sheet.county.code}-{sheet.edition}.{extension}"


def _store(sheet: HandbookSheet, field_name: str, extension: str, content: File) -> str:
    handbook = sheet.handbook
    storage = getattr(handbook, field_name).storage
    previous = getattr(handbook, field_name).name
    name = handbook_output_name(sheet, extension)
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, content)
    # update(): the handbook's status and review may have changed while this ran.
    Handbook.objects.filter(pk=handbook.pk).update(**{field_name: stored})
    setattr(handbook, field_name, stored)
    if previous and previous != stored and storage.exists(previous):
        storage.delete(previous)
    return stored


def handbook_pdf_generate(*, handbook_id: int) -> str | None:
    """Render and store the handbook's PDF; its storage name, or None if it is gone."""
    sheet = handbook_sheet(handbook_id=handbook_id)
    if sheet is None:
        return None
    pdf = handbook_pdf_render(sheet)
    return _store(sheet, "pdf_file", "pdf", ContentFile(pdf))


def handbook_package_generate(*, handbook_id: int) -> str | None:
    """Build and store the shop data package (ZIP); its storage name, or None if it is gone."""
    sheet = handbook_sheet(handbook_id=handbook_id)
    if sheet is None:
        return None
    package: IO[bytes] = handbook_package_build(sheet)
    with package:
        return _store(sheet, "package_file", "zip", File(package))
