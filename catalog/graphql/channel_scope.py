"""The channel scope of the caller: a partner's app limited to its channels (AppChannelAccess).

Every resolver that reads or writes channel-bound data asks here. The rule, in one place:
an app with AppChannelAccess rows works in those channels only. Lists leave the other
channels' rows out; an object of another channel looked up by its ID is not found (null, or
Saleor's NOT_FOUND payload error), exactly as if the ID named nothing; naming another
channel by its slug is Saleor's PermissionDenied. Staff, customers and unlimited apps are
not affected.
"""

from collections.abc import Iterable

from django.db.models import QuerySet
from graphql import GraphQLError, GraphQLResolveInfo

from catalog.models import Channel
from catalog.selectors.app_channels import app_channel_ids
from infra.graphql.errors import PermissionDenied

_CACHE_KEY = "app_channel_scope"


def channel_scope(info: GraphQLResolveInfo) -> frozenset[int] | None:
    """The channel pks the caller is limited to, or None when it is not limited."""
    cache = info.context.cache
    if _CACHE_KEY not in cache:
        ids = app_channel_ids(info.context.app)
        cache[_CACHE_KEY] = None if ids is None else frozenset(ids)
    return cache[_CACHE_KEY]


def in_scope(info: GraphQLResolveInfo, channel_id: int | None) -> bool:
    """Whether the caller may see data of the channel `channel_id`."""
    scope = channel_scope(info)
    return scope is None or channel_id in scope


def require_channel_access(info: GraphQLResolveInfo, channel: Channel) -> Channel:
    """`channel` when the caller may work in it; Saleor's PermissionDenied otherwise."""
    if not in_scope(info, channel.pk):
        raise PermissionDenied()
    return channel


def scoped(info: GraphQLResolveInfo, queryset: QuerySet, field: str = "channel_id") -> QuerySet:
    """`queryset` without the rows of channels the caller may not see (`field` names the
    channel of a row, e.g. "order__channel_id")."""
    scope = channel_scope(info)
    if scope is None:
        return queryset
    return queryset.filter(**{f"{field}__in": scope})


def scoped_rows(info: GraphQLResolveInfo, rows: Iterable, attribute: str = "channel_id") -> list:
    """Rows already loaded (e.g. channel listings), without the other channels' ones."""
    scope = channel_scope(info)
    rows = list(rows)
    if scope is None:
        return rows
    return [row for row in rows if getattr(row, attribute) in scope]


def scope_channel(info: GraphQLResolveInfo) -> Channel | None:
    """The channel a limited caller works in when it names none: its only channel.

    None for callers who are not limited; an error when the app has several channels.
    """
    scope = channel_scope(info)
    if scope is None:
        return None
    if len(scope) > 1:
        raise GraphQLError("More than one channel exists. Specify which channel to use.")
    return Channel.objects.get(pk=next(iter(scope)))
