"""Reads of shipping zones and methods: staff listings, and the methods a checkout may offer."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet

from catalog.models import Channel, Division
from storefront.models import (
    ShippingMethod,
    ShippingMethodChannelListing,
    ShippingMethodType,
    ShippingZone,
)
from storefront.selectors.shipping_setup import ShippingSetup, ZoneSetup, shipping_setup


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


def _zones_for(
    setup: ShippingSetup, channel: Channel, country_code: str, lineage: list[int]
) -> list[ZoneSetup]:
    in_channel = [z for z in setup.zones if channel.pk in z.channel_ids]
    if lineage:
        # A zone naming divisions covers them and what lies beneath; the nearest division
        # with zones wins (a county zone over its prefecture's, both over the country's).
        for division_id in lineage:
            zones = [z for z in in_channel if division_id in z.division_ids]
            if zones:
                return zones
    undivided = [z for z in in_channel if not z.division_ids]
    zones = [z for z in undivided if country_code in z.countries]
    return zones or [z for z in undivided if z.zone.default]


def _destination(setup: ShippingSetup, division: Division | str | int | None) -> int | None:
    if division is None:
        return None
    if isinstance(division, Division):
        return division.pk
    if isinstance(division, int):
        return division
    return setup.county_ids_by_code.get(division)


def applicable_shipping_methods(
    *,
    channel: Channel,
    country_code: str,
    weight: Decimal,
    subtotal: Decimal,
    division: Division | str | int | None = None,
) -> list[ShippingOption]:
    """Methods deliverable to the destination for an order of `weight` kg costing `subtotal`
    in the channel's currency, cheapest first.

    As Saleor, price-based methods honour the listing's order-price bounds and weight-based
    methods the method's weight bounds; an inactive channel ships nothing. A destination in
    China may name its county (a Division, its pk or its GB/T 2260 code); a county flagged
    remote, or inside a flagged prefecture, adds the listing's remote-area surcharge. Reads
    the shipping setup snapshot: no query.
    """
    if not channel.is_active:
        return []
    setup = shipping_setup()
    lineage = setup.lineage(_destination(setup, division))
    zones = _zones_for(setup, channel, country_code.upper(), lineage)
    remote = bool(setup.remote_division_ids.intersection(lineage))
    options = []
    for zone in zones:
        for method, listing in setup.methods.get((zone.zone.pk, channel.pk), ()):
            if listing.currency != channel.currency_code:
                continue
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
