"""Who the caller is to an order: its owner, staff managing orders, or anyone holding its ID;
and whether a partner's app may see it at all (orders of its channels only)."""

from django.db.models import QuerySet
from graphql import GraphQLResolveInfo

from catalog.graphql.channel_scope import in_scope, scoped
from infra.accounts.permissions import PermissionEnum
from infra.graphql.permissions import has_one_of
from storefront.models import Order
from storefront.selectors.order_scopes import orders_in_staff_scope, staff_order_q


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


def _staff_user(info: GraphQLResolveInfo):
    context = info.context
    return context.user if context.app is None and context.is_staff_user else None


def order_visible(info: GraphQLResolveInfo, order: Order | None) -> bool:
    """Whether the caller may see `order` at all: an app limited to channels sees only the
    orders of its channels; to it, any other order does not exist."""
    return order is not None and in_scope(info, order.channel_id)


def order_in_staff_scope(info: GraphQLResolveInfo, order: Order) -> bool:
    """Staff with a StaffScope work only on the orders of their place or division (lists and
    mutations; reading an order by its UUID stays as Saleor's rules say)."""
    condition = staff_order_q(_staff_user(info))
    return condition is None or Order.objects.filter(condition, pk=order.pk).exists()


def scoped_orders(info: GraphQLResolveInfo, queryset: QuerySet, field: str = "channel_id"):
    """`queryset` of orders (or rows of orders: `field` "order__channel_id") without those
    the caller may not see."""
    prefix = field[: -len("channel_id")]
    return orders_in_staff_scope(scoped(info, queryset, field), _staff_user(info), prefix=prefix)
