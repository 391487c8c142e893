"""Admin for kiosk devices: staff register a showroom's kiosks (the token is shown once, in a
message), rename and revoke them. Staff of a place see only that place's kiosks; other scoped
staff those of the places in their divisions; superusers all."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from catalog.admin_scoping import ScopedAdmin, scope_filter
from catalog.models import PlaceKind, StaffScope, Warehouse
from showroom.models import KioskDevice
from showroom.services import kiosk_device_register, kiosk_device_revoke

_PLACE_CACHE = "_showroom_scope_place"


def scoped_place_id(request) -> int | None:
    """The one place the user works for (StaffScope.place), if any; once per request."""
    if not hasattr(request, _PLACE_CACHE):
        place_id = None
        if request.user.is_authenticated and not request.user.is_superuser:
            place_id = (
                StaffScope.objects.filter(user=request.user)
                .values_list("place_id", flat=True)
                .first()
            )
        setattr(request, _PLACE_CACHE, place_id)
    return getattr(request, _PLACE_CACHE)


def places_q(request, path: str = "") -> Q:
    """Places the user may manage: their own place, else those of their divisions."""
    prefix = f"{path}__" if path else ""
    place_id = scoped_place_id(request)
    if place_id is not None:
        return Q(**{f"{prefix}pk": place_id})
    return scope_filter(request, f"{prefix}division")


class KioskRegisterForm(forms.ModelForm):
    class Meta:
        model = KioskDevice
        fields = ("place", "name")


class KioskChangeForm(forms.ModelForm):
    class Meta:
        model = KioskDevice
        fields = ("name",)


@admin.register(KioskDevice)
class KioskDeviceAdmin(ScopedAdmin):
    scope_fields = ("place__division",)
    list_display = ("name", "place", "token_hint", "is_active", "last_seen_at", "created_at")
    list_filter = ("is_active",)
    list_select_related = ("place",)
    search_fields = ("name", "place__name", "token_last_4")
    actions = ("revoke_devices",)

    def get_queryset(self, request):
        queryset = admin.ModelAdmin.get_queryset(self, request)
        return queryset.filter(places_q(request, "place"))

    def in_scope(self, request, obj) -> bool:
        return Warehouse.objects.filter(places_q(request), pk=obj.place_id).exists()

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the device stays on record

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = KioskChangeForm if obj is not None else KioskRegisterForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("place", "name")
        return ("name", "place", "token_hint", "is_active", "last_seen_at", "created_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("place", "token_hint", "is_active", "last_seen_at", "created_at")

    def scoped_choices(self, request, db_field):
        if db_field.related_model is Warehouse:
            return Warehouse.objects.filter(places_q(request), kind=PlaceKind.SHOWROOM)
        return super().scoped_choices(request, db_field)

    @admin.display(description=_("Token"))
    def token_hint(self, obj: KioskDevice) -> str:
        return f"…{obj.token_last_4}"

    def save_model(self, request, obj, form, change):
        if change:
            obj.save(update_fields=["name"])
            return
        device, raw_token = kiosk_device_register(place=obj.place, name=obj.name)
        obj.pk = device.pk
        obj._state.adding = False
        for field in ("token_hash", "token_last_4", "is_active", "created_at"):
            setattr(obj, field, getattr(device, field))
        self.message_user(
            request,
            gettext(
                "Kiosk “%(name)s” is registered. Enter this token on the device now; "
                "it will not be shown again: %(token)s"
            )
            % {"name": device.name, "token": raw_token},
            messages.WARNING,
        )

    @admin.action(description=_("Revoke the selected kiosk devices"))
    def revoke_devices(self, request, queryset):
        devices = list(queryset.filter(is_active=True))
        for device in devices:
            kiosk_device_revoke(device=device)
        self.message_user(
            request,
            ngettext(
                "%(count)d kiosk device revoked.", "%(count)d kiosk devices revoked.", len(devices)
            )
            % {"count": len(devices)},
            messages.SUCCESS,
        )
