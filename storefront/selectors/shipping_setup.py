"""The shop's shipping setup (zones, methods, prices, remote areas, the division tree) as one
in-memory snapshot, so pricing a checkout's delivery costs no query.

The setup is small and changes rarely; every checkout read needs it. A snapshot is rebuilt when
a shipping row changes (signals bump a version kept in Django's cache, at once and again after
commit, so other processes sharing the cache see it too) and at the latest after
SHIPPING_SETUP_CACHE_SECONDS, which bounds staleness when processes do not share a cache.
"""

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from catalog.models import Division
from storefront.models import (
    RemoteArea,
    ShippingMethod,
    ShippingMethodChannelListing,
    ShippingZone,
)

VERSION_KEY = "storefront:shipping-setup-version"


@dataclass(frozen=True)
class ZoneSetup:
    zone: ShippingZone
    countries: frozenset[str]
    channel_ids: frozenset[int]
    division_ids: frozenset[int]


@dataclass
class ShippingSetup:
    zones: list[ZoneSetup] = field(default_factory=list)
    # (zone id, channel id) → the zone's methods listed in that channel, with the listing.
    methods: dict[tuple[int, int], list[tuple[ShippingMethod, ShippingMethodChannelListing]]] = (
        field(default_factory=dict)
    )
    remote_division_ids: frozenset[int] = frozenset()
    division_parents: dict[int, int | None] = field(default_factory=dict)
    county_ids_by_code: dict[str, int] = field(default_factory=dict)

    def listing(self, method_id: int, channel) -> ShippingMethodChannelListing | None:
        """The method's listing in `channel`, in the channel's currency."""
        for (_zone_id, channel_id), rows in self.methods.items():
            if channel_id != channel.pk:
                continue
            for method, listing in rows:
                if method.pk == method_id and listing.currency == channel.currency_code:
                    return listing
        return None

    def lineage(self, division_id: int | None) -> list[int]:
        """The division and its ancestors, nearest first."""
        chain = []
        while division_id is not None and division_id not in chain:
            chain.append(division_id)
            division_id = self.division_parents.get(division_id)
        return chain


def _build() -> ShippingSetup:
    zone_channels: dict[int, set[int]] = defaultdict(set)
    for zone_id, channel_id in ShippingZone.channels.through.objects.values_list(
        "shippingzone_id", "channel_id"
    ):
        zone_channels[zone_id].add(channel_id)
    zone_divisions: dict[int, set[int]] = defaultdict(set)
    for zone_id, division_id in ShippingZone.divisions.through.objects.values_list(
        "shippingzone_id", "division_id"
    ):
        zone_divisions[zone_id].add(division_id)
    zones = [
        ZoneSetup(
            zone=zone,
            countries=frozenset(zone.country_codes),
            channel_ids=frozenset(zone_channels[zone.pk]),
            division_ids=frozenset(zone_divisions[zone.pk]),
        )
        for zone in ShippingZone.objects.order_by("pk")
    ]
    methods = {m.pk: m for m in ShippingMethod.objects.order_by("pk")}
    by_zone_channel: dict = defaultdict(list)
    for listing in ShippingMethodChannelListing.objects.order_by("shipping_method_id", "pk"):
        method = methods.get(listing.shipping_method_id)
        if method is not None:
            by_zone_channel[(method.shipping_zone_id, listing.channel_id)].append((method, listing))
    divisions = list(Division.objects.values_list("pk", "parent_id", "code", "level"))
    return ShippingSetup(
        zones=zones,
        methods=dict(by_zone_channel),
        remote_division_ids=frozenset(
            RemoteArea.objects.filter(remote=True).values_list("division_id", flat=True)
        ),
        division_parents={pk: parent for pk, parent, _code, _level in divisions},
        county_ids_by_code={
            code: pk for pk, _parent, code, level in divisions if level == "county"
        },
    )


_lock = threading.Lock()
_snapshot: dict = {"version": None, "built": 0.0, "setup": None}


def shipping_setup() -> ShippingSetup:
    """The current snapshot (rebuilt here when stale)."""
    version = cache.get(VERSION_KEY, 0)
    max_age = settings.SHIPPING_SETUP_CACHE_SECONDS
    with _lock:
        fresh = (
            _snapshot["setup"] is not None
            and _snapshot["version"] == version
            and time.monotonic() - _snapshot["built"] < max_age
        )
        if fresh:
            return _snapshot["setup"]
    setup = _build()
    with _lock:
        _snapshot.update(version=version, built=time.monotonic(), setup=setup)
    return setup


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)
    with _lock:
        _snapshot["setup"] = None


def shipping_setup_changed(**_signal_kwargs) -> None:
    """Receiver for writes of anything the snapshot holds: forget it now, and again once the
    write commits (another process may rebuild from the old rows in between)."""
    _bump()
    transaction.on_commit(_bump, robust=True)
