"""Checkouts (Saleor's cart): creation, and the customer's details on it.

Lines live in `checkout_lines`, addresses and delivery in `checkout_delivery`; prices are never
stored, `storefront.selectors.checkout.fetch_checkout_info` computes them on every read.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from catalog.models import Channel
from catalog.selectors.channels import (
    ChannelNotDefined,
    NoDefaultChannel,
    channel_by_slug,
    default_channel,
)
from infra.accounts.models import User
from infra.errors import ValidationFailed
from storefront.error_codes import CheckoutErrorCode
from storefront.models import Checkout
from storefront.services.booking_holds import booking_holds_refresh
from storefront.services.checkout_delivery import checkout_lock
from storefront.services.checkout_lines import (
    LineInput,
    line_totals,
    lines_dated,
    lines_for_new_checkout,
    lines_write,
)
from storefront.services.checkout_validation import (
    BILLING,
    SHIPPING,
    address_from_input,
    lines_quantity_check,
    reservations_refresh,
    variants_availability_check,
)


def checkout_channel(slug: str | None) -> Channel:
    """The channel a new checkout is created in (Saleor's `clean_channel`)."""
    if slug is None:
        try:
            return default_channel()
        except (ChannelNotDefined, NoDefaultChannel):
            raise ValidationFailed.single(
                "channel",
                CheckoutErrorCode.MISSING_CHANNEL_SLUG,
                "You need to provide channel slug.",
            ) from None
    channel = channel_by_slug(slug)
    if channel is None:
        raise ValidationFailed.single(
            "channel",
            CheckoutErrorCode.NOT_FOUND,
            f"Channel with '{slug}' slug does not exist.",
        )
    if not channel.is_active:
        raise ValidationFailed.single(
            "channel", CheckoutErrorCode.CHANNEL_INACTIVE, f"Channel with '{slug}' is inactive."
        )
    return channel


def _clean_email(email: str | None) -> str | None:
    email = (email or "").strip()
    if not email:
        return None
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed.single(
            "email", CheckoutErrorCode.INVALID, "Enter a valid email address."
        ) from None
    return email


@transaction.atomic
def checkout_create(
    *,
    channel: Channel,
    user: User | None = None,
    email: str | None = None,
    lines: Sequence[LineInput] = (),
    shipping_address: Mapping[str, Any] | None = None,
    billing_address: Mapping[str, Any] | None = None,
    validation_rules: Mapping[str, Any] | None = None,
    language_code: str = "zh-hans",
    metadata: Mapping[str, str] | None = None,
    private_metadata: Mapping[str, str] | None = None,
) -> Checkout:
    """A new checkout for `user` (or an anonymous shopper), checked as Saleor checks it:
    addresses, then the lines' availability, limits and stock for the destination."""
    rules = validation_rules or {}
    shipping = billing = None
    if shipping_address is not None:
        shipping = address_from_input(
            shipping_address, address_type=SHIPPING, rules=rules.get("shipping_address")
        )
    if billing_address is not None:
        billing = address_from_input(
            billing_address, address_type=BILLING, rules=rules.get("billing_address")
        )
    country = (shipping or billing).country if (shipping or billing) else channel.default_country
    changes, variants = lines_for_new_checkout(lines) if lines else ([], {})
    variants_availability_check(channel=channel, variants=variants)
    if user is not None:
        email = email or user.email
    email = _clean_email(email)
    lines_quantity_check(
        channel=channel,
        country_code=country,
        variants=variants,
        totals=line_totals([], changes),
        user_id=user.pk if user is not None else None,
        email=email,
    )
    for address in (shipping, billing):
        if address is not None:
            address.save()
    checkout = Checkout.objects.create(
        channel=channel,
        user=user,
        email=email,
        currency=channel.currency_code,
        country=country,
        language_code=language_code,
        shipping_address=shipping,
        billing_address=billing,
        metadata=dict(metadata or {}),
        private_metadata=dict(private_metadata or {}),
    )
    lines_write(checkout, changes)
    reservations_refresh(checkout)
    if lines_dated(changes):
        booking_holds_refresh(checkout)
    return checkout


@transaction.atomic
def checkout_email_update(*, checkout: Checkout, email: str) -> Checkout:
    checkout = checkout_lock(checkout)
    cleaned = _clean_email(email)
    if cleaned is None:
        raise ValidationFailed.single(
            "email", CheckoutErrorCode.INVALID, "Enter a valid email address."
        )
    checkout.email = cleaned
    checkout.save(update_fields=["email", "updated_at"])
    return checkout


@transaction.atomic
def checkout_customer_attach(*, checkout: Checkout, user: User) -> Checkout:
    """Make the checkout the user's (it then carries the account's e-mail); the caller checks
    that it is not someone else's."""
    checkout = checkout_lock(checkout)
    checkout.user = user
    checkout.email = user.email
    checkout.save(update_fields=["user", "email", "updated_at"])
    # Signed-in shoppers may hold stock for a different time.
    reservations_refresh(checkout)
    return checkout


@transaction.atomic
def checkout_customer_detach(*, checkout: Checkout) -> Checkout:
    checkout = checkout_lock(checkout)
    checkout.user = None
    checkout.save(update_fields=["user", "updated_at"])
    reservations_refresh(checkout)
    return checkout


def checkout_language_code_update(*, checkout: Checkout, language_code: str) -> Checkout:
    checkout.language_code = language_code
    checkout.save(update_fields=["language_code", "updated_at"])
    return checkout


def checkout_customer_note_update(*, checkout: Checkout, customer_note: str) -> Checkout:
    checkout.customer_note = customer_note
    checkout.save(update_fields=["customer_note", "updated_at"])
    return checkout
