"""Writes and checks on accounts: logging in and issuing tokens."""

from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.utils import timezone

from infra.accounts import jwt as tokens
from infra.accounts.models import User
from infra.errors import ValidationFailed


@dataclass(frozen=True)
class IssuedTokens:
    user: User
    token: str
    refresh_token: str


def token_create(*, email: str, password: str) -> IssuedTokens:
    """Check the credentials and issue an access and a refresh token."""
    user = authenticate(email=(email or "").strip().lower(), password=password)
    if user is None:
        inactive = User.objects.filter(email=(email or "").strip().lower(), is_active=False)
        if inactive.exists():
            raise ValidationFailed.single("email", "INACTIVE", "Account inactive.")
        raise ValidationFailed.single(
            "email", "INVALID_CREDENTIALS", "Please, enter valid credentials"
        )
    User.objects.filter(pk=user.pk).update(last_login=timezone.now())
    return IssuedTokens(
        user=user,
        token=tokens.create_access_token(user),
        refresh_token=tokens.create_refresh_token(user),
    )


def token_refresh(*, refresh_token: str | None) -> tuple[User, str]:
    if not refresh_token:
        raise ValidationFailed.single("refreshToken", "JWT_MISSING_TOKEN", "Missing refreshToken")
    try:
        payload = tokens.decode_token(refresh_token, tokens.REFRESH_TYPE)
        user = tokens.user_for_payload(payload)
    except tokens.InvalidToken as exc:
        raise ValidationFailed.single("refreshToken", "JWT_INVALID_TOKEN", str(exc)) from None
    return user, tokens.create_access_token(user)


def token_verify(*, token: str) -> tuple[User, dict]:
    try:
        payload = tokens.decode_token(token, tokens.ACCESS_TYPE)
        user = tokens.user_for_payload(payload)
    except tokens.InvalidToken as exc:
        code = (
            "JWT_SIGNATURE_EXPIRED" if exc.code == "ExpiredSignatureError" else "JWT_INVALID_TOKEN"
        )
        raise ValidationFailed.single("token", code, str(exc)) from None
    return user, payload
