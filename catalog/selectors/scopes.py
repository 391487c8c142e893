"""Which divisions a staff member works for: their StaffScope division and everything beneath
it (a prefecture includes its counties; the region includes all). Superusers see everything;
staff without a scope see no division's data."""

from collections.abc import Iterable

from django.db.models import Q

from catalog.models import Division, StaffScope


def division_and_descendants(division_ids: Iterable[int]) -> set[int]:
    """The divisions and every division beneath them (the tree is three levels deep)."""
    found = set(division_ids)
    frontier = set(found)
    while frontier:
        frontier = (
            set(Division.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            - found
        )
        found |= frontier
    return found


def scoped_division_ids(user) -> set[int] | None:
    """The division pks `user` may manage; None means all (superusers)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    scope = StaffScope.objects.filter(user=user).values_list("division_id", flat=True).first()
    return division_and_descendants([scope]) if scope is not None else set()


def in_scope_q(user, field: str) -> Q:
    """A filter keeping rows whose `field` (a Division foreign key path) is in the user's scope."""
    allowed = scoped_division_ids(user)
    if allowed is None:
        return Q()
    return Q(**{f"{field}__in": allowed})


def can_manage_division(user, division: Division | int) -> bool:
    allowed = scoped_division_ids(user)
    pk = division if isinstance(division, int) else division.pk
    return allowed is None or pk in allowed
