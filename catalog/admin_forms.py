"""Admin forms that save through the catalog's services, so the back office applies the same
rules as the API (registration codes, brand tiers, licence terms).

The service runs at the end of validation, in a savepoint: when it refuses, its errors are
shown on the form's fields and nothing is written; when it accepts, the form's instance is
the saved object and the admin does not save it again (ServiceSavedAdmin).
"""

import re

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Model

from infra.errors import FieldError, ValidationFailed

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def snake(name: str) -> str:
    return _CAMEL.sub("_", name).lower()


class ServiceModelForm(forms.ModelForm):
    saved_by_service = False

    def run_service(self) -> Model:
        """Create or update through the service; return the saved object."""
        raise NotImplementedError

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            with transaction.atomic():
                saved = self.run_service()
        except ValidationFailed as failure:
            for error in failure.errors:
                self._add_service_error(error)
        else:
            self.instance = saved
            self.saved_by_service = True

    def _add_service_error(self, error: FieldError) -> None:
        field = snake(error.field) if error.field else None
        self.add_error(field if field in self.fields else None, error.message)

    def changed(self, allowed: set[str]) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data if name in allowed}


class ServiceSavedAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        if not getattr(form, "saved_by_service", False):
            super().save_model(request, obj, form, change)
