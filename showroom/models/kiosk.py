"""Kiosk devices: the touch screens of a showroom."""

import hashlib
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def hash_device_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_device_token() -> str:
    return secrets.token_urlsafe(32)


class KioskDevice(models.Model):
    """A touch screen in a showroom, known by a token it sends with every request; only the
    token's SHA-256 hash is stored (the token is shown once, when the device is registered)."""

    place = models.ForeignKey(
        "catalog.Warehouse", related_name="kiosk_devices", on_delete=models.CASCADE
    )
    name = models.CharField(max_length=128)
    token_hash = models.CharField(max_length=64, unique=True)
    token_last_4 = models.CharField(max_length=4)
    is_active = models.BooleanField(default=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("place", "name", "pk")
        verbose_name = _("kiosk device")
        verbose_name_plural = _("kiosk devices")

    def __str__(self) -> str:
        return self.name


class KioskOrder(models.Model):
    """One order a kiosk sent, under the idempotency key the kiosk made for it: a kiosk that
    sends the same order again (its answer lost, its queue replayed) gets the same order."""

    device = models.ForeignKey(KioskDevice, related_name="orders", on_delete=models.CASCADE)
    idempotency_key = models.UUIDField()
    order = models.ForeignKey(
        "storefront.Order",
        related_name="kiosk_orders",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=("device", "idempotency_key"), name="showroom_kiosk_order_device_key"
            )
        ]
        verbose_name = _("kiosk order")
        verbose_name_plural = _("kiosk orders")

    def __str__(self) -> str:
        return str(self.idempotency_key)
