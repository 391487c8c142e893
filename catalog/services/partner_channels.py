"""Partner channels (对口援藏): a partner province's own channel, with its price list, commission,
warehouses (ChannelWarehouse, as any channel) and the apps limited to it (AppChannelAccess).

Publication is the channel's product listings, changed with the ordinary listing services;
prices are fixed per variant (ordinary variant listings) or follow a base channel by a
percentage (catalog/services/partner_prices.py).
"""

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from catalog.models import (
    AppChannelAccess,
    Channel,
    Division,
    DivisionLevel,
    PartnerChannel,
    PriceRounding,
)
from catalog.services.channels import channel_create, channel_update
from catalog.services.partner_prices import partner_prices_sync
from catalog.services.taxonomy_common import validate_model
from infra.errors import FieldError, ValidationFailed

# Fields of PartnerChannel set from keyword arguments / update data of the same names.
PARTNER_FIELDS = (
    "province_zh",
    "province_en",
    "paired_prefecture_id",
    "base_channel_id",
    "price_percent",
    "price_rounding",
    "commission_rate",
    "pay_later",
)
RULE_FIELDS = ("base_channel_id", "price_percent", "price_rounding")
CHANNEL_FIELDS = ("name", "slug", "is_active", "default_country")


def _rule_errors(partner: PartnerChannel) -> list[FieldError]:
    errors = []
    base = partner.base_channel
    if base is not None:
        if base.pk == partner.channel_id:
            errors.append(
                FieldError("baseChannel", "INVALID", "A channel cannot follow its own prices.")
            )
        elif base.currency_code != partner.channel.currency_code:
            errors.append(
                FieldError(
                    "baseChannel",
                    "CHANNELS_CURRENCY_MUST_BE_THE_SAME",
                    f"The base channel prices in {base.currency_code}, this channel in "
                    f"{partner.channel.currency_code}.",
                )
            )
        elif PartnerChannel.objects.filter(channel=base, base_channel__isnull=False).exists():
            errors.append(
                FieldError(
                    "baseChannel",
                    "INVALID",
                    "The base channel follows another channel's prices; follow that one.",
                )
            )
        elif PartnerChannel.objects.filter(base_channel_id=partner.channel_id).exists():
            errors.append(
                FieldError(
                    "baseChannel",
                    "INVALID",
                    "Other partner channels follow this channel's prices; it cannot follow "
                    "another channel.",
                )
            )
    prefecture = partner.paired_prefecture
    if prefecture is not None and prefecture.level != DivisionLevel.PREFECTURE:
        errors.append(
            FieldError("pairedPrefecture", "INVALID", "Pair the province with a prefecture.")
        )
    return errors


def _save(partner: PartnerChannel) -> PartnerChannel:
    errors = _rule_errors(partner)
    if errors:
        raise ValidationFailed(errors)
    validate_model(
        partner,
        exclude=["channel", "paired_prefecture", "base_channel"],
        rename={"province_zh": "provinceZh", "province_en": "provinceEn"},
    )
    partner.save()
    return partner


def _apps_add(channel: Channel, app_ids: Iterable[int]) -> None:
    AppChannelAccess.objects.bulk_create(
        [AppChannelAccess(app_id=pk, channel=channel) for pk in app_ids],
        ignore_conflicts=True,
    )


def _apps_remove(channel: Channel, app_ids: Sequence[int]) -> None:
    """Take the channel from these apps. An app with no channel left would be unlimited, so
    its last channel is refused: deactivate the app instead."""
    rows = AppChannelAccess.objects.filter(channel=channel, app_id__in=list(app_ids))
    last = [
        row.app_id
        for row in rows
        if not AppChannelAccess.objects.filter(app_id=row.app_id).exclude(pk=row.pk).exists()
    ]
    if last:
        raise ValidationFailed.single(
            "removeApps",
            "INVALID",
            "This is the app's only channel; without it the app would see every channel. "
            "Deactivate the app instead.",
        )
    rows.delete()


@transaction.atomic
def partner_channel_attach(
    *,
    channel: Channel,
    province_zh: str,
    province_en: str,
    paired_prefecture_id: int | None = None,
    base_channel_id: int | None = None,
    price_percent: Decimal = Decimal(0),
    price_rounding: str = PriceRounding.CENT,
    commission_rate: Decimal = Decimal(0),
    pay_later: bool = True,
    app_ids: Sequence[int] = (),
    publish_products: bool = False,
) -> PartnerChannel:
    """Make `channel` a partner province's channel.

    With a base channel, every product of the base channel is listed in it (published as in
    the base channel when `publish_products`, else unpublished for the partner to publish)
    and priced by the rule. `app_ids` are the partner's apps, limited to this channel from
    now on.
    """
    if PartnerChannel.objects.filter(channel=channel).exists():
        raise ValidationFailed.single(
            "channel", "ALREADY_EXISTS", "This channel already belongs to a partner."
        )
    partner = _save(
        PartnerChannel(
            channel=channel,
            province_zh=province_zh,
            province_en=province_en,
            paired_prefecture_id=paired_prefecture_id,
            base_channel_id=base_channel_id,
            price_percent=price_percent,
            price_rounding=price_rounding,
            commission_rate=commission_rate,
            pay_later=pay_later,
        )
    )
    _apps_add(channel, app_ids)
    partner_prices_sync(partner=partner, list_new=True, publish=publish_products)
    return partner


@transaction.atomic
def partner_channel_create(
    *,
    name: str,
    slug: str,
    province_zh: str,
    province_en: str,
    currency_code: str = "CNY",
    default_country: str = "CN",
    is_active: bool = True,
    warehouse_ids: Sequence[int] = (),
    **partner: Any,
) -> PartnerChannel:
    """Create a channel (as channelCreate) for a partner province; `partner` takes the rest
    of `partner_channel_attach`'s arguments."""
    channel = channel_create(
        name=name,
        slug=slug,
        currency_code=currency_code,
        default_country=default_country,
        is_active=is_active,
        warehouse_ids=warehouse_ids,
    )
    return partner_channel_attach(
        channel=channel, province_zh=province_zh, province_en=province_en, **partner
    )


@transaction.atomic
def partner_channel_update(
    *,
    partner: PartnerChannel,
    data: Mapping[str, Any],
    add_warehouse_ids: Sequence[int] = (),
    remove_warehouse_ids: Sequence[int] = (),
    add_app_ids: Sequence[int] = (),
    remove_app_ids: Sequence[int] = (),
) -> PartnerChannel:
    """Change a partner channel: its channel fields, terms, warehouses and apps.

    `data` holds the fields to change (PARTNER_FIELDS and CHANNEL_FIELDS; a None
    `base_channel_id` present in it switches to fixed prices). When the price rule changes,
    or `list_new_products` is set, prices are synced at once (`publish_products` as on
    creation).
    """
    partner = (
        PartnerChannel.objects.select_for_update().select_related("channel").get(pk=partner.pk)
    )
    channel_data = {key: data[key] for key in CHANNEL_FIELDS if data.get(key) is not None}
    channel_update(
        channel=partner.channel,
        data=channel_data,
        add_warehouse_ids=add_warehouse_ids,
        remove_warehouse_ids=remove_warehouse_ids,
    )
    partner.channel.refresh_from_db()
    rule_before = tuple(getattr(partner, key) for key in RULE_FIELDS)
    for key in PARTNER_FIELDS:
        if key in data and (data[key] is not None or key.endswith("_id")):
            setattr(partner, key, data[key])
    _save(partner)
    _apps_add(partner.channel, add_app_ids)
    _apps_remove(partner.channel, remove_app_ids)
    rule_after = tuple(getattr(partner, key) for key in RULE_FIELDS)
    list_new = bool(data.get("list_new_products"))
    if rule_after != rule_before or list_new:
        partner_prices_sync(
            partner=partner, list_new=list_new, publish=bool(data.get("publish_products"))
        )
    return partner


def paired_prefecture_by_code(code: str) -> Division | None:
    return Division.objects.filter(code=code, level=DivisionLevel.PREFECTURE).first()
