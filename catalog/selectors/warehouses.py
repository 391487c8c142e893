"""Reads of warehouses (staff only: the API checks who may read them)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from catalog.models import ChannelWarehouse, Warehouse


def warehouses() -> QuerySet[Warehouse]:
    return Warehouse.objects.all()


def search_q(text: str) -> Q:
    """Saleor's warehouse search: name, e-mail and the address's text fields."""
    condition = Q()
    for field in (
        "name",
        "email",
        "company_name",
        "street_address_1",
        "street_address_2",
        "city",
        "postal_code",
        "phone",
    ):
        condition |= Q(**{f"{field}__icontains": text})
    return condition


def in_channels_q(channel_pks: list[int]) -> Q:
    return Q(
        Exists(
            ChannelWarehouse.objects.filter(warehouse=OuterRef("pk"), channel_id__in=channel_pks)
        )
    )
