"""Plain endpoints served by infra: health."""

from django.db import connection
from django.http import HttpRequest, JsonResponse

from infra.health.services import latest_heartbeat


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
