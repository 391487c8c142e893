"""Licences of public brands: granting, suspending, reinstating and expiring them.

Only public brands (region, prefecture, county) are licensed, and only to producers in the
brand's division or beneath it. A licence covers named products of its producer and whole
categories (with their subcategories). Which badges a product shows is read live from the
licences (catalog.selectors.brands), so a status change takes effect on the next request.
"""

import datetime
import logging
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from catalog.models import Brand, BrandLicence, Category, Division, LicenceStatus, Producer, Product
from infra.errors import FieldError, ValidationFailed

logger = logging.getLogger(__name__)


def division_within(division_id: int, ancestor_id: int) -> bool:
    """Whether the division is `ancestor_id` or lies beneath it (the tree is 3 levels deep)."""
    row = (
        Division.objects.filter(pk=division_id)
        .values_list("pk", "parent_id", "parent__parent_id")
        .first()
    )
    return row is not None and ancestor_id in row


def _grant_errors(
    brand: Brand,
    producer: Producer,
    products: Sequence[Product],
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    today: datetime.date,
) -> list[FieldError]:
    errors = []
    if not brand.is_public:
        errors.append(
            FieldError(
                "brand",
                "INVALID",
                "Only public brands are licensed; an enterprise brand belongs to its producer.",
            )
        )
    elif not brand.is_active:
        errors.append(FieldError("brand", "INVALID", "This brand is not active."))
    elif not division_within(producer.county_id, brand.owner_division_id):
        errors.append(
            FieldError(
                "producer", "INVALID", "The producer must be in the brand's division or beneath it."
            )
        )
    foreign = [product for product in products if product.producer_id != producer.pk]
    if foreign:
        errors.append(
            FieldError("products", "INVALID", "A licence covers only its producer's products.")
        )
    for field, value in (("startDate", start_date), ("endDate", end_date)):
        if value is None:
            errors.append(FieldError(field, "REQUIRED", "This field is required."))
    if start_date and end_date:
        if end_date < start_date:
            errors.append(
                FieldError("endDate", "INVALID", "The end date cannot be before the start date.")
            )
        elif end_date < today:
            errors.append(FieldError("endDate", "INVALID", "The end date has already passed."))
    return errors


@transaction.atomic
def licence_grant(
    *,
    brand: Brand,
    producer: Producer,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
    products: Sequence[Product] = (),
    categories: Sequence[Category] = (),
    note: str = "",
    today: datetime.date | None = None,
) -> BrandLicence:
    """Let `producer` show the public `brand` on the products and categories named."""
    today = today or timezone.localdate()
    errors = _grant_errors(brand, producer, products, start_date, end_date, today)
    if not products and not categories:
        errors.append(
            FieldError("products", "REQUIRED", "A licence covers at least one product or category.")
        )
    if errors:
        raise ValidationFailed(errors)
    licence = BrandLicence.objects.create(
        brand=brand,
        producer=producer,
        start_date=start_date,
        end_date=end_date,
        status=LicenceStatus.ACTIVE,
        note=note or "",
    )
    licence.products.set(products)
    licence.categories.set(categories)
    logger.info(
        "Brand licence %s granted: brand %s to producer %s, %s to %s.",
        licence.pk, brand.slug, producer.pk, start_date, end_date,
    )  # fmt: skip
    return licence


def _locked(licence: BrandLicence) -> BrandLicence:
    return (
        BrandLicence.objects.select_for_update(of=("self",))
        .select_related("brand")
        .get(pk=licence.pk)
    )


def _change_status(licence: BrandLicence, status: str, note: str | None) -> BrandLicence:
    previous = licence.status
    licence.status = status
    fields = ["status", "updated_at"]
    if note:
        licence.note = note
        fields.append("note")
    licence.save(update_fields=fields)
    logger.info(
        "Brand licence %s (brand %s, producer %s, ends %s): %s -> %s.",
        licence.pk, licence.brand.slug, licence.producer_id, licence.end_date, previous, status,
    )  # fmt: skip
    return licence


@transaction.atomic
def licence_suspend(*, licence: BrandLicence, note: str | None = None) -> BrandLicence:
    """Take the badge off at once; the licence can be reinstated."""
    licence = _locked(licence)
    if licence.status != LicenceStatus.ACTIVE:
        raise ValidationFailed.single("id", "INVALID", "Only an active licence can be suspended.")
    return _change_status(licence, LicenceStatus.SUSPENDED, note)


@transaction.atomic
def licence_reinstate(
    *, licence: BrandLicence, note: str | None = None, today: datetime.date | None = None
) -> BrandLicence:
    """Make a suspended licence active again, unless its term has ended."""
    licence = _locked(licence)
    if licence.status != LicenceStatus.SUSPENDED:
        raise ValidationFailed.single(
            "id", "INVALID", "Only a suspended licence can be reinstated."
        )
    if licence.end_date < (today or timezone.localdate()):
        raise ValidationFailed.single(
            "id", "INVALID", "The licence has ended; grant a new one instead."
        )
    return _change_status(licence, LicenceStatus.ACTIVE, note)


@transaction.atomic
def licence_expire(*, licence: BrandLicence, note: str | None = None) -> BrandLicence:
    """End a licence for good (an expired licence cannot be reinstated)."""
    licence = _locked(licence)
    if licence.status == LicenceStatus.EXPIRED:
        raise ValidationFailed.single("id", "INVALID", "The licence has already expired.")
    return _change_status(licence, LicenceStatus.EXPIRED, note)


@transaction.atomic
def licences_expire_overdue(*, today: datetime.date | None = None) -> list[int]:
    """Mark every active or suspended licence whose end date is before `today` expired,
    logging each; returns their pks. Running it again changes nothing."""
    today = today or timezone.localdate()
    overdue = list(
        BrandLicence.objects.select_for_update(of=("self",))
        .filter(status__in=(LicenceStatus.ACTIVE, LicenceStatus.SUSPENDED), end_date__lt=today)
        .select_related("brand")
        .order_by("pk")
    )
    for licence in overdue:
        _change_status(licence, LicenceStatus.EXPIRED, None)
    return [licence.pk for licence in overdue]
