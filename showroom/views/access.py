"""Who may work a place's staff pages (counter, pickups, assisted orders, intakes): its own
staff (StaffScope.place) or a superuser; anyone else is refused (403)."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from catalog.models import StaffScope, Warehouse
from showroom.counter import COUNTER_KINDS


def staff_place(
    request: HttpRequest, place_id: int, *, kinds: Iterable[str] = COUNTER_KINDS
) -> Warehouse:
    """The place of one of `kinds` whose staff page the user may work; 404 for a place of
    another kind, 403 for anyone but its own staff and superusers."""
    place = get_object_or_404(Warehouse, pk=place_id)
    if place.kind not in tuple(kinds):
        raise Http404
    user = request.user
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied
    if user.is_superuser:
        return place
    if not user.is_staff:
        raise PermissionDenied
    scope = StaffScope.objects.filter(user=user).only("place_id").first()
    if scope is None or scope.place_id != place.pk:
        raise PermissionDenied
    return place


def counter_place(request: HttpRequest, place_id: int) -> Warehouse:
    """A showroom or station whose counter (and pickups) the user may work."""
    return staff_place(request, place_id, kinds=COUNTER_KINDS)
