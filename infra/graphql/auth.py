"""Who is calling: resolve the request's user or app from its Authorization header."""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from graphql import GraphQLError

from infra.accounts.jwt import InvalidToken, user_for_access_token
from infra.accounts.models import App, AppToken, User, hash_app_token

BEARER = "bearer "


def bearer_token(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[: len(BEARER)].lower() == BEARER:
        return header[len(BEARER) :].strip() or None
    return None


def app_for_token(raw_token: str) -> App | None:
    token = (
        AppToken.objects.select_related("app")
        .filter(token_hash=hash_app_token(raw_token), app__is_active=True)
        .first()
    )
    return token.app if token else None


def authenticate(request: HttpRequest) -> tuple[User | AnonymousUser, App | None]:
    """Return (user, app). A bearer token that matches nothing is an error, as in Saleor."""
    raw = bearer_token(request)
    if raw is None:
        user = getattr(request, "user", None)
        return (user if user is not None and user.is_authenticated else AnonymousUser()), None
    if raw.count(".") == 2:  # a JWT; app tokens never contain dots
        try:
            return user_for_access_token(raw), None
        except InvalidToken as exc:
            raise GraphQLError(str(exc), extensions={"exception": {"code": exc.code}}) from None
    app = app_for_token(raw)
    if app is None:
        raise GraphQLError(
            "Invalid token.", extensions={"exception": {"code": "InvalidTokenError"}}
        )
    return AnonymousUser(), app
