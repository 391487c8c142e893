"""Proof of life from background workers, read by the health endpoint and operators."""

from django.db import models


class WorkerHeartbeat(models.Model):
    worker = models.CharField(max_length=255, unique=True)
    beat_at = models.DateTimeField()
    beats = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.worker} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"
