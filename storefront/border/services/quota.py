"""The border residents' mutual-trade duty-free allowance (BORDER_RESIDENT_DAILY_ALLOWANCE
CNY per person per local day).

An order is added to the resident's row for the day under its row lock (SELECT … FOR
UPDATE, the row created first with INSERT … ON CONFLICT DO NOTHING so two first orders of a
day cannot both create it); whatever would pass the allowance is refused, so concurrent
checkouts never add up to more than it."""

import datetime
from decimal import Decimal

from django.conf import settings

from infra.errors import FieldError, ValidationFailed
from storefront.border.error_codes import BorderErrorCode
from storefront.border.models import BorderDeclaration, BorderQuotaDay, BorderResident
from storefront.error_codes import CheckoutErrorCode

CENT = Decimal("0.01")


def daily_allowance() -> Decimal:
    return Decimal(str(settings.BORDER_RESIDENT_DAILY_ALLOWANCE))


def quota_remaining(*, resident: BorderResident, day: datetime.date) -> Decimal:
    used = (
        BorderQuotaDay.objects.filter(resident=resident, date=day)
        .values_list("used_amount", flat=True)
        .first()
    )
    return max(daily_allowance() - (used or Decimal(0)), Decimal(0))


def _cny(amount: Decimal) -> str:
    return f"{amount.quantize(CENT):,} CNY"


def border_quota_consume(
    *, resident: BorderResident, day: datetime.date, amount: Decimal
) -> Decimal:
    """Count `amount` CNY of goods against the resident's allowance for `day` (call inside the
    order's transaction); what remains, or BORDER_QUOTA_EXCEEDED naming the remainder."""
    BorderQuotaDay.objects.bulk_create(
        [BorderQuotaDay(resident=resident, date=day)], ignore_conflicts=True
    )
    row = BorderQuotaDay.objects.select_for_update().get(resident=resident, date=day)
    allowance = daily_allowance()
    remaining = max(allowance - row.used_amount, Decimal(0))
    if amount > remaining:
        raise ValidationFailed(
            [
                FieldError(
                    "borderResident",
                    CheckoutErrorCode.INVALID.value,
                    f"This order's goods come to {_cny(amount)}, above the border resident's "
                    f"duty-free allowance for {day:%Y-%m-%d}: {_cny(remaining)} of "
                    f"{_cny(allowance)} remain.",
                    extra={
                        "border_code": BorderErrorCode.BORDER_QUOTA_EXCEEDED.value,
                        "remaining_allowance": remaining.quantize(CENT),
                    },
                )
            ]
        )
    row.used_amount += amount
    row.save(update_fields=["used_amount"])
    return remaining - amount


def border_quota_release(*, order) -> Decimal:
    """The order is cancelled: the goods it counted give the resident's allowance for that day
    back (once: the declaration's quota amount is cleared). How much was given back."""
    declaration = (
        BorderDeclaration.objects.select_for_update()
        .filter(order=order, resident__isnull=False, quota_amount__gt=0)
        .first()
    )
    if declaration is None:
        return Decimal(0)
    amount = declaration.quota_amount
    row = (
        BorderQuotaDay.objects.select_for_update()
        .filter(resident_id=declaration.resident_id, date=declaration.local_date)
        .first()
    )
    if row is not None:
        row.used_amount = max(row.used_amount - amount, Decimal(0))
        row.save(update_fields=["used_amount"])
    declaration.quota_amount = Decimal(0)
    declaration.save(update_fields=["quota_amount"])
    return amount
