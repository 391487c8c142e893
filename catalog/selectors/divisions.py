"""Reads of the administrative divisions."""

from django.db.models import QuerySet

from catalog.models import Division, DivisionLevel


def counties_of(division: Division) -> QuerySet[Division]:
    """The county-level divisions at or under `division`."""
    if division.level == DivisionLevel.COUNTY:
        return Division.objects.filter(pk=division.pk)
    if division.level == DivisionLevel.PREFECTURE:
        return Division.objects.filter(parent=division, level=DivisionLevel.COUNTY)
    return Division.objects.filter(level=DivisionLevel.COUNTY)


def divisions(*, level: str | None = None, parent_pk: int | None = None) -> QuerySet[Division]:
    queryset = Division.objects.select_related("parent")
    if level:
        queryset = queryset.filter(level=level)
    if parent_pk is not None:
        queryset = queryset.filter(parent_id=parent_pk)
    return queryset
