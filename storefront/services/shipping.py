"""Writes of shipping zones, shipping methods and their channel listings (Saleor's rules)."""

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from catalog.models import Channel, Division, Warehouse
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id
from storefront.models import (
    RemoteArea,
    ShippingMethod,
    ShippingMethodChannelListing,
    ShippingMethodType,
    ShippingZone,
)

COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
MAX_DECIMAL = Decimal("1e9")
DUPLICATED_MESSAGE = "The same object cannot be in both lists for adding and removing items."


def check_add_remove_duplicates(
    data: Mapping[str, Any], pairs: Iterable[tuple[str, str, str]]
) -> None:
    """Saleor's check_for_duplicates over raw IDs: (add_key, remove_key, error_field)."""
    errors = []
    for add_key, remove_key, field in pairs:
        duplicated = sorted(set(data.get(add_key) or []) & set(data.get(remove_key) or []))
        if duplicated:
            errors.append(
                FieldError(
                    field, "DUPLICATED_INPUT_ITEM", DUPLICATED_MESSAGE, extra={field: duplicated}
                )
            )
    if errors:
        raise ValidationFailed(errors)


def _clean_zone(zone: ShippingZone, data: Mapping[str, Any]) -> None:
    errors = []
    if "name" in data:
        if not (data.get("name") or "").strip():
            errors.append(FieldError("name", "REQUIRED", "This field cannot be blank."))
        elif len(data["name"]) > 100:
            errors.append(
                FieldError(
                    "name",
                    "INVALID",
                    f"Ensure this value has at most 100 characters (it has {len(data['name'])}).",
                )
            )
    countries = [code.strip().upper() for code in data.get("countries") or []]
    if any(not COUNTRY_CODE.match(code) for code in countries):
        invalid = [code for code in countries if not COUNTRY_CODE.match(code)]
        errors.append(FieldError("countries", "INVALID", f"'{invalid[0]}' is not a valid choice."))
    if errors:
        raise ValidationFailed(errors)
    if data.get("default"):
        others = ShippingZone.objects.filter(default=True)
        if zone.pk:
            others = others.exclude(pk=zone.pk)
        if others.exists():
            raise ValidationFailed.single(
                "default", "ALREADY_EXISTS", "Default shipping zone already exists."
            )


def _check_warehouses(
    zone: ShippingZone, warehouses: Sequence[Warehouse], channel_pks: set[int]
) -> None:
    """Saleor: only warehouses sharing a channel with the zone can be assigned."""
    through = Warehouse.channels.through
    shared = set(
        through.objects.filter(warehouse__in=warehouses, channel_id__in=channel_pks).values_list(
            "warehouse_id", flat=True
        )
    )
    invalid = [to_global_id("Warehouse", w.pk) for w in warehouses if w.pk not in shared]
    if invalid:
        raise ValidationFailed.single(
            "addWarehouses",
            "INVALID",
            "Only warehouses that have common channel with shipping zone can be assigned.",
            warehouses=invalid,
        )


def _apply_zone(zone: ShippingZone, data: Mapping[str, Any]) -> ShippingZone:
    _clean_zone(zone, data)
    if "name" in data:
        zone.name = data["name"].strip()
    if data.get("description") is not None:
        zone.description = data["description"]
    if data.get("countries") is not None:
        codes = dict.fromkeys(code.strip().upper() for code in data["countries"])
        zone.countries = ",".join(codes)
    if data.get("default") is not None:
        zone.default = bool(data["default"])
    add_channels: Sequence[Channel] = data.get("add_channels") or []
    remove_channels: Sequence[Channel] = data.get("remove_channels") or []
    add_warehouses: Sequence[Warehouse] = data.get("add_warehouses") or []
    current = set(zone.channels.values_list("pk", flat=True)) if zone.pk else set()
    channel_pks = (current - {c.pk for c in remove_channels}) | {c.pk for c in add_channels}
    if add_warehouses:
        _check_warehouses(zone, add_warehouses, channel_pks)
    zone.save()
    zone.channels.add(*add_channels)
    zone.warehouses.add(*add_warehouses)
    zone.divisions.add(*(data.get("add_divisions") or []))
    zone.warehouses.remove(*(data.get("remove_warehouses") or []))
    zone.divisions.remove(*(data.get("remove_divisions") or []))
    if remove_channels:
        zone.channels.remove(*remove_channels)
        ShippingMethodChannelListing.objects.filter(
            shipping_method__shipping_zone=zone, channel__in=remove_channels
        ).delete()
    return zone


@transaction.atomic
def shipping_zone_create(*, data: Mapping[str, Any]) -> ShippingZone:
    """Create a zone from ShippingZoneCreateInput (snake_case keys; channels, warehouses and
    divisions already resolved to instances)."""
    if "name" not in data:
        data = {**data, "name": ""}
    return _apply_zone(ShippingZone(), data)


@transaction.atomic
def shipping_zone_update(*, zone: ShippingZone, data: Mapping[str, Any]) -> ShippingZone:
    """Update a zone from ShippingZoneUpdateInput; removing a channel drops the zone's method
    listings in that channel, as Saleor does."""
    return _apply_zone(zone, data)


@transaction.atomic
def shipping_zone_delete(*, zone: ShippingZone) -> ShippingZone:
    """Delete a zone with its methods; returns the instance still carrying its old pk."""
    pk = zone.pk
    zone.delete()
    zone.pk = pk
    return zone


def _clean_method(method: ShippingMethod, data: Mapping[str, Any]) -> None:
    errors = []
    if "name" in data and not (data.get("name") or "").strip():
        errors.append(FieldError("name", "REQUIRED", "This field cannot be blank."))
    if not method.pk and not data.get("shipping_zone"):
        errors.append(FieldError("shippingZone", "REQUIRED", "This field cannot be null."))
    if not method.pk and not data.get("type"):
        errors.append(FieldError("type", "REQUIRED", "This field cannot be null."))
    for key, field in (
        ("minimum_order_weight", "minimumOrderWeight"),
        ("maximum_order_weight", "maximumOrderWeight"),
    ):
        if data.get(key) is not None and Decimal(data[key]) < 0:
            errors.append(FieldError(field, "INVALID", "Shipping can't have negative weight."))
    for key, field, label in (
        ("minimum_delivery_days", "minimumDeliveryDays", "Minimum"),
        ("maximum_delivery_days", "maximumDeliveryDays", "Maximum"),
    ):
        if data.get(key) is not None and data[key] < 0:
            errors.append(FieldError(field, "INVALID", f"{label} delivery days must be positive."))
    if errors:
        raise ValidationFailed(errors)
    low = data.get("minimum_order_weight", method.minimum_order_weight)
    high = data.get("maximum_order_weight", method.maximum_order_weight)
    if low is not None and high is not None and Decimal(high) <= Decimal(low):
        raise ValidationFailed.single(
            "maximumOrderWeight",
            "MAX_LESS_THAN_MIN",
            "Maximum order weight should be larger than the minimum order weight.",
        )
    min_days = data.get("minimum_delivery_days") or method.minimum_delivery_days
    max_days = data.get("maximum_delivery_days") or method.maximum_delivery_days
    if min_days is not None and max_days is not None and min_days > max_days:
        if data.get("minimum_delivery_days") is not None:
            field, message = (
                "minimumDeliveryDays",
                ("Minimum delivery days should be lower than maximum delivery days."),
            )
        else:
            field, message = (
                "maximumDeliveryDays",
                ("Maximum delivery days should be higher than minimum delivery days."),
            )
        raise ValidationFailed.single(field, "INVALID", message)


def _apply_method(method: ShippingMethod, data: Mapping[str, Any]) -> ShippingMethod:
    _clean_method(method, data)
    for key in (
        "minimum_order_weight",
        "maximum_order_weight",
        "minimum_delivery_days",
        "maximum_delivery_days",
        "description",
    ):
        if key in data:
            setattr(method, key, data[key])
    if "name" in data:
        method.name = data["name"].strip()
    if data.get("type"):
        method.type = ShippingMethodType(data["type"]).value
    if data.get("shipping_zone"):
        method.shipping_zone = data["shipping_zone"]
    method.save()
    return method


@transaction.atomic
def shipping_method_create(*, data: Mapping[str, Any]) -> ShippingMethod:
    """Create a method from ShippingPriceInput (`shipping_zone` resolved to an instance,
    `type` the enum name)."""
    if "name" not in data:
        data = {**data, "name": ""}
    return _apply_method(ShippingMethod(), data)


@transaction.atomic
def shipping_method_update(*, method: ShippingMethod, data: Mapping[str, Any]) -> ShippingMethod:
    """Update a method from ShippingPriceInput."""
    return _apply_method(method, data)


@transaction.atomic
def shipping_method_delete(*, method: ShippingMethod) -> ShippingMethod:
    """Delete a method; returns the instance still carrying its old pk."""
    pk = method.pk
    method.delete()
    method.pk = pk
    return method


def _clean_listings(method: ShippingMethod, add: Sequence[Mapping[str, Any]]) -> None:
    zone_channels = set(method.shipping_zone.channels.values_list("pk", flat=True))
    foreign = [to_global_id("Channel", a["channel"].pk) for a in add]
    foreign = [
        gid for a, gid in zip(add, foreign, strict=True) if a["channel"].pk not in zone_channels
    ]
    if foreign:
        raise ValidationFailed.single(
            "addChannels",
            "INVALID",
            "Cannot add channels that are not assigned to the method's shipping zone.",
            channels=foreign,
        )
    listed = set(method.channel_listings.values_list("channel_id", flat=True))
    errors = []
    for item in add:
        channel_id = to_global_id("Channel", item["channel"].pk)
        if item.get("price") is None and item["channel"].pk not in listed:
            errors.append(
                FieldError(
                    "price", "REQUIRED", "This field is required.", extra={"channels": [channel_id]}
                )
            )
        for key, field in (
            ("price", "price"),
            ("minimum_order_price", "minimumOrderPrice"),
            ("maximum_order_price", "maximumOrderPrice"),
            ("remote_area_surcharge", "remoteAreaSurcharge"),
        ):
            value = item.get(key)
            if value is not None and (value < 0 or value >= MAX_DECIMAL):
                errors.append(
                    FieldError(
                        field,
                        "INVALID",
                        "Value must be between 0 and 1000000000.",
                        extra={"channels": [channel_id]},
                    )
                )
        low, high = item.get("minimum_order_price"), item.get("maximum_order_price")
        if low is not None and high is not None and high <= low:
            errors.append(
                FieldError(
                    "maximumOrderPrice",
                    "MAX_LESS_THAN_MIN",
                    "Maximum order price should be larger than the minimum order price.",
                    extra={"channels": [channel_id]},
                )
            )
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def shipping_method_channel_listing_update(
    *,
    method: ShippingMethod,
    add_channels: Sequence[Mapping[str, Any]],
    remove_channels: Sequence[Channel],
) -> ShippingMethod:
    """Add or update the method's listings (`channel` instance, `price`, `minimum_order_price`,
    `maximum_order_price`, our `remote_area_surcharge`) and remove listings in channels."""
    _clean_listings(method, add_channels)
    for item in add_channels:
        defaults: dict[str, Any] = {"currency": item["channel"].currency_code}
        for key in ("price", "minimum_order_price", "maximum_order_price", "remote_area_surcharge"):
            if key in item and (item[key] is not None or key.endswith("order_price")):
                defaults[key] = item[key]
        ShippingMethodChannelListing.objects.update_or_create(
            shipping_method=method, channel=item["channel"], defaults=defaults
        )
    method.channel_listings.filter(channel__in=remove_channels).delete()
    return method


def remote_area_set(*, division: Division, remote: bool = True) -> RemoteArea:
    """Flag (or unflag) a division as a remote area; a prefecture's flag covers its counties."""
    area, _created = RemoteArea.objects.update_or_create(
        division=division, defaults={"remote": remote}
    )
    return area
