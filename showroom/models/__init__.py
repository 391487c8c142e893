"""Offline selling: kiosk devices of showrooms, and what stations record."""

from showroom.models.kiosk import KioskDevice, KioskOrder, hash_device_token, new_device_token
from showroom.models.station import StationIntake

__all__ = ["KioskDevice", "KioskOrder", "StationIntake", "hash_device_token", "new_device_token"]
