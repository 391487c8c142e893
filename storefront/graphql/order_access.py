"""Who the caller is to an order: its owner, staff managing orders, or anyone holding its ID."""

from graphql import GraphQLResolveInfo

from infra.accounts.permissions import PermissionEnum
from infra.graphql.permissions import has_one_of


def is_owner(info: GraphQLResolveInfo, user_id: int | None) -> bool:
    """Whether the caller is the signed-in user `user_id` (apps never own orders)."""
    context = info.context
    return (
        user_id is not None
        and context.app is None
        and context.user.is_authenticated
        and context.user.pk == user_id
    )


def manages_orders(info: GraphQLResolveInfo) -> bool:
    cache = info.context.cache
    if "orders_manage" not in cache:
        cache["orders_manage"] = has_one_of(info.context, [PermissionEnum.MANAGE_ORDERS])
    return cache["orders_manage"]


def staff_or_app(info: GraphQLResolveInfo) -> bool:
    context = info.context
    return context.is_staff_user or (context.app is not None and context.app.is_active)
