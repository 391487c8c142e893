"""Product lists as Saleor serves them: Query.products, and `products` of other types.

Category.products and Collection.products call `products_connection` with their own
queryset; visibility for the caller, filter / where / sortBy / search and keyset
pagination are applied here, so every product list behaves the same. Who sees every
product is `taxonomy_common.sees_all_products` (Saleor's ALL_PRODUCTS_PERMISSIONS).
"""

from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from graphql import GraphQLError, GraphQLResolveInfo
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode

from catalog.graphql.channel_context import request_channel
from catalog.graphql.loaders import remember_siblings
from catalog.graphql.product_filters import ChannelGetter, product_filter_q, product_where_q
from catalog.graphql.product_sorting import product_sort
from catalog.graphql.taxonomy_common import sees_all_products
from catalog.models import Channel, Product
from catalog.selectors.products import visible_products
from infra.graphql.channel_context import ChannelContext
from infra.graphql.connections import Connection, paginate


def remember_channel(info: GraphQLResolveInfo, channel: Channel | None) -> Channel | None:
    """Keep the channel a root field resolved, for the fields of the objects it returns."""
    if channel is not None:
        info.context.cache.setdefault("channels_by_slug", {})[channel.slug] = channel
    return channel


def channel_of(info: GraphQLResolveInfo, obj: Any) -> Channel | None:
    """The Channel a ChannelContext was resolved in (cached per request), or None."""
    slug = getattr(obj, "channel_slug", None)
    if slug is None:
        return None
    known = info.context.cache.setdefault("channels_by_slug", {})
    if slug not in known:
        known[slug] = request_channel(info, slug, staff_may_omit=True)
    return known[slug]


def filter_channel(
    info: GraphQLResolveInfo, channel: Channel | None, *inputs: Mapping[str, Any] | None
) -> ChannelGetter:
    """The channel of channel-dependent filters and sorts, resolved on first use.

    The query's channel, else the deprecated `channel` of the filter or sort input, else
    Saleor's default channel (an error when there is none, or more than one).
    """

    def get() -> Channel:
        if channel is not None:
            return channel
        slug = next((data["channel"] for data in inputs if data and data.get("channel")), None)
        return request_channel(info, slug, staff_may_omit=False)

    return get


# Product columns a page of products skips when every selected Product field is one of
# _CHEAP_FIELDS (a product card: ids, names, thumbnail, prices). Reading a skipped column
# would cost a query per product, so any other field selected keeps them all.
_SKIPPABLE_COLUMNS = (
    "metadata",
    "private_metadata",
    "description",
    "description_plaintext",
    "created_at",
    "updated_at",
    "weight",
    "rating",
    "external_reference",
)
_CHEAP_FIELDS = frozenset(
    {"__typename", "id", "name", "slug", "seoTitle", "seoDescription", "thumbnail", "pricing"}
)


def _node_field_names(info: GraphQLResolveInfo) -> set[str] | None:
    """Names of the fields selected on `edges { node { ... } }`, or None if unsure."""
    names: set[str] = set()

    def collect(selection_set, path: tuple[str, ...]) -> bool:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                if not path:
                    names.add(selection.name.value)
                elif selection.name.value == path[0]:
                    if selection.selection_set is None:
                        return False
                    if not collect(selection.selection_set, path[1:]):
                        return False
            elif isinstance(selection, InlineFragmentNode):
                if not collect(selection.selection_set, path):
                    return False
            elif isinstance(selection, FragmentSpreadNode):
                fragment = info.fragments.get(selection.name.value)
                if fragment is None or not collect(fragment.selection_set, path):
                    return False
            else:
                return False
        return True

    for node in info.field_nodes:
        if node.selection_set is None or not collect(node.selection_set, ("edges", "node")):
            return None
    return names


def _columns_to_skip(info: GraphQLResolveInfo, sort_fields: tuple[str, ...]) -> list[str]:
    names = _node_field_names(info)
    if names is None or not names <= _CHEAP_FIELDS:
        return []
    keep = {field.split("__")[0] for field in sort_fields}
    return [column for column in _SKIPPABLE_COLUMNS if column not in keep]


def search_products(queryset: QuerySet[Product], text: str) -> QuerySet[Product]:
    """Products matching `text`, annotated with `search_rank` (the search engine's module)."""
    try:
        from catalog.selectors.search import search_products as search
    except ImportError:
        raise GraphQLError("Searching products is not available.") from None
    return search(queryset, text)


def products_connection(
    info: GraphQLResolveInfo,
    queryset: QuerySet[Product],
    args: Mapping[str, Any],
    *,
    channel: Channel | None,
    in_listings: bool = True,
    collection_id: int | None = None,
) -> Connection:
    """A page of the products of `queryset` that the caller sees in `channel`.

    `channel` is the channel the caller works in: resolve it with `request_channel(info,
    slug, staff_may_omit=sees_all_products(info))` (None: a caller who sees every product
    and named no channel). `args` are the connection's arguments in snake_case: first /
    last / before / after, and filter / where / sort_by / search where the field has them.
    `in_listings` hides products not visible in listings from storefront callers;
    `collection_id` allows sorting by the collection's order (COLLECTION).
    """
    filter_data, where_data = args.get("filter"), args.get("where")
    if filter_data and where_data:
        raise GraphQLError("Only one filtering argument (filter or where) can be specified.")
    remember_channel(info, channel)
    sort_by = args.get("sort_by")
    get_channel = filter_channel(info, channel, filter_data, sort_by)
    products = visible_products(
        channel, sees_all=sees_all_products(info), in_listings=in_listings, products=queryset
    )
    search = (args.get("search") or "").strip()
    filter_search = ((filter_data or {}).get("search") or "").strip()
    if search:
        products = search_products(products, search)
        if filter_search:
            matching = search_products(Product.objects.all(), filter_search).values("pk")
            products = products.filter(pk__in=matching)
    elif filter_search:
        products = search_products(products, filter_search)
    if filter_data:
        products = products.filter(product_filter_q(filter_data, get_channel))
    if where_data:
        products = products.filter(product_where_q(where_data, get_channel))
    products, sort_key = product_sort(
        products,
        sort_by,
        channel=get_channel,
        searching=bool(search or filter_search),
        collection_id=collection_id,
    )
    if skipped := _columns_to_skip(info, sort_key.fields):
        products = products.defer(*skipped)
    connection = paginate(products, info, args, sort_key)
    slug = channel.slug if channel is not None else None
    for edge in connection.edges:
        edge.node = ChannelContext(edge.node, slug)
    remember_siblings(edge.node.node for edge in connection.edges)
    return connection
