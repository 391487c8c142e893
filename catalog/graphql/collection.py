"""Collections: the `collection(s)` queries and the Collection type, resolved for a channel.

A collection travels as ChannelContext(collection, channel_slug): callers without
catalogue permissions see only collections published in the channel they ask about (the
default channel when they name none), and its products in that channel.
"""

from ariadne import ObjectType, QueryType
from django.db.models import Q
from graphql import GraphQLError

from catalog.graphql.channel_context import request_channel
from catalog.graphql.channel_scope import scoped_rows
from catalog.graphql.taxonomy_common import (
    image_of,
    metadata_q,
    one_of_args,
    pks_of_type,
    refuse_unsupported,
    search_q,
    sees_all_products,
    selects,
    sort_key_for,
    where_q,
)
from catalog.graphql.translation import translation_of
from catalog.models import CollectionChannelListing, Product
from catalog.selectors import collections as collection_selectors
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext, unwrap
from infra.graphql.connections import paginate
from infra.graphql.metadata import bind_metadata
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id_or_error

query = QueryType()
collection_type = ObjectType("Collection")
collection_listing_type = ObjectType("CollectionChannelListing")
bind_metadata(
    collection_type, lambda _collection: [PermissionEnum.MANAGE_PRODUCTS], get_instance=unwrap
)

SORT_FIELDS = {
    "NAME": ("name", "slug"),
    "AVAILABILITY": ("listing_published", "slug"),
    "PRODUCT_COUNT": ("product_count", "slug"),
    "PUBLICATION_DATE": ("listing_published_at", "slug"),
    "PUBLISHED_AT": ("listing_published_at", "slug"),
}
CHANNEL_SORTS = {"AVAILABILITY", "PUBLICATION_DATE", "PUBLISHED_AT"}
FILTER_FIELDS = {"published", "search", "metadata", "ids", "slugs", "channel"}


def _channel_slug(channel, filter_input, sort_by):
    # The deprecated `channel` inside filter / sortBy still names the channel (Saleor).
    return channel or (filter_input or {}).get("channel") or (sort_by or {}).get("channel")


def _filter(filter_input: dict | None, channel) -> Q:
    refuse_unsupported(filter_input, FILTER_FIELDS, "Filtering")
    data = filter_input or {}
    condition = search_q(data.get("search"), "name", "slug")
    condition &= metadata_q(data.get("metadata") or [])
    if data.get("ids") is not None:
        condition &= Q(pk__in=pks_of_type(data["ids"], "Collection"))
    if data.get("slugs") is not None:
        condition &= Q(slug__in=data["slugs"])
    if data.get("published") is not None:
        if channel is None:
            return Q(pk__in=[])
        condition &= Q(
            channel_listings__channel=channel,
            channel_listings__is_published=data["published"] == "PUBLISHED",
        )
    return condition


def _where(where: dict) -> Q:
    refuse_unsupported(where, {"metadata", "ids"}, "Filtering")
    condition = metadata_q(where.get("metadata") or [])
    if where.get("ids") is not None:
        condition &= Q(pk__in=pks_of_type(where["ids"], "Collection"))
    return condition


def _prefetch(queryset, info):
    if selects(info, "translation"):
        queryset = queryset.prefetch_related("translations")
    if selects(info, "channelListings"):
        queryset = collection_selectors.with_listings(queryset)
    return queryset


@query.field("collections")
def resolve_collections(_obj, info, filter=None, where=None, sort_by=None, channel=None, **args):
    sees_all = sees_all_products(info)
    slug = _channel_slug(channel, filter, sort_by)
    resolved = request_channel(info, slug, staff_may_omit=sees_all)
    queryset = collection_selectors.collections(channel=resolved, see_unpublished=sees_all)
    queryset = queryset.filter(_filter(filter, resolved)).filter(where_q(where, _where))
    if sort_by:
        sort_channel = resolved
        if sort_by["field"] in CHANNEL_SORTS and sort_channel is None:
            sort_channel = request_channel(info, None, staff_may_omit=False)
        queryset = collection_selectors.with_sort_annotations(queryset, sort_channel)
    sort_key = sort_key_for(sort_by, SORT_FIELDS, default=("slug",))
    channel_slug = resolved.slug if resolved else None
    return paginate(
        _prefetch(queryset, info),
        info,
        args,
        sort_key,
        wrap=lambda row: ChannelContext(node=row, channel_slug=channel_slug),
    )


@query.field("collection")
def resolve_collection(_obj, info, id=None, slug=None, slug_language_code=None, channel=None):
    name, _value = one_of_args(id=id, slug=slug)
    if slug_language_code is not None:
        raise GraphQLError("Looking collections up by a translated slug is not supported.")
    sees_all = sees_all_products(info)
    resolved = request_channel(info, channel, staff_may_omit=sees_all)
    queryset = collection_selectors.collections(channel=resolved, see_unpublished=sees_all)
    if name == "id":
        queryset = queryset.filter(pk=from_global_id_or_error(id, "Collection"))
    else:
        queryset = queryset.filter(slug=slug)
    collection = _prefetch(queryset, info).first()
    if collection is None:
        return None
    return ChannelContext(node=collection, channel_slug=resolved.slug if resolved else None)


def _plain(attribute: str):
    return lambda obj, _info: getattr(unwrap(obj), attribute)


for field_name, attribute in (
    ("name", "name"),
    ("slug", "slug"),
    ("seoTitle", "seo_title"),
    ("seoDescription", "seo_description"),
    ("description", "description"),
):
    collection_type.set_field(field_name, _plain(attribute))


@collection_type.field("channel")
def resolve_channel(obj, _info):
    return obj.channel_slug if isinstance(obj, ChannelContext) else None


@collection_type.field("backgroundImage")
def resolve_background_image(obj, info, size=None, format=None):
    collection = unwrap(obj)
    return image_of(info, collection.background_image, collection.background_image_alt)


@collection_type.field("translation")
def resolve_translation(obj, _info, language_code):
    return translation_of(obj, language_code)


@collection_type.field("channelListings")
def resolve_channel_listings(obj, info):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    collection = unwrap(obj)
    listings = getattr(collection, "prefetched_listings", None)
    if listings is None:
        listings = (
            CollectionChannelListing.objects.filter(collection=collection)
            .select_related("channel")
            .order_by("pk")
        )
    return scoped_rows(info, listings)


@collection_type.field("products")
def resolve_products(obj, info, **args):
    from catalog.graphql.product_connection import products_connection

    collection = unwrap(obj)
    slug = obj.channel_slug if isinstance(obj, ChannelContext) else None
    channel = request_channel(info, slug, staff_may_omit=sees_all_products(info))
    queryset = Product.objects.filter(collectionproduct__collection=collection)
    return products_connection(info, queryset, args, channel=channel, collection_id=collection.pk)


bindables = [query, collection_type, collection_listing_type]
cost_map = {
    "Query": {"collections": {"complexity": 1, "multipliers": ["first", "last"]}},
    "Collection": {"products": {"complexity": 1, "multipliers": ["first", "last"]}},
}
