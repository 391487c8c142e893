"""Writes of collections: their fields, their products and where they are published."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from catalog.models import Channel, Collection, CollectionChannelListing, CollectionProduct, Product
from catalog.services.taxonomy_common import (
    apply_metadata,
    apply_seo,
    check_slug_for_update,
    set_background_image,
    slug_for_create,
    validate_model,
)


def _add_products(collection: Collection, products: Sequence[Product]) -> None:
    existing = set(collection.collectionproduct.values_list("product_id", flat=True))
    last = collection.collectionproduct.aggregate(last=Max("sort_order"))["last"]
    next_order = 0 if last is None else last + 1
    rows = []
    for product in products:
        if product.pk in existing:
            continue
        existing.add(product.pk)
        rows.append(
            CollectionProduct(collection=collection, product=product, sort_order=next_order)
        )
        next_order += 1
    CollectionProduct.objects.bulk_create(rows)


@transaction.atomic
def collection_create(
    *,
    name: str | None,
    slug: str | None = None,
    description: Any = None,
    seo: Mapping[str, Any] | None = None,
    background_image: UploadedFile | None = None,
    background_image_alt: str | None = None,
    products: Sequence[Product] = (),
    metadata: Iterable[Mapping[str, Any]] | None = None,
    private_metadata: Iterable[Mapping[str, Any]] | None = None,
) -> Collection:
    """Create a collection (unpublished everywhere until listed in channels)."""
    collection = Collection(
        name=name or "",
        slug=slug_for_create(Collection, slug, name) or "",
        description=description,
    )
    apply_seo(collection, seo)
    apply_metadata(collection, metadata=metadata, private_metadata=private_metadata)
    validate_model(collection, exclude=["background_image"])
    set_background_image(collection, background_image, background_image_alt)
    collection.save()
    _add_products(collection, products)
    return collection


@transaction.atomic
def collection_update(*, collection: Collection, data: Mapping[str, Any]) -> Collection:
    """Update a collection from CollectionInput (snake_case keys)."""
    collection = Collection.objects.select_for_update().get(pk=collection.pk)
    check_slug_for_update(data)
    for field in ("name", "slug"):
        if data.get(field) is not None:
            setattr(collection, field, data[field])
    if "description" in data:
        collection.description = data["description"]
    apply_seo(collection, data.get("seo"))
    apply_metadata(
        collection, metadata=data.get("metadata"), private_metadata=data.get("private_metadata")
    )
    validate_model(collection, exclude=["background_image"])
    set_background_image(collection, data.get("background_image"), data.get("background_image_alt"))
    collection.save()
    return collection


@transaction.atomic
def collection_delete(*, collection: Collection) -> Collection:
    """Delete a collection; its products stay. Returns the deleted instance (pk kept)."""
    pk = collection.pk
    image = collection.background_image.name if collection.background_image else None
    storage = collection.background_image.storage
    Collection.objects.filter(pk=pk).delete()
    if image:
        transaction.on_commit(lambda: storage.delete(image), robust=True)
    collection.pk = pk
    return collection


@transaction.atomic
def collection_add_products(*, collection: Collection, products: Sequence[Product]) -> Collection:
    """Add products at the end of the collection; ones already in it stay where they are."""
    Collection.objects.select_for_update().filter(pk=collection.pk).first()
    _add_products(collection, products)
    return collection


@transaction.atomic
def collection_remove_products(
    *, collection: Collection, products: Sequence[Product]
) -> Collection:
    """Take products out of the collection (products not in it are ignored)."""
    collection.collectionproduct.filter(product__in=products).delete()
    return collection


@transaction.atomic
def collection_channel_listing_update(
    *,
    collection: Collection,
    add_channels: Sequence[tuple[Channel, Mapping[str, Any]]] = (),
    remove_channel_ids: Sequence[int] = (),
) -> Collection:
    """Publish the collection in channels or take it out of them.

    Each added channel comes with the fields given for it (`is_published`, `published_at`);
    publishing without a date publishes now (Saleor).
    """
    for channel, fields in add_channels:
        defaults = {key: fields[key] for key in ("is_published", "published_at") if key in fields}
        if fields.get("is_published") and not fields.get("published_at"):
            defaults["published_at"] = timezone.now()
        CollectionChannelListing.objects.update_or_create(
            collection=collection, channel=channel, defaults=defaults
        )
    if remove_channel_ids:
        CollectionChannelListing.objects.filter(
            collection=collection, channel_id__in=remove_channel_ids
        ).delete()
    return collection
