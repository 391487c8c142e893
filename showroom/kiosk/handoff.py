"""The kiosk hands its cart to the shopper's phone: a checkout in the showroom's channel with
the cart's lines and no delivery yet, opened on the phone by the storefront's claim link
(storefront.views.handoff), where the shopper gives an address and pays."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from showroom.kiosk.orders import LANGUAGE_CODES, KioskLine
from showroom.models import KioskDevice
from showroom.place_checkout import place_channel
from storefront.models import Checkout
from storefront.services.checkout import checkout_create
from storefront.services.checkout_lines import LineInput


@dataclass(frozen=True)
class Handoff:
    checkout: Checkout
    url: str


def claim_url(checkout: Checkout) -> str:
    path = reverse("storefront:cart-claim", args=[checkout.pk])
    return settings.STOREFRONT_URL.rstrip("/") + path


def kiosk_handoff_create(
    *, device: KioskDevice, lines: Sequence[KioskLine], language: str = "zh-Hans"
) -> Handoff:
    """A checkout of `lines` for delivery (checked against the stock that ships within China)
    and the link that opens it on a phone; ValidationFailed as checkoutCreate raises it."""
    checkout = checkout_create(
        channel=place_channel(device.place),
        lines=[LineInput(variant_id=line.variant_id, quantity=line.quantity) for line in lines],
        language_code=LANGUAGE_CODES.get(language, "zh-hans"),
    )
    return Handoff(checkout=checkout, url=claim_url(checkout))
