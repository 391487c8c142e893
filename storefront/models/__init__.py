from storefront.models.shipping import (
    RemoteArea,
    ShippingMethod,
    ShippingMethodChannelListing,
    ShippingMethodType,
    ShippingZone,
)

__all__ = [
    "RemoteArea",
    "ShippingMethod",
    "ShippingMethodChannelListing",
    "ShippingMethodType",
    "ShippingZone",
]
