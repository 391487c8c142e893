"""Assisted ordering (代买) at a village station: the operator orders for a villager and takes
the cash at once; the goods come to the station and are handed out later by pickup code.

The order goes through the storefront's own services, as the counter sale does: a checkout
collected at the place (its click-and-collect option decides where the goods come from: its own
shelf when LOCAL, any warehouse of the channel when ALL), a cash payment, checkoutComplete
(which allocates the stock and gives the order its pickup code), then orderMarkAsPaid since the
cash is in the operator's hand. All in one transaction: a refused order leaves nothing behind.

The villager's name and phone go on the order's billing address only, and the marks of the
assistance (place, operator) in its private metadata: neither is public. Villagers often have
no e-mail (and may have no phone), so the order's e-mail is the operator's: the confirmation,
with the pickup code, reaches the station.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery

from catalog.models import (
    Channel,
    PlaceKind,
    ProductVariant,
    ProductVariantChannelListing,
    Warehouse,
)
from catalog.selectors.products import published_products
from catalog.selectors.search import search_products
from catalog.selectors.variants import priced_in
from infra.errors import FieldError, ValidationFailed
from showroom.counter import counter_lines
from showroom.place_checkout import place_channel, place_checkout_create
from storefront.models import Order
from storefront.payments.base import PaymentSource
from storefront.payments.cash import CashGateway
from storefront.services.checkout_complete import checkout_complete
from storefront.services.payments_actions import order_mark_as_paid
from storefront.services.payments_sessions import transaction_initialize

ASSISTED_KINDS = (PlaceKind.STATION, PlaceKind.SHOWROOM)
ASSISTED_BY_PLACE = "assisted_by_place"
ASSISTED_BY_OPERATOR = "assisted_by_operator"
MAX_QUANTITY = 999
NAME_LENGTH = 256
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{4,30}$")
SEARCH_LIMIT = 20


@dataclass(frozen=True)
class SearchHit:
    variant: ProductVariant
    price: Decimal | None


def assisted_villager_clean(name: str, phone: str) -> tuple[str, str]:
    """The villager's name (required) and phone (optional, digits with + - or spaces)."""
    name = " ".join((name or "").split())
    phone = " ".join((phone or "").split())
    errors = []
    if not name:
        errors.append(
            FieldError(
                "villagerName",
                "REQUIRED",
                "Enter the villager's name.",
                extra={"message_zh": "请填写村民姓名。"},
            )
        )
    elif len(name) > NAME_LENGTH:
        errors.append(
            FieldError(
                "villagerName",
                "INVALID",
                "The name is too long.",
                extra={"message_zh": "姓名过长。"},
            )
        )
    if phone and not PHONE.match(phone):
        errors.append(
            FieldError(
                "villagerPhone",
                "INVALID",
                "Enter a phone number in digits, or nothing.",
                extra={"message_zh": "电话号码请只填数字，没有可不填。"},
            )
        )
    if errors:
        raise ValidationFailed(errors)
    return name, phone


def assisted_order_place(
    *,
    place: Warehouse,
    lines: Sequence[tuple[ProductVariant | str, int]],
    villager_name: str,
    villager_phone: str = "",
    operator: Any,
) -> Order:
    """Order `lines` (variant or SKU/product URL, quantity) for a villager, collected at
    `place`, paid in cash now: an unfulfilled, paid order with a pickup code, its stock
    allocated; or ValidationFailed and nothing changed."""
    if place.kind not in ASSISTED_KINDS:
        raise ValidationFailed.single(
            "place", "INVALID", "Only stations and showrooms order for villagers."
        )
    name, phone = assisted_villager_clean(villager_name, villager_phone)
    email = getattr(operator, "email", "") or place.email
    if not email:
        raise ValidationFailed.single(
            "email", "REQUIRED", "The operator needs an e-mail address for the order's notices."
        )
    ordered = counter_lines(lines, max_quantity=MAX_QUANTITY)
    with transaction.atomic():
        checkout = place_checkout_create(place=place, lines=ordered, email=email)
        address = checkout.billing_address
        address.first_name, address.last_name, address.phone = name, "", phone
        address.save(update_fields=["first_name", "last_name", "phone"])
        checkout.private_metadata = {
            **checkout.private_metadata,
            ASSISTED_BY_PLACE: str(place.pk),
            ASSISTED_BY_OPERATOR: str(operator.pk),
        }
        checkout.save(update_fields=["private_metadata"])
        transaction_initialize(
            source=PaymentSource(checkout=checkout), gateway_id=CashGateway.id, user=operator
        )
        order = checkout_complete(checkout=checkout, user=operator)
        order = order_mark_as_paid(order=order, transaction_reference="assisted", user=operator)
    return order


def assisted_products_search(*, place: Warehouse, text: str) -> list[SearchHit]:
    """Variants of the products the place's channel sells whose product matches `text`, best
    match first, with their price in the channel (at most SEARCH_LIMIT)."""
    text = (text or "").strip()
    if not text:
        return []
    channel: Channel = place_channel(place)
    products = search_products(published_products(channel), text).order_by("-search_rank", "pk")
    product_ids = list(products.values_list("pk", flat=True)[:SEARCH_LIMIT])
    rank = {pk: index for index, pk in enumerate(product_ids)}
    variants: QuerySet[ProductVariant] = (
        ProductVariant.objects.filter(product_id__in=product_ids)
        .filter(priced_in(channel.pk))
        .select_related("product")
        .annotate(
            channel_price=Subquery(
                ProductVariantChannelListing.objects.filter(
                    variant_id=OuterRef("pk"), channel_id=channel.pk
                ).values("price_amount")[:1]
            )
        )
    )
    hits = sorted(variants, key=lambda v: (rank[v.product_id], v.sort_order or 0, v.pk))
    return [SearchHit(variant=v, price=v.channel_price) for v in hits[:SEARCH_LIMIT]]
