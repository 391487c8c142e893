"""ProductMedia and Image: media URLs and thumbnails, made on demand by /thumbnail/."""

from functools import cache

from ariadne import ObjectType
from django.urls import reverse
from graphql import GraphQLResolveInfo

from catalog.graphql.loaders import ThumbnailByMediaIdSizeAndFormatLoader, siblings_of
from catalog.models import ProductMedia, Thumbnail
from catalog.thumbnails import ORIGINAL, thumbnail_format, thumbnail_size
from infra.accounts.permissions import PermissionEnum
from infra.graphql.metadata import bind_metadata
from infra.graphql.nodes import NodeType, register_node
from infra.ids import to_global_id

media_type = ObjectType("ProductMedia")


def _manage_products(_instance: object) -> list[PermissionEnum]:
    return [PermissionEnum.MANAGE_PRODUCTS]


bind_metadata(media_type, _manage_products)
register_node(
    NodeType(
        name="ProductMedia",
        model=ProductMedia,
        metadata_permissions=_manage_products,
        private_metadata_permissions=_manage_products,
    )
)


def absolute_url(info: GraphQLResolveInfo, url: str) -> str:
    """`url` made absolute on this request's host (Saleor answers absolute URLs)."""
    if not url.startswith("/"):
        return url  # already absolute (S3)
    cache = info.context.cache
    if "absolute_url_root" not in cache:
        cache["absolute_url_root"] = info.context.request.build_absolute_uri("/")[:-1]
    return cache["absolute_url_root"] + url


def _thumbnail_storage():
    return Thumbnail._meta.get_field("image").storage


@cache
def _proxy_path_template() -> str:
    return reverse("thumbnail", kwargs={"instance_id": "INSTANCE", "size": 0})


def thumbnail_url(
    info: GraphQLResolveInfo,
    media: ProductMedia,
    size: int,
    image_format: str,
    stored_name: str | None = None,
) -> str:
    """The stored thumbnail's URL, or the endpoint that makes it (Saleor's proxy URL).

    `stored_name`: the thumbnail's file name when the caller already looked it up.
    """
    if stored_name is None:
        stored = ThumbnailByMediaIdSizeAndFormatLoader.of(info).load(
            (media.pk, size, image_format),
            ((m.pk, size, image_format) for m in siblings_of(media)),
        )
        stored_name = stored.image.name if stored is not None else None
    if stored_name:
        return absolute_url(info, _thumbnail_storage().url(stored_name))
    # Reversed once: a page of products builds many of these URLs.
    path = _proxy_path_template().replace("INSTANCE", to_global_id("ProductMedia", media.pk))
    path = path.removesuffix("0/") + f"{size}/"
    if image_format != ORIGINAL:
        path += f"{image_format}/"
    return absolute_url(info, path)


@media_type.field("id")
def resolve_id(media: ProductMedia, _info) -> str:
    return to_global_id("ProductMedia", media.pk)


@media_type.field("productId")
def resolve_product_id(media: ProductMedia, _info) -> str:
    return to_global_id("Product", media.product_id)


@media_type.field("url")
def resolve_url(media: ProductMedia, info, size: int | None = None, format: str | None = None):
    if media.external_url:
        return media.external_url
    if not media.image:
        return ""
    if size == 0:
        return absolute_url(info, media.image.url)
    return thumbnail_url(info, media, thumbnail_size(size), thumbnail_format(format))


bindables = [media_type]
cost_map = {"ProductMedia": {"url": {"complexity": 1}}}
