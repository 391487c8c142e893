"""The Celery application. Without CELERY_BROKER_URL tasks run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings.base")

app = Celery("tibet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def retrying(*errors: type[BaseException]) -> dict:
    """shared_task options that retry `errors` (passing database or storage failures) with
    exponential backoff and jitter, at most 5 times."""
    return {
        "autoretry_for": errors,
        "retry_backoff": 5,
        "retry_backoff_max": 300,
        "retry_jitter": True,
        "max_retries": 5,
    }
