"""Village station pages: assisted ordering (代买: a running list kept in the session, the
villager's name and phone, cash taken, a printable slip with the pickup code) and assisted
selling (代卖: the villager's produce recorded into the county's review queue, with the
station's intakes and their review status)."""

import re

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from catalog.models import Category, HouseholdStatus, PlaceKind, ProductVariant, Warehouse
from infra.errors import FieldError, ValidationFailed
from showroom import assisted, intake
from showroom.counter import counter_variant_find
from showroom.views.access import staff_place
from showroom.views.basket import basket_clear, basket_context, basket_lines, basket_update
from showroom.views.slips import slip_context
from storefront.models import Order

FIELD_LABELS = {
    "villagerName": _("Villager's name"),
    "villagerPhone": _("Villager's phone"),
    "sku": _("SKU or product QR"),
    "quantity": _("Quantity"),
    "lines": _("Products"),
    "place": _("Place"),
    "email": _("E-mail"),
    "nameZh": _("Product name (Chinese)"),
    "nameBo": _("Product name (Tibetan)"),
    "specification": _("Specification"),
    "netWeight": _("Net weight"),
    "unit": _("Unit"),
    "price": _("Price (yuan)"),
    "season": _("Season"),
    "category": _("Category"),
    "photo": _("Photo"),
    "producer": _("Producer"),
    "householdName": _("Villager's name"),
    "householdPhone": _("Villager's phone"),
    "householdStatus": _("Household status (private)"),
    "householdPublicName": _("Public name of the household"),
}
INTAKE_FIELDS = (
    "name_zh",
    "name_bo",
    "specification",
    "net_weight",
    "unit",
    "price",
    "quantity",
    "season",
    "category",
    "producer",
    "household_name",
    "household_phone",
    "household_status",
    "household_public_name",
)
_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def _message(error: FieldError) -> str:
    """The service's message, in Chinese when it gave one and the page is not in English."""
    chinese = error.extra.get("message_zh")
    if chinese and not (get_language() or "").startswith("en"):
        return chinese
    return error.message


def _error_texts(failure: ValidationFailed) -> list[str]:
    texts = []
    for error in failure.errors:
        label = FIELD_LABELS.get(error.field or "")
        text = f"{_message(error)} ({error.code})"
        texts.append(f"{label}: {text}" if label else text)
    return texts


def _snake(field: str | None) -> str:
    return _CAMEL.sub("_", field or "").lower()


# --- assisted ordering (代买) ----------------------------------------------------------------


def _session_key(place: Warehouse) -> str:
    return f"showroom_assisted:{place.pk}"


def _assisted_place(request: HttpRequest, place_id: int) -> Warehouse:
    return staff_place(request, place_id, kinds=assisted.ASSISTED_KINDS)


def _render_assisted(
    request: HttpRequest,
    place: Warehouse,
    *,
    errors: list[str] = (),
    villager: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    return render(
        request,
        "showroom/assisted_order.html",
        {
            "place": place,
            **basket_context(request, _session_key(place)),
            "query": query,
            "hits": assisted.assisted_products_search(place=place, text=query),
            "errors": list(errors),
            "villager": villager or {},
        },
        status=status,
    )


def _variant(request: HttpRequest) -> ProductVariant:
    variant_id = request.POST.get("variant", "")
    if variant_id.isdigit():
        variant = ProductVariant.objects.filter(pk=int(variant_id)).first()
        if variant is not None:
            return variant
    return counter_variant_find(request.POST.get("sku", ""))


def assisted_order(request: HttpRequest, place_id: int) -> HttpResponse:
    place = _assisted_place(request, place_id)
    if request.method != "POST":
        return _render_assisted(request, place)
    try:
        basket_update(request, _session_key(place), variant_find=lambda: _variant(request))
    except ValidationFailed as failure:
        return _render_assisted(request, place, errors=_error_texts(failure), status=400)
    return redirect("showroom:assisted-order", place_id=place.pk)


@require_POST
def assisted_order_place(request: HttpRequest, place_id: int) -> HttpResponse:
    place = _assisted_place(request, place_id)
    villager = {
        "name": request.POST.get("villager_name", ""),
        "phone": request.POST.get("villager_phone", ""),
    }
    lines = basket_lines(request, _session_key(place))
    try:
        order = assisted.assisted_order_place(
            place=place,
            lines=lines,
            villager_name=villager["name"],
            villager_phone=villager["phone"],
            operator=request.user,
        )
    except ValidationFailed as failure:
        return _render_assisted(
            request, place, errors=_error_texts(failure), villager=villager, status=400
        )
    basket_clear(request, _session_key(place))
    return redirect("showroom:assisted-order-slip", place_id=place.pk, order_id=order.pk)


def assisted_order_slip(request: HttpRequest, place_id: int, order_id) -> HttpResponse:
    place = _assisted_place(request, place_id)
    order = get_object_or_404(
        Order.objects.select_related("billing_address").prefetch_related("lines"),
        pk=order_id,
        collection_point=place,
    )
    if order.private_metadata.get(assisted.ASSISTED_BY_PLACE) != str(place.pk):
        raise Http404
    address = order.billing_address
    return render(
        request,
        "showroom/assisted_slip.html",
        {
            **slip_context(place=place, order=order),
            "villager_name": address.first_name if address else "",
            "villager_phone": address.phone if address else "",
        },
    )


# --- assisted selling (代卖) -----------------------------------------------------------------


def _intake_place(request: HttpRequest, place_id: int) -> Warehouse:
    return staff_place(request, place_id, kinds=(PlaceKind.STATION,))


def _intake_rows(place: Warehouse) -> list[dict]:
    rows = []
    for item in intake.station_intakes(place):
        entry = item.handbook_entry
        handbook = entry.handbook if entry else None
        rows.append(
            {
                "intake": item,
                "entry": entry,
                "handbook": handbook,
                "status": handbook.status if handbook else "",
                "status_label": handbook.get_status_display() if handbook else "",
                "product_url": (
                    reverse("storefront:product", args=[entry.product.slug])
                    if entry and entry.product_id and handbook.status == "approved"
                    else ""
                ),
            }
        )
    return rows


def _render_intake(
    request: HttpRequest,
    place: Warehouse,
    *,
    values: dict | None = None,
    field_errors: dict | None = None,
    errors: list[str] = (),
    recorded: bool = False,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "showroom/intake.html",
        {
            "place": place,
            "county": intake.station_county(place),
            "values": values or {},
            "field_errors": field_errors or {},
            "errors": list(errors),
            "recorded": recorded,
            "producers": list(intake.station_intake_producers(place)),
            "categories": [
                (category.pk, "· " * category.level + category.name)
                for category in Category.objects.only("pk", "name", "level").order_by("tree_path")
            ],
            "household_statuses": HouseholdStatus.choices,
            "rows": _intake_rows(place),
        },
        status=status,
    )


def station_intake(request: HttpRequest, place_id: int) -> HttpResponse:
    place = _intake_place(request, place_id)
    if request.method != "POST":
        return _render_intake(request, place, recorded="recorded" in request.GET)
    values = {name: request.POST.get(name, "") for name in INTAKE_FIELDS}
    try:
        intake.station_intake_record(
            place=place, operator=request.user, photo=request.FILES.get("photo"), **values
        )
    except ValidationFailed as failure:
        field_errors: dict[str, list[str]] = {}
        for error in failure.errors:
            field_errors.setdefault(_snake(error.field), []).append(_message(error))
        return _render_intake(
            request,
            place,
            values=values,
            field_errors=field_errors,
            errors=_error_texts(failure),
            status=400,
        )
    return redirect(reverse("showroom:intake", args=[place.pk]) + "?recorded=1")
