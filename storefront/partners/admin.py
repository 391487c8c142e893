"""Statements in the back office: read-only figures, and settling an issued statement once the
partner has paid it."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from infra.errors import ValidationFailed
from storefront.partners.models import SettlementStatement, SettlementStatementLine
from storefront.partners.services import statement_settle


class StatementLineInline(admin.TabularInline):
    model = SettlementStatementLine
    extra = 0
    can_delete = False
    fields = ("order_number", "placed_at", "total", "refunded", "commission")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SettlementStatement)
class SettlementStatementAdmin(admin.ModelAdmin):
    list_display = (
        "partner", "period", "status", "orders_count", "gross_amount", "refunds_amount",
        "commission_amount", "net_due_amount",
    )  # fmt: skip
    list_filter = ("status", "partner")
    readonly_fields = [f.name for f in SettlementStatement._meta.fields]
    inlines = [StatementLineInline]
    actions = ["settle"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Mark the selected statements settled (charges pay-later orders)"))
    def settle(self, request, queryset) -> None:
        for statement in queryset:
            try:
                statement_settle(statement=statement, user=request.user)
            except ValidationFailed as failure:
                self.message_user(request, f"{statement}: {failure}", messages.ERROR)
