"""Check-in at a showroom or station: the clerk scans or types a booking voucher; the day's
departures meeting here are listed with their seats booked and checked in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from catalog.models import Warehouse
from infra.errors import ValidationFailed
from showroom.check_in import departures_today
from showroom.views.access import counter_place
from storefront.services.booking_check_in import booking_check_in


def _render(
    request: HttpRequest,
    place: Warehouse,
    *,
    checked_in=None,
    errors: list[str] = (),
    code: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "showroom/check_in.html",
        {
            "place": place,
            "departures": departures_today(place),
            "checked_in": checked_in,
            "errors": list(errors),
            "code": code,
        },
        status=status,
    )


def check_in(request: HttpRequest, place_id: int) -> HttpResponse:
    place = counter_place(request, place_id)
    if request.method != "POST":
        return _render(request, place)
    code = request.POST.get("voucher_code", "")
    try:
        booking = booking_check_in(voucher_code=code, place=place, user=request.user)
    except ValidationFailed as failure:
        errors = [f"{error.message} ({error.code})" for error in failure.errors]
        return _render(request, place, errors=errors, code=code, status=400)
    return _render(request, place, checked_in=booking)
