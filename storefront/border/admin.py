"""Back office for border trade: ports and their closures, border channels and FX rates are
edited here; listings, residents and declarations are read-only (their rules live in the
services, reached through the API). A resident's ID hash is never shown."""

from django.contrib import admin

from storefront.border.models import (
    BorderChannel,
    BorderDeclaration,
    BorderListing,
    BorderPort,
    BorderResident,
    FxRate,
    PortClosure,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PortClosureInline(admin.TabularInline):
    model = PortClosure
    extra = 0
    fields = ("starts_at", "ends_at", "reason")


@admin.register(BorderPort)
class BorderPortAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "neighbour_country", "currency", "status")
    list_filter = ("status", "neighbour_country")
    readonly_fields = ("code", "county")
    inlines = [PortClosureInline]


@admin.register(BorderChannel)
class BorderChannelAdmin(admin.ModelAdmin):
    list_display = ("channel", "port", "buyer_currency")


@admin.register(FxRate)
class FxRateAdmin(admin.ModelAdmin):
    list_display = ("currency", "date", "rate", "source")
    list_filter = ("currency", "source")
    date_hierarchy = "date"


@admin.register(BorderListing)
class BorderListingAdmin(ReadOnlyAdmin):
    list_display = ("variant", "border_channel", "hs_code", "country_of_origin", "port")
    list_filter = ("border_channel", "port")
    list_select_related = ("variant", "border_channel__channel", "port")


@admin.register(BorderResident)
class BorderResidentAdmin(ReadOnlyAdmin):
    list_display = ("name", "id_masked", "id_kind", "port", "is_active", "created_at")
    fields = ("name", "id_masked", "id_kind", "port", "is_active", "created_at")
    search_fields = ("name",)


@admin.register(BorderDeclaration)
class BorderDeclarationAdmin(ReadOnlyAdmin):
    list_display = ("number", "port", "resident_name", "local_date", "generated_at")
    fields = (
        "number",
        "order",
        "port",
        "resident_name",
        "resident_id_masked",
        "local_date",
        "quota_amount",
        "buyer_currency",
        "fx_rate",
        "fx_date",
        "fx_source",
        "generated_at",
    )
    list_select_related = ("port",)
