"""Permission checks for resolvers: staff users and apps, with Saleor's rules and messages."""

from collections.abc import Iterable

from graphql import GraphQLResolveInfo

from infra.accounts.permissions import PermissionEnum
from infra.graphql.context import RequestContext
from infra.graphql.errors import PermissionDenied

AUTHENTICATED_STAFF_USER = "AUTHENTICATED_STAFF_USER"
AUTHENTICATED_APP = "AUTHENTICATED_APP"
AUTHENTICATED_USER = "AUTHENTICATED_USER"


def app_permissions(context: RequestContext) -> frozenset[str]:
    if context.app is None:
        return frozenset()
    key = "app_permissions"
    if key not in context.cache:
        codenames = context.app.permissions.values_list("codename", flat=True)
        context.cache[key] = frozenset(c.upper() for c in codenames)
    return context.cache[key]


def has_permission(context: RequestContext, permission: PermissionEnum) -> bool:
    if context.app is not None:
        return context.app.is_active and permission.value in app_permissions(context)
    user = context.user
    return bool(user.is_authenticated and user.is_active and user.has_perm(permission.perm))


def has_one_of(context: RequestContext, permissions: Iterable[PermissionEnum | str]) -> bool:
    for permission in permissions:
        if permission == AUTHENTICATED_STAFF_USER and context.is_staff_user:
            return True
        if permission == AUTHENTICATED_APP and context.app is not None and context.app.is_active:
            return True
        if permission == AUTHENTICATED_USER and context.user.is_authenticated:
            return True
        if isinstance(permission, PermissionEnum) and has_permission(context, permission):
            return True
    return False


def require_one_of(info: GraphQLResolveInfo, *permissions: PermissionEnum | str) -> None:
    """Raise Saleor's PermissionDenied unless the caller holds one of `permissions`."""
    if not has_one_of(info.context, permissions):
        raise PermissionDenied(permissions=[str(p) for p in permissions])
