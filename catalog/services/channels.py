"""Writes of channels: creating and updating them, and which warehouses serve them."""

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify

from catalog.models import Channel, ChannelWarehouse
from catalog.services.taxonomy_common import apply_metadata, validate_model
from infra.errors import ValidationFailed

# ISO 4217 codes in circulation (a channel prices everything in one of them).
CURRENCY_CODES = frozenset(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD
    FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY
    KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP
    MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR
    RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT
    TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW
    ZWL
    """.split()  # noqa: SIM905 - a list of 160 codes reads better as text
)


def _check_currency(code: str) -> str:
    normalized = (code or "").strip().upper()
    if normalized not in CURRENCY_CODES:
        raise ValidationFailed.single(
            "currencyCode", "INVALID", f"'{code}' is not a valid ISO 4217 currency code."
        )
    return normalized


def _add_warehouses(channel: Channel, warehouse_ids: Sequence[int]) -> None:
    existing = set(channel.channelwarehouse.values_list("warehouse_id", flat=True))
    last = channel.channelwarehouse.aggregate(last=Max("sort_order"))["last"]
    next_order = 0 if last is None else last + 1
    rows = []
    for warehouse_id in warehouse_ids:
        if warehouse_id in existing:
            continue
        existing.add(warehouse_id)
        rows.append(
            ChannelWarehouse(channel=channel, warehouse_id=warehouse_id, sort_order=next_order)
        )
        next_order += 1
    ChannelWarehouse.objects.bulk_create(rows)


@transaction.atomic
def channel_create(
    *,
    name: str,
    slug: str,
    currency_code: str,
    default_country: str,
    is_active: bool | None = None,
    allocation_strategy: str | None = None,
    warehouse_ids: Sequence[int] = (),
    metadata: Iterable[Mapping[str, Any]] | None = None,
    private_metadata: Iterable[Mapping[str, Any]] | None = None,
) -> Channel:
    """Create a channel. The slug is slugified (Saleor); the currency must be ISO 4217.

    `warehouse_ids` must name existing warehouses (the caller resolved them).
    """
    channel = Channel(
        name=name,
        slug=slugify(slug or ""),
        currency_code=_check_currency(currency_code),
        default_country=default_country,
        is_active=bool(is_active),
    )
    if allocation_strategy is not None:
        channel.allocation_strategy = allocation_strategy
    apply_metadata(channel, metadata=metadata, private_metadata=private_metadata)
    validate_model(channel)
    channel.save()
    _add_warehouses(channel, warehouse_ids)
    return channel


@transaction.atomic
def channel_update(
    *,
    channel: Channel,
    data: Mapping[str, Any],
    add_warehouse_ids: Sequence[int] = (),
    remove_warehouse_ids: Sequence[int] = (),
) -> Channel:
    """Update a channel's own fields (name, slug, isActive, defaultCountry, stock settings,
    metadata) and its warehouses. The currency never changes: prices depend on it.
    """
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if "name" in data and data["name"] is not None:
        channel.name = data["name"]
    if "slug" in data and data["slug"] is not None:
        channel.slug = slugify(data["slug"])
    if data.get("is_active") is not None:
        channel.is_active = data["is_active"]
    if data.get("default_country") is not None:
        channel.default_country = data["default_country"]
    if data.get("allocation_strategy") is not None:
        channel.allocation_strategy = data["allocation_strategy"]
    apply_metadata(
        channel, metadata=data.get("metadata"), private_metadata=data.get("private_metadata")
    )
    validate_model(channel)
    channel.save()
    _add_warehouses(channel, add_warehouse_ids)
    if remove_warehouse_ids:
        channel.channelwarehouse.filter(warehouse_id__in=remove_warehouse_ids).delete()
    return channel
