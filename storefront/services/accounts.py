"""Shopper accounts: registration, the address book, and password reset."""

from collections.abc import Mapping
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http.request import validate_host
from django.utils import timezone

from catalog.addresses import address_clean
from infra.accounts.models import User
from infra.errors import FieldError, ValidationFailed
from storefront.error_codes import AccountErrorCode
from storefront.models import Address, CustomerProfile, Order

# Django's password validator codes -> Saleor's AccountErrorCode.
PASSWORD_CODES = {
    "password_too_short": AccountErrorCode.PASSWORD_TOO_SHORT,
    "password_too_common": AccountErrorCode.PASSWORD_TOO_COMMON,
    "password_entirely_numeric": AccountErrorCode.PASSWORD_ENTIRELY_NUMERIC,
    "password_too_similar": AccountErrorCode.PASSWORD_TOO_SIMILAR,
}
SHIPPING = "SHIPPING"
BILLING = "BILLING"


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationFailed(
            FieldError(
                "password",
                PASSWORD_CODES.get(item.code, AccountErrorCode.INVALID_PASSWORD).value,
                " ".join(item.messages),
            )
            for item in error.error_list
        ) from None


def _check_redirect_url(url: str | None) -> None:
    """Links we mail must lead to a known storefront, never to a phishing host."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationFailed.single(
            "redirectUrl",
            AccountErrorCode.INVALID,
            "Invalid URL. Please check if URL is in RFC 1808 format.",
        )
    if not validate_host(parts.hostname, settings.ALLOWED_CLIENT_HOSTS):
        raise ValidationFailed.single(
            "redirectUrl",
            AccountErrorCode.INVALID,
            f"{parts.netloc} is not allowed. Please check `ALLOWED_CLIENT_HOSTS` configuration.",
        )


def account_register(
    *,
    email: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    language_code: str = "zh-hans",
    redirect_url: str | None = None,
) -> User:
    """Create an active customer; an e-mail already taken answers an unsaved user, as Saleor
    does, so that registration does not reveal who has an account."""
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationFailed.single(
            "email", AccountErrorCode.INVALID, "Enter a valid email address."
        ) from None
    if redirect_url:
        _check_redirect_url(redirect_url)
    user = User(
        email=email,
        first_name=first_name or "",
        last_name=last_name or "",
        language_code=language_code,
    )
    _check_password(password, user)
    with transaction.atomic():
        if User.objects.filter(email=email).exists():
            return user
        user.set_password(password)
        user.save()
        orders_attach_to_new_user(user=user)
    return user


def orders_attach_to_new_user(*, user: User) -> int:
    """Give a new account the orders it placed as a guest with the same e-mail (Saleor's
    match_orders_with_new_user); returns how many."""
    return Order.objects.filter(user__isnull=True, user_email__iexact=user.email).update(user=user)


def _profile_for_update(user: User) -> CustomerProfile:
    profile, _created = CustomerProfile.objects.get_or_create(user=user)
    return CustomerProfile.objects.select_for_update().get(pk=profile.pk)


def account_address_create(
    *, user: User, data: Mapping[str, Any], address_type: str | None = None
) -> Address:
    """Add an address to the user's book; with a type, make it the default of that type."""
    cleaned = address_clean(data)
    with transaction.atomic():
        profile = _profile_for_update(user)
        address = Address.objects.create(**cleaned)
        profile.addresses.add(address)
        if address_type == SHIPPING:
            profile.default_shipping_address = address
        elif address_type == BILLING:
            profile.default_billing_address = address
        if address_type:
            profile.save(update_fields=["default_shipping_address", "default_billing_address"])
    return address


def password_reset_url(user: User, redirect_url: str) -> str:
    """The storefront link carrying the e-mail and a Django reset token (Saleor's params)."""
    token = default_token_generator.make_token(user)
    separator = "&" if "?" in redirect_url else "?"
    return f"{redirect_url}{separator}{urlencode({'email': user.email, 'token': token})}"


def password_reset_request(*, email: str, redirect_url: str, channel: str | None = None) -> None:
    """Send a reset e-mail after commit; unknown or inactive e-mails get no mail and no error."""
    from storefront.tasks import send_password_reset_email_task

    _check_redirect_url(redirect_url)
    user = User.objects.filter(email=(email or "").strip().lower(), is_active=True).first()
    if user is None:
        return
    now = timezone.now()
    lock = timedelta(minutes=settings.RESET_PASSWORD_LOCK_MINUTES)
    last = user.last_password_reset_request
    if last is not None and now - last < lock:
        raise ValidationFailed.single(
            "email",
            AccountErrorCode.PASSWORD_RESET_ALREADY_REQUESTED,
            "Password reset already requested",
        )
    User.objects.filter(pk=user.pk).update(last_password_reset_request=now)
    transaction.on_commit(
        lambda: send_password_reset_email_task.delay(user.pk, redirect_url, channel), robust=True
    )


def password_set(*, email: str, token: str, password: str) -> User:
    """Set a new password when the reset token is valid; rotating the JWT key logs out others."""
    user = User.objects.filter(email=(email or "").strip().lower()).first()
    if user is None:
        raise ValidationFailed.single("email", AccountErrorCode.NOT_FOUND, "User doesn't exist")
    if not default_token_generator.check_token(user, token):
        raise ValidationFailed.single(
            "token", AccountErrorCode.INVALID, "Invalid or expired token."
        )
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password", "updated_at"])
    return user
