from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from catalog.addresses import forget_counties
        from catalog.models import Division

        post_save.connect(forget_counties, sender=Division, dispatch_uid="forget-counties")
        post_delete.connect(forget_counties, sender=Division, dispatch_uid="forget-counties-del")
