"""Border channels, port closures and FX rates."""

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction

from catalog.models import Channel
from infra.errors import ValidationFailed
from storefront.border.error_codes import BorderErrorCode as Code
from storefront.border.models import BorderChannel, BorderPort, FxRate, PortClosure
from storefront.border.validators import FormatError, currency_code_check

PRICE_CURRENCY = "CNY"


def _currency(value: str, field: str) -> str:
    try:
        return currency_code_check(value)
    except FormatError as error:
        raise ValidationFailed.single(field, Code.INVALID_CURRENCY, str(error)) from None


def border_channel_create(
    *, channel: Channel, port: BorderPort, buyer_currency: str | None = None
) -> BorderChannel:
    """Make `channel` sell through `port`; its prices stay in CNY, shown also in the buyer's
    currency (the port's neighbour's unless given)."""
    if channel.currency_code != PRICE_CURRENCY:
        raise ValidationFailed.single(
            "channel",
            Code.INVALID_CURRENCY,
            f"A border channel prices in CNY (the duty-free allowance is in CNY); "
            f"channel '{channel.slug}' uses {channel.currency_code}.",
        )
    currency = _currency(buyer_currency or port.currency, "buyerCurrency")
    try:
        with transaction.atomic():
            return BorderChannel.objects.create(channel=channel, port=port, buyer_currency=currency)
    except IntegrityError:
        raise ValidationFailed.single(
            "channel", Code.UNIQUE, f"Channel '{channel.slug}' is already a border channel."
        ) from None


def port_closure_create(
    *,
    port: BorderPort,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime | None = None,
    reason: str = "",
) -> PortClosure:
    if ends_at is not None and ends_at <= starts_at:
        raise ValidationFailed.single("endsAt", Code.INVALID, "A closure must end after it starts.")
    return PortClosure.objects.create(
        port=port, starts_at=starts_at, ends_at=ends_at, reason=reason.strip()
    )


def fx_rate_record(*, currency: str, rate: Decimal, date: datetime.date, source: str) -> FxRate:
    """Record (or correct) the rate `source` published for `date`: units of `currency` per
    1 CNY."""
    code = _currency(currency, "currency")
    if code == PRICE_CURRENCY:
        raise ValidationFailed.single("currency", Code.INVALID_CURRENCY, "CNY needs no rate.")
    rate = Decimal(rate)
    if not rate.is_finite() or rate <= 0:
        raise ValidationFailed.single("rate", Code.INVALID, "The rate must be above 0.")
    if rate.as_tuple().exponent < -8:
        raise ValidationFailed.single(
            "rate", Code.INVALID, "The rate may have at most 8 decimal places."
        )
    source = (source or "").strip()
    if not source:
        raise ValidationFailed.single("source", Code.REQUIRED, "Name the rate's source.")
    fx_rate, _created = FxRate.objects.update_or_create(
        currency=code, date=date, source=source, defaults={"rate": rate}
    )
    return fx_rate
