"""Which channel a request works in (Saleor's rules), for resolvers that take `channel`."""

from graphql import GraphQLError, GraphQLResolveInfo

from catalog.graphql.channel_scope import require_channel_access, scope_channel
from catalog.models import Channel
from catalog.selectors.channels import (
    ChannelNotDefined,
    NoDefaultChannel,
    channel_by_slug,
    default_channel,
)


def request_channel(
    info: GraphQLResolveInfo, slug: str | None, *, staff_may_omit: bool
) -> Channel | None:
    """The channel a request works in, cached per request.

    With no slug: None for callers allowed to see every channel (`staff_may_omit`), otherwise
    Saleor's default channel (or its error when there is none, or more than one). An app
    limited to channels works in its own channel, and is refused any other (channel_scope).
    """
    cache = info.context.cache.setdefault("channels", {})
    key = (slug, staff_may_omit)
    if key in cache:
        return cache[key]
    if slug is None and (scoped := scope_channel(info)) is not None:
        channel = scoped
    elif slug is None:
        if staff_may_omit:
            channel = None
        else:
            try:
                channel = default_channel()
            except (ChannelNotDefined, NoDefaultChannel) as exc:
                raise GraphQLError(str(exc)) from None
    else:
        channel = channel_by_slug(slug)
        if channel is None:
            raise GraphQLError(f"Channel with '{slug}' slug does not exist.")
        require_channel_access(info, channel)
    cache[key] = channel
    return channel
