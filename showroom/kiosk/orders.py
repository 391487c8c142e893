"""A pickup reservation made at a kiosk: the shopper's cart becomes an order collected at the
showroom, to be paid in cash at pickup, known by the shopper's mobile number.

The kiosk names each order with a key it makes when the shopper presses the button and keeps
while the order waits in its offline queue. The `KioskOrder` row of (device, key) is written
and locked first, in the same transaction as the order, so a kiosk that sends the order again
(its answer lost, its queue replayed, two sends racing) gets the same order and nothing more
is allocated.
"""

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from catalog.addresses import normalize_cn_phone
from catalog.models import ProductVariant
from catalog.selectors.variants import checkout_quantity_limit
from infra.errors import ValidationFailed
from showroom.models import KioskDevice, KioskOrder
from showroom.place_checkout import PlaceLine, place_checkout_create
from storefront.models import Address, Order
from storefront.payments.base import PaymentSource
from storefront.payments.cash import CashGateway
from storefront.services.checkout import checkout_language_code_update
from storefront.services.checkout_complete import checkout_complete
from storefront.services.payments_sessions import transaction_initialize

MOBILE_E164 = re.compile(r"^\+861[3-9]\d{9}$")
MAX_LINES = 50
NAME_LENGTH = Address._meta.get_field("first_name").max_length
# The kiosk's language names and the checkout's language codes.
LANGUAGE_CODES = {"zh-Hans": "zh-hans", "bo": "bo", "en": "en"}


@dataclass(frozen=True)
class KioskLine:
    variant_id: int
    quantity: int


def kiosk_key_clean(raw: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        raise ValidationFailed.single(
            "idempotencyKey", "INVALID", "The idempotency key must be a UUID."
        ) from None


def kiosk_lines_clean(raw: Any) -> list[KioskLine]:
    """[{variantId, quantity}] as lines (one per variant, quantities added up)."""
    if not isinstance(raw, list) or not raw:
        raise ValidationFailed.single("lines", "REQUIRED", "Add at least one product.")
    if len(raw) > MAX_LINES:
        raise ValidationFailed.single("lines", "INVALID", f"At most {MAX_LINES} lines.")
    limit = checkout_quantity_limit() or 999
    merged: dict[int, int] = {}
    for item in raw:
        variant_id = item.get("variantId") if isinstance(item, dict) else None
        quantity = item.get("quantity") if isinstance(item, dict) else None
        if type(variant_id) is not int or type(quantity) is not int or not 1 <= quantity <= limit:
            raise ValidationFailed.single(
                "lines", "INVALID", f"Each line needs a variantId and a quantity of 1 to {limit}."
            )
        merged[variant_id] = merged.get(variant_id, 0) + quantity
    return [KioskLine(variant_id=pk, quantity=quantity) for pk, quantity in merged.items()]


def kiosk_mobile_clean(raw: Any) -> str:
    """A mainland mobile number in E.164 form."""
    phone = normalize_cn_phone(str(raw or ""))
    if phone is None or not MOBILE_E164.match(phone):
        raise ValidationFailed.single(
            "phone", "INVALID", "Enter a mainland China mobile number (11 digits)."
        )
    return phone


def _place_lines(lines: Sequence[KioskLine]) -> list[PlaceLine]:
    variants = ProductVariant.objects.in_bulk([line.variant_id for line in lines])
    missing = [line.variant_id for line in lines if line.variant_id not in variants]
    if missing:
        raise ValidationFailed.single(
            "lines", "NOT_FOUND", f"No product variant with the ids {missing}."
        )
    return [PlaceLine(variant=variants[line.variant_id], quantity=line.quantity) for line in lines]


def kiosk_reservation_place(
    *,
    device: KioskDevice,
    idempotency_key: uuid.UUID,
    lines: Sequence[KioskLine],
    phone: str,
    name: str = "",
    language: str = "zh-Hans",
) -> tuple[Order, bool]:
    """The order of this kiosk's reservation `idempotency_key`, and whether it was made now
    (False: it existed, nothing changed); ValidationFailed and nothing changed otherwise."""
    with transaction.atomic():
        record, _ = KioskOrder.objects.select_for_update().get_or_create(
            device=device, idempotency_key=idempotency_key
        )
        if record.order_id is not None:
            return Order.objects.get(pk=record.order_id), False
        phone = kiosk_mobile_clean(phone)
        name = " ".join((name or "").split())[:NAME_LENGTH]
        checkout = place_checkout_create(place=device.place, lines=_place_lines(lines))
        checkout = checkout_language_code_update(
            checkout=checkout, language_code=LANGUAGE_CODES.get(language, "zh-hans")
        )
        # The billing address is the checkout's own copy of the showroom's: it carries the
        # shopper's name and number, which the pickup counter shows.
        Address.objects.filter(pk=checkout.billing_address_id).update(
            first_name=name, last_name="", phone=phone
        )
        transaction_initialize(source=PaymentSource(checkout=checkout), gateway_id=CashGateway.id)
        # The shopper gave a phone number, not an e-mail: no confirmation is mailed.
        order = checkout_complete(checkout=checkout, require_email=False)
        record.order = order
        record.save(update_fields=["order"])
    return order, True
