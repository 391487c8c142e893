"""`sortBy` of product and variant lists: Saleor's orderings, ready for keyset pagination.

Keyset pagination needs non-null sort values, so channel-dependent values (prices,
publication) are annotated with Coalesce: rows without one sort as PostgreSQL sorts NULL,
after everything ascending and before everything descending. Field lists follow Saleor's
ProductOrderField, so cursors carry the same values as Saleor's.
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    BooleanField,
    DateTimeField,
    DecimalField,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from graphql import GraphQLError

from catalog.graphql.product_filters import ChannelGetter
from catalog.models import (
    Channel,
    CollectionProduct,
    ProductChannelListing,
    ProductVariantChannelListing,
)
from infra.graphql.connections import SortKey

_LAST_AMOUNT = Value(Decimal("1e17"), output_field=DecimalField(max_digits=20, decimal_places=3))
_LAST_DATE = Value(datetime(9999, 12, 31, tzinfo=UTC), output_field=DateTimeField())


def _in_channel(model, owner: str, channel: Channel, field: str) -> Subquery:
    rows = model.objects.filter(**{owner: OuterRef("pk")}, channel_id=channel.pk)
    return Subquery(rows.values(field)[:1])


def product_sort(
    queryset: QuerySet,
    sort_by: Mapping[str, Any] | None,
    *,
    channel: ChannelGetter,
    searching: bool,
    collection_id: int | None = None,
) -> tuple[QuerySet, SortKey]:
    """The ordering of a product list: Saleor's fields per ProductOrderField, keyset-ready."""
    if not sort_by:
        if searching:
            return queryset, SortKey(fields=("search_rank", "pk"), descending=True)
        return queryset, SortKey(fields=("slug",))
    field = sort_by.get("field")
    if (field is None) == (sort_by.get("attribute_id") is None):
        raise GraphQLError("You must provide either `field` or `attributeId` to sort the products.")
    if field is None:
        raise GraphQLError("Sorting by `attributeId` is not supported.")
    descending = sort_by.get("direction") == "DESC"
    if field == "RANK":
        if not searching:
            raise GraphQLError(
                "Sorting by RANK is available only when using a search filter or search argument."
            )
        return queryset, SortKey(fields=("search_rank", "pk"), descending=descending)
    if field == "COLLECTION":
        if collection_id is None:
            raise GraphQLError(
                "Sorting by COLLECTION is available only for the `Collection.products` query."
            )
        position = CollectionProduct.objects.filter(
            collection_id=collection_id, product_id=OuterRef("pk")
        ).values("sort_order")[:1]
        queryset = queryset.annotate(
            collection_sort=Coalesce(Subquery(position, output_field=IntegerField()), Value(0))
        )
        return queryset, SortKey(fields=("collection_sort", "pk"), descending=descending)
    annotations = {
        "NAME": None,
        "PRICE": lambda: Coalesce(
            Subquery(
                ProductVariantChannelListing.objects.filter(
                    variant__product_id=OuterRef("pk"),
                    channel_id=channel().pk,
                    price_amount__isnull=False,
                )
                .order_by("price_amount")
                .values("price_amount")[:1]
            ),
            _LAST_AMOUNT,
        ),
        "MINIMAL_PRICE": lambda: Coalesce(
            _in_channel(ProductChannelListing, "product_id", channel(), "discounted_price_amount"),
            _LAST_AMOUNT,
        ),
        "TYPE": lambda: F("product_type__name"),
        "PUBLISHED": lambda: Coalesce(
            _in_channel(ProductChannelListing, "product_id", channel(), "is_published"),
            Value(False),
            output_field=BooleanField(),
        ),
        "PUBLISHED_AT": lambda: Coalesce(
            _in_channel(ProductChannelListing, "product_id", channel(), "published_at"),
            _LAST_DATE,
        ),
        "RATING": lambda: Coalesce(F("rating"), Value(1e9), output_field=FloatField()),
    }
    columns = {"LAST_MODIFIED_AT": "updated_at", "CREATED_AT": "created_at"}
    aliases = {"LAST_MODIFIED": "LAST_MODIFIED_AT", "DATE": "LAST_MODIFIED_AT"}
    aliases["PUBLICATION_DATE"] = "PUBLISHED_AT"
    field = aliases.get(field, field)
    if field in columns:
        return queryset, SortKey(fields=(columns[field], "name", "slug"), descending=descending)
    if field not in annotations:
        raise GraphQLError(f"Sorting by `{field}` is not supported.")
    if annotations[field] is None:
        return queryset, SortKey(fields=("name", "slug"), descending=descending)
    name = f"sort_{field.lower()}"
    queryset = queryset.annotate(**{name: annotations[field]()})
    return queryset, SortKey(fields=(name, "name", "slug"), descending=descending)


def variant_sort(sort_by: Mapping[str, Any] | None) -> SortKey:
    if not sort_by:
        return SortKey(fields=("sort_order", "pk"))
    if sort_by.get("field") != "LAST_MODIFIED_AT":
        raise GraphQLError(f"Sorting by `{sort_by.get('field')}` is not supported.")
    return SortKey(fields=("updated_at", "pk"), descending=sort_by.get("direction") == "DESC")
