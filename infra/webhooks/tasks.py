"""Celery tasks of webhooks (queue `default`): they take primary keys and call one service."""

from celery import shared_task

from infra.webhooks.deliveries import deliveries_sweep, delivery_send


@shared_task(
    name="infra.webhooks.deliver_event_task", bind=True, acks_late=True, ignore_result=True
)
def deliver_event_task(self, delivery_id: int) -> None:
    """One attempt at a delivery; a failed attempt schedules the next one itself."""
    delivery_send(delivery_id=delivery_id, task_id=self.request.id or "")


@shared_task(name="infra.webhooks.deliveries_sweep_task", acks_late=True, ignore_result=True)
def deliveries_sweep_task() -> None:
    """Beat job: re-queue due deliveries whose task was lost or whose worker died."""
    deliveries_sweep()
