"""Admin for handbook entries (correctable while their handbook is a draft or returned) and
the import reports (read-only)."""

from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from catalog.admin_import import report_rows
from catalog.admin_scoping import ScopedAdmin
from catalog.models import HandbookEntry, HandbookImport
from catalog.services.handbook_review import SUBMITTABLE


@admin.register(HandbookEntry)
class HandbookEntryAdmin(ScopedAdmin):
    scope_fields = ("handbook__county",)
    list_display = (
        "name_zh",
        "specification",
        "handbook",
        "price_min",
        "price_max",
        "producer",
        "gtin",
        "product",
    )
    list_filter = ("handbook__status", "handbook__edition")
    list_select_related = ("handbook__county", "producer", "product")
    search_fields = ("name_zh", "name_en", "gtin", "producer_name", "producer__name")
    exclude = ("natural_key",)
    locked_fields = ("handbook", "row_number", "product", "created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.handbook.status not in SUBMITTABLE:
            return [f.name for f in self.model._meta.fields if f.name != "natural_key"]
        return self.locked_fields

    def has_add_permission(self, request):
        return False  # entries come from imports

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # it would not check each entry's handbook
        return actions

    def has_change_permission(self, request, obj=None):
        editable = obj is None or obj.handbook.status in SUBMITTABLE
        return editable and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)


@admin.register(HandbookImport)
class HandbookImportAdmin(ScopedAdmin):
    scope_fields = ("county",)
    list_display = (
        "file_name",
        "county",
        "edition",
        "status",
        "error_count",
        "created_by",
        "created_at",
    )
    list_filter = ("status", "edition")
    list_select_related = ("county", "created_by")
    search_fields = ("file_name", "county__name_zh", "county__code")
    fields = (
        "county",
        "edition",
        "handbook",
        "file_name",
        "status",
        "created_by",
        "created_at",
        "summary",
        "errors_table",
    )
    readonly_fields = fields

    @admin.display(description=_("Errors"))
    def error_count(self, obj: HandbookImport) -> int:
        return len((obj.report or {}).get("errors") or [])

    @admin.display(description=_("Summary"))
    def summary(self, obj: HandbookImport) -> str:
        report = obj.report or {}
        return _("%(rows)s rows: %(created)s created, %(updated)s updated.") % {
            "rows": report.get("rows", "?"),
            "created": report.get("created", 0),
            "updated": report.get("updated", 0),
        }

    @admin.display(description=_("Errors"))
    def errors_table(self, obj: HandbookImport) -> str:
        rows = report_rows((obj.report or {}).get("errors") or [])
        return render_to_string("admin/catalog/handbookimport/errors_table.html", {"rows": rows})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
