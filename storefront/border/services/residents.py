"""Registering border residents and naming one on a checkout. ID numbers are hashed at once
(HMAC-SHA256 with BORDER_ID_PEPPER) and never stored, logged or echoed in messages."""

import hashlib
import hmac

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac

from infra.errors import ValidationFailed
from storefront.border.error_codes import BorderErrorCode as Code
from storefront.border.models import BorderCheckout, BorderPort, BorderResident
from storefront.border.selectors import border_channel_of
from storefront.border.validators import FormatError, IdNumber, id_number_parse
from storefront.models import Checkout
from storefront.services.checkout_delivery import checkout_lock


def _pepper() -> bytes:
    if settings.BORDER_ID_PEPPER:
        return settings.BORDER_ID_PEPPER.encode()
    return salted_hmac("storefront.border.id-pepper", "pepper").digest()


def id_hash(number: IdNumber) -> str:
    return hmac.new(_pepper(), number.number.encode(), hashlib.sha256).hexdigest()


def _parsed(id_number: str) -> IdNumber:
    try:
        return id_number_parse(id_number)
    except FormatError as error:
        raise ValidationFailed.single("idNumber", Code.INVALID_ID_NUMBER, str(error)) from None


def border_resident_register(*, id_number: str, name: str, port: BorderPort) -> BorderResident:
    """Register a resident; a number already registered is refused (UNIQUE)."""
    number = _parsed(id_number)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed.single("name", Code.REQUIRED, "Enter the resident's name.")
    try:
        with transaction.atomic():
            return BorderResident.objects.create(
                id_hash=id_hash(number),
                id_kind=number.kind,
                id_masked=number.masked,
                name=name,
                port=port,
            )
    except IntegrityError:
        raise ValidationFailed.single(
            "idNumber", Code.UNIQUE, "A border resident with this ID number is registered."
        ) from None


def border_resident_find(*, id_number: str) -> BorderResident:
    resident = (
        BorderResident.objects.filter(id_hash=id_hash(_parsed(id_number)), is_active=True)
        .select_related("port")
        .first()
    )
    if resident is None:
        raise ValidationFailed.single(
            "idNumber", Code.NOT_FOUND, "No active border resident is registered with this ID."
        )
    return resident


@transaction.atomic
def checkout_border_resident_set(*, checkout: Checkout, id_number: str) -> Checkout:
    """The checkout buys for the resident with this ID: their daily duty-free allowance is
    charged when it is completed."""
    checkout = checkout_lock(checkout)
    if border_channel_of(checkout.channel_id) is None:
        raise ValidationFailed.single(
            "id",
            Code.NOT_BORDER_CHANNEL,
            f"Channel '{checkout.channel.slug}' is not a border channel.",
        )
    resident = border_resident_find(id_number=id_number)
    BorderCheckout.objects.update_or_create(checkout=checkout, defaults={"resident": resident})
    checkout.save(update_fields=["updated_at"])
    return checkout
