"""Customer addresses (Saleor's Address) and the link of users to them.

The User model lives in infra and knows nothing of storefront, so the address book and the
default shipping/billing choices hang off a storefront-side profile row.
"""

from django.conf import settings
from django.db import models

from infra.metadata import ModelWithMetadata


class Address(ModelWithMetadata):
    first_name = models.CharField(max_length=256, blank=True)
    last_name = models.CharField(max_length=256, blank=True)
    company_name = models.CharField(max_length=256, blank=True)
    street_address_1 = models.CharField(max_length=256, blank=True)
    street_address_2 = models.CharField(max_length=256, blank=True)
    city = models.CharField(max_length=256, blank=True)
    # For China: the district (区/县).
    city_area = models.CharField(max_length=128, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2)
    # For China: the province (省/自治区).
    country_area = models.CharField(max_length=128, blank=True)
    phone = models.CharField(max_length=32, blank=True)
    # The Tibetan county this address lies in, when we could resolve it.
    division = models.ForeignKey(
        "catalog.Division", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.country_area}{self.city}{self.city_area}{self.street_address_1}"


class CustomerProfile(models.Model):
    """A shopper's address book and default addresses."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_profile"
    )
    addresses = models.ManyToManyField(Address, blank=True, related_name="+")
    default_shipping_address = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    default_billing_address = models.ForeignKey(
        Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"profile of {self.user_id}"
