"""Recording and reading worker heartbeats."""

from django.db.models import F
from django.utils import timezone

from infra.health.models import WorkerHeartbeat


def heartbeat_record(*, worker: str) -> WorkerHeartbeat:
    """Count one beat for `worker`; concurrent beats never lose a count."""
    now = timezone.now()
    heartbeat, created = WorkerHeartbeat.objects.get_or_create(
        worker=worker, defaults={"beat_at": now, "beats": 1}
    )
    if not created:
        WorkerHeartbeat.objects.filter(pk=heartbeat.pk).update(beat_at=now, beats=F("beats") + 1)
        heartbeat.refresh_from_db()
    return heartbeat


def latest_heartbeat() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-beat_at").first()
