"""The counter of a showroom or station: the clerk scans or types products into a running list
(kept in the session), sells them for cash or through a gateway, and prints the receipt."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from catalog.models import Warehouse
from infra.errors import FieldError, ValidationFailed
from showroom.counter import PAYMENTS, counter_sale, counter_variant_find
from showroom.views.access import counter_place
from showroom.views.basket import basket_clear, basket_context, basket_lines, basket_update
from showroom.views.slips import slip_context
from storefront.models import Order


def _session_key(place: Warehouse) -> str:
    return f"showroom_counter:{place.pk}"


def _error_text(error: FieldError) -> str:
    return f"{error.message} ({error.code})"


def _render(
    request: HttpRequest, place: Warehouse, *, errors: list[str] = (), status: int = 200
) -> HttpResponse:
    return render(
        request,
        "showroom/counter.html",
        {
            "place": place,
            **basket_context(request, _session_key(place)),
            "errors": list(errors),
            "payments": [
                ("cash", gettext("Sell for cash")),
                ("dummy", gettext("Sell with card (dummy gateway)")),
            ],
        },
        status=status,
    )


def counter(request: HttpRequest, place_id: int) -> HttpResponse:
    place = counter_place(request, place_id)
    if request.method != "POST":
        return _render(request, place)
    try:
        basket_update(
            request,
            _session_key(place),
            variant_find=lambda: counter_variant_find(request.POST.get("sku", "")),
        )
    except ValidationFailed as failure:
        return _render(request, place, errors=[_error_text(e) for e in failure.errors], status=400)
    return redirect("showroom:counter", place_id=place.pk)


@require_POST
def counter_sell(request: HttpRequest, place_id: int) -> HttpResponse:
    place = counter_place(request, place_id)
    payment = request.POST.get("payment", "")
    if payment not in PAYMENTS:
        return _render(
            request, place, errors=[gettext("Choose how the customer pays.")], status=400
        )
    lines = basket_lines(request, _session_key(place))
    try:
        order = counter_sale(place=place, lines=lines, payment=payment, clerk=request.user)
    except ValidationFailed as failure:
        return _render(request, place, errors=[_error_text(e) for e in failure.errors], status=400)
    basket_clear(request, _session_key(place))
    return redirect("showroom:receipt", place_id=place.pk, order_id=order.pk)


def receipt(request: HttpRequest, place_id: int, order_id) -> HttpResponse:
    place = counter_place(request, place_id)
    order = get_object_or_404(
        Order.objects.select_related("channel").prefetch_related("lines", "transactions"),
        pk=order_id,
        collection_point=place,
    )
    payment_names = {
        PAYMENTS["cash"]: gettext("Cash"),
        PAYMENTS["dummy"]: gettext("Card"),
    }
    payments = [
        {
            "name": payment_names.get(item.gateway, item.gateway or item.name),
            "amount": item.charged_value,
        }
        for item in order.transactions.all()
        if item.charged_value
    ]
    return render(
        request,
        "showroom/receipt.html",
        {**slip_context(place=place, order=order), "payments": payments},
    )
