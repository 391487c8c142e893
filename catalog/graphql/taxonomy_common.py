"""Helpers shared by the taxonomy resolvers (channels, categories, collections, product types,
attributes, warehouses): global IDs turned into Saleor's payload errors, filter and `where`
inputs, sorting inputs, and what a query selects (to decide what to prefetch).
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from django.db.models import Model, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.lookups import Exact
from graphql import GraphQLError, GraphQLResolveInfo
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode

from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.connections import (
    Connection,
    Edge,
    PageInfo,
    SortKey,
    to_cursor,
    validate_connection_args,
)
from infra.graphql.permissions import has_one_of
from infra.graphql.shop import COUNTRY_NAMES
from infra.ids import from_global_id_or_error, pks_from_global_ids

# --- global IDs in mutations ------------------------------------------------------------------


def decode_id(global_id: str, type_name: str, *, field: str) -> int:
    """The pk behind a global ID of `type_name`; a GRAPHQL_ERROR on `field` otherwise."""
    try:
        return int(from_global_id_or_error(global_id, type_name))
    except GraphQLError as exc:
        raise ValidationFailed.single(field, "GRAPHQL_ERROR", exc.message) from None


def decode_ids(global_ids: Iterable[str], type_name: str, *, field: str) -> list[int]:
    return [decode_id(global_id, type_name, field=field) for global_id in global_ids]


def node_or_error(
    global_id: str, type_name: str, queryset: QuerySet, *, field: str = "id"
) -> Model:
    """The row a global ID names, as Saleor's `get_node_or_error` reports failures."""
    pk = decode_id(global_id, type_name, field=field)
    instance = queryset.filter(pk=pk).first()
    if instance is None:
        raise ValidationFailed.single(
            field, "NOT_FOUND", f"Couldn't resolve to a node: {global_id}"
        )
    return instance


def nodes_or_error(
    global_ids: Sequence[str], type_name: str, queryset: QuerySet, *, field: str
) -> list[Model]:
    """Rows for a list of global IDs, in input order (Saleor's `get_nodes_or_error`)."""
    pks = decode_ids(global_ids, type_name, field=field)
    found = {row.pk: row for row in queryset.filter(pk__in=pks)}
    missing = [gid for gid, pk in zip(global_ids, pks, strict=True) if pk not in found]
    if missing:
        raise ValidationFailed.single(
            field,
            "GRAPHQL_ERROR",
            f"Could not resolve to a node with the global id list of '{missing}'.",
        )
    return [found[pk] for pk in pks]


def one_of_args(**args: Any) -> tuple[str, Any]:
    """Saleor's `validate_one_of_args_is_in_query`: exactly one argument must be given."""
    given = [(name, value) for name, value in args.items() if value]
    if len(given) > 1:
        rest = ", ".join(f"'{name}'" for name, _value in given[1:])
        raise GraphQLError(f"Argument '{given[0][0]}' cannot be combined with {rest}")
    if not given:
        names = ", ".join(f"'{name}'" for name in args)
        raise GraphQLError(f"At least one of arguments is required: {names}.")
    return given[0]


def pks_of_type(global_ids: Iterable[str], type_name: str) -> list[int]:
    """Pks from filter IDs; an ID of another type or garbage is a GraphQLError (Saleor)."""
    return pks_from_global_ids(list(global_ids), type_name)


def check_add_remove_duplicates(
    data: Mapping[str, Any], add_field: str, remove_field: str, error_field: str
) -> None:
    """Saleor's `check_for_duplicates`: one ID cannot be both added and removed."""
    duplicated = set(data.get(add_field) or ()) & set(data.get(remove_field) or ())
    if duplicated:
        raise ValidationFailed.single(
            error_field,
            "DUPLICATED_INPUT_ITEM",
            "The same object cannot be in both lists for adding and removing items.",
            **{error_field: sorted(duplicated)},
        )


# --- callers and shared output shapes ---------------------------------------------------------

# Saleor's ALL_PRODUCTS_PERMISSIONS: each lets a caller see unpublished catalogue data.
ALL_PRODUCTS_PERMISSIONS = (
    PermissionEnum.MANAGE_ORDERS,
    PermissionEnum.MANAGE_DISCOUNTS,
    PermissionEnum.MANAGE_PRODUCTS,
)


def sees_all_products(info: GraphQLResolveInfo) -> bool:
    """Whether the caller sees unpublished catalogue data (cached per request)."""
    cache = info.context.cache
    if "taxonomy_sees_all" not in cache:
        cache["taxonomy_sees_all"] = has_one_of(info.context, ALL_PRODUCTS_PERMISSIONS)
    return cache["taxonomy_sees_all"]


def country_display(code: str) -> dict[str, str]:
    return {"code": code, "country": COUNTRY_NAMES.get(code, code)}


def image_of(info: GraphQLResolveInfo, image: Any, alt: str | None) -> dict | None:
    """Saleor's Image {url alt} for a stored file: an absolute URL to the storage."""
    if not image:
        return None
    url = image.url
    if not urlsplit(url).netloc:
        url = info.context.request.build_absolute_uri(url)
    return {"url": url, "alt": alt or ""}


# --- filter / where inputs --------------------------------------------------------------------


def refuse_unsupported(data: Mapping[str, Any] | None, supported: Iterable[str], kind: str):
    """Input fields we do not act on are refused by name, never silently ignored.

    `kind` is "Filtering" or "Sorting" (filter / where inputs) or "Input" (mutation inputs).
    """
    for name, value in (data or {}).items():
        if value is None or value == [] or name in supported:
            continue
        head, *rest = name.split("_")
        camel = head + "".join(part.title() for part in rest)
        if kind == "Input":
            raise GraphQLError(f"Input field `{camel}` is not supported.")
        raise GraphQLError(f"{kind} by `{camel}` is not supported.")


def metadata_q(items: Iterable[Mapping[str, Any]], field: str = "metadata") -> Q:
    """Saleor's MetadataFilter list: each key must exist, holding `value` when one is given."""
    condition = Q()
    for item in items or ():
        key, value = item["key"], item.get("value")
        if value is None or value == "":
            condition &= Q(**{f"{field}__has_key": key})
        else:
            condition &= Q(Exact(KeyTextTransform(key, field), str(value)))
    return condition


def search_q(value: str | None, *fields: str) -> Q:
    """Saleor's `ilike` search: the text anywhere in any of `fields`, case-insensitively."""
    if not value:
        return Q()
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value})
    return condition


def string_filter_q(field: str, value: Mapping[str, Any] | None) -> Q:
    """A StringFilterInput / enum filter input ({eq, oneOf}) on `field`."""
    if not value:
        return Q()
    if value.get("eq") is not None:
        return Q(**{field: value["eq"]})
    if value.get("one_of") is not None:
        return Q(**{f"{field}__in": value["one_of"]})
    return Q()


def where_q(where: Mapping[str, Any] | None, build: Callable[[Mapping[str, Any]], Q]) -> Q:
    """Saleor's `where`: fields ANDed, `AND` / `OR` lists nested; operators stand alone."""
    if not where:
        return Q()
    operators = [key for key in ("AND", "OR", "and", "or") if where.get(key) is not None]
    if operators and len([v for v in where.values() if v is not None]) > 1:
        raise GraphQLError("Cannot mix operators with other filter inputs.")
    if operators:
        key = operators[0]
        parts = [where_q(item, build) for item in where[key]]
        combined = Q()
        for part in parts:
            combined = (combined & part) if key.upper() == "AND" else (combined | part)
        return combined
    return build(where)


def updated_at_q(value: Mapping[str, Any] | None, field: str = "updated_at") -> Q:
    if not value:
        return Q()
    condition = Q()
    if value.get("gte") is not None:
        condition &= Q(**{f"{field}__gte": value["gte"]})
    if value.get("lte") is not None:
        condition &= Q(**{f"{field}__lte": value["lte"]})
    return condition


# --- sorting ----------------------------------------------------------------------------------


def sort_key_for(
    sort_by: Mapping[str, Any] | None,
    fields_by_name: Mapping[str, tuple[str, ...] | None],
    default: tuple[str, ...],
) -> SortKey:
    """A keyset SortKey from a Saleor sorting input; unknown (None) fields are refused."""
    if not sort_by:
        return SortKey(fields=(*default, "pk"))
    name = sort_by["field"]
    fields = fields_by_name.get(name)
    if fields is None:
        raise GraphQLError(f"Sorting by `{name}` is not supported.")
    return SortKey(fields=(*fields, "pk"), descending=sort_by.get("direction") == "DESC")


# --- what the query selects -------------------------------------------------------------------


def selects(info: GraphQLResolveInfo, name: str) -> bool:
    """Whether a field called `name` is selected anywhere under the field being resolved."""

    def visit(selection_set) -> bool:
        if selection_set is None:
            return False
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if selection.name.value == name or visit(selection.selection_set):
                    return True
            elif isinstance(selection, FragmentSpreadNode):
                if visit(info.fragments[selection.name.value].selection_set):
                    return True
            elif isinstance(selection, InlineFragmentNode) and visit(selection.selection_set):
                return True
        return False

    return any(visit(node.selection_set) for node in info.field_nodes)


def paginate_prefetched(
    rows: Sequence[Any],
    info: GraphQLResolveInfo,
    args: Mapping[str, Any],
    sort_key: SortKey,
    *,
    wrap: Callable[[Any], Any] | None = None,
) -> Connection | None:
    """A page cut from rows prefetched for the whole parent list, in `sort_key` order.

    Only first/last without cursors are served this way (nested connections in lists);
    anything else returns None and the caller paginates in the database.
    """
    if args.get("after") or args.get("before"):
        return None
    first, last = args.get("first"), args.get("last")
    validate_connection_args(info, dict(args))
    requested = first or last
    ordered = list(rows)
    if not requested:
        return Connection(edges=[], page_info=PageInfo(), count=lambda: len(ordered))
    page = ordered[:requested] if first else ordered[-requested:]
    more = len(ordered) > requested

    def cursor(row: Any) -> str:
        values = []
        for path in sort_key.fields:
            value: Any = row
            for part in path.split("__"):
                value = getattr(value, part, None)
            values.append(value)
        return to_cursor(values)

    edges = [Edge(node=wrap(row) if wrap else row, cursor=cursor(row)) for row in page]
    page_info = PageInfo(
        has_next_page=more if first else False,
        has_previous_page=more if last else False,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return Connection(edges=edges, page_info=page_info, count=lambda: len(ordered))
