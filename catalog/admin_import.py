"""The admin's import page: a county's handbook spreadsheet, checked (dry run) or imported by
catalog.handbook_import, and the importer's report shown as a table in the user's language."""

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.admin_scoping import scope_filter
from catalog.handbook_import.importer import handbook_import
from catalog.models import Division, DivisionLevel

REPORT_COLUMNS = ("sheet", "row", "column", "value")


class HandbookImportForm(forms.Form):
    county = forms.ModelChoiceField(queryset=Division.objects.none(), label=gettext_lazy("County"))
    edition = forms.IntegerField(
        label=gettext_lazy("Edition (year)"), min_value=2000, max_value=2100
    )
    file = forms.FileField(label=gettext_lazy("Spreadsheet (.xlsx)"))
    dry_run = forms.BooleanField(
        label=gettext_lazy("Only check the file, import nothing"), required=False
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        counties = Division.objects.filter(level=DivisionLevel.COUNTY).filter(
            scope_filter(request, "pk")
        )
        self.fields["county"].queryset = counties
        self.fields["edition"].initial = timezone.localdate().year
        self.fields["dry_run"].initial = True
        if counties.count() == 1:
            self.fields["county"].initial = counties.first()


def _get(item: Any, name: str) -> Any:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def report_rows(errors: Iterable[Any]) -> list[dict[str, Any]]:
    """The report's errors as table rows, with the message in the active language.

    The importer writes messages in Chinese and English; Tibetan readers get the Chinese.
    """
    english = (translation.get_language() or "").startswith("en")
    rows = []
    for item in errors or ():
        row = {name: _get(item, name) for name in REPORT_COLUMNS}
        header = _get(item, "header")
        if header:
            row["column"] = f"{row['column'] or ''} ({header})".strip()
        chinese, english_text = _get(item, "message_zh"), _get(item, "message_en")
        row["message"] = (english_text or chinese) if english else (chinese or english_text)
        rows.append(row)
    return rows


def _count(value: Any) -> int:
    if value is None:
        return 0
    return value if isinstance(value, int) else len(value)


def handbook_import_page(model_admin, request) -> TemplateResponse:
    """GET: the form; POST: run the importer and show its report under the form."""
    posted = request.method == "POST"
    form = HandbookImportForm(
        request.POST if posted else None, request.FILES if posted else None, request=request
    )
    report = None
    if posted and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        report = handbook_import(
            county=data["county"],
            edition=data["edition"],
            file=upload,
            file_name=upload.name,
            user=request.user,
            dry_run=data["dry_run"],
        )
    summary = None
    if report is not None:
        summary = {
            "ok": bool(report.ok),
            "dry_run": form.cleaned_data["dry_run"],
            "created": _count(report.created),
            "updated": _count(report.updated),
        }
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Import a handbook"),
        "form": form,
        "report": summary,
        "rows": report_rows(report.errors) if report is not None else [],
    }
    return TemplateResponse(request, "admin/catalog/handbook/import.html", context)
