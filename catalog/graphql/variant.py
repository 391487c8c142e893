"""Product variants: Query.productVariant(s) and the ProductVariant type, as Saleor."""

import sys
from collections.abc import Mapping
from typing import Any

from ariadne import QueryType
from django.db.models import QuerySet
from graphql import GraphQLError, GraphQLResolveInfo

from catalog.graphql.channel_context import request_channel
from catalog.graphql.channel_scope import scoped_rows
from catalog.graphql.channel_types import ChannelContextObjectType
from catalog.graphql.loaders import (
    AttributeValuesByVariantIdLoader,
    AvailableQuantityByVariantIdAndChannelIdLoader,
    MediaByVariantIdLoader,
    ProductByIdLoader,
    ProductChannelListingByProductIdAndChannelIdLoader,
    StocksByVariantIdAndChannelIdLoader,
    VariantAttributesByProductTypeIdLoader,
    VariantByIdLoader,
    VariantChannelListingByVariantIdAndChannelIdLoader,
    VariantChannelListingsByVariantIdLoader,
    VariantsByProductIdLoader,
    VariantTranslationByVariantIdAndLanguageLoader,
    load_for,
    remember_siblings,
    siblings_of,
)
from catalog.graphql.pricing import variant_pricing, weight
from catalog.graphql.product_connection import (
    channel_of,
    filter_channel,
    remember_channel,
    sees_all_products,
)
from catalog.graphql.product_filters import variant_filter_q, variant_where_q
from catalog.graphql.product_sorting import variant_sort
from catalog.graphql.taxonomy_common import one_of_args, paginate_prefetched, pks_of_type
from catalog.models import Channel, Product, ProductVariant
from catalog.selectors.variants import VariantScope, checkout_quantity_limit, visible_variants
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext, unwrap
from infra.graphql.connections import Connection, SortKey, paginate
from infra.graphql.languages import supported_language
from infra.graphql.metadata import bind_metadata
from infra.graphql.permissions import AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER, require_one_of
from infra.ids import from_global_id_or_error

query = QueryType()
variant_type = ChannelContextObjectType("ProductVariant")


def _manage_products(_instance: object) -> list[PermissionEnum]:
    return [PermissionEnum.MANAGE_PRODUCTS]


bind_metadata(variant_type, _manage_products, get_instance=unwrap)


def variant_scope(info: GraphQLResolveInfo, channel: Channel | None) -> VariantScope | None:
    """Which variants of a product the caller sees (None: none at all)."""
    if sees_all_products(info):
        return VariantScope.LISTED if channel is not None else VariantScope.ALL
    return VariantScope.PRICED if channel is not None else None


def variants_of_product(
    info: GraphQLResolveInfo, product: Product, channel: Channel | None
) -> list[ProductVariant]:
    """The product's variants the caller sees, loaded for all its sibling products at once."""
    scope = variant_scope(info, channel)
    if scope is None:
        return []
    channel_id = channel.pk if channel is not None else None
    ProductByIdLoader.of(info).prime(product.pk, product)
    return load_for(info, VariantsByProductIdLoader, product, lambda p: (p.pk, channel_id, scope))


def variants_connection(
    info: GraphQLResolveInfo,
    queryset: QuerySet[ProductVariant],
    args: Mapping[str, Any],
    *,
    channel: Channel | None,
) -> Connection:
    """A page of variants with Saleor's filter / where / sortBy / search."""
    filter_data, where_data = args.get("filter"), args.get("where")
    if filter_data and where_data:
        raise GraphQLError("Only one filtering argument (filter or where) can be specified.")
    get_channel = filter_channel(info, channel, filter_data)
    if search := (args.get("search") or "").strip():
        queryset = queryset.filter(variant_filter_q({"search": search}))
    if filter_data:
        queryset = queryset.filter(variant_filter_q(filter_data))
    if where_data:
        queryset = queryset.filter(variant_where_q(where_data, get_channel))
    connection = paginate(queryset, info, args, variant_sort(args.get("sort_by")))
    slug = channel.slug if channel is not None else None
    remember_siblings(edge.node for edge in connection.edges)
    for edge in connection.edges:
        edge.node = ChannelContext(edge.node, slug)
    return connection


def product_variants_page(
    info: GraphQLResolveInfo, root: ChannelContext, args: Mapping[str, Any]
) -> Connection:
    """Product.productVariants: the product's variants the caller sees, paginated.

    Without filters, sorting or cursors the page is cut from the variants loaded for all
    sibling products at once; otherwise it is a query of its own.
    """
    product, channel = root.node, channel_of(info, root)
    sees_all = sees_all_products(info)
    if not sees_all:
        listing = None
        if channel is not None:
            listing = ProductChannelListingByProductIdAndChannelIdLoader.of(info).load(
                (product.pk, channel.pk),
                ((p.pk, channel.pk) for p in siblings_of(product)),
            )
        if listing is None or not listing.visible_in_listings:
            return variants_connection(info, ProductVariant.objects.none(), args, channel=channel)
    if not any(args.get(name) for name in ("filter", "where", "sort_by", "after", "before")):
        rows = sorted(
            variants_of_product(info, product, channel), key=lambda v: (v.sort_order, v.pk)
        )
        page = paginate_prefetched(
            rows,
            info,
            args,
            SortKey(fields=("sort_order", "pk")),
            wrap=lambda variant: ChannelContext(variant, root.channel_slug),
        )
        if page is not None:
            return page
    variants = visible_variants(channel, sees_all=sees_all, in_listings=True)
    return variants_connection(info, variants.filter(product_id=product.pk), args, channel=channel)


@query.field("productVariant")
def resolve_product_variant(
    _obj, info, id=None, sku=None, external_reference=None, channel=None
) -> ChannelContext | None:
    one_of_args(id=id, sku=sku, external_reference=external_reference)
    sees_all = sees_all_products(info)
    channel_obj = remember_channel(info, request_channel(info, channel, staff_may_omit=sees_all))
    variants = visible_variants(channel_obj, sees_all=sees_all)
    if id:
        variants = variants.filter(pk=from_global_id_or_error(id, "ProductVariant"))
    elif sku:
        variants = variants.filter(sku=sku)
    else:
        variants = variants.filter(external_reference=external_reference)
    variant = variants.first()
    if variant is None:
        return None
    return ChannelContext(variant, channel_obj.slug if channel_obj else None)


@query.field("productVariants")
def resolve_product_variants(_obj, info, ids=None, channel=None, **args) -> Connection:
    sees_all = sees_all_products(info)
    channel_obj = remember_channel(info, request_channel(info, channel, staff_may_omit=sees_all))
    variants = visible_variants(channel_obj, sees_all=sees_all, in_listings=True)
    if ids:
        variants = variants.filter(pk__in=pks_of_type(ids, "ProductVariant"))
    return variants_connection(info, variants, args, channel=channel_obj)


def _channel_id(info: GraphQLResolveInfo, root: ChannelContext) -> int | None:
    channel = channel_of(info, root)
    return channel.pk if channel is not None else None


@variant_type.field("created")
def resolve_created(root: ChannelContext, _info):
    return root.node.created_at


@variant_type.field("channel")
def resolve_channel(root: ChannelContext, _info) -> str | None:
    return root.channel_slug


@variant_type.field("weight")
def resolve_weight(root: ChannelContext, _info):
    return weight(root.node.weight)


@variant_type.field("product")
def resolve_product(root: ChannelContext, info) -> ChannelContext:
    product = load_for(info, ProductByIdLoader, root.node, lambda v: v.product_id)
    return ChannelContext(product, root.channel_slug)


@variant_type.field("channelListings")
def resolve_channel_listings(root: ChannelContext, info) -> list:
    require_one_of(info, AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER)
    listings = load_for(info, VariantChannelListingsByVariantIdLoader, root.node, lambda v: v.pk)
    return scoped_rows(info, listings)


@variant_type.field("pricing")
def resolve_pricing(root: ChannelContext, info, address=None):
    channel_id = _channel_id(info, root)
    if channel_id is None:
        return None
    variant_listing = load_for(
        info, VariantChannelListingByVariantIdAndChannelIdLoader, root.node,
        lambda v: (v.pk, channel_id),
    )  # fmt: skip
    product_listing = load_for(
        info, ProductChannelListingByProductIdAndChannelIdLoader, root.node,
        lambda v: (v.product_id, channel_id),
    )  # fmt: skip
    return variant_pricing(variant_listing, product_listing)


def _product_type_id(info: GraphQLResolveInfo, variant: ProductVariant) -> int:
    return load_for(info, ProductByIdLoader, variant, lambda v: v.product_id).product_type_id


@variant_type.field("attributes")
def resolve_attributes(root: ChannelContext, info, variant_selection=None) -> list[dict]:
    variant = root.node
    storefront_only = not sees_all_products(info)
    attributes = VariantAttributesByProductTypeIdLoader.of(info).load(
        (_product_type_id(info, variant), storefront_only),
        ((_product_type_id(info, v), storefront_only) for v in siblings_of(variant)),
    )
    values = load_for(info, AttributeValuesByVariantIdLoader, variant, lambda v: v.pk)
    selected = []
    for attribute, selects_variant in attributes:
        if variant_selection == "VARIANT_SELECTION" and not selects_variant:
            continue
        if variant_selection == "NOT_VARIANT_SELECTION" and selects_variant:
            continue
        own = [value for value in values if value.attribute_id == attribute.pk]
        selected.append({"attribute": attribute, "values": own})
    return selected


@variant_type.field("media")
def resolve_media(root: ChannelContext, info) -> list:
    return load_for(info, MediaByVariantIdLoader, root.node, lambda v: v.pk)


@variant_type.field("translation")
def resolve_translation(root: ChannelContext, info, language_code):
    language = supported_language(language_code)
    if language is None:
        return None
    return load_for(
        info, VariantTranslationByVariantIdAndLanguageLoader, root.node,
        lambda v: (v.pk, language),
    )  # fmt: skip


@variant_type.field("stocks")
def resolve_stocks(root: ChannelContext, info, address=None, country_code=None) -> list:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS, PermissionEnum.MANAGE_ORDERS)
    channel_id = _channel_id(info, root)
    VariantByIdLoader.of(info).prime(root.node.pk, root.node)
    return load_for(
        info, StocksByVariantIdAndChannelIdLoader, root.node, lambda v: (v.pk, channel_id)
    )


@variant_type.field("quantityAvailable")
def resolve_quantity_available(
    root: ChannelContext, info, address=None, country_code=None
) -> int | None:
    # We have no shipping zones: every warehouse of the channel serves every country.
    limit = checkout_quantity_limit()
    if not root.node.track_inventory:
        return limit
    channel_id = _channel_id(info, root)
    available = load_for(
        info, AvailableQuantityByVariantIdAndChannelIdLoader, root.node,
        lambda v: (v.pk, channel_id),
    )  # fmt: skip
    return min(available, limit or sys.maxsize)


bindables = [query, variant_type]
cost_map = {
    "Query": {
        "productVariant": {"complexity": 1},
        "productVariants": {"complexity": 1, "multipliers": ["first", "last"]},
    },
    "ProductVariant": {
        "attributes": {"complexity": 1},
        "channelListings": {"complexity": 1},
        "media": {"complexity": 1},
        "pricing": {"complexity": 1},
        "product": {"complexity": 1},
    },
}
