"""How a kiosk screen is recognised: the device token staff enter once is kept in a long-lived
HttpOnly cookie, and every kiosk request is authenticated from it (no user logs in)."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from showroom.models import KioskDevice
from showroom.services import kiosk_device_authenticate

COOKIE_NAME = "kiosk_device"
COOKIE_PATH = "/kiosk/"
COOKIE_MAX_AGE = 10 * 365 * 24 * 3600  # a screen is registered once, for its lifetime
NOT_REGISTERED = "DEVICE_NOT_REGISTERED"


def device_cookie_set(request: HttpRequest, response: HttpResponse, raw_token: str) -> None:
    response.set_cookie(
        COOKIE_NAME,
        raw_token,
        max_age=COOKIE_MAX_AGE,
        path=COOKIE_PATH,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def request_device(request: HttpRequest) -> KioskDevice | None:
    return kiosk_device_authenticate(request.COOKIES.get(COOKIE_NAME))


def kiosk_required(*, json: bool = False) -> Callable:
    """The view runs with `request.kiosk` (the authenticated device); any other caller gets a
    403: the page asking for activation, or a JSON error for the kiosk's own calls."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            device = request_device(request)
            if device is None:
                if json:
                    error = {"field": None, "code": NOT_REGISTERED, "message": "Not a kiosk."}
                    return JsonResponse({"errors": [error]}, status=403)
                return render(request, "showroom/kiosk/forbidden.html", status=403)
            request.kiosk = device
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
