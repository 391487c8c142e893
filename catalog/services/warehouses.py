"""Writes of warehouses (county stores, showrooms, stations) and their addresses."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from catalog.addresses import ADDRESS_FIELDS, address_clean
from catalog.models import ClickAndCollectOption, Warehouse
from catalog.services.places import apply_place_fields
from catalog.services.taxonomy_common import (
    apply_metadata,
    check_slug_for_update,
    slug_for_create,
    validate_model,
)
from infra.errors import ValidationFailed

# A warehouse's address has no person's name.
WAREHOUSE_ADDRESS_FIELDS = (
    *(f for f in ADDRESS_FIELDS if f not in ("first_name", "last_name")),
    "division_id",
)


def clean_address(address: Mapping[str, Any]) -> dict[str, Any]:
    """A warehouse's address fields from AddressInput (snake_case keys), validated by the same
    rules as customers' addresses; a Tibetan district sets the warehouse's county."""
    cleaned = address_clean(address)
    return {field: cleaned[field] for field in WAREHOUSE_ADDRESS_FIELDS}


def _check_name(data: Mapping[str, Any]) -> None:
    if "name" in data and not (data["name"] or "").strip():
        raise ValidationFailed.single("name", "REQUIRED", "Name is required.")


def _check_click_and_collect(warehouse: Warehouse) -> None:
    if (
        warehouse.click_and_collect_option == ClickAndCollectOption.LOCAL_STOCK
        and warehouse.is_private
    ):
        raise ValidationFailed.single(
            "clickAndCollectOption",
            "INVALID",
            "Local warehouse can be toggled only for non-private warehouse stocks",
        )


@transaction.atomic
def warehouse_create(*, data: Mapping[str, Any]) -> Warehouse:
    """Create a warehouse from WarehouseCreateInput (snake_case keys); the address must be
    complete for its country. A missing slug comes from the name."""
    _check_name(data)
    name = (data.get("name") or "").strip()
    warehouse = Warehouse(
        name=name,
        slug=slug_for_create(Warehouse, data.get("slug"), name) or "",
        email=data.get("email") or "",
        external_reference=data.get("external_reference"),
        **clean_address(data.get("address") or {}),
    )
    apply_metadata(warehouse, metadata=data.get("metadata"))
    apply_place_fields(warehouse, data)
    validate_model(warehouse)
    warehouse.save()
    return warehouse


@transaction.atomic
def warehouse_update(*, warehouse: Warehouse, data: Mapping[str, Any]) -> Warehouse:
    """Update a warehouse from WarehouseUpdateInput (snake_case keys, enum values as stored).

    A new address replaces the old one whole, as Saleor's address form does.
    """
    warehouse = Warehouse.objects.select_for_update().get(pk=warehouse.pk)
    _check_name(data)
    check_slug_for_update(data)
    if data.get("name") is not None:
        warehouse.name = data["name"].strip()
    for field in ("slug", "email", "external_reference", "is_private", "click_and_collect_option"):
        if field in data and (data[field] is not None or field == "external_reference"):
            setattr(warehouse, field, data[field])
    if data.get("address") is not None:
        for field, value in clean_address(data["address"]).items():
            setattr(warehouse, field, value)
    apply_place_fields(warehouse, data)
    _check_click_and_collect(warehouse)
    validate_model(warehouse)
    warehouse.save()
    return warehouse
