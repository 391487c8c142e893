"""JSON Web Tokens for users, shaped as Saleor issues them (access and refresh, HS256)."""

from datetime import timedelta

import jwt
from django.conf import settings
from django.utils import timezone

from infra.accounts.models import User
from infra.ids import to_global_id

JWT_ALGORITHM = "HS256"
ACCESS_TYPE = "access"
REFRESH_TYPE = "refresh"
ACCESS_TTL = timedelta(minutes=5)
REFRESH_TTL = timedelta(days=30)


class InvalidToken(Exception):
    def __init__(self, message: str, code: str = "InvalidTokenError"):
        super().__init__(message)
        self.code = code


def _secret() -> str:
    return getattr(settings, "JWT_SECRET", None) or settings.SECRET_KEY


def create_token(user: User, token_type: str, ttl: timedelta, **extra) -> str:
    now = timezone.now()
    payload = {
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
        "iss": getattr(settings, "JWT_ISSUER", "tibet-commerce"),
        "owner": "saleor",
        "type": token_type,
        "token": user.jwt_token_key,
        "email": user.email,
        "user_id": to_global_id("User", user.pk),
        "is_staff": user.is_staff,
        **extra,
    }
    return jwt.encode(payload, _secret(), algorithm=JWT_ALGORITHM)


def create_access_token(user: User) -> str:
    return create_token(user, ACCESS_TYPE, ACCESS_TTL)


def create_refresh_token(user: User, csrf_token: str | None = None) -> str:
    extra = {"csrfToken": csrf_token} if csrf_token else {}
    return create_token(user, REFRESH_TYPE, REFRESH_TTL, **extra)


def decode_token(raw: str, expected_type: str) -> dict:
    try:
        payload = jwt.decode(raw, _secret(), algorithms=[JWT_ALGORITHM])
    except jwt.ExpiredSignatureError:
        raise InvalidToken("Signature has expired", "ExpiredSignatureError") from None
    except jwt.PyJWTError:
        raise InvalidToken("Invalid token.", "InvalidTokenError") from None
    if payload.get("type") != expected_type:
        raise InvalidToken("Invalid token.", "InvalidTokenError")
    return payload


def user_for_payload(payload: dict) -> User:
    user = User.objects.filter(email=payload.get("email"), is_active=True).first()
    if user is None or user.jwt_token_key != payload.get("token"):
        raise InvalidToken("Invalid token.", "InvalidTokenError")
    return user


def user_for_access_token(raw: str) -> User:
    return user_for_payload(decode_token(raw, ACCESS_TYPE))
