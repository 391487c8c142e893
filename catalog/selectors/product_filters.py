"""Channel-dependent conditions on products that the API's filters and the shopper pages share:
a priced variant in a price range, and stock in the channel's warehouses."""

from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from catalog.models import Channel, ChannelWarehouse, ProductVariantChannelListing, Stock


def priced_variant_q(channel: Channel, condition: Q = Q()) -> Q:  # noqa: B008 - Q() is immutable
    """Products with a variant listed in `channel` whose listing meets `condition`."""
    listings = ProductVariantChannelListing.objects.filter(
        condition, variant__product_id=OuterRef("pk"), channel_id=channel.pk
    )
    return Q(Exists(listings))


def price_range_q(channel: Channel, *, gte: Decimal | None = None, lte: Decimal | None = None) -> Q:
    """Saleor's `price` filter: a variant listed in `channel` whose price is within the bounds
    (a variant listed without a price counts as within them, as in Saleor)."""
    condition = Q()
    if lte is not None:
        condition &= Q(price_amount__lte=lte) | Q(price_amount__isnull=True)
    if gte is not None:
        condition &= Q(price_amount__gte=gte) | Q(price_amount__isnull=True)
    return priced_variant_q(channel, condition)


def stocks_in_channel(channel: Channel) -> QuerySet[Stock]:
    """Stock rows in the channel's warehouses holding units beyond their allocations."""
    warehouses = ChannelWarehouse.objects.filter(
        channel_id=channel.pk, warehouse_id=OuterRef("warehouse_id")
    )
    return Stock.objects.filter(Exists(warehouses), quantity__gt=F("quantity_allocated"))


def in_stock_q(channel: Channel, *, of_variants: bool = False) -> Q:
    """Products (or variants) with stock beyond allocations in one of the channel's warehouses."""
    owner = "product_variant_id" if of_variants else "product_variant__product_id"
    return Q(Exists(stocks_in_channel(channel).filter(**{owner: OuterRef("pk")})))
