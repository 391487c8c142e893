"""Reads of shipping zones and methods: staff listings, and the methods a checkout may offer."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from catalog.models import Channel, Division, DivisionLevel
from storefront.models import (
    RemoteArea,
    ShippingMethod,
    ShippingMethodChannelListing,
    ShippingMethodType,
    ShippingZone,
)


def shipping_zones() -> QuerySet[ShippingZone]:
    """All zones, for staff."""
    return ShippingZone.objects.all()


def search_q(value: str) -> Q:
    return Q(name__icontains=value)


def in_channels_q(channel_pks: Iterable[int]) -> Q:
    return Q(
        pk__in=ShippingZone.channels.through.objects.filter(
            channel_id__in=list(channel_pks)
        ).values("shippingzone_id")
    )


@dataclass(frozen=True)
class ShippingOption:
    """A method a checkout may offer, priced for one channel and destination."""

    method: ShippingMethod
    listing: ShippingMethodChannelListing
    remote: bool

    @property
    def price(self) -> Decimal:
        surcharge = self.listing.remote_area_surcharge if self.remote else Decimal(0)
        return self.listing.price + surcharge

    @property
    def currency(self) -> str:
        return self.listing.currency


def resolve_destination_division(division: Division | str | None) -> Division | None:
    """The county-level Division for a Division or its GB/T 2260 code (None when unknown)."""
    if division is None:
        return None
    code = division if isinstance(division, str) else division.code
    return (
        Division.objects.select_related("parent__parent")
        .filter(code=code, level=DivisionLevel.COUNTY)
        .first()
    )


def _lineage(division: Division | None) -> list[int]:
    pks = []
    while division is not None:
        pks.append(division.pk)
        division = division.parent
    return pks


def _zones_for(channel: Channel, country_code: str, lineage: list[int]) -> list[ShippingZone]:
    in_channel = ShippingZone.objects.filter(channels=channel)
    if lineage:
        # A zone naming divisions covers them and what lies beneath; the nearest division
        # with zones wins (a county zone over its prefecture's, both over the country's).
        links = ShippingZone.divisions.through.objects.filter(
            division_id__in=lineage, shippingzone__channels=channel
        ).values_list("shippingzone_id", "division_id")
        by_level: dict[int, set[int]] = {}
        for zone_id, division_id in links:
            by_level.setdefault(lineage.index(division_id), set()).add(zone_id)
        if by_level:
            return list(in_channel.filter(pk__in=by_level[min(by_level)]).distinct())
    candidates = in_channel.filter(countries__contains=country_code, divisions=None)
    zones = [zone for zone in candidates if country_code in zone.country_codes]
    if zones:
        return zones
    return list(in_channel.filter(default=True, divisions=None))


def _is_remote(lineage: list[int]) -> bool:
    return bool(lineage) and RemoteArea.objects.filter(division__in=lineage, remote=True).exists()


def applicable_shipping_methods(
    *,
    channel: Channel,
    country_code: str,
    weight: Decimal,
    subtotal: Decimal,
    division: Division | str | None = None,
) -> list[ShippingOption]:
    """Methods deliverable to the destination for an order of `weight` kg costing `subtotal`
    in the channel's currency, cheapest first.

    As Saleor, price-based methods honour the listing's order-price bounds and weight-based
    methods the method's weight bounds; an inactive channel ships nothing. A destination in
    China may name its county (a Division or its code); a county flagged remote, or inside a
    flagged prefecture, adds the listing's remote-area surcharge.
    """
    if not channel.is_active:
        return []
    lineage = _lineage(resolve_destination_division(division)) if division else []
    zones = _zones_for(channel, country_code.upper(), lineage)
    if not zones:
        return []
    listings = ShippingMethodChannelListing.objects.filter(
        channel=channel, currency=channel.currency_code
    )
    methods = ShippingMethod.objects.filter(
        shipping_zone__in=zones, channel_listings__channel=channel
    ).prefetch_related(Prefetch("channel_listings", queryset=listings, to_attr="listings"))
    remote = _is_remote(lineage)
    options = []
    for method in methods:
        if not method.listings:
            continue
        listing = method.listings[0]
        if method.type == ShippingMethodType.PRICE and not _within(
            subtotal, listing.minimum_order_price, listing.maximum_order_price
        ):
            continue
        if method.type == ShippingMethodType.WEIGHT and not _within(
            weight, method.minimum_order_weight, method.maximum_order_weight
        ):
            continue
        options.append(ShippingOption(method=method, listing=listing, remote=remote))
    return sorted(options, key=lambda option: (option.price, option.method.pk))


def _within(value: Decimal, minimum: Decimal | None, maximum: Decimal | None) -> bool:
    return (minimum is None or value >= minimum) and (maximum is None or value <= maximum)
