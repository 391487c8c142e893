"""Shipping zones for staff: the `shippingZone(s)` queries and the ShippingZone,
ShippingMethodType and ShippingMethodChannelListing types.

Zones are fetched with everything the types render prefetched (selector side), so field
resolvers only read prefetched rows and a page costs the same number of queries at any size.
"""

from ariadne import EnumType, ObjectType, QueryType
from django.db.models import Prefetch, Q, QuerySet

from catalog.graphql.channel_context import request_channel
from catalog.graphql.pricing import money, weight
from catalog.graphql.taxonomy_common import country_display, pks_of_type, refuse_unsupported
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext, unwrap
from infra.graphql.connections import SortKey, paginate
from infra.graphql.metadata import bind_metadata
from infra.graphql.nodes import NodeType, register_node
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id_or_error
from storefront.models import (
    ShippingMethod,
    ShippingMethodChannelListing,
    ShippingMethodType,
    ShippingZone,
)
from storefront.selectors import shipping as shipping_selectors

query = QueryType()
zone_type = ObjectType("ShippingZone")
method_type = ObjectType("ShippingMethodType")
listing_type = ObjectType("ShippingMethodChannelListing")
method_type_enum = EnumType(
    "ShippingMethodTypeEnum",
    {"PRICE": ShippingMethodType.PRICE.value, "WEIGHT": ShippingMethodType.WEIGHT.value},
)


def _manage_shipping(_instance) -> list[PermissionEnum]:
    return [PermissionEnum.MANAGE_SHIPPING]


bind_metadata(zone_type, _manage_shipping, get_instance=unwrap)
bind_metadata(method_type, _manage_shipping, get_instance=unwrap)
for _node in (
    NodeType(
        "ShippingZone",
        ShippingZone,
        _manage_shipping,
        _manage_shipping,
        wrap=lambda zone: ChannelContext(zone, None),
    ),
    NodeType(
        "ShippingMethodType",
        ShippingMethod,
        _manage_shipping,
        _manage_shipping,
        wrap=lambda method: ChannelContext(method, None),
    ),
):
    register_node(_node)


def zones_for_rendering() -> QuerySet[ShippingZone]:
    """Zones with what the types render prefetched."""
    listings = ShippingMethodChannelListing.objects.select_related("channel")
    methods = ShippingMethod.objects.prefetch_related(
        Prefetch("channel_listings", queryset=listings)
    )
    return shipping_selectors.shipping_zones().prefetch_related(
        "channels",
        "warehouses",
        "divisions",
        Prefetch("shipping_methods", queryset=methods),
    )


def _filter(data: dict | None) -> Q:
    refuse_unsupported(data, {"search", "channels"}, "Filtering")
    data = data or {}
    condition = Q()
    if data.get("search"):
        condition &= shipping_selectors.search_q(data["search"])
    if data.get("channels") is not None:
        condition &= shipping_selectors.in_channels_q(pks_of_type(data["channels"], "Channel"))
    return condition


@query.field("shippingZones")
def resolve_shipping_zones(_obj, info, filter=None, channel=None, **args):
    require_one_of(info, PermissionEnum.MANAGE_SHIPPING)
    queryset = zones_for_rendering().filter(_filter(filter))
    if channel is not None:
        queryset = queryset.filter(
            shipping_selectors.in_channels_q(
                [request_channel(info, channel, staff_may_omit=True).pk]
            )
        )
    return paginate(
        queryset, info, args, SortKey(fields=("pk",)), wrap=lambda z: ChannelContext(z, channel)
    )


@query.field("shippingZone")
def resolve_shipping_zone(_obj, info, id, channel=None):
    require_one_of(info, PermissionEnum.MANAGE_SHIPPING)
    if channel is not None:
        request_channel(info, channel, staff_may_omit=True)
    zone = zones_for_rendering().filter(pk=from_global_id_or_error(id, "ShippingZone")).first()
    return None if zone is None else ChannelContext(zone, channel)


def _listing_in(method: ShippingMethod, channel_slug: str | None):
    if channel_slug is None:
        return None
    for listing in method.channel_listings.all():
        if listing.channel.slug == channel_slug:
            return listing
    return None


@zone_type.field("countries")
def resolve_countries(zone: ChannelContext, _info):
    return [country_display(code) for code in zone.node.country_codes]


@zone_type.field("channels")
def resolve_channels(zone: ChannelContext, _info):
    return list(zone.node.channels.all())


@zone_type.field("warehouses")
def resolve_warehouses(zone: ChannelContext, _info):
    return list(zone.node.warehouses.all())


@zone_type.field("divisions")
def resolve_divisions(zone: ChannelContext, _info):
    return list(zone.node.divisions.all())


@zone_type.field("description")
def resolve_zone_description(zone: ChannelContext, _info):
    return zone.node.description


def _methods(zone: ChannelContext) -> list[ShippingMethod]:
    methods = list(zone.node.shipping_methods.all())
    if zone.channel_slug is not None:
        methods = [m for m in methods if _listing_in(m, zone.channel_slug) is not None]
    return methods


@zone_type.field("shippingMethods")
def resolve_shipping_methods(zone: ChannelContext, _info):
    return [ChannelContext(method, zone.channel_slug) for method in _methods(zone)]


@zone_type.field("priceRange")
def resolve_price_range(zone: ChannelContext, _info):
    if zone.channel_slug is None:
        return None
    listings = [_listing_in(m, zone.channel_slug) for m in _methods(zone)]
    if not listings:
        return None
    prices = sorted(listing.price for listing in listings)
    currency = listings[0].currency
    return {"start": money(prices[0], currency), "stop": money(prices[-1], currency)}


@method_type.field("type")
def resolve_type(method: ChannelContext, _info):
    return method.node.type


@method_type.field("channelListings")
def resolve_channel_listings(method: ChannelContext, _info):
    return list(method.node.channel_listings.all())


@method_type.field("minimumOrderPrice")
def resolve_method_minimum_order_price(method: ChannelContext, _info):
    listing = _listing_in(method.node, method.channel_slug)
    return None if listing is None else money(listing.minimum_order_price, listing.currency)


@method_type.field("maximumOrderPrice")
def resolve_method_maximum_order_price(method: ChannelContext, _info):
    listing = _listing_in(method.node, method.channel_slug)
    return None if listing is None else money(listing.maximum_order_price, listing.currency)


@method_type.field("minimumOrderWeight")
def resolve_minimum_order_weight(method: ChannelContext, _info):
    return weight(method.node.minimum_order_weight)


@method_type.field("maximumOrderWeight")
def resolve_maximum_order_weight(method: ChannelContext, _info):
    return weight(method.node.maximum_order_weight)


def _method_attribute(name: str):
    def resolve(method: ChannelContext, _info):
        return getattr(method.node, name)

    return resolve


for _field, _attribute in (
    ("name", "name"),
    ("description", "description"),
    ("minimumDeliveryDays", "minimum_delivery_days"),
    ("maximumDeliveryDays", "maximum_delivery_days"),
):
    method_type.set_field(_field, _method_attribute(_attribute))
for _field, _attribute in (("name", "name"), ("default", "default")):
    zone_type.set_field(_field, _method_attribute(_attribute))


def _listing_money(name: str):
    def resolve(listing: ShippingMethodChannelListing, _info):
        return money(getattr(listing, name), listing.currency)

    return resolve


for _field, _attribute in (
    ("price", "price"),
    ("minimumOrderPrice", "minimum_order_price"),
    ("maximumOrderPrice", "maximum_order_price"),
    ("remoteAreaSurcharge", "remote_area_surcharge"),
):
    listing_type.set_field(_field, _listing_money(_attribute))

bindables = [query, zone_type, method_type, listing_type, method_type_enum]
cost_map = {"Query": {"shippingZones": {"complexity": 1, "multipliers": ["first", "last"]}}}
