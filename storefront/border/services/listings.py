"""Listing variants in border channels, with their customs facts checked."""

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from catalog.models import ProductVariant
from infra.errors import FieldError, ValidationFailed
from storefront.border.error_codes import BorderErrorCode as Code
from storefront.border.models import BorderChannel, BorderListing, BorderPort
from storefront.border.selectors import export_restrictions
from storefront.border.validators import FormatError, country_code_check, hs_code_normalise

MAX_KG = Decimal(10) ** 9  # the column holds 12 digits, 3 of them decimals
UPDATABLE = ("hs_code", "country_of_origin", "net_weight_kg", "gross_weight_kg", "port")


def _weights_errors(net: Any, gross: Any) -> list[FieldError]:
    errors = []
    for field, value in (("netWeight", net), ("grossWeight", gross)):
        if value is None:
            errors.append(FieldError(field, Code.REQUIRED.value, f"Enter the {field}."))
        elif not Decimal(value).is_finite() or not 0 < Decimal(value) < MAX_KG:
            errors.append(
                FieldError(field, Code.INVALID_WEIGHT.value, f"{field} must be above 0 kg.")
            )
        elif Decimal(value).as_tuple().exponent < -3:
            errors.append(
                FieldError(field, Code.INVALID_WEIGHT.value, f"{field} is in kg to the gram.")
            )
    if not errors and Decimal(gross) < Decimal(net):
        errors.append(
            FieldError(
                "grossWeight",
                Code.INVALID_WEIGHT.value,
                f"The gross weight ({gross} kg) cannot be less than the net weight ({net} kg).",
            )
        )
    return errors


def _export_check(variant: ProductVariant) -> None:
    restriction = export_restrictions([variant.product]).get(variant.product_id)
    if restriction is not None:
        slug, reason = restriction
        raise ValidationFailed.single(
            "variant",
            Code.BORDER_NOT_EXPORTABLE,
            f"Products of category '{slug}' may not be exported through a border port: {reason}",
        )


def _validated(listing: BorderListing) -> BorderListing:
    errors: list[FieldError] = []
    try:
        listing.hs_code = hs_code_normalise(listing.hs_code)
    except FormatError as error:
        errors.append(FieldError("hsCode", Code.INVALID_HS_CODE.value, str(error)))
    try:
        listing.country_of_origin = country_code_check(listing.country_of_origin)
    except FormatError as error:
        errors.append(FieldError("countryOfOrigin", Code.INVALID_COUNTRY.value, str(error)))
    errors.extend(_weights_errors(listing.net_weight_kg, listing.gross_weight_kg))
    if listing.port_id != listing.border_channel.port_id:
        errors.append(
            FieldError(
                "port",
                Code.INVALID.value,
                f"The channel sells through {listing.border_channel.port.name_en}; a listing "
                "in it ships through the same port.",
            )
        )
    if errors:
        raise ValidationFailed(errors)
    _export_check(listing.variant)
    listing.export_eligible = True
    return listing


def border_listing_create(
    *,
    border_channel: BorderChannel,
    variant: ProductVariant,
    hs_code: str,
    net_weight_kg: Decimal,
    gross_weight_kg: Decimal,
    country_of_origin: str = "CN",
    port: BorderPort | None = None,
) -> BorderListing:
    """List `variant` in the border channel; refused with an error naming the field when a
    customs fact is malformed, and when its category may not be exported."""
    listing = BorderListing(
        border_channel=border_channel,
        variant=variant,
        port=port or border_channel.port,
        hs_code=hs_code,
        country_of_origin=country_of_origin,
        net_weight_kg=net_weight_kg,
        gross_weight_kg=gross_weight_kg,
    )
    _validated(listing)
    try:
        with transaction.atomic():
            listing.save()
    except IntegrityError:
        raise ValidationFailed.single(
            "variant", Code.UNIQUE, "This variant is already listed in the border channel."
        ) from None
    return listing


def border_listing_update(*, listing: BorderListing, **changes: Any) -> BorderListing:
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise TypeError(f"Unknown listing fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(listing, name, value)
    _validated(listing)
    listing.save()
    return listing
