"""Assisted selling (代卖) at a village station: the operator records a villager's produce, which
enters the county's handbook review queue as an entry of a submitted handbook.

Entries of station intakes gather in the county's newest handbook while it is submitted and
made by intakes; otherwise the intake starts the county's next edition, submitted at once
by the operator, published (on approval) in the station's channels. Reviewers approve or
return it through catalog.services.handbook_review like any handbook.

What is typed is checked and normalised in showroom.intake_fields, with the handbook
import's normalisers.

Privacy: a new household is a Producer whose public name is a neutral label of the station
("<station>农户3"), unless the operator gives one the household chose; the villager's own
name and phone are its private contact fields, and its household status stays private as
everywhere. Only households made by intakes can be picked again, so an intake never
publishes a name a county recorded privately.
"""

from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from catalog.handbook_import import normalize as n
from catalog.models import (
    Category,
    Channel,
    Division,
    DivisionLevel,
    Handbook,
    HandbookEntry,
    HandbookEntryImage,
    HandbookStatus,
    HouseholdStatus,
    PlaceKind,
    Producer,
    ProducerKind,
    Warehouse,
)
from catalog.services.handbook_publish import HANDBOOK_CURRENCY, NET_GOODS_SLUG
from catalog.services.producers import producer_create
from catalog.services.products import product_update
from infra.errors import FieldError, ValidationFailed
from infra.ids import to_global_id
from showroom.intake_fields import (
    CONTACT_LENGTH,
    LENGTHS,
    PHONE_LENGTH,
    field_error,
    import_error,
    intake_category,
    intake_entry_values,
    intake_photo,
    intake_quantity,
)
from showroom.models import StationIntake

# Marks (in the producer's private metadata) a household created by a station intake.
INTAKE_HOUSEHOLD_KEY = "station_intake_place"
PICKABLE_KINDS = (ProducerKind.COOPERATIVE, ProducerKind.FAMILY_FARM)
# --- the station's county and channels -------------------------------------------------------


def station_county(place: Warehouse) -> Division | None:
    """The county the station lies in. The division tree (GB/T 2260) stops at counties, so a
    station's division is its county; a station filed under a prefecture or the region has
    none."""
    division = place.division
    return division if division is not None and division.level == DivisionLevel.COUNTY else None


def station_channels(place: Warehouse) -> list[Channel]:
    """The station's channels selling in the handbooks' currency (approval publishes there)."""
    return list(
        Channel.objects.filter(
            channelwarehouse__warehouse=place, currency_code=HANDBOOK_CURRENCY
        ).order_by("channelwarehouse__sort_order", "pk")
    )


def _check_place(place: Warehouse) -> tuple[Division, list[Channel]]:
    if place.kind != PlaceKind.STATION:
        raise ValidationFailed.single("place", "INVALID", "Only village stations take produce in.")
    county = station_county(place)
    if county is None:
        raise ValidationFailed.single(
            "place", "INVALID", "The station is not placed in a county (set its division)."
        )
    channels = station_channels(place)
    if not channels:
        raise ValidationFailed.single(
            "place",
            "INVALID",
            f"The station sells in no {HANDBOOK_CURRENCY} channel to publish the produce in.",
        )
    return county, channels


# --- producers ---------------------------------------------------------------------------------


def station_intake_producers(place: Warehouse) -> QuerySet[Producer]:
    """Producers an intake at `place` may name: the county's cooperatives and family farms,
    and the households that station intakes created."""
    county = station_county(place)
    if county is None:
        return Producer.objects.none()
    household = Q(kind=ProducerKind.HOUSEHOLD, private_metadata__has_key=INTAKE_HOUSEHOLD_KEY)
    return Producer.objects.filter(Q(kind__in=PICKABLE_KINDS) | household, county=county).order_by(
        "kind", "name", "pk"
    )


def _household_label(place: Warehouse, county: Division) -> str:
    base = f"{place.name}农户"
    taken = set(
        Producer.objects.filter(county=county, name__startswith=base).values_list("name", flat=True)
    )
    number = 1
    while f"{base}{number}" in taken:
        number += 1
    return f"{base}{number}"


def _pick_producer(
    place: Warehouse, producer: Producer | int | str, errors: list[FieldError]
) -> Producer | None:
    if isinstance(producer, Producer):
        pk = producer.pk
    else:
        pk = int(producer) if str(producer).strip().isdigit() else None
    found = station_intake_producers(place).filter(pk=pk).first() if pk else None
    if found is None:
        errors.append(
            field_error(
                "producer",
                "INVALID",
                "Choose a cooperative, family farm or station household of the county.",
                "请选择本县的合作社、家庭农场或服务站登记的农户。",
            )
        )
    return found


def _household_data(
    place: Warehouse,
    county: Division,
    *,
    name: str,
    phone: str,
    status: str,
    public_name: str,
    errors: list[FieldError],
) -> dict | None:
    name, phone, public_name = n.clean_text(name), n.clean_text(phone), n.clean_text(public_name)
    if not name:
        errors.append(
            field_error(
                "householdName",
                "REQUIRED",
                "Enter the villager's name, or choose a producer.",
                "请填写农户姓名，或选择已有的生产主体。",
            )
        )
    elif len(name) > CONTACT_LENGTH:
        errors.append(import_error("householdName", "INVALID", "too_long", limit=CONTACT_LENGTH))
    if len(phone) > PHONE_LENGTH:
        errors.append(import_error("householdPhone", "INVALID", "too_long", limit=PHONE_LENGTH))
    if (status or "") not in HouseholdStatus.values:
        errors.append(
            field_error(
                "householdStatus", "INVALID", "Unknown household status.", "未知的农户类别。"
            )
        )
    if len(public_name) > LENGTHS["householdPublicName"]:
        limit = LENGTHS["householdPublicName"]
        errors.append(import_error("householdPublicName", "INVALID", "too_long", limit=limit))
    elif public_name and Producer.objects.filter(county=county, name=public_name).exists():
        errors.append(
            field_error(
                "householdPublicName",
                "UNIQUE",
                "A producer of the county already has this name.",
                "本县已有同名的生产主体。",
            )
        )
    if not name:
        return None
    return {
        "contact_name": name,
        "contact_phone": phone,
        "household_status": status or HouseholdStatus.NONE,
        "public_name": public_name,
    }


def _household_create(place: Warehouse, county: Division, data: dict) -> Producer:
    producer = producer_create(
        name=data["public_name"] or _household_label(place, county),
        kind=ProducerKind.HOUSEHOLD,
        county=county,
        household_status=data["household_status"],
        contact_name=data["contact_name"],
        contact_phone=data["contact_phone"],
    )
    producer.private_metadata = {**producer.private_metadata, INTAKE_HOUSEHOLD_KEY: str(place.pk)}
    producer.save(update_fields=["private_metadata"])
    return producer


# --- the review queue --------------------------------------------------------------------------


def _intake_handbook(county: Division, channels: Sequence[Channel], operator: Any) -> Handbook:
    """The county's submitted intake handbook, or its next edition (call inside a transaction)."""
    Division.objects.select_for_update().filter(pk=county.pk).first()  # one intake at a time
    newest = Handbook.objects.filter(county=county).order_by("-edition").first()
    if (
        newest is not None
        and newest.status == HandbookStatus.SUBMITTED
        and StationIntake.objects.filter(handbook_entry__handbook=newest).exists()
    ):
        newest.channels.add(*channels)
        return newest
    edition = newest.edition + 1 if newest is not None else timezone.localdate().year
    handbook = Handbook.objects.create(
        county=county,
        edition=edition,
        status=HandbookStatus.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=operator if getattr(operator, "pk", None) else None,
    )
    handbook.channels.set(channels)
    return handbook


def station_intake_record(
    *,
    place: Warehouse,
    operator: Any,
    name_zh: str,
    price: str,
    quantity: int | str,
    name_bo: str = "",
    specification: str = "",
    net_weight: str = "",
    unit: str = "",
    season: str = "",
    category: Category | int | str | None = None,
    producer: Producer | int | str | None = None,
    household_name: str = "",
    household_phone: str = "",
    household_status: str = "",
    household_public_name: str = "",
    photo: UploadedFile | None = None,
) -> StationIntake:
    """Record a villager's produce at a station and put it in the county's review queue.

    `producer` picks an existing producer (station_intake_producers); without it a new
    household is made from `household_*`. Every problem is reported at once as a FieldError
    naming its field (English message, Chinese in extra["message_zh"]); nothing is written
    then.
    """
    county, channels = _check_place(place)
    errors: list[FieldError] = []
    values = intake_entry_values(
        name_zh=name_zh,
        name_bo=name_bo,
        specification=specification,
        net_weight=net_weight,
        unit=unit,
        price=price,
        season=season,
        errors=errors,
    )
    amount = intake_quantity(quantity, errors)
    chosen_category = intake_category(category, errors)
    picked = household = None
    if producer not in (None, ""):
        picked = _pick_producer(place, producer, errors)
    else:
        household = _household_data(
            place,
            county,
            name=household_name,
            phone=household_phone,
            status=household_status,
            public_name=household_public_name,
            errors=errors,
        )
    image = intake_photo(photo, errors)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        handbook = _intake_handbook(county, channels, operator)
        chosen = picked or _household_create(place, county, household)
        key = n.natural_key(values["name_zh"], values["specification"], chosen.name)
        if handbook.entries.filter(natural_key=key).exists():
            raise ValidationFailed(
                [
                    field_error(
                        "nameZh",
                        "DUPLICATE",
                        "This product of this producer is already waiting for review.",
                        "该生产主体的这个产品（同名同规格）已在审核中。",
                    )
                ]
            )
        last_row = handbook.entries.aggregate(last=Max("row_number"))["last"] or 0
        entry = HandbookEntry.objects.create(
            handbook=handbook,
            natural_key=key,
            row_number=last_row + 1,
            producer=chosen,
            producer_name=chosen.name,
            **values,
        )
        if image is not None:
            HandbookEntryImage.objects.create(entry=entry, image=image, alt=entry.name_zh)
        handbook.save(update_fields=["updated_at"])
        return StationIntake.objects.create(
            place=place,
            handbook_entry=entry,
            operator=operator if getattr(operator, "pk", None) else None,
            quantity=amount,
            category=chosen_category,
        )


def station_intakes(place: Warehouse, *, limit: int = 100) -> list[StationIntake]:
    """The station's latest intakes with their entry, handbook, producer and product."""
    return list(
        StationIntake.objects.filter(place=place)
        .select_related(
            "handbook_entry__handbook",
            "handbook_entry__producer",
            "handbook_entry__product",
            "operator",
            "category",
        )
        .order_by("-created_at", "-pk")[:limit]
    )


def station_intake_categories_apply(*, handbook: Handbook) -> None:
    """Once a handbook is approved, file the products its intakes published under the
    category the operator chose (publishing files them under 网货); products filed
    elsewhere already are left alone."""
    if handbook.status != HandbookStatus.APPROVED:
        return
    intakes = StationIntake.objects.filter(
        handbook_entry__handbook=handbook,
        category__isnull=False,
        handbook_entry__product__isnull=False,
    ).select_related("handbook_entry__product__category")
    for intake in intakes:
        product = intake.handbook_entry.product
        if product.category_id == intake.category_id:
            continue
        if product.category_id is not None and product.category.slug != NET_GOODS_SLUG:
            continue
        product_update(
            product_id=to_global_id("Product", product.pk),
            external_reference=None,
            data={"category": to_global_id("Category", intake.category_id)},
        )
