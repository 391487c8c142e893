"""Admin for producers: county staff keep their county's enterprises, cooperatives and
households (through catalog.services.producers); the household status is for the county's
support work and stays in the back office."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from catalog.admin_forms import ServiceModelForm, ServiceSavedAdmin
from catalog.admin_scoping import ScopedAdmin
from catalog.models import Certification, Producer
from catalog.services.producers import UPDATABLE, producer_create, producer_update

PRODUCER_FIELDS = (
    "name",
    "kind",
    "county",
    "registration_code",
    "contact_name",
    "contact_phone",
    "address",
    "certifications",
    "household_status",
)


class ProducerForm(ServiceModelForm):
    certifications = forms.MultipleChoiceField(
        label=_("Certifications"),
        choices=Certification.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Producer
        fields = PRODUCER_FIELDS

    def run_service(self) -> Producer:
        if self.instance.pk is None:
            return producer_create(**{name: self.cleaned_data[name] for name in PRODUCER_FIELDS})
        return producer_update(producer=self.instance, data=self.changed(UPDATABLE))


@admin.register(Producer)
class ProducerAdmin(ServiceSavedAdmin, ScopedAdmin):
    form = ProducerForm
    scope_fields = ("county",)
    list_display = ("name", "kind", "county", "registration_code", "contact_name", "updated_at")
    list_filter = ("kind", "household_status")
    list_select_related = ("county",)
    search_fields = ("name", "registration_code", "contact_name")
    fields = PRODUCER_FIELDS
