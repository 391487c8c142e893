"""A connection over a short list already in memory (a delivery's attempts), with the same
arguments, cursors and messages as the keyset connections of querysets."""

from collections.abc import Callable, Sequence
from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo

from infra.graphql.connections import (
    Connection,
    Edge,
    PageInfo,
    from_cursor,
    to_cursor,
    validate_connection_args,
)


def paginate_list(
    items: Sequence[Any],
    info: GraphQLResolveInfo,
    args: dict[str, Any],
    *,
    key: Callable[[Any], Sequence[Any]],
    descending: bool = False,
) -> Connection:
    validate_connection_args(info, args)
    ordered = sorted(items, key=key, reverse=descending)
    cursors = [to_cursor(key(item)) for item in ordered]
    first, last = args.get("first"), args.get("last")
    after, before = args.get("after"), args.get("before")
    start, end = 0, len(ordered)
    for cursor, is_after in ((after, True), (before, False)):
        if not cursor:
            continue
        from_cursor(cursor)  # Saleor's message for a malformed cursor
        if cursor not in cursors:
            raise GraphQLError("Received cursor is invalid.")
        position = cursors.index(cursor)
        if is_after:
            start = position + 1
        else:
            end = position
    window = list(range(start, end))
    if first:
        page = window[:first]
    elif last:
        page = window[-last:]
    else:
        page = []
    edges = [Edge(node=ordered[i], cursor=cursors[i]) for i in page]
    page_info = PageInfo(
        has_next_page=bool(page) and page[-1] < end - 1 if first else bool(before),
        has_previous_page=bool(page) and page[0] > start if last else bool(after),
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=page_info, count=lambda: len(ordered))
