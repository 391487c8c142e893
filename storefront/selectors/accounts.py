"""Reads of a shopper's address book."""

from infra.accounts.models import User
from storefront.models import Address, CustomerProfile


def customer_profile(user: User) -> CustomerProfile | None:
    """The user's profile with its default addresses joined in, or None before the first one."""
    return (
        CustomerProfile.objects.select_related(
            "default_shipping_address", "default_billing_address"
        )
        .filter(user_id=user.pk)
        .first()
    )


def customer_addresses(user: User) -> list[Address]:
    """The user's saved addresses, oldest first."""
    return list(Address.objects.filter(pk__in=_address_ids(user)).order_by("pk"))


def _address_ids(user: User):
    return CustomerProfile.addresses.through.objects.filter(
        customerprofile__user_id=user.pk
    ).values("address_id")
