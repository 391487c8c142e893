"""The counter of a showroom or station: the clerk scans or types products into a running list
(kept in the session), sells them for cash or through a gateway, and prints the receipt."""

import contextlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from catalog.models import ProductVariant, Warehouse
from infra.errors import FieldError, ValidationFailed
from showroom.counter import PAYMENTS, counter_sale, counter_variant_find
from showroom.views.access import counter_place
from storefront.models import Order
from storefront.views.orders import warehouse_address_lines

MAX_QUANTITY = 999


def _session_key(place: Warehouse) -> str:
    return f"showroom_counter:{place.pk}"


def _error_text(error: FieldError) -> str:
    return f"{error.message} ({error.code})"


def _rows(request: HttpRequest, place: Warehouse) -> list[dict]:
    items = request.session.get(_session_key(place), [])
    variants = ProductVariant.objects.select_related("product").in_bulk(
        [variant_id for variant_id, _ in items]
    )
    rows = []
    for index, (variant_id, quantity) in enumerate(items):
        variant = variants.get(variant_id)
        if variant is not None:
            rows.append(
                {"index": index, "variant": variant, "quantity": quantity, "sku": variant.sku}
            )
    return rows


def _render(
    request: HttpRequest, place: Warehouse, *, errors: list[str] = (), status: int = 200
) -> HttpResponse:
    return render(
        request,
        "showroom/counter.html",
        {
            "place": place,
            "rows": _rows(request, place),
            "errors": list(errors),
            "payments": [
                ("cash", gettext("Sell for cash")),
                ("dummy", gettext("Sell with card (dummy gateway)")),
            ],
        },
        status=status,
    )


def _quantity(raw: str | None) -> int:
    try:
        quantity = int(raw or 1)
    except ValueError:
        raise ValidationFailed.single("quantity", "INVALID", "Enter a whole number.") from None
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationFailed.single(
            "quantity", "INVALID", f"The quantity must be between 1 and {MAX_QUANTITY}."
        )
    return quantity


def counter(request: HttpRequest, place_id: int) -> HttpResponse:
    place = counter_place(request, place_id)
    if request.method != "POST":
        return _render(request, place)
    key = _session_key(place)
    items = list(request.session.get(key, []))
    action = request.POST.get("action", "add")
    if action == "clear":
        items = []
    elif action == "remove":
        with contextlib.suppress(ValueError, IndexError):
            items.pop(int(request.POST.get("index", "")))
    else:
        try:
            quantity = _quantity(request.POST.get("quantity"))
            variant = counter_variant_find(request.POST.get("sku", ""))
        except ValidationFailed as failure:
            return _render(
                request, place, errors=[_error_text(e) for e in failure.errors], status=400
            )
        for item in items:
            if item[0] == variant.pk:
                item[1] += quantity
                break
        else:
            items.append([variant.pk, quantity])
    request.session[key] = items
    return redirect("showroom:counter", place_id=place.pk)


@require_POST
def counter_sell(request: HttpRequest, place_id: int) -> HttpResponse:
    place = counter_place(request, place_id)
    payment = request.POST.get("payment", "")
    if payment not in PAYMENTS:
        return _render(
            request, place, errors=[gettext("Choose how the customer pays.")], status=400
        )
    items = request.session.get(_session_key(place), [])
    variants = ProductVariant.objects.in_bulk([variant_id for variant_id, _ in items])
    lines = [(variants[pk], quantity) for pk, quantity in items if pk in variants]
    try:
        order = counter_sale(place=place, lines=lines, payment=payment, clerk=request.user)
    except ValidationFailed as failure:
        return _render(request, place, errors=[_error_text(e) for e in failure.errors], status=400)
    request.session[_session_key(place)] = []
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
        {
            "place": place,
            "address_lines": warehouse_address_lines(place),
            "order": order,
            "lines": list(order.lines.all()),
            "payments": payments,
            "shop_name": getattr(settings, "SHOP_NAME", "") or gettext("Tibet Goods"),
        },
    )
