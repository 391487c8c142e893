"""Pickup at a showroom or station: the clerk types the shopper's pickup code and hands the
order over (showroom.pickups), then prints the counter's receipt."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from catalog.models import Warehouse
from infra.errors import ValidationFailed
from showroom import pickups as service
from showroom.views.access import counter_place
from storefront.models import Order


def _buyer(order: Order) -> str:
    address = order.billing_address
    if address is not None and (address.last_name or address.first_name):
        return f"{address.last_name}{address.first_name}".strip()
    return order.user_email


def _render(
    request: HttpRequest,
    place: Warehouse,
    *,
    errors: list[str] = (),
    code: str = "",
    status: int = 200,
) -> HttpResponse:
    orders = [
        {
            "order": order,
            "buyer": _buyer(order),
            "items": order.items or 0,
            "paid": order.charge_status in service.PAID,
        }
        for order in service.pickups_waiting(place)
    ]
    return render(
        request,
        "showroom/pickups.html",
        {"place": place, "orders": orders, "errors": list(errors), "code": code},
        status=status,
    )


def pickups(request: HttpRequest, place_id: int) -> HttpResponse:
    return _render(request, counter_place(request, place_id))


@require_POST
def pickup_hand_out(request: HttpRequest, place_id: int) -> HttpResponse:
    place = counter_place(request, place_id)
    code = request.POST.get("pickup_code", "")
    try:
        order = service.pickup_hand_out(place=place, pickup_code=code, clerk=request.user)
    except ValidationFailed as failure:
        errors = [f"{error.message} ({error.code})" for error in failure.errors]
        return _render(request, place, errors=errors, code=code, status=400)
    return redirect("showroom:receipt", place_id=place.pk, order_id=order.pk)
