"""Products: Query.products / Query.product and the Product type, as Saleor serves them."""

from ariadne import QueryType
from django.utils import timezone
from graphql import GraphQLError, GraphQLResolveInfo

from catalog.graphql.channel_context import request_channel
from catalog.graphql.channel_scope import scoped_rows
from catalog.graphql.channel_types import ChannelContextObjectType
from catalog.graphql.loaders import (
    AttributeValuesByProductIdLoader,
    AvailableQuantityByVariantIdAndChannelIdLoader,
    CategoryByIdLoader,
    CollectionChannelListingByCollectionIdAndChannelIdLoader,
    CollectionsByProductIdLoader,
    FirstMediaByProductIdSizeAndFormatLoader,
    MediaByProductIdLoader,
    PricedVariantChannelListingsByProductIdAndChannelIdLoader,
    ProductAttributesByProductTypeIdLoader,
    ProductChannelListingByProductIdAndChannelIdLoader,
    ProductChannelListingsByProductIdLoader,
    ProductTranslationByProductIdAndLanguageLoader,
    ProductTypeByIdLoader,
    VariantByIdLoader,
    load_for,
    siblings_of,
)
from catalog.graphql.media import thumbnail_url
from catalog.graphql.pricing import product_pricing, weight
from catalog.graphql.product_connection import (
    channel_of,
    products_connection,
    remember_channel,
    sees_all_products,
)
from catalog.graphql.taxonomy_common import one_of_args
from catalog.graphql.variant import product_variants_page, variants_of_product
from catalog.models import Product, ProductChannelListing
from catalog.selectors.products import visible_products
from catalog.thumbnails import PRODUCT_THUMBNAIL_SIZE, thumbnail_format, thumbnail_size
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext, unwrap
from infra.graphql.languages import supported_language
from infra.graphql.metadata import bind_metadata
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id_or_error

query = QueryType()
product_type = ChannelContextObjectType("Product")


def _manage_products(_instance: object) -> list[PermissionEnum]:
    return [PermissionEnum.MANAGE_PRODUCTS]


bind_metadata(product_type, _manage_products, get_instance=unwrap)


@query.field("products")
def resolve_products(_obj, info, channel=None, **args):
    channel_obj = request_channel(info, channel, staff_may_omit=sees_all_products(info))
    return products_connection(info, Product.objects.all(), args, channel=channel_obj)


@query.field("product")
def resolve_product(
    _obj,
    info,
    id=None,
    slug=None,
    slug_language_code=None,
    external_reference=None,
    channel=None,
) -> ChannelContext | None:
    one_of_args(id=id, slug=slug, external_reference=external_reference)
    if slug_language_code is not None:
        raise GraphQLError("Looking products up by a translated slug is not supported.")
    sees_all = sees_all_products(info)
    channel_obj = remember_channel(info, request_channel(info, channel, staff_may_omit=sees_all))
    products = visible_products(channel_obj, sees_all=sees_all)
    if id:
        products = products.filter(pk=from_global_id_or_error(id, "Product"))
    elif slug:
        products = products.filter(slug=slug)
    else:
        products = products.filter(external_reference=external_reference)
    product = products.first()
    if product is None:
        return None
    return ChannelContext(product, channel_obj.slug if channel_obj else None)


def _listing(info: GraphQLResolveInfo, root: ChannelContext) -> ProductChannelListing | None:
    channel = channel_of(info, root)
    if channel is None:
        return None
    return load_for(
        info, ProductChannelListingByProductIdAndChannelIdLoader, root.node,
        lambda p: (p.pk, channel.pk),
    )  # fmt: skip


def _media(info: GraphQLResolveInfo, product: Product) -> list:
    return load_for(info, MediaByProductIdLoader, product, lambda p: p.pk)


@product_type.field("created")
def resolve_created(root: ChannelContext, _info):
    return root.node.created_at


@product_type.field("channel")
def resolve_channel(root: ChannelContext, _info) -> str | None:
    return root.channel_slug


@product_type.field("weight")
def resolve_weight(root: ChannelContext, _info):
    return weight(root.node.weight)


@product_type.field("productType")
def resolve_product_type(root: ChannelContext, info):
    return load_for(info, ProductTypeByIdLoader, root.node, lambda p: p.product_type_id)


@product_type.field("category")
def resolve_category(root: ChannelContext, info):
    return load_for(info, CategoryByIdLoader, root.node, lambda p: p.category_id)


@product_type.field("defaultVariant")
def resolve_default_variant(root: ChannelContext, info) -> ChannelContext | None:
    variant = load_for(info, VariantByIdLoader, root.node, lambda p: p.default_variant_id)
    return None if variant is None else ChannelContext(variant, root.channel_slug)


@product_type.field("thumbnail")
def resolve_thumbnail(root: ChannelContext, info, size=PRODUCT_THUMBNAIL_SIZE, format=None):
    size, image_format = thumbnail_size(size), thumbnail_format(format)
    return product_thumbnail(info, root.node, lambda p: p.pk, size, image_format)


def product_thumbnail(info, instance, product_id_of, size: int, image_format: str | None):
    """The thumbnail of the first media of the product `product_id_of(instance)` names, batched
    over `instance`'s siblings (products, or variants and order lines pointing at them)."""
    first = load_for(
        info, FirstMediaByProductIdSizeAndFormatLoader, instance,
        lambda row: (product_id_of(row), size, image_format),
    )  # fmt: skip
    if first is None:
        return None
    if first.oembed_data.get("thumbnail_url"):
        return {"url": first.oembed_data["thumbnail_url"], "alt": first.oembed_data.get("title")}
    url = thumbnail_url(info, first, size, image_format, first.thumbnail_image or "")
    return {"url": url, "alt": first.alt}


@product_type.field("pricing")
def resolve_pricing(root: ChannelContext, info, address=None):
    channel = channel_of(info, root)
    if channel is None:
        return None
    variant_listings = load_for(
        info, PricedVariantChannelListingsByProductIdAndChannelIdLoader, root.node,
        lambda p: (p.pk, channel.pk),
    )  # fmt: skip
    if not variant_listings:
        return None
    return product_pricing(lambda: _listing(info, root), variant_listings)


@product_type.field("isAvailable")
def resolve_is_available(root: ChannelContext, info, address=None) -> bool | None:
    channel = channel_of(info, root)
    if channel is None:
        return None
    listing = _listing(info, root)
    if listing is None or not listing.is_available_for_purchase():
        return False
    loader = AvailableQuantityByVariantIdAndChannelIdLoader.of(info)
    for variant in variants_of_product(info, root.node, channel):
        sibling_keys = ((v.pk, channel.pk) for v in siblings_of(variant))
        if loader.load((variant.pk, channel.pk), sibling_keys) > 0:
            return True
    return False


@product_type.field("attributes")
def resolve_attributes(root: ChannelContext, info) -> list[dict]:
    storefront_only = not sees_all_products(info)
    attributes = load_for(
        info, ProductAttributesByProductTypeIdLoader, root.node,
        lambda p: (p.product_type_id, storefront_only),
    )  # fmt: skip
    values = load_for(info, AttributeValuesByProductIdLoader, root.node, lambda p: p.pk)
    return [
        {"attribute": attribute, "values": [v for v in values if v.attribute_id == attribute.pk]}
        for attribute in attributes
    ]


@product_type.field("channelListings")
def resolve_channel_listings(root: ChannelContext, info) -> list:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    listings = load_for(info, ProductChannelListingsByProductIdLoader, root.node, lambda p: p.pk)
    return scoped_rows(info, listings)


@product_type.field("mediaById")
def resolve_media_by_id(root: ChannelContext, info, id):
    pk = from_global_id_or_error(id, "ProductMedia")
    return next((media for media in _media(info, root.node) if media.pk == pk), None)


@product_type.field("media")
def resolve_media(root: ChannelContext, info, sort_by=None) -> list:
    media = _media(info, root.node)
    if sort_by is None:
        return media
    return sorted(media, key=lambda m: m.pk, reverse=sort_by.get("direction") == "DESC")


@product_type.field("variants")
def resolve_variants(root: ChannelContext, info) -> list[ChannelContext]:
    variants = variants_of_product(info, root.node, channel_of(info, root))
    return [ChannelContext(variant, root.channel_slug) for variant in variants]


@product_type.field("productVariants")
def resolve_product_variants(root: ChannelContext, info, **args):
    return product_variants_page(info, root, args)


@product_type.field("collections")
def resolve_collections(root: ChannelContext, info) -> list[ChannelContext]:
    collections = load_for(info, CollectionsByProductIdLoader, root.node, lambda p: p.pk)
    if not sees_all_products(info):
        channel = channel_of(info, root)
        if channel is None:
            return []
        loader = CollectionChannelListingByCollectionIdAndChannelIdLoader.of(info)

        def sibling_keys():
            for product in siblings_of(root.node):
                for collection in _collections(info, product):
                    yield (collection.pk, channel.pk)

        visible = []
        for collection in collections:
            listing = loader.load((collection.pk, channel.pk), sibling_keys())
            if listing is not None and listing.is_published and _published(listing):
                visible.append(collection)
        collections = visible
    return [ChannelContext(collection, root.channel_slug) for collection in collections]


def _collections(info: GraphQLResolveInfo, product: Product) -> list:
    return load_for(info, CollectionsByProductIdLoader, product, lambda p: p.pk)


def _published(listing) -> bool:
    return listing.published_at is None or listing.published_at <= timezone.now()


@product_type.field("translation")
def resolve_translation(root: ChannelContext, info, language_code):
    language = supported_language(language_code)
    if language is None:
        return None
    return load_for(
        info, ProductTranslationByProductIdAndLanguageLoader, root.node,
        lambda p: (p.pk, language),
    )  # fmt: skip


@product_type.field("availableForPurchaseAt")
def resolve_available_for_purchase_at(root: ChannelContext, info):
    listing = _listing(info, root)
    return None if listing is None else listing.available_for_purchase_at


@product_type.field("isAvailableForPurchase")
def resolve_is_available_for_purchase(root: ChannelContext, info) -> bool | None:
    listing = _listing(info, root)
    return None if listing is None else listing.is_available_for_purchase()


bindables = [query, product_type]
cost_map = {
    "Query": {
        "product": {"complexity": 1},
        "products": {"complexity": 1, "multipliers": ["first", "last"]},
    },
    "Product": {
        "attributes": {"complexity": 1},
        "category": {"complexity": 1},
        "channelListings": {"complexity": 1},
        "collections": {"complexity": 1},
        "defaultVariant": {"complexity": 1},
        "media": {"complexity": 1},
        "mediaById": {"complexity": 1},
        "pricing": {"complexity": 1},
        "productType": {"complexity": 1},
        "productVariants": {"complexity": 1, "multipliers": ["first", "last"]},
        "thumbnail": {"complexity": 1},
        "variants": {"complexity": 1},
    },
}
