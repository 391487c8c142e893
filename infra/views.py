"""Plain pages served by infra until the storefront takes over the home page."""

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from infra.health.services import latest_heartbeat


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "infra/home.html")


def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    heartbeat = latest_heartbeat()
    return JsonResponse(
        {
            "database": "ok",
            "lastWorkerHeartbeat": heartbeat.beat_at.isoformat() if heartbeat else None,
        }
    )
