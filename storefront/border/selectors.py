"""Reads of border trade: port openings, export restrictions, FX rates and listings."""

import csv
import datetime
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.db.models import Q
from django.utils import timezone

from catalog.models import Category, Product
from storefront.border.models import (
    SELLING_STATUSES,
    BorderChannel,
    BorderListing,
    BorderPort,
    FxRate,
    PortClosure,
    PortStatus,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
RESTRICTED_FILE = DATA_DIR / "export_restricted_categories.csv"
# ISO 4217 minor units of the neighbours' currencies (and the default for others).
FRACTION_DIGITS = {"NPR": 2, "INR": 2, "CNY": 2}
# API messages are English whatever the request language (see docs/ARCHITECTURE.md).
STATUS_WORDS = {PortStatus.SUSPENDED: "suspended", PortStatus.UNVERIFIED: "not confirmed open"}


@cache
def restricted_categories() -> Mapping[str, str]:
    """Category slug → why its goods may not be exported (English, from the data file)."""
    with RESTRICTED_FILE.open(encoding="utf-8", newline="") as handle:
        return {row["category_slug"]: row["reason"] for row in csv.DictReader(handle)}


def export_restrictions(products: Iterable[Product]) -> dict[int, tuple[str, str]]:
    """Product pk → (restricted category slug, reason) for products whose category, or one of
    its ancestors, may not be exported. One query for any number of products."""
    products = [p for p in products if p.category_id is not None]
    if not products:
        return {}
    categories = Category.objects.in_bulk({p.category_id for p in products})
    wanted = {pk for c in categories.values() for pk in c.ancestor_ids()} - set(categories)
    slugs = {pk: c.slug for pk, c in categories.items()}
    slugs.update(Category.objects.filter(pk__in=wanted).values_list("pk", "slug"))
    rules = restricted_categories()
    found = {}
    for product in products:
        category = categories.get(product.category_id)
        if category is None:
            continue
        for pk in [product.category_id, *reversed(category.ancestor_ids())]:
            if slugs.get(pk) in rules:
                found[product.pk] = (slugs[pk], rules[slugs[pk]])
                break
    return found


def port_closure_at(port: BorderPort, when: datetime.datetime) -> PortClosure | None:
    return (
        PortClosure.objects.filter(port=port, starts_at__lte=when)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=when))
        .order_by("starts_at")
        .first()
    )


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def port_closed_message(port: BorderPort, when: datetime.datetime | None = None) -> str | None:
    """Why the port cannot sell at `when` (default now), naming it and the period; None if open."""
    label = f"{port.name_zh} ({port.name_en})"
    if port.status not in SELLING_STATUSES:
        as_of = f" as of {port.status_as_of}" if port.status_as_of else ""
        state = STATUS_WORDS.get(port.status, port.status)
        return f"{label} is {state}{as_of}; its goods cannot be bought."
    closure = port_closure_at(port, when or timezone.now())
    if closure is None:
        return None
    until = f"to {_local(closure.ends_at)}" if closure.ends_at else "until further notice"
    reason = f" ({closure.reason})" if closure.reason else ""
    return (
        f"{label} is closed from {_local(closure.starts_at)} {until}{reason}; "
        "its goods cannot be bought while it is closed."
    )


def border_channel_of(channel_id: int) -> BorderChannel | None:
    return BorderChannel.objects.select_related("port").filter(channel_id=channel_id).first()


def listings_by_variant(border_channel: BorderChannel, variant_ids: Iterable[int]) -> dict:
    listings = BorderListing.objects.filter(
        border_channel=border_channel, variant_id__in=list(variant_ids)
    ).select_related("port")
    return {listing.variant_id: listing for listing in listings}


def listings_by_variant_and_channel(keys: list[tuple[int, int]]) -> dict:
    """(variant pk, channel pk) → BorderListing, for the API's loaders."""
    condition = Q(pk__in=[])
    for variant_id, channel_id in keys:
        condition |= Q(variant_id=variant_id, border_channel__channel_id=channel_id)
    listings = BorderListing.objects.filter(condition).select_related(
        "port", "variant", "border_channel"
    )
    return {(lst.variant_id, lst.border_channel.channel_id): lst for lst in listings}


def fx_rate_on(currency: str, day: datetime.date) -> FxRate | None:
    """The newest rate for `currency` published on or before `day`."""
    return (
        FxRate.objects.filter(currency=currency, date__lte=day)
        .order_by("-date", "-created_at", "-pk")
        .first()
    )


def fx_rates_on(keys: list[tuple[str, datetime.date]]) -> dict:
    return {key: fx_rate_on(*key) for key in keys}


def buyer_amount(amount_cny: Decimal, rate: Decimal, currency: str) -> Decimal:
    """A CNY amount in the buyer's currency, rounded half up to its minor unit."""
    exponent = Decimal(1).scaleb(-FRACTION_DIGITS.get(currency, 2))
    return (Decimal(amount_cny) * rate).quantize(exponent, rounding=ROUND_HALF_UP)
