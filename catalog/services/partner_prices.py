"""A partner channel's price list when it follows a base channel by a percentage.

Fixed price lists are ordinary variant channel listings of the partner's channel. A partner
with a `base_channel` instead prices every variant of the products it sells as the base price
× (100 + price_percent) / 100, rounded by its rule (Decimal arithmetic, ROUND_HALF_UP), and
`partner_prices_sync` writes those prices into the partner channel's listings. Every change of
listings ends in `product_discounted_prices_refresh`, which calls `partner_prices_follow`: after
the transaction commits, the partners following a changed product's channel re-price it, so
prices are resolved per channel everywhere (checkout, orders, GraphQL) from the listings alone.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Min, OuterRef, Q, Subquery

from catalog.models import (
    PartnerChannel,
    PriceRounding,
    ProductChannelListing,
    ProductVariantChannelListing,
)

CENT = Decimal("0.01")
STEPS = {
    PriceRounding.CENT: CENT,
    PriceRounding.TEN_CENTS: Decimal("0.1"),
    PriceRounding.YUAN: Decimal(1),
}
# Copied from the base channel's product listing when a product is listed as published.
PUBLICATION_FIELDS = (
    "is_published",
    "published_at",
    "visible_in_listings",
    "available_for_purchase_at",
)


def partner_price(*, base: Decimal, percent: Decimal, rounding: str) -> Decimal:
    """The partner's price for a base price: base × (100 + percent) / 100, rounded.

    CENT, TEN_CENTS and YUAN round half up to that step; NINETY_NINE rounds half up to the
    yuan and ends in .99 (12.40 → 11.99, 12.60 → 12.99; never below 0.99).
    """
    raw = Decimal(base) * (Decimal(100) + Decimal(percent)) / Decimal(100)
    if rounding == PriceRounding.NINETY_NINE:
        yuan = raw.quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return max(yuan, Decimal(1)) - CENT
    return raw.quantize(STEPS[PriceRounding(rounding)], rounding=ROUND_HALF_UP).quantize(CENT)


def _rule_price(partner: PartnerChannel, amount: Decimal | None) -> Decimal | None:
    if amount is None:
        return None
    return partner_price(
        base=amount, percent=partner.price_percent, rounding=partner.price_rounding
    )


def _list_new_products(
    partner: PartnerChannel, product_ids: Iterable[int], *, publish: bool
) -> None:
    """List in the partner's channel the products of the base channel it does not list yet:
    published as in the base channel when `publish`, otherwise unpublished."""
    channel = partner.channel
    base_listings = ProductChannelListing.objects.filter(
        channel_id=partner.base_channel_id, product_id__in=list(product_ids)
    ).exclude(product__channel_listings__channel_id=channel.pk)
    rows = []
    for base in base_listings:
        row = ProductChannelListing(
            product_id=base.product_id, channel=channel, currency=channel.currency_code
        )
        if publish:
            for name in PUBLICATION_FIELDS:
                setattr(row, name, getattr(base, name))
        rows.append(row)
    ProductChannelListing.objects.bulk_create(rows)


def _refresh_lowest_prices(partner: PartnerChannel, product_ids: list[int]) -> None:
    """The partner channel's product listings carry their lowest variant price there."""
    lowest = (
        ProductVariantChannelListing.objects.filter(
            variant__product_id=OuterRef("product_id"),
            channel_id=partner.channel_id,
            discounted_price_amount__isnull=False,
        )
        .order_by()
        .values("channel_id")
        .annotate(lowest=Min("discounted_price_amount"))
        .values("lowest")[:1]
    )
    ProductChannelListing.objects.filter(
        channel_id=partner.channel_id, product_id__in=product_ids
    ).update(discounted_price_amount=Subquery(lowest))


@transaction.atomic
def partner_prices_sync(
    *,
    partner: PartnerChannel,
    product_ids: Iterable[int] | None = None,
    list_new: bool = False,
    publish: bool = False,
) -> int:
    """Write the partner channel's variant prices from its base channel's; the count written.

    Products the partner's channel lists (of `product_ids`, or all) get a listing for each
    variant priced in the base channel, at the rule's price; variants no longer priced there
    lose theirs. With `list_new`, the base channel's products it does not list yet are listed
    first (`publish`: published as in the base channel, else unpublished). A partner with
    fixed prices (no base channel) is left alone.
    """
    if partner.base_channel_id is None:
        return 0
    base_products = ProductChannelListing.objects.filter(channel_id=partner.base_channel_id)
    if product_ids is not None:
        base_products = base_products.filter(product_id__in=list(product_ids))
    if list_new:
        _list_new_products(
            partner, base_products.values_list("product_id", flat=True), publish=publish
        )
    listed = ProductChannelListing.objects.filter(channel_id=partner.channel_id)
    if product_ids is not None:
        listed = listed.filter(product_id__in=list(product_ids))
    target = list(listed.values_list("product_id", flat=True))
    if not target:
        return 0
    base_prices = {
        row.variant_id: row
        for row in ProductVariantChannelListing.objects.filter(
            channel_id=partner.base_channel_id,
            variant__product_id__in=target,
            price_amount__isnull=False,
        )
    }
    own = ProductVariantChannelListing.objects.filter(
        channel_id=partner.channel_id, variant__product_id__in=target
    )
    existing = {row.variant_id: row for row in own}
    currency = partner.channel.currency_code
    to_create, to_update = [], []
    for variant_id, base in base_prices.items():
        row = existing.get(variant_id) or ProductVariantChannelListing(
            variant_id=variant_id, channel_id=partner.channel_id
        )
        values = {
            "currency": currency,
            "price_amount": _rule_price(partner, base.price_amount),
            "discounted_price_amount": _rule_price(
                partner, base.discounted_price_amount or base.price_amount
            ),
            "prior_price_amount": _rule_price(partner, base.prior_price_amount),
            "cost_price_amount": base.cost_price_amount,
        }
        if row.pk and all(getattr(row, key) == value for key, value in values.items()):
            continue
        for key, value in values.items():
            setattr(row, key, value)
        (to_update if row.pk else to_create).append(row)
    ProductVariantChannelListing.objects.bulk_create(to_create)
    ProductVariantChannelListing.objects.bulk_update(
        to_update,
        [
            "currency",
            "price_amount",
            "discounted_price_amount",
            "prior_price_amount",
            "cost_price_amount",
        ],
    )
    own.exclude(variant_id__in=list(base_prices)).delete()
    _refresh_lowest_prices(partner, target)
    return len(to_create) + len(to_update)


def _follow(product_ids: list[int]) -> None:
    # Partners listing these products, or following a channel that lists them.
    partners = (
        PartnerChannel.objects.filter(base_channel__isnull=False)
        .filter(
            Q(channel__product_listings__product_id__in=product_ids)
            | Q(base_channel__product_listings__product_id__in=product_ids)
        )
        .distinct()
    )
    for partner in partners.select_related("channel"):
        partner_prices_sync(partner=partner, product_ids=product_ids)


def partner_prices_follow(*, product_ids: Iterable[int]) -> None:
    """After the current transaction commits, re-price these products in every partner
    channel that follows a channel they are priced in.

    A failure is logged, never undoes the change that triggered it; the next change of the
    product, or `partner_prices_sync` for the partner, puts it right.
    """
    ids = sorted(set(product_ids))
    if ids:
        transaction.on_commit(lambda: _follow(ids), robust=True)
