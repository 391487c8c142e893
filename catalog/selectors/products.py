"""Reads of products: which products a caller sees, and the batched lookups the API renders.

Visibility follows Saleor: callers who may see every product (`sees_all`) see all of them, or
those listed in the channel they name; everyone else sees products published in an active
channel (publication date in the past) that have a priced variant there. The `*_by_*`
functions take many keys at once and return a dict, so a page of products costs one query
per kind of data, whatever its size.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from catalog.models import (
    AssignedProductAttributeValue,
    Attribute,
    AttributeProduct,
    AttributeValue,
    Category,
    Channel,
    Collection,
    CollectionChannelListing,
    CollectionProduct,
    Product,
    ProductChannelListing,
    ProductMedia,
    ProductTranslation,
    ProductType,
    ProductVariantChannelListing,
    Thumbnail,
)

# Columns the API never renders: the search engine's own, large on a real catalog.
UNRENDERED_COLUMNS = tuple(
    name
    for name in ("search_document", "search_vector")
    if name in {field.name for field in Product._meta.get_fields()}
)


def published_products(
    channel: Channel, *, in_listings: bool = False, products: QuerySet[Product] | None = None
) -> QuerySet[Product]:
    """Products published in an active `channel` with at least one priced variant there."""
    products = Product.objects.all() if products is None else products
    if not channel.is_active:
        return products.none()
    now = timezone.now()
    # One filter() call: every condition applies to the same (unique) listing row.
    listed = {"channel_listings__channel_id": channel.pk, "channel_listings__is_published": True}
    if in_listings:
        listed["channel_listings__visible_in_listings"] = True
    published = Q(channel_listings__published_at__lte=now) | Q(
        channel_listings__published_at__isnull=True
    )
    priced = ProductVariantChannelListing.objects.filter(
        variant__product_id=OuterRef("pk"), channel_id=channel.pk, price_amount__isnull=False
    )
    return products.filter(published, **listed).filter(Exists(priced))


def visible_products(
    channel: Channel | None,
    *,
    sees_all: bool,
    in_listings: bool = False,
    products: QuerySet[Product] | None = None,
) -> QuerySet[Product]:
    """The `products` (default: all) a caller sees in `channel` (None: named no channel).

    `in_listings` also hides, from callers who cannot see everything, products that are
    not visible in listings (lists do that; single-product lookups do not). Columns the
    API never renders are deferred.
    """
    products = Product.objects.all() if products is None else products
    products = products.defer(*UNRENDERED_COLUMNS)
    if sees_all:
        if channel is None:
            return products
        return products.filter(channel_listings__channel_id=channel.pk)
    if channel is None:
        return products.none()
    return published_products(channel, in_listings=in_listings, products=products)


def _by_channel(keys: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = defaultdict(list)
    for object_id, channel_id in keys:
        grouped[channel_id].append(object_id)
    return grouped


def products_by_id(ids: Iterable[int]) -> dict[int, Product]:
    return Product.objects.in_bulk(list(ids))


def categories_by_id(ids: Iterable[int]) -> dict[int, Category]:
    return Category.objects.in_bulk(list(ids))


def product_types_by_id(ids: Iterable[int]) -> dict[int, ProductType]:
    return ProductType.objects.in_bulk(list(ids))


def product_listings_by_product_and_channel(
    keys: Iterable[tuple[int, int]],
) -> dict[tuple[int, int], ProductChannelListing]:
    found = {}
    for channel_id, product_ids in _by_channel(keys).items():
        rows = ProductChannelListing.objects.filter(
            channel_id=channel_id, product_id__in=product_ids
        )
        found.update({(row.product_id, channel_id): row for row in rows})
    return found


def product_listings_by_product(product_ids: Iterable[int]) -> dict[int, list]:
    grouped: dict[int, list] = defaultdict(list)
    rows = ProductChannelListing.objects.filter(product_id__in=list(product_ids))
    for row in rows.select_related("channel").order_by("pk"):
        grouped[row.product_id].append(row)
    return grouped


def priced_variant_listings_by_product_and_channel(
    keys: Iterable[tuple[int, int]],
) -> dict[tuple[int, int], list[ProductVariantChannelListing]]:
    """Each product's variant prices in a channel (Saleor's product pricing input)."""
    grouped: dict[tuple[int, int], list] = defaultdict(list)
    for channel_id, product_ids in _by_channel(keys).items():
        rows = (
            ProductVariantChannelListing.objects.filter(
                channel_id=channel_id,
                variant__product_id__in=product_ids,
                price_amount__isnull=False,
            )
            .annotate(product_id=F("variant__product_id"))
            .order_by("pk")
        )
        for row in rows:
            grouped[(row.product_id, channel_id)].append(row)
    return grouped


def media_by_product(product_ids: Iterable[int]) -> dict[int, list[ProductMedia]]:
    grouped: dict[int, list[ProductMedia]] = defaultdict(list)
    for media in ProductMedia.objects.filter(product_id__in=list(product_ids)):
        grouped[media.product_id].append(media)
    return grouped


def first_media_by_product_size_and_format(
    keys: Iterable[tuple[int, int, str]],
) -> dict[tuple[int, int, str], ProductMedia]:
    """Each product's first media, with `thumbnail_image`: its stored thumbnail's file name
    at the size and format of the key, or None (one query for a page of product cards)."""
    grouped: dict[tuple[int, str], list[int]] = defaultdict(list)
    for product_id, size, image_format in keys:
        grouped[(size, image_format)].append(product_id)
    found: dict[tuple[int, int, str], ProductMedia] = {}
    for (size, image_format), product_ids in grouped.items():
        stored = Thumbnail.objects.filter(
            product_media_id=OuterRef("pk"), size=size, format=image_format
        ).values("image")[:1]
        media = (
            ProductMedia.objects.filter(product_id__in=product_ids)
            .defer("metadata", "private_metadata")  # a thumbnail never reads them
            .annotate(thumbnail_image=Subquery(stored))
            .order_by("product_id", "sort_order", "pk")
        )
        for item in media:
            found.setdefault((item.product_id, size, image_format), item)
    return found


def thumbnails_by_media_size_and_format(
    keys: Iterable[tuple[int, int, str]],
) -> dict[tuple[int, int, str], Thumbnail]:
    grouped: dict[tuple[int, str], list[int]] = defaultdict(list)
    for media_id, size, image_format in keys:
        grouped[(size, image_format)].append(media_id)
    found = {}
    for (size, image_format), media_ids in grouped.items():
        rows = Thumbnail.objects.filter(
            product_media_id__in=media_ids, size=size, format=image_format
        )
        found.update({(row.product_media_id, size, image_format): row for row in rows})
    return found


def product_attributes_by_product_type(
    keys: Iterable[tuple[int, bool]],
) -> dict[tuple[int, bool], list[Attribute]]:
    """Attributes of each product type for its products, in the type's order.

    A key is (product type id, storefront_only): storefront callers see only attributes
    marked visible in the storefront.
    """
    keys = list(keys)
    rows = (
        AttributeProduct.objects.filter(product_type_id__in={type_id for type_id, _ in keys})
        .select_related("attribute")
        .order_by("sort_order", "pk")
    )
    grouped: dict[tuple[int, bool], list[Attribute]] = defaultdict(list)
    for row in rows:
        for storefront_only in (False, True):
            if storefront_only and not row.attribute.visible_in_storefront:
                continue
            grouped[(row.product_type_id, storefront_only)].append(row.attribute)
    return grouped


def attribute_values_by_product(product_ids: Iterable[int]) -> dict[int, list[AttributeValue]]:
    grouped: dict[int, list[AttributeValue]] = defaultdict(list)
    rows = (
        AssignedProductAttributeValue.objects.filter(product_id__in=list(product_ids))
        .select_related("value__attribute")
        .order_by("sort_order", "pk")
    )
    for row in rows:
        grouped[row.product_id].append(row.value)
    return grouped


def collections_by_product(product_ids: Iterable[int]) -> dict[int, list[Collection]]:
    grouped: dict[int, list[Collection]] = defaultdict(list)
    rows = CollectionProduct.objects.filter(product_id__in=list(product_ids)).select_related(
        "collection"
    )
    for row in rows.order_by("collection__slug", "pk"):
        grouped[row.product_id].append(row.collection)
    return grouped


def collection_listings_by_collection_and_channel(
    keys: Iterable[tuple[int, int]],
) -> dict[tuple[int, int], CollectionChannelListing]:
    found = {}
    for channel_id, collection_ids in _by_channel(keys).items():
        rows = CollectionChannelListing.objects.filter(
            channel_id=channel_id, collection_id__in=collection_ids
        )
        found.update({(row.collection_id, channel_id): row for row in rows})
    return found


def product_translations_by_product_and_language(
    keys: Iterable[tuple[int, str]],
) -> dict[tuple[int, str], ProductTranslation]:
    grouped: dict[str, list[int]] = defaultdict(list)
    for product_id, language in keys:
        grouped[language].append(product_id)
    found = {}
    for language, product_ids in grouped.items():
        rows = ProductTranslation.objects.filter(language_code=language, product_id__in=product_ids)
        found.update({(row.product_id, language): row for row in rows})
    return found
