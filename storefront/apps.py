from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = _("Storefront")

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from catalog.models import Division
        from storefront.models import (
            RemoteArea,
            ShippingMethod,
            ShippingMethodChannelListing,
            ShippingZone,
        )
        from storefront.selectors.shipping_setup import shipping_setup_changed

        for model in (
            ShippingZone,
            ShippingMethod,
            ShippingMethodChannelListing,
            RemoteArea,
            Division,
        ):
            post_save.connect(shipping_setup_changed, sender=model, dispatch_uid=f"ship-{model}")
            post_delete.connect(
                shipping_setup_changed, sender=model, dispatch_uid=f"unship-{model}"
            )
        for through in (ShippingZone.channels.through, ShippingZone.divisions.through):
            m2m_changed.connect(
                shipping_setup_changed, sender=through, dispatch_uid=f"m2m-{through}"
            )
