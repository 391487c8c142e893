from storefront.models.address import Address, CustomerProfile
from storefront.models.shipping import (
    RemoteArea,
    ShippingMethod,
    ShippingMethodChannelListing,
    ShippingMethodType,
    ShippingZone,
)

__all__ = [
    "Address",
    "CustomerProfile",
    "RemoteArea",
    "ShippingMethod",
    "ShippingMethodChannelListing",
    "ShippingMethodType",
    "ShippingZone",
]
