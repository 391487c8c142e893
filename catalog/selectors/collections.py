"""Reads of collections, filtered for who is asking and in which channel (Saleor's rules)."""

import datetime

from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import Channel, Collection, CollectionChannelListing, CollectionProduct

# Unpublished listings sort before every real date (keyset pagination needs non-null keys).
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def published_listings(channel: Channel) -> QuerySet[CollectionChannelListing]:
    return CollectionChannelListing.objects.filter(
        Q(published_at__isnull=True) | Q(published_at__lte=timezone.now()),
        channel=channel,
        channel__is_active=True,
        is_published=True,
    )


def collections(*, channel: Channel | None, see_unpublished: bool) -> QuerySet[Collection]:
    """Collections a caller may see.

    Callers that may see unpublished catalogue data see every collection (in `channel`, when
    one is given: those listed there); everyone else sees only those published in `channel`.
    """
    queryset = Collection.objects.all()
    if see_unpublished:
        if channel is not None:
            listed = CollectionChannelListing.objects.filter(channel=channel)
            queryset = queryset.filter(Exists(listed.filter(collection=OuterRef("pk"))))
        return queryset
    if channel is None:
        return queryset.none()
    return queryset.filter(Exists(published_listings(channel).filter(collection=OuterRef("pk"))))


def with_listings(queryset: QuerySet[Collection]) -> QuerySet[Collection]:
    return queryset.prefetch_related(
        Prefetch(
            "channel_listings",
            queryset=CollectionChannelListing.objects.select_related("channel").order_by("pk"),
            to_attr="prefetched_listings",
        )
    )


def with_sort_annotations(
    queryset: QuerySet[Collection], channel: Channel | None
) -> QuerySet[Collection]:
    """Annotate non-null keys for Saleor's sorts: `product_count`, and in `channel` the
    listing's `listing_published` and `listing_published_at`."""
    products = (
        CollectionProduct.objects.filter(collection=OuterRef("pk"))
        .order_by()
        .values("collection")
        .annotate(count=Count("pk"))
        .values("count")
    )
    queryset = queryset.annotate(
        product_count=Coalesce(Subquery(products, output_field=IntegerField()), Value(0))
    )
    listing = CollectionChannelListing.objects.filter(
        collection=OuterRef("pk"), channel=channel
    ).order_by()
    return queryset.annotate(
        listing_published=Coalesce(
            Subquery(listing.values("is_published")[:1], output_field=BooleanField()),
            Value(False),
        ),
        listing_published_at=Coalesce(
            Subquery(listing.values("published_at")[:1], output_field=DateTimeField()),
            Value(EPOCH, output_field=DateTimeField()),
        ),
    )
