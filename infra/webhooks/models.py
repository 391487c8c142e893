"""Webhooks of apps and the outbox of their deliveries (Saleor's Webhook, EventPayload,
EventDelivery and EventDeliveryAttempt).

A delivery is written in the same transaction as the change it describes; workers claim it
with a lease (compare-and-set on `lease_token`/`lease_until`), so two workers never send it at
once, and a SUCCESS delivery is never claimed again.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from infra.accounts.models import App


class DeliveryStatus(models.TextChoices):
    PENDING = "PENDING", pgettext_lazy("webhooks", "Pending")
    SUCCESS = "SUCCESS", pgettext_lazy("webhooks", "Success")
    FAILED = "FAILED", pgettext_lazy("webhooks", "Failed")


class Webhook(models.Model):
    app = models.ForeignKey(App, related_name="webhooks", on_delete=models.CASCADE)
    name = models.CharField(pgettext_lazy("webhooks", "name"), max_length=255, blank=True)
    # Set by the app; unique per app (Saleor 3.23's `identifier`).
    identifier = models.CharField(max_length=256, null=True, blank=True)
    target_url = models.URLField(pgettext_lazy("webhooks", "target URL"), max_length=255)
    is_active = models.BooleanField(pgettext_lazy("webhooks", "active"), default=True)
    subscription_query = models.TextField(
        pgettext_lazy("webhooks", "subscription query"), blank=True
    )
    custom_headers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("pk",)
        verbose_name = pgettext_lazy("webhooks", "webhook")
        verbose_name_plural = pgettext_lazy("webhooks", "webhooks")
        constraints = [
            models.UniqueConstraint(
                fields=["app", "identifier"],
                condition=Q(identifier__isnull=False),
                name="webhook_identifier_unique_per_app",
            )
        ]

    def __str__(self) -> str:
        return self.name or self.target_url


class WebhookEvent(models.Model):
    webhook = models.ForeignKey(Webhook, related_name="events", on_delete=models.CASCADE)
    event_type = models.CharField(max_length=128, db_index=True)

    class Meta:
        ordering = ("event_type",)
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event_type"], name="webhook_event_unique")
        ]

    def __str__(self) -> str:
        return self.event_type


class EventPayload(models.Model):
    """The JSON body exactly as sent; the signature is computed over these bytes."""

    payload = models.TextField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    def __str__(self) -> str:
        return f"payload {self.pk}"


class EventDelivery(models.Model):
    webhook = models.ForeignKey(Webhook, related_name="deliveries", on_delete=models.CASCADE)
    event_type = models.CharField(pgettext_lazy("webhooks", "event"), max_length=128)
    payload = models.ForeignKey(EventPayload, related_name="deliveries", on_delete=models.CASCADE)
    status = models.CharField(
        pgettext_lazy("webhooks", "status"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    created_at = models.DateTimeField(
        pgettext_lazy("webhooks", "created at"), default=timezone.now, editable=False
    )
    next_attempt_at = models.DateTimeField(
        pgettext_lazy("webhooks", "next attempt at"), default=timezone.now
    )
    attempt_count = models.PositiveIntegerField(pgettext_lazy("webhooks", "attempts"), default=0)
    max_attempts = models.PositiveIntegerField(default=6)
    # Held by the worker sending it; an expired lease means that worker died.
    lease_token = models.CharField(max_length=32, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = pgettext_lazy("webhooks", "event delivery")
        verbose_name_plural = pgettext_lazy("webhooks", "event deliveries")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due_idx"),
            models.Index(fields=["webhook", "created_at"], name="webhook_delivery_log_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} → {self.webhook_id} ({self.status})"


class EventDeliveryAttempt(models.Model):
    delivery = models.ForeignKey(EventDelivery, related_name="attempts", on_delete=models.CASCADE)
    created_at = models.DateTimeField(
        pgettext_lazy("webhooks", "created at"), default=timezone.now, editable=False
    )
    task_id = models.CharField(max_length=255, blank=True)
    duration = models.FloatField(pgettext_lazy("webhooks", "duration (s)"), null=True, blank=True)
    request_headers = models.JSONField(default=dict, blank=True)
    response = models.TextField(pgettext_lazy("webhooks", "response"), blank=True)
    response_headers = models.JSONField(default=dict, blank=True)
    response_status_code = models.PositiveIntegerField(
        pgettext_lazy("webhooks", "HTTP status"), null=True, blank=True
    )
    status = models.CharField(
        pgettext_lazy("webhooks", "status"),
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = pgettext_lazy("webhooks", "delivery attempt")
        verbose_name_plural = pgettext_lazy("webhooks", "delivery attempts")

    def __str__(self) -> str:
        return f"attempt {self.pk} ({self.status})"
