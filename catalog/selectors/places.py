"""Reads of places: the showrooms and stations shoppers may visit."""

from django.db.models import QuerySet

from catalog.models import PlaceKind, Warehouse
from catalog.selectors.scopes import division_and_descendants

PUBLIC_KINDS = (PlaceKind.SHOWROOM, PlaceKind.STATION)


def public_places(*, kind: str | None = None, division_pk: int | None = None) -> QuerySet:
    """Showrooms and stations open to the public; a division includes the ones beneath it."""
    queryset = Warehouse.objects.filter(is_private=False, kind__in=PUBLIC_KINDS)
    if kind is not None:
        queryset = queryset.filter(kind=kind)
    if division_pk is not None:
        queryset = queryset.filter(division_id__in=division_and_descendants([division_pk]))
    return queryset
