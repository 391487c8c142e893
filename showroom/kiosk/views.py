"""The kiosk's endpoints (showroom/kiosk_urls.py, under /kiosk/): activation by device token,
the one-page app, its catalog, QR codes, pickup reservations and hand-offs to a phone. Every
endpoint but activation needs an activated screen (showroom.kiosk.device)."""

import json
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from infra.errors import ValidationFailed
from showroom.kiosk.catalog import LANGUAGES, kiosk_catalog
from showroom.kiosk.device import device_cookie_set, kiosk_required
from showroom.kiosk.handoff import kiosk_handoff_create
from showroom.kiosk.orders import (
    kiosk_key_clean,
    kiosk_lines_clean,
    kiosk_reservation_place,
)
from showroom.kiosk.qr import qr_svg, storefront_link
from showroom.kiosk.strings import LANGUAGE_NAMES, kiosk_texts
from showroom.services import kiosk_device_authenticate

QR_CACHE_SECONDS = 24 * 3600
MAX_BODY = 64 * 1024


def _errors(failure: ValidationFailed, status: int = 400) -> JsonResponse:
    errors = [
        {"field": error.field, "code": str(error.code), "message": error.message}
        for error in failure.errors
    ]
    return JsonResponse({"errors": errors}, status=status)


def _body(request: HttpRequest) -> dict:
    if len(request.body) > MAX_BODY:
        raise ValidationFailed.single(None, "INVALID", "The request is too large.")
    try:
        data = json.loads(request.body)
    except ValueError:
        raise ValidationFailed.single(None, "INVALID", "The body must be JSON.") from None
    if not isinstance(data, dict):
        raise ValidationFailed.single(None, "INVALID", "The body must be a JSON object.")
    return data


def _language(data: dict) -> str:
    language = data.get("language")
    return language if language in LANGUAGES else "zh-Hans"


def _private(response: HttpResponse) -> HttpResponse:
    """Kept out of shared caches and of other sites' referrers (it may carry the token)."""
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_http_methods(["GET", "POST"])
def activate(request: HttpRequest) -> HttpResponse:
    """Staff enter the device token once (pasted in the form, or as ?token= in a link the
    screen opens); it is kept in the screen's cookie and dropped from the address."""
    raw = (request.POST.get("token") or request.GET.get("token") or "").strip()
    if raw:
        if kiosk_device_authenticate(raw) is not None:
            response = redirect("kiosk:home")
            device_cookie_set(request, response, raw)
            return _private(response)
        context = {"error": gettext("This token is not valid or has been revoked.")}
        return _private(render(request, "showroom/kiosk/activate.html", context, status=400))
    return _private(render(request, "showroom/kiosk/activate.html"))


@require_GET
@never_cache
@kiosk_required()
def home(request: HttpRequest) -> HttpResponse:
    device = request.kiosk
    config = {
        "catalogUrl": reverse("kiosk:catalog"),
        "ordersUrl": reverse("kiosk:orders"),
        "handoffUrl": reverse("kiosk:handoff"),
        "qrUrl": reverse("kiosk:qr"),
        "idleSeconds": settings.KIOSK_IDLE_RESET_SECONDS,
        "retrySeconds": 5,
        "device": device.pk,
        "csrfToken": get_token(request),
        "languages": LANGUAGE_NAMES,
        "texts": kiosk_texts(),
    }
    return render(
        request,
        "showroom/kiosk/kiosk.html",
        {"device": device, "place": device.place, "config": config},
    )


@require_GET
@never_cache
@kiosk_required(json=True)
def catalog(request: HttpRequest) -> JsonResponse:
    return JsonResponse(kiosk_catalog(request.kiosk.place))


@require_GET
@kiosk_required()
def qr(request: HttpRequest) -> HttpResponse:
    url = request.GET.get("data", "")
    if not storefront_link(url):
        return HttpResponse(
            "Only links into the storefront.", status=400, content_type="text/plain"
        )
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response["Cache-Control"] = f"private, max-age={QR_CACHE_SECONDS}"
    return response


def _money(amount: Decimal) -> str:
    return str(Decimal(amount).quantize(Decimal("0.01")))


@require_POST
@kiosk_required(json=True)
def orders(request: HttpRequest) -> JsonResponse:
    """A pickup reservation: {idempotencyKey, lines: [{variantId, quantity}], phone, name,
    language}; 201 with the new order, 200 with the one this key already made."""
    try:
        data = _body(request)
        order, created = kiosk_reservation_place(
            device=request.kiosk,
            idempotency_key=kiosk_key_clean(data.get("idempotencyKey")),
            lines=kiosk_lines_clean(data.get("lines")),
            phone=data.get("phone") or "",
            name=str(data.get("name") or ""),
            language=_language(data),
        )
    except ValidationFailed as failure:
        return _errors(failure)
    body = {
        "order": {
            "id": str(order.pk),
            "number": order.number,
            "pickupCode": order.pickup_code,
            "total": _money(order.total_amount),
            "currency": order.currency,
        },
        "created": created,
    }
    return JsonResponse(body, status=201 if created else 200)


@require_POST
@kiosk_required(json=True)
def handoff(request: HttpRequest) -> JsonResponse:
    """The cart ({lines, language}) as a checkout to finish on a phone: {url, qrSvg}."""
    try:
        data = _body(request)
        made = kiosk_handoff_create(
            device=request.kiosk,
            lines=kiosk_lines_clean(data.get("lines")),
            language=_language(data),
        )
    except ValidationFailed as failure:
        return _errors(failure)
    return JsonResponse({"url": made.url, "qrSvg": qr_svg(made.url)}, status=201)
