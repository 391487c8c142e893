from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BorderConfig(AppConfig):
    name = "storefront.border"
    label = "border"
    verbose_name = _("Border trade")

    def ready(self) -> None:
        from storefront.border import checks  # noqa: F401  (registers the system check)
