"""Which orders a staff member with a StaffScope works on.

Staff of a showroom or station (StaffScope.place) see the orders collected there; staff of a
division see the orders collected at a place in it or holding a product that comes from it (a
prefecture includes its counties). Superusers and staff without a StaffScope (the platform's
own back office) see every order.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from catalog.models import StaffScope
from catalog.selectors.scopes import division_and_descendants
from storefront.models import OrderLine


def staff_order_q(user, *, prefix: str = "") -> Q | None:
    """A filter on orders (through `prefix`, e.g. "order__") for `user`; None: no limit."""
    if user is None or not getattr(user, "is_authenticated", False) or user.is_superuser:
        return None
    scope = StaffScope.objects.filter(user=user).values("division_id", "place_id").first()
    if scope is None:
        return None
    if scope["place_id"] is not None:
        return Q(**{f"{prefix}collection_point_id": scope["place_id"]})
    divisions = division_and_descendants([scope["division_id"]])
    from_here = OrderLine.objects.filter(
        order_id=OuterRef(f"{prefix}pk" if prefix else "pk"),
        variant__product__origin_id__in=divisions,
    )
    return Q(**{f"{prefix}collection_point__division_id__in": divisions}) | Q(Exists(from_here))


def orders_in_staff_scope(queryset: QuerySet, user, *, prefix: str = "") -> QuerySet:
    condition = staff_order_q(user, prefix=prefix)
    return queryset if condition is None else queryset.filter(condition)
