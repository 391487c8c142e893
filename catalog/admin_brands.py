"""Admin for the regional public brands, enterprise brands, and the licences that let a producer
show a public brand. Writes go through catalog.services.brands and catalog.services.licences.

A licence is managed (granted, suspended, reinstated) by the staff of the division that owns
the brand; the producer's county sees it too.
"""

from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalog.admin_forms import ServiceModelForm, ServiceSavedAdmin
from catalog.admin_scoping import ScopedAdmin, scope_filter
from catalog.models import PUBLIC_TIERS, Brand, BrandLicence, LicenceStatus
from catalog.services.brands import UPDATABLE as BRAND_UPDATABLE
from catalog.services.brands import brand_create, brand_update
from catalog.services.licences import licence_grant, licence_reinstate, licence_suspend
from infra.errors import ValidationFailed

BRAND_FIELDS = (
    "name",
    "name_bo",
    "name_en",
    "slug",
    "tier",
    "parent",
    "owner_division",
    "owner_producer",
    "logo",
    "description",
    "usage_rules",
    "is_active",
)
FIXED_BRAND_FIELDS = ("tier", "owner_division", "owner_producer")
LICENCE_FIELDS = (
    "brand",
    "producer",
    "products",
    "categories",
    "start_date",
    "end_date",
    "note",
)


class BrandForm(ServiceModelForm):
    class Meta:
        model = Brand
        fields = BRAND_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Left empty, it is made from the English name.")

    def run_service(self) -> Brand:
        data = dict(self.cleaned_data)
        if not isinstance(data.get("logo"), UploadedFile):
            data.pop("logo", None)
        if self.instance.pk is None:
            return brand_create(**{name: data[name] for name in BRAND_FIELDS if name in data})
        changed = {name: data[name] for name in self.changed_data if name in data}
        return brand_update(
            brand=self.instance,
            data={name: value for name, value in changed.items() if name in BRAND_UPDATABLE},
        )


@admin.register(Brand)
class BrandAdmin(ServiceSavedAdmin, ScopedAdmin):
    form = BrandForm
    scope_fields = ("owner_division", "owner_producer__county")
    list_display = ("name", "slug", "tier", "owner_division", "owner_producer", "is_active")
    list_filter = ("tier", "is_active")
    list_select_related = ("owner_division", "owner_producer")
    search_fields = ("name", "name_en", "slug")
    fields = BRAND_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return FIXED_BRAND_FIELDS if obj is not None else ()


class LicenceForm(ServiceModelForm):
    class Meta:
        model = BrandLicence
        fields = LICENCE_FIELDS

    def run_service(self) -> BrandLicence:
        if self.instance.pk is not None:
            # Only the note changes on an existing licence; its status through the actions.
            self.instance.save(update_fields=["note", "updated_at"])
            return self.instance
        data = self.cleaned_data
        return licence_grant(
            brand=data["brand"],
            producer=data["producer"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            products=list(data["products"]),
            categories=list(data["categories"]),
            note=data["note"],
        )


@admin.display(boolean=True, description=_("In force today"))
def licence_in_force(licence: BrandLicence) -> bool:
    today = timezone.localdate()
    return (
        licence.status == LicenceStatus.ACTIVE and licence.start_date <= today <= licence.end_date
    )


@admin.register(BrandLicence)
class BrandLicenceAdmin(ServiceSavedAdmin, ScopedAdmin):
    form = LicenceForm
    # Seen by the brand's owner and by the producer's county; managed by the brand's owner.
    scope_fields = ("brand__owner_division", "producer__county")
    manage_fields = ("brand__owner_division",)
    list_display = (
        "brand",
        "producer",
        "start_date",
        "end_date",
        "status",
        licence_in_force,
        "updated_at",
    )
    list_filter = ("status", "brand__tier", "end_date")
    list_select_related = ("brand", "producer")
    search_fields = ("brand__name", "producer__name")
    date_hierarchy = "start_date"
    filter_horizontal = ("products", "categories")
    actions = ("suspend_licences", "reinstate_licences")

    def get_fields(self, request, obj=None):
        return LICENCE_FIELDS if obj is None else (*LICENCE_FIELDS, "status")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return tuple(name for name in self.get_fields(request, obj) if name != "note")

    def can_manage(self, request, licence: BrandLicence) -> bool:
        return (
            self.get_queryset(request)
            .filter(scope_filter(request, *self.manage_fields), pk=licence.pk)
            .exists()
        )

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return super().has_change_permission(request, obj) and self.can_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # a licence's history stays; it is suspended or expires instead

    def scoped_choices(self, request, db_field):
        if db_field.related_model is Brand:
            return Brand.objects.filter(tier__in=PUBLIC_TIERS, is_active=True).filter(
                scope_filter(request, "owner_division")
            )
        return super().scoped_choices(request, db_field)

    def _apply(self, request, queryset, service, done) -> None:
        managed = set(
            queryset.filter(scope_filter(request, *self.manage_fields)).values_list("pk", flat=True)
        )
        changed = refused = 0
        for licence in queryset.select_related("brand", "producer"):
            if licence.pk not in managed:
                refused += 1
                continue
            try:
                service(licence=licence)
            except ValidationFailed as failure:
                refused += 1
                for error in failure.errors:
                    self.message_user(
                        request,
                        f"{licence.brand} → {licence.producer}: {error.message}",
                        messages.WARNING,
                    )
            else:
                changed += 1
        self.message_user(request, done(changed), messages.SUCCESS)
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d licence was left unchanged.",
                    "%(count)d licences were left unchanged.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )

    @admin.action(description=_("Suspend the selected licences"))
    def suspend_licences(self, request, queryset):
        self._apply(
            request,
            queryset,
            licence_suspend,
            lambda count: (
                ngettext("%(count)d licence suspended.", "%(count)d licences suspended.", count)
                % {"count": count}
            ),
        )

    @admin.action(description=_("Reinstate the selected licences"))
    def reinstate_licences(self, request, queryset):
        self._apply(
            request,
            queryset,
            licence_reinstate,
            lambda count: (
                ngettext("%(count)d licence reinstated.", "%(count)d licences reinstated.", count)
                % {"count": count}
            ),
        )
