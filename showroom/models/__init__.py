"""Offline selling: kiosk devices of showrooms, and what stations record."""

from showroom.models.kiosk import KioskDevice, hash_device_token, new_device_token

__all__ = ["KioskDevice", "hash_device_token", "new_device_token"]
