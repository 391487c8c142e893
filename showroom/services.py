"""Kiosk devices of a showroom: registered with a token shown once, recognised by the token's
hash, revoked by staff."""

import datetime

from django.db import transaction
from django.utils import timezone

from catalog.models import PlaceKind, Warehouse
from infra.errors import ValidationFailed
from showroom.models import KioskDevice, hash_device_token, new_device_token

# A kiosk calls on every request; its last_seen_at is written at most this often.
LAST_SEEN_PRECISION = datetime.timedelta(minutes=1)


@transaction.atomic
def kiosk_device_register(*, place: Warehouse, name: str) -> tuple[KioskDevice, str]:
    """A new kiosk of a showroom and its raw token (never stored: show it once)."""
    if place.kind != PlaceKind.SHOWROOM:
        raise ValidationFailed.single("place", "INVALID", "Kiosks belong to showrooms only.")
    name = (name or "").strip()
    if not name:
        raise ValidationFailed.single("name", "REQUIRED", "This field is required.")
    if len(name) > KioskDevice._meta.get_field("name").max_length:
        raise ValidationFailed.single("name", "INVALID", "The name is too long.")
    raw_token = new_device_token()
    device = KioskDevice.objects.create(
        place=place, name=name, token_hash=hash_device_token(raw_token), token_last_4=raw_token[-4:]
    )
    return device, raw_token


def kiosk_device_revoke(*, device: KioskDevice) -> KioskDevice:
    """The device's token stops working at once; the row stays for the record."""
    KioskDevice.objects.filter(pk=device.pk).update(is_active=False)
    device.is_active = False
    return device


def kiosk_device_authenticate(raw_token: str | None) -> KioskDevice | None:
    """The active kiosk holding `raw_token` (its showroom still a showroom), or None."""
    if not raw_token:
        return None
    device = (
        KioskDevice.objects.select_related("place")
        .filter(token_hash=hash_device_token(raw_token), is_active=True)
        .first()
    )
    if device is None or device.place.kind != PlaceKind.SHOWROOM:
        return None
    now = timezone.now()
    if device.last_seen_at is None or now - device.last_seen_at >= LAST_SEEN_PRECISION:
        KioskDevice.objects.filter(pk=device.pk).update(last_seen_at=now)
        device.last_seen_at = now
    return device
