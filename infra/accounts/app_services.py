"""Writes of apps and their tokens.

A token is shown raw exactly once, when it is created; only its SHA-256 hash and last four
characters are stored. A requestor can never hand an app more than it holds itself.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from infra.accounts.models import App, AppToken, User, hash_app_token
from infra.accounts.permissions import PermissionEnum
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id


@dataclass(frozen=True)
class IssuedAppToken:
    token: AppToken
    raw: str


def requestor_permissions(requestor: User | App) -> set[PermissionEnum] | None:
    """The permissions a user or app holds; None for a superuser (holds everything)."""
    if isinstance(requestor, App):
        codenames = set(requestor.permissions.values_list("codename", flat=True))
        return {perm for perm in PermissionEnum if perm.codename in codenames}
    if requestor.is_superuser:
        return None
    return {perm for perm in PermissionEnum if requestor.has_perm(perm.perm)}


def _out_of_scope(requestor: User | App, wanted: Iterable[PermissionEnum]) -> list[str]:
    held = requestor_permissions(requestor)
    if held is None:
        return []
    return [perm.value for perm in wanted if perm not in held]


def _django_permissions(permissions: Iterable[PermissionEnum]) -> list[Permission]:
    return list(
        Permission.objects.filter(
            content_type__app_label="accounts", codename__in=[p.codename for p in permissions]
        )
    )


def _issue_token(app: App, name: str) -> IssuedAppToken:
    raw = AppToken.generate_raw_token()
    token = AppToken.objects.create(
        app=app, name=name, token_hash=hash_app_token(raw), token_last_4=raw[-4:]
    )
    return IssuedAppToken(token=token, raw=raw)


@transaction.atomic
def app_create(
    *,
    requestor: User | App,
    name: str | None,
    identifier: str | None = None,
    permissions: Iterable[PermissionEnum] = (),
) -> tuple[App, IssuedAppToken]:
    """Create an app with a first token named "Default" (Saleor's appCreate).

    Apps never get MANAGE_APPS, and the requestor cannot grant what it does not hold
    (OUT_OF_SCOPE_PERMISSION). An empty identifier becomes the app's global ID.
    """
    permissions = list(dict.fromkeys(PermissionEnum(p) for p in permissions))
    if PermissionEnum.MANAGE_APPS in permissions:
        raise ValidationFailed.single(
            "permissions",
            "OUT_OF_SCOPE_PERMISSION",
            "MANAGE_APPS permission cannot be granted to an app.",
            permissions=[PermissionEnum.MANAGE_APPS.value],
        )
    missing = _out_of_scope(requestor, permissions)
    if missing:
        raise ValidationFailed.single(
            "permissions",
            "OUT_OF_SCOPE_PERMISSION",
            "You can't add permission that you don't have.",
            permissions=missing,
        )
    app = App(name=(name or "").strip(), identifier=identifier or "")
    with translation.override("en"):  # Saleor's messages are English
        try:
            app.full_clean(exclude=["identifier", "permissions"])
        except ValidationError as exc:
            raise ValidationFailed(
                FieldError(field, "REQUIRED" if e.code == "blank" else "INVALID", e.messages[0])
                for field, field_errors in exc.error_dict.items()
                for e in field_errors
            ) from None
    app.save()
    if not app.identifier:
        app.identifier = to_global_id("App", app.pk)
        app.save(update_fields=["identifier"])
    app.permissions.set(_django_permissions(permissions))
    return app, _issue_token(app, "Default")


def can_manage_app(requestor: User | App, app: App) -> bool:
    """A requestor may manage an app only if it holds every permission the app holds."""
    held = requestor_permissions(requestor)
    if held is None:
        return True
    return requestor_permissions(app) <= held


@transaction.atomic
def app_token_create(*, requestor: User | App, app: App, name: str | None) -> IssuedAppToken:
    """Issue a new token for `app` (Saleor's appTokenCreate): OUT_OF_SCOPE_APP when the
    requestor holds less than the app."""
    if not can_manage_app(requestor, app):
        raise ValidationFailed.single("app", "OUT_OF_SCOPE_APP", "You can't manage this app.")
    return _issue_token(app, name or "")
