"""Collection mutations: create, update, delete, add/remove products, channel listings."""

import datetime
from collections import Counter

from ariadne import MutationType

from catalog.graphql.taxonomy_common import decode_ids, node_or_error, nodes_or_error
from catalog.models import Channel, Collection, Product
from catalog.services import collections as collection_services
from infra.accounts.permissions import PermissionEnum
from infra.errors import FieldError, ValidationFailed
from infra.graphql.channel_context import ChannelContext
from infra.graphql.mutations import perform
from infra.graphql.permissions import require_one_of

mutation = MutationType()
DUPLICATED = "DUPLICATED_INPUT_ITEM"


def _payload(collection: Collection) -> dict:
    return {"collection": ChannelContext(node=collection, channel_slug=None)}


def _collection(global_id: str, field: str = "id") -> Collection:
    return node_or_error(global_id, "Collection", Collection.objects.all(), field=field)


def _products(global_ids: list[str]) -> list[Product]:
    return nodes_or_error(global_ids, "Product", Product.objects.all(), field="products")


@mutation.field("collectionCreate")
def resolve_collection_create(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def create():
        products = _products(input["products"]) if input.get("products") else []
        collection = collection_services.collection_create(
            name=input.get("name"),
            slug=input.get("slug"),
            description=input.get("description"),
            seo=input.get("seo"),
            background_image=input.get("background_image"),
            background_image_alt=input.get("background_image_alt"),
            products=products,
            metadata=input.get("metadata"),
            private_metadata=input.get("private_metadata"),
        )
        return _payload(collection)

    return perform(create)


@mutation.field("collectionUpdate")
def resolve_collection_update(_obj, info, id, input):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def update():
        collection = collection_services.collection_update(collection=_collection(id), data=input)
        return _payload(collection)

    return perform(update)


@mutation.field("collectionDelete")
def resolve_collection_delete(_obj, info, id):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def delete():
        return _payload(collection_services.collection_delete(collection=_collection(id)))

    return perform(delete)


@mutation.field("collectionAddProducts")
def resolve_collection_add_products(_obj, info, collection_id, products):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def add():
        collection = _collection(collection_id, field="collectionId")
        collection_services.collection_add_products(
            collection=collection, products=_products(products)
        )
        return _payload(collection)

    return perform(add)


@mutation.field("collectionRemoveProducts")
def resolve_collection_remove_products(_obj, info, collection_id, products):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def remove():
        collection = _collection(collection_id, field="collectionId")
        collection_services.collection_remove_products(
            collection=collection, products=_products(products)
        )
        return _payload(collection)

    return perform(remove)


def _duplicate_errors(add_ids: list[str], remove_ids: list[str]) -> list[FieldError]:
    """Saleor's `clean_channels` checks, all reported together."""
    errors = []
    both = sorted(set(add_ids) & set(remove_ids))
    if both:
        errors.append(
            FieldError(
                "input",
                DUPLICATED,
                "The same object cannot be in both lists for adding and removing items.",
                extra={"channels": both},
            )
        )
    for field, ids in (("addChannels", add_ids), ("removeChannels", remove_ids)):
        repeated = sorted(gid for gid, count in Counter(ids).items() if count > 1)
        if repeated:
            errors.append(
                FieldError(
                    field, DUPLICATED, "Duplicated channel ID.", extra={"channels": repeated}
                )
            )
    return errors


def _publication(listing: dict) -> dict:
    fields = {}
    if "is_published" in listing:
        fields["is_published"] = listing["is_published"]
    if listing.get("publication_date") is not None:
        day = listing["publication_date"]
        fields["published_at"] = datetime.datetime.combine(day, datetime.time(), datetime.UTC)
    elif "published_at" in listing:
        fields["published_at"] = listing["published_at"]
    return fields


@mutation.field("collectionChannelListingUpdate")
def resolve_collection_channel_listing_update(_obj, info, id, input):
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)

    def update():
        collection = _collection(id)
        add = input.get("add_channels") or []
        add_ids = [listing["channel_id"] for listing in add]
        remove_ids = input.get("remove_channels") or []
        errors = _duplicate_errors(add_ids, remove_ids)
        if errors:
            raise ValidationFailed(errors)
        channels = nodes_or_error(add_ids, "Channel", Channel.objects.all(), field="channelId")
        remove_pks = decode_ids(remove_ids, "Channel", field="removeChannels")
        both_dates = [
            listing["channel_id"]
            for listing in add
            if listing.get("publication_date") is not None and "published_at" in listing
        ]
        if both_dates:
            raise ValidationFailed.single(
                "publicationDate",
                "INVALID",
                "Only one of argument: publicationDate or publishedAt must be specified.",
                channels=both_dates,
            )
        collection_services.collection_channel_listing_update(
            collection=collection,
            add_channels=[
                (channel, _publication(listing))
                for channel, listing in zip(channels, add, strict=True)
            ],
            remove_channel_ids=remove_pks,
        )
        return _payload(collection)

    return perform(update)


bindables = [mutation]
