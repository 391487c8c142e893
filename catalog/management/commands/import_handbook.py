"""`python manage.py import_handbook FILE --county CODE --edition YEAR [--dry-run] [--lang zh|en]`

Imports a county's net goods handbook spreadsheet and prints the report: a summary, then a
line per error (sheet!cell, the value as typed, the message). Exits 1 when the file has
errors (nothing is imported then), 0 otherwise.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from catalog.handbook_import import ImportIssue, handbook_import
from catalog.models import Division

SUMMARY = {
    "zh": "{file}：{rows} 行；新增 {created}，更新 {updated}，未变 {unchanged}，删除 {deleted}",
    "en": "{file}: {rows} rows; {created} created, {updated} updated, {unchanged} unchanged, "
    "{deleted} deleted",
}
OUTCOME = {
    ("zh", "imported"): "已导入。",
    ("zh", "checked"): "检查通过（试运行，未写入）。",
    ("zh", "failed"): "有 {count} 个错误，未导入任何数据：",
    ("en", "imported"): "Imported.",
    ("en", "checked"): "No errors (dry run: nothing was written).",
    ("en", "failed"): "{count} errors; nothing was imported:",
    ("en", "failed", 1): "1 error; nothing was imported:",
}
WARNINGS = {"zh": "提示：", "en": "Warnings:"}


def issue_line(issue: ImportIssue, language: str) -> str:
    where = issue.location or "-"
    value = f"“{issue.value}”" if issue.value else "-"
    return f"  {where}  {value}  {issue.message(language)}"


class Command(BaseCommand):
    help = "Import a county's net goods handbook (网货手册) from an .xlsx or .csv file."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The .xlsx or .csv file.")
        parser.add_argument("--county", required=True, help="The county's GB/T 2260 code.")
        parser.add_argument("--edition", required=True, type=int, help="The edition year.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing.")
        parser.add_argument("--lang", choices=("zh", "en"), default="zh")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        county = Division.objects.filter(code=options["county"]).first()
        if county is None:
            raise CommandError(f"No division has the code {options['county']!r}.")
        language = options["lang"]
        report = handbook_import(
            county=county,
            edition=options["edition"],
            file=path,
            file_name=path.name,
            dry_run=options["dry_run"],
        )
        self.stdout.write(
            SUMMARY[language].format(
                file=path.name,
                rows=report.rows,
                created=report.created,
                updated=report.updated,
                unchanged=report.unchanged,
                deleted=report.deleted,
            )
        )
        key = (language, report.status)
        outcome = OUTCOME.get((*key, report.errors_total)) or OUTCOME[key]
        outcome = outcome.format(count=report.errors_total)
        if report.warnings:
            self.stdout.write(WARNINGS[language])
            for issue in report.warnings:
                self.stdout.write(issue_line(issue, language))
        if report.ok:
            self.stdout.write(self.style.SUCCESS(outcome))
            return
        self.stdout.write(self.style.ERROR(outcome))
        for issue in report.errors:
            self.stdout.write(issue_line(issue, language))
        raise CommandError(outcome.rstrip(":："), returncode=1)
