from celery import shared_task

from infra.health.services import heartbeat_record


@shared_task(name="infra.health.record_worker_heartbeat_task", ignore_result=True)
def record_worker_heartbeat_task(worker: str | None = None) -> None:
    from celery import current_task

    hostname = worker or getattr(current_task.request, "hostname", None) or "eager"
    heartbeat_record(worker=hostname)
