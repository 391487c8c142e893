"""Relay cursor connections over querysets, paginated by keyset as Saleor paginates them.

A cursor is base64 of a JSON list of the row's sort-key values (Saleor's format), so a page
costs one indexed range query however deep it is; `totalCount` runs a COUNT only when asked.
Sort fields must be non-null and end with a unique field (usually "pk").
"""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Model, Q, QuerySet
from graphql import GraphQLError, GraphQLResolveInfo
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode


def to_cursor(values: Sequence[Any]) -> str:
    return base64.b64encode(
        json.dumps([None if v is None else str(v) for v in values]).encode()
    ).decode()


def from_cursor(cursor: str) -> list[str | None]:
    try:
        values = json.loads(base64.b64decode(cursor, validate=True).decode())
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise GraphQLError("Received cursor is invalid.") from None
    if not isinstance(values, list):
        raise GraphQLError("Received cursor is invalid.")
    return values


@dataclass
class PageInfo:
    has_next_page: bool = False
    has_previous_page: bool = False
    start_cursor: str | None = None
    end_cursor: str | None = None


class Edge:
    """A node and its cursor; a cursor given as sort-key `values` is encoded when first read
    (most queries never select `cursor`)."""

    __slots__ = ("_cursor", "_values", "node")

    def __init__(
        self, node: Any, cursor: str | None = None, *, values: Sequence[Any] | None = None
    ) -> None:
        self.node = node
        self._cursor = cursor
        self._values = values

    @property
    def cursor(self) -> str:
        if self._cursor is None:
            self._cursor = to_cursor(self._values or ())
        return self._cursor

    def __repr__(self) -> str:
        return f"Edge(node={self.node!r}, cursor={self.cursor!r})"


@dataclass
class Connection:
    edges: list[Edge]
    page_info: PageInfo
    count: Callable[[], int] = field(repr=False, default=lambda: 0)

    def total_count(self, info: GraphQLResolveInfo | None = None) -> int:
        return self.count()


@dataclass(frozen=True)
class SortKey:
    """Queryset field paths to order by, and whether the order is descending."""

    fields: tuple[str, ...]
    descending: bool = False


def _selects_edges(info: GraphQLResolveInfo) -> bool:
    def visit(selection_set) -> bool:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode) and selection.name.value == "edges":
                return True
            if isinstance(selection, FragmentSpreadNode) and visit(
                info.fragments[selection.name.value].selection_set
            ):
                return True
            if isinstance(selection, InlineFragmentNode) and visit(selection.selection_set):
                return True
        return False

    return any(node.selection_set and visit(node.selection_set) for node in info.field_nodes)


def validate_connection_args(info: GraphQLResolveInfo, args: dict[str, Any]) -> None:
    """Saleor's rules and messages for first/last/before/after."""
    first, last = args.get("first"), args.get("last")
    name = info.field_name
    if first is not None and first < 0:
        raise GraphQLError("Argument `first` must be a non-negative integer.")
    if last is not None and last < 0:
        raise GraphQLError("Argument `last` must be a non-negative integer.")
    if first and last:
        raise GraphQLError("Argument `last` cannot be combined with `first`.")
    if first and args.get("before"):
        raise GraphQLError("Argument `first` cannot be combined with `before`.")
    if last and args.get("after"):
        raise GraphQLError("Argument `last` cannot be combined with `after`.")
    if not (first or last) and _selects_edges(info):
        raise GraphQLError(
            f"You must provide a `first` or `last` value to properly paginate the `{name}` "
            "connection."
        )
    limit = settings.GRAPHQL_PAGINATION_LIMIT
    for arg_name, value in (("first", first), ("last", last)):
        if value and value > limit:
            raise GraphQLError(
                f"Requesting {value} records on the `{name}` connection exceeds the "
                f"`{arg_name}` limit of {limit} records."
            )


def _after_filter(fields: Sequence[str], values: Sequence[Any], lookup: str) -> Q:
    """Rows strictly after `values` in the (f1, f2, ...) order, as Q(f1>v1) | Q(f1=v1, f2>v2)..."""
    condition = Q()
    for index, field_name in enumerate(fields):
        equal = {fields[i]: values[i] for i in range(index)}
        condition |= Q(**equal, **{f"{field_name}__{lookup}": values[index]})
    return condition


def _value(record: Model, path: str) -> Any:
    value: Any = record
    for part in path.split("__"):
        value = getattr(value, part, None)
    return value


def paginate(
    queryset: QuerySet,
    info: GraphQLResolveInfo,
    args: dict[str, Any],
    sort_key: SortKey,
    *,
    wrap: Callable[[Any], Any] | None = None,
) -> Connection:
    """Slice `queryset` into one page by keyset; `wrap` turns each row into the edge's node."""
    validate_connection_args(info, args)
    first, last = args.get("first"), args.get("last")
    cursor_arg = args.get("after") or args.get("before")
    fields = sort_key.fields
    # Paginating backwards walks the order reversed, then flips the page back.
    descending = sort_key.descending != bool(last)
    ordered = queryset.order_by(*[f"-{f}" if descending else f for f in fields])

    if cursor_arg:
        values = from_cursor(cursor_arg)
        if len(values) != len(fields):
            raise GraphQLError("Received cursor is invalid.")
        try:
            ordered = ordered.filter(_after_filter(fields, values, "lt" if descending else "gt"))
        except (ValueError, TypeError):
            raise GraphQLError("Received cursor is invalid.") from None

    requested = first or last
    if not requested:
        return Connection(edges=[], page_info=PageInfo(), count=queryset.count)
    try:
        rows = list(ordered[: requested + 1])
    except (ValueError, TypeError):
        raise GraphQLError("Received cursor is invalid.") from None
    more = len(rows) > requested
    rows = rows[:requested]
    if last:
        rows.reverse()

    edges = [
        Edge(node=wrap(row) if wrap else row, values=[_value(row, f) for f in fields])
        for row in rows
    ]
    page_info = PageInfo(
        has_next_page=more if first else bool(cursor_arg),
        has_previous_page=bool(cursor_arg) if first else more,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=page_info, count=queryset.count)
