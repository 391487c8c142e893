"""`handbook_import`: a county's net goods handbook spreadsheet into its Handbook entries.

All or nothing: the whole file is read and checked first, and with any error nothing is
written (the HandbookImport record of the attempt excepted). Entries are matched across
imports by their natural key (normalised Chinese name + specification + producer name), so a
re-import updates them in place and keeps their images and product links.

The file is the whole handbook: entries that are no longer in it are deleted. That is safe
because only a draft or returned handbook can be imported into (a submitted or approved one
is refused); an entry already published as a product (`product` set) is still kept, and the
report warns about it. On update only the fields of the columns the file has are
overwritten, so a file without, say, a barcode column leaves the barcodes as they were.
"""

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from catalog.handbook_import.columns import HEADER_SCAN_ROWS, find_header
from catalog.handbook_import.messages import STATUS_LABELS, Localized
from catalog.handbook_import.normalize import key_part
from catalog.handbook_import.reading import READ_ERRORS, open_sheets
from catalog.handbook_import.report import ImportIssue, ImportReport
from catalog.handbook_import.safety import Refused, inspect_spreadsheet
from catalog.handbook_import.validation import EntryData, RowChecker
from catalog.models import (
    Brand,
    Division,
    DivisionLevel,
    Handbook,
    HandbookEntry,
    HandbookImport,
    HandbookImportStatus,
    HandbookStatus,
    Producer,
    ProducerKind,
)
from catalog.selectors.scopes import can_manage_division

MAX_ROWS = 50_000
EDITIONS = (2000, 2100)
EDITABLE = (HandbookStatus.DRAFT, HandbookStatus.RETURNED)
BATCH = 500
SPOOL_BYTES = 8 * 1024 * 1024
# Producer kinds recognised in a producer's name; anyone else is taken for a household.
PRODUCER_KINDS = (
    ("合作社", ProducerKind.COOPERATIVE),
    ("家庭农场", ProducerKind.FAMILY_FARM),
    ("农场", ProducerKind.FAMILY_FARM),
    ("公司", ProducerKind.ENTERPRISE),
    ("企业", ProducerKind.ENTERPRISE),
    ("集团", ProducerKind.ENTERPRISE),
    ("厂", ProducerKind.ENTERPRISE),
    ("商行", ProducerKind.ENTERPRISE),
    ("中心", ProducerKind.ENTERPRISE),
)


def handbook_import(
    *,
    county: Division,
    edition: int,
    file: str | os.PathLike | IO[bytes],
    file_name: str,
    user=None,
    dry_run: bool = False,
) -> ImportReport:
    """Import `file` (a path or a binary file object) into the county's handbook of `edition`.

    Never raises for what is wrong with the file or the handbook: the report says it. Raises
    PermissionDenied when `user` is given and may not manage the county. A dry run checks and
    counts what would change, writes nothing but the HandbookImport record (status checked).
    """
    if user is not None and not can_manage_division(user, county):
        raise PermissionDenied("You may not import handbooks for this county.")
    report = ImportReport(file_name=file_name, county=county.code, edition=edition, dry_run=dry_run)
    handbook = Handbook.objects.filter(county=county, edition=edition).first()
    if _check_target(county, edition, handbook, report):
        with _binary(file) as stream:
            entries = _collect(stream, file_name, report)
        if report.ok:
            with transaction.atomic():
                handbook = _write(county, edition, entries, report, dry_run)
                if report.ok:
                    report.status = (
                        HandbookImportStatus.CHECKED if dry_run else HandbookImportStatus.IMPORTED
                    )
                    _record(report, county, edition, handbook, user)
                    return report
    report.status = HandbookImportStatus.FAILED
    _record(report, county, edition, handbook, user)
    return report


def _record(report: ImportReport, county, edition, handbook, user) -> None:
    report.handbook_id = handbook.pk if handbook else None
    record = HandbookImport.objects.create(
        county=county,
        edition=edition,
        handbook=handbook,
        file_name=report.file_name[:255],
        status=report.status,
        report=report.as_dict(),
        created_by=user,
    )
    report.import_id = record.pk


def _locked_issue(county: Division, edition: int, status: str) -> ImportIssue:
    return ImportIssue.make(
        "handbook_locked",
        params={
            "county": Localized(county.name_zh, county.name_en),
            "edition": edition,
            "status": Localized(*STATUS_LABELS[status]),
        },
    )


def _check_target(county: Division, edition: int, handbook, report: ImportReport) -> bool:
    if county.level != DivisionLevel.COUNTY:
        division = Localized(county.name_zh, county.name_en)
        report.add_error(ImportIssue.make("not_county", params={"division": division}))
    if not EDITIONS[0] <= edition <= EDITIONS[1]:
        params = {"edition": edition, "low": EDITIONS[0], "high": EDITIONS[1]}
        report.add_error(ImportIssue.make("edition", params=params))
    if handbook is not None and handbook.status not in EDITABLE:
        report.add_error(_locked_issue(county, edition, handbook.status))
    return report.ok


@contextmanager
def _binary(file) -> Iterator[IO[bytes]]:
    """A seekable binary stream over `file`; a path is opened (and closed) here, a stream
    that cannot seek is spooled to a temporary file."""
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as stream:
            yield stream
        return
    if getattr(file, "seekable", lambda: False)():
        file.seek(0)
        yield file
        return
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spooled:
        shutil.copyfileobj(file, spooled)
        spooled.seek(0)
        yield spooled


# --- reading and checking --------------------------------------------------------------------


def _collect(stream: IO[bytes], file_name: str, report: ImportReport) -> list[EntryData]:
    try:
        inspected = inspect_spreadsheet(stream)
    except Refused as refused:
        report.add_error(ImportIssue.make(refused.code, params=refused.params))
        return []
    entries: list[EntryData] = []
    try:
        with open_sheets(stream, inspected, file_name) as sheets:
            _check_sheets(sheets, report, entries)
    except READ_ERRORS:
        report.add_error(ImportIssue.make("corrupt"))
        return []
    if report.ok and not report.sheets:
        report.add_error(ImportIssue.make("no_sheet", params={"rows": HEADER_SCAN_ROWS}))
    elif report.ok and not entries:
        report.add_error(ImportIssue.make("no_data"))
    return entries


def _duplicate_issue(entry: EntryData, first: EntryData, checker: RowChecker) -> ImportIssue:
    if first.sheet == entry.sheet:
        where = Localized(f"第 {first.row} 行", f"row {first.row}")
    else:
        where = Localized(
            f"工作表“{first.sheet}”第 {first.row} 行", f"row {first.row} of sheet “{first.sheet}”"
        )
    column = checker.name_column
    return ImportIssue.make(
        "duplicate_row",
        params={"where": where},
        sheet=entry.sheet,
        row=entry.row,
        column=column.letter,
        header=column.header,
        value=entry.values.get("name_zh", ""),
    )


def _check_sheets(sheets, report: ImportReport, entries: list[EntryData]) -> None:
    seen: dict[str, EntryData] = {}
    for sheet in sheets:
        if sheet.hidden:
            report.add_warning(ImportIssue.make("sheet_hidden", sheet=sheet.name))
            continue
        header, rows = find_header(sheet.rows)
        if header is None:
            params = {"rows": HEADER_SCAN_ROWS}
            report.add_warning(ImportIssue.make("sheet_skipped", params=params, sheet=sheet.name))
            continue
        report.sheets.append(sheet.name)
        for first, again in header.duplicates:
            params = {"header": again.header, "other": first.letter, "field": again.field}
            report.add_error(
                ImportIssue.make(
                    "duplicate_column",
                    params=params,
                    sheet=sheet.name,
                    row=header.row,
                    column=again.letter,
                    header=again.header,
                    value=again.header,
                )
            )
        for column in header.ignored:
            report.add_warning(
                ImportIssue.make(
                    "column_ignored",
                    sheet=sheet.name,
                    row=header.row,
                    column=column.letter,
                    header=column.header,
                    value=column.header,
                )
            )
        checker = RowChecker(sheet.name, header)
        for number, values in rows:
            result = checker.check(number, values)
            for warning in result.warnings:
                report.add_warning(warning)
            if result.skipped:
                continue
            report.rows += 1
            if report.rows > MAX_ROWS:
                report.add_error(ImportIssue.make("too_many_rows", params={"limit": MAX_ROWS}))
                return
            for error in result.errors:
                report.add_error(error)
            entry = result.entry
            if entry is not None:
                first = seen.setdefault(entry.natural_key, entry)
                if first is not entry:
                    report.add_error(_duplicate_issue(entry, first, checker))
                elif report.ok:
                    entries.append(entry)
            if report.error_limit_reached:
                params = {"limit": report.errors_total}
                report.add_warning(ImportIssue.make("too_many_errors", params=params))
                return


# --- writing ---------------------------------------------------------------------------------


def _producer_kind(name: str) -> str:
    return next((kind for word, kind in PRODUCER_KINDS if word in name), ProducerKind.HOUSEHOLD)


def _brands_by_name(county: Division, names: set[str]) -> dict[str, Brand]:
    """Active brands by lower-cased name in any language; a name several brands share goes
    to the one closest to the county (its producers' or its own, then its prefecture's, then
    any other)."""
    if not names:
        return {}
    query = Q(name__in=names) | Q(name_en__in=names) | Q(name_bo__in=names)
    closeness = {county.pk: 0, county.parent_id: 1}

    def distance(brand: Brand) -> tuple[int, int]:
        if brand.owner_producer_id and brand.owner_producer.county_id == county.pk:
            return 0, brand.pk
        return closeness.get(brand.owner_division_id, 2), brand.pk

    lowered = {name.lower() for name in names}
    found: dict[str, Brand] = {}
    brands = Brand.objects.filter(query, is_active=True).select_related("owner_producer")
    for brand in sorted(brands, key=distance):
        for name in (brand.name, brand.name_en, brand.name_bo):
            if name and name.lower() in lowered:
                found.setdefault(name.lower(), brand)
    return found


def _entry_values(entry: EntryData, brands, producers, report: ImportReport) -> dict[str, Any]:
    values = dict(entry.values)
    if entry.brand_name is not None:  # the file has a brand column
        brand = brands.get(entry.brand_name.lower()) if entry.brand_name else None
        values["brand_id"] = brand.pk if brand else None
        if entry.brand_name and brand is None:
            report.add_warning(
                ImportIssue.make(
                    "brand_not_found",
                    params={"name": entry.brand_name},
                    sheet=entry.sheet,
                    row=entry.row,
                    column=entry.brand_column.letter,
                    header=entry.brand_column.header,
                    value=entry.brand_name,
                )
            )
    if "producer_name" in values:
        name = values["producer_name"]
        producer = producers.get(key_part(name)) if name else None
        values["producer_id"] = producer.pk if producer else None
    return values


def _write(county, edition, entries: list[EntryData], report: ImportReport, dry_run: bool):
    """Creates, updates and deletes entries (or only counts them in a dry run); returns the
    handbook, None in a dry run for a handbook that does not exist yet."""
    query = Handbook.objects.select_for_update().filter(county=county, edition=edition)
    handbook = query.first()
    if handbook is not None and handbook.status not in EDITABLE:
        report.add_error(_locked_issue(county, edition, handbook.status))
        return handbook
    if handbook is None and not dry_run:
        handbook = Handbook.objects.create(county=county, edition=edition)
    producers = {key_part(p.name): p for p in Producer.objects.filter(county=county)}
    wanted = {
        key_part(e.values["producer_name"]): e.values["producer_name"]
        for e in entries
        if e.values.get("producer_name")
    }
    for key, name in sorted(wanted.items()):
        if key not in producers and not dry_run:
            producers[key] = Producer.objects.create(
                county=county, name=name, kind=_producer_kind(name)
            )
    brands = _brands_by_name(county, {e.brand_name for e in entries if e.brand_name})
    existing = {entry.natural_key: entry for entry in handbook.entries.all()} if handbook else {}
    now = timezone.now()
    to_create, to_update, changed_fields = [], [], set()
    for entry in entries:
        values = _entry_values(entry, brands, producers, report)
        current = existing.pop(entry.natural_key, None)
        if current is None:
            to_create.append(
                HandbookEntry(handbook=handbook, natural_key=entry.natural_key, **values)
            )
            continue
        changed = {name for name, value in values.items() if getattr(current, name) != value}
        if changed:
            for name in changed:
                setattr(current, name, values[name])
            current.updated_at = now
            changed_fields |= changed
            to_update.append(current)
        else:
            report.unchanged += 1
    kept = [entry for entry in existing.values() if entry.product_id]
    to_delete = [entry.pk for entry in existing.values() if not entry.product_id]
    for entry in kept:
        report.add_warning(ImportIssue.make("entry_kept", params={"name": entry.name_zh}))
    report.created, report.updated = len(to_create), len(to_update)
    report.deleted, report.kept = len(to_delete), len(kept)
    if dry_run:
        return handbook
    HandbookEntry.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        fields = sorted(changed_fields | {"updated_at"})
        HandbookEntry.objects.bulk_update(to_update, fields, batch_size=BATCH)
    for start in range(0, len(to_delete), BATCH):
        HandbookEntry.objects.filter(pk__in=to_delete[start : start + BATCH]).delete()
    handbook.save(update_fields=["updated_at"])
    return handbook
