"""Shipping mutations: shippingZoneCreate/Update/Delete, shippingPriceCreate/Update/Delete and
shippingMethodChannelListingUpdate (MANAGE_SHIPPING, as Saleor)."""

from typing import Any

from ariadne import MutationType

from catalog.graphql.taxonomy_common import node_or_error, nodes_or_error, refuse_unsupported
from catalog.models import Channel, Division, Warehouse
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.mutations import perform
from infra.graphql.permissions import require_one_of
from storefront.models import ShippingMethod, ShippingZone
from storefront.services import shipping as shipping_services

mutation = MutationType()

ZONE_REFERENCES = (
    ("add_channels", "Channel", Channel, "addChannels"),
    ("remove_channels", "Channel", Channel, "removeChannels"),
    ("add_warehouses", "Warehouse", Warehouse, "addWarehouses"),
    ("remove_warehouses", "Warehouse", Warehouse, "removeWarehouses"),
    ("add_divisions", "Division", Division, "addDivisions"),
    ("remove_divisions", "Division", Division, "removeDivisions"),
)
PRICE_INPUT_FIELDS = {
    "name",
    "description",
    "minimum_order_weight",
    "maximum_order_weight",
    "maximum_delivery_days",
    "minimum_delivery_days",
    "type",
    "shipping_zone",
}


def _in_no_channel(instance: Any) -> ChannelContext | None:
    return None if instance is None else ChannelContext(instance, None)


def _zone_data(data: dict) -> dict:
    shipping_services.check_add_remove_duplicates(
        data,
        [
            ("add_warehouses", "remove_warehouses", "warehouses"),
            ("add_channels", "remove_channels", "channels"),
            ("add_divisions", "remove_divisions", "divisions"),
        ],
    )
    cleaned = dict(data)
    for key, type_name, model, field in ZONE_REFERENCES:
        if data.get(key):
            cleaned[key] = nodes_or_error(data[key], type_name, model.objects.all(), field=field)
    return cleaned


@mutation.field("shippingZoneCreate")
def resolve_shipping_zone_create(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_SHIPPING)

    def create():
        zone = shipping_services.shipping_zone_create(data=_zone_data(input))
        return {"shipping_zone": _in_no_channel(zone)}

    return perform(create)


@mutation.field("shippingZoneUpdate")
def resolve_shipping_zone_update(_obj, info, id, input):
    require_one_of(info, PermissionEnum.MANAGE_SHIPPING)

    def update():
        zone = node_or_error(id, "ShippingZone", ShippingZone.objects.all())
        zone = shipping_services.shipping_zone_update(zone=zone, data=_zone_data(input))
        return {"shipping_zone": _in_no_channel(zone)}

    return perform(update)


@mutation.field("shippingZoneDelete")
def resolve_shipping_zone_delete(_obj, info, id):
    require_one_of(info, PermissionEnum.MANAGE_SHIPPING)

    def delete():
        zone = node_or_error(id, "ShippingZone", ShippingZone.objects.all())
        return {"shipping_zone": _in_no_channel(shipping_services.shipping_zone_delete(zone=zone))}

    return perform(delete)


def _price_data(data: dict) -> dict:
    refuse_unsupported(data, PRICE_INPUT_FIELDS, "Input")
    cleaned = dict(data)
    if data.get("shipping_zone"):
        cleaned["shipping_zone"] = node_or_error(
            data["shipping_zone"], "ShippingZone", ShippingZone.objects.all(), field="shippingZone"
        )
    return cleaned


def _method_payload(method: ShippingMethod) -> dict:
    return {
        "shipping_method": _in_no_channel(method),
        "shipping_zone": _in_no_channel(method.shipping_zone),
    }


@mutation.field("shippingPriceCreate")
def resolve_shipping_price_create(_obj, info, input):
    require_one_of(info, PermissionEnum.MANAGE_SHIPPING)

    def create():
        method = shipping_services.shipping_method_create(data=_price_data(input))
        return _method_payload(method)

    return perform(create)


@mutation.field("shippingPriceUpdate")
def resolve_shipping_price_update(_obj, info, id, input):
    require_one_of(info, PermissionEnum.MANAGE_SHIPPING)

    def update():
        method = node_or_error(id, "ShippingMethodType", ShippingMethod.objects.all())
        method = shipping_services.shipping_method_update(method=method, data=_price_data(input))
        return _method_payload(method)

    return perform(update)


@mutation.field("shippingPriceDelete")
def resolve_shipping_price_delete(_obj, info, id):
    require_one_of(info, PermissionEnum.MANAGE_SHIPPING)

    def delete():
        method = node_or_error(
            id, "ShippingMethodType", ShippingMethod.objects.select_related("shipping_zone")
        )
        return _method_payload(shipping_services.shipping_method_delete(method=method))

    return perform(delete)


@mutation.field("shippingMethodChannelListingUpdate")
def resolve_shipping_method_channel_listing_update(_obj, info, id, input):
    require_one_of(info, PermissionEnum.MANAGE_SHIPPING)

    def update():
        method = node_or_error(
            id, "ShippingMethodType", ShippingMethod.objects.select_related("shipping_zone")
        )
        add = input.get("add_channels") or []
        remove_ids = input.get("remove_channels") or []
        add_ids = [item["channel_id"] for item in add]
        shipping_services.check_add_remove_duplicates(
            {"add": add_ids, "remove": remove_ids}, [("add", "remove", "channels")]
        )
        channels = nodes_or_error(add_ids, "Channel", Channel.objects.all(), field="addChannels")
        add_channels = [
            {**{k: v for k, v in item.items() if k != "channel_id"}, "channel": channel}
            for item, channel in zip(add, channels, strict=True)
        ]
        remove = nodes_or_error(
            remove_ids, "Channel", Channel.objects.all(), field="removeChannels"
        )
        method = shipping_services.shipping_method_channel_listing_update(
            method=method, add_channels=add_channels, remove_channels=remove
        )
        return {"shipping_method": _in_no_channel(method)}

    return perform(update)


bindables = [mutation]
