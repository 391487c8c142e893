"""Shopper pages: the cart (the session's checkout), adding to it and changing its lines.

The session keeps the checkout's token; every change goes through the checkout services the
GraphQL API uses, and prices come from `fetch_checkout_info`.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from catalog.models import ProductVariant, Thumbnail
from catalog.selectors.products import (
    first_media_by_product_size_and_format,
    product_translations_by_product_and_language,
)
from catalog.selectors.variants import variant_translations_by_variant_and_language
from catalog.thumbnails import ORIGINAL
from infra.errors import ValidationFailed
from infra.ids import to_global_id
from storefront.context_processors import CHECKOUT_SESSION_KEY
from storefront.forms import CartAddForm, CartLineForm, error_text
from storefront.models import Checkout
from storefront.selectors.booking_pages import holds_until_by_line
from storefront.selectors.checkout import CheckoutInfo, checkout_by_token, fetch_checkout_info
from storefront.selectors.tour_page import slot_choice
from storefront.services import checkout as checkout_services
from storefront.services import checkout_lines as line_services
from storefront.services.checkout_lines import LineInput

THUMBNAIL_SIZES = (256, 512)


# --- the session's checkout --------------------------------------------------------------------


def storefront_channel_slug() -> str:
    return getattr(settings, "STOREFRONT_CHANNEL", "default-channel")


def shopper(request: HttpRequest):
    """The signed-in user, or None for a guest."""
    return request.user if request.user.is_authenticated else None


def session_checkout(request: HttpRequest) -> Checkout | None:
    """The checkout whose token the session holds, if it still exists and is this shopper's
    (a checkout of an account is never shown to another visitor)."""
    token = request.session.get(CHECKOUT_SESSION_KEY)
    if not token:
        return None
    checkout = checkout_by_token(token)
    if checkout is not None and checkout.user_id is not None:
        user = shopper(request)
        if user is None or user.pk != checkout.user_id:
            checkout = None
    if checkout is None:
        request.session.pop(CHECKOUT_SESSION_KEY, None)
    return checkout


def remember_checkout(request: HttpRequest, checkout: Checkout) -> None:
    request.session[CHECKOUT_SESSION_KEY] = str(checkout.pk)


# --- what the pages show about lines -----------------------------------------------------------


@dataclass
class LineRow:
    line_id: uuid.UUID
    name: str
    variant_name: str
    url: str
    quantity: int
    unit_price: Decimal
    total: Decimal
    available: bool
    # Set when the name is the untranslated Chinese one on a page in another language.
    lang: str = ""
    image: dict | None = None
    # A line booked by date: the slot's start and end, and until when its seats are held.
    booking_slot_id: int | None = None
    booking_starts_at: datetime | None = None
    booking_ends_at: datetime | None = None
    held_until: datetime | None = None

    @property
    def hold_lapsed(self) -> bool:
        return self.held_until is not None and self.held_until <= timezone.now()


def _translated(obj, translations: dict, key: tuple) -> str:
    translation = translations.get(key)
    return (translation.name if translation is not None else "") or obj.name


def _fallback_lang(translations: dict, key: tuple, language: str) -> str:
    translation = translations.get(key)
    if (translation is None or not translation.name) and not language.startswith("zh"):
        return "zh-Hans"
    return ""


def line_rows(info: CheckoutInfo) -> list[LineRow]:
    """The checkout's lines with their names in the active language, and the dates and
    holds of lines booked by date (two queries, a third with dated lines)."""
    language = get_language()
    products = product_translations_by_product_and_language(
        (line.product.pk, language) for line in info.lines
    )
    variants = variant_translations_by_variant_and_language(
        (line.variant.pk, language) for line in info.lines
    )
    rows = []
    for line in info.lines:
        variant_name = _translated(line.variant, variants, (line.variant.pk, language))
        rows.append(
            LineRow(
                line_id=line.line.pk,
                name=_translated(line.product, products, (line.product.pk, language)),
                variant_name=variant_name if line.product.product_type.has_variants else "",
                url=reverse("storefront:product", args=[line.product.slug]),
                quantity=line.line.quantity,
                unit_price=line.unit_price,
                total=line.total_price,
                available=line.variant_listing is not None
                and line.variant_listing.price_amount is not None,
                lang=_fallback_lang(products, (line.product.pk, language), language),
            )
        )
    _add_bookings(info, rows)
    return rows


def _add_bookings(info: CheckoutInfo, rows: list[LineRow]) -> None:
    dated = [line for line in info.lines if line.line.booking_slot_id is not None]
    if not dated:
        return
    held = holds_until_by_line(line.line.pk for line in dated)
    for line, row in zip(info.lines, rows, strict=True):
        slot = line.line.booking_slot
        if slot is not None:
            row.booking_slot_id = slot.pk
            row.booking_starts_at = slot.starts_at
            row.booking_ends_at = slot.ends_at
            row.held_until = held.get(line.line.pk)


def variant_names(info: CheckoutInfo, rows: list[LineRow]) -> dict[str, str]:
    """Product names by variant global ID, for errors that name variants."""
    return {
        to_global_id("ProductVariant", line.variant.pk): row.name
        for line, row in zip(info.lines, rows, strict=True)
    }


def _thumbnail_url(media, size: int, stored: str | None) -> str:
    if stored:
        return Thumbnail._meta.get_field("image").storage.url(stored)
    return f"/thumbnail/{to_global_id('ProductMedia', media.pk)}/{size}/"


def add_thumbnails(info: CheckoutInfo, rows: list[LineRow]) -> None:
    """Each row's product image as a 256/512 thumbnail pair (one query per size)."""
    product_ids = {line.product.pk for line in info.lines}
    found = first_media_by_product_size_and_format(
        (pk, size, ORIGINAL) for pk in product_ids for size in THUMBNAIL_SIZES
    )
    for line, row in zip(info.lines, rows, strict=True):
        urls = {}
        for size in THUMBNAIL_SIZES:
            media = found.get((line.product.pk, size, ORIGINAL))
            if media is None or not media.image:
                break
            urls[size] = _thumbnail_url(media, size, media.thumbnail_image)
        if len(urls) == len(THUMBNAIL_SIZES):
            row.image = {
                "src": urls[256],
                "srcset": f"{urls[256]} 256w, {urls[512]} 512w",
                "alt": media.alt,
            }


# --- pages -------------------------------------------------------------------------------------


def cart(request: HttpRequest) -> HttpResponse:
    checkout = session_checkout(request)
    info = fetch_checkout_info(checkout) if checkout is not None else None
    rows = line_rows(info) if info is not None else []
    if rows:
        add_thumbnails(info, rows)
    return render(
        request,
        "storefront/pages/cart.html",
        {"info": info, "rows": rows, "currency": info.currency if info else "CNY"},
    )


def _back(request: HttpRequest) -> str:
    """Where the shopper came from (same site only), else the cart."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return reverse("storefront:cart")


def _names_of_variant(variant_id: int) -> dict[str, str]:
    variant = ProductVariant.objects.select_related("product").filter(pk=variant_id).first()
    if variant is None:
        return {}
    language = get_language()
    translations = product_translations_by_product_and_language([(variant.product_id, language)])
    name = _translated(variant.product, translations, (variant.product_id, language))
    return {to_global_id("ProductVariant", variant.pk): name}


class CartAddDateForm(CartAddForm):
    """A product, or a date of a tour (whose variant is the slot's), and a quantity."""

    variant = forms.IntegerField(required=False)
    booking_slot = forms.IntegerField(required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("variant") is None and data.get("booking_slot") is None:
            raise forms.ValidationError("variant or booking_slot")
        return data


def booking_failure_messages(
    failure: ValidationFailed,
    names: Mapping[str, str],
    *,
    slot_id: int | None = None,
    checkout_id=None,
) -> list[str]:
    """The shopper's wording of a failure to add or change a line, dates and seats said
    as such (other errors as the cart words them)."""
    texts = []
    for error in failure.errors:
        if error.field == "bookingSlotId":
            if error.code == "REQUIRED":
                texts.append(gettext("Choose a date for your booking."))
            else:
                texts.append(gettext("This date can no longer be booked: choose another."))
        elif error.code == "INSUFFICIENT_STOCK" and slot_id is not None:
            choice = slot_choice(slot_id, checkout_id=checkout_id)
            if choice is None:
                texts.append(gettext("This date can no longer be booked: choose another."))
            else:
                texts.append(
                    gettext(
                        "Not enough seats left on %(date)s (%(count)s left): book fewer or "
                        "choose another date."
                    )
                    % {
                        "date": timezone.localtime(choice.slot.starts_at).strftime(
                            "%Y-%m-%d %H:%M"
                        ),
                        "count": choice.seats_left,
                    }
                )
        else:
            texts.append(error_text(error, names))
    return list(dict.fromkeys(texts))


@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    form = CartAddDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Choose a product and a quantity."))
        return redirect(_back(request))
    slot_id = form.cleaned_data["booking_slot"]
    variant_id = form.cleaned_data["variant"]
    if variant_id is None:
        choice = slot_choice(slot_id)
        if choice is None:
            messages.error(request, gettext("This date can no longer be booked: choose another."))
            return redirect(_back(request))
        variant_id = choice.slot.variant_id
    line = LineInput(
        variant_id=variant_id, quantity=form.cleaned_data["quantity"], booking_slot_id=slot_id
    )
    checkout = session_checkout(request)
    try:
        if checkout is None:
            checkout = checkout_services.checkout_create(
                channel=checkout_services.checkout_channel(storefront_channel_slug()),
                user=shopper(request),
                lines=[line],
                language_code=get_language(),
            )
            remember_checkout(request, checkout)
        else:
            line_services.checkout_lines_add(checkout=checkout, lines=[line])
    except ValidationFailed as failure:
        texts = booking_failure_messages(
            failure,
            _names_of_variant(line.variant_id),
            slot_id=slot_id,
            checkout_id=checkout.pk if checkout is not None else None,
        )
        for text in texts:
            messages.error(request, text)
        return redirect(_back(request))
    messages.success(request, gettext("Added to your cart."))
    return redirect("storefront:cart")


@require_POST
def cart_line_update(request: HttpRequest, line_id: uuid.UUID) -> HttpResponse:
    checkout = session_checkout(request)
    if checkout is None:
        messages.error(request, gettext("Your cart is empty."))
        return redirect("storefront:cart")
    form = CartLineForm(request.POST)
    remove = "remove" in request.POST
    if not remove and not form.is_valid():
        messages.error(request, gettext("Enter a quantity of at least 1."))
        return redirect("storefront:cart")
    info = fetch_checkout_info(checkout)
    try:
        if remove or form.cleaned_data["quantity"] == 0:
            line_services.checkout_lines_delete(checkout=checkout, line_ids=[line_id])
        else:
            line_services.checkout_lines_update(
                checkout=checkout,
                lines=[LineInput(line_id=line_id, quantity=form.cleaned_data["quantity"])],
            )
    except ValidationFailed as failure:
        changed = next((line for line in info.lines if line.line.pk == line_id), None)
        texts = booking_failure_messages(
            failure,
            variant_names(info, line_rows(info)),
            slot_id=changed.line.booking_slot_id if changed is not None else None,
            checkout_id=checkout.pk,
        )
        for text in texts:
            messages.error(request, text)
        return redirect("storefront:cart")
    messages.success(request, gettext("Your cart was updated."))
    return redirect("storefront:cart")
