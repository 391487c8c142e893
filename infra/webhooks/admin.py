"""Back office: webhooks and their delivery log (attempts inline), with redelivery."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from infra.errors import ValidationFailed
from infra.webhooks.deliveries import delivery_redeliver
from infra.webhooks.models import EventDelivery, EventDeliveryAttempt, Webhook, WebhookEvent


class WebhookEventInline(admin.TabularInline):
    model = WebhookEvent
    extra = 0
    can_delete = False
    readonly_fields = ("event_type",)

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    """Webhooks are created by apps through GraphQL (their query is checked against the
    schema there); here they are looked at and switched on or off."""

    list_display = ("__str__", "app", "target_url", "is_active", "created_at")
    list_filter = ("is_active", "app")
    search_fields = ("name", "target_url")
    fields = ("app", "name", "target_url", "is_active", "subscription_query", "created_at")
    readonly_fields = ("app", "target_url", "subscription_query", "created_at")
    inlines = [WebhookEventInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class EventDeliveryAttemptInline(admin.TabularInline):
    model = EventDeliveryAttempt
    extra = 0
    can_delete = False
    fields = ("created_at", "status", "response_status_code", "duration", "response", "task_id")
    readonly_fields = fields
    ordering = ("created_at", "pk")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(EventDelivery)
class EventDeliveryAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "event_type",
        "webhook",
        "status",
        "attempt_count",
        "created_at",
        "next_attempt_at",
    )
    list_filter = ("status", "event_type", "webhook")
    list_select_related = ("webhook",)
    date_hierarchy = "created_at"
    fields = (
        "webhook",
        "event_type",
        "status",
        "attempt_count",
        "max_attempts",
        "created_at",
        "next_attempt_at",
        "payload_text",
    )
    readonly_fields = fields
    inlines = [EventDeliveryAttemptInline]
    actions = ["redeliver"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("webhook", "payload")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=pgettext_lazy("webhooks", "payload"))
    def payload_text(self, delivery: EventDelivery) -> str:
        return delivery.payload.payload

    def has_redeliver_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("webhooks.change_eventdelivery")

    @admin.action(description=_("Redeliver the selected deliveries"), permissions=["redeliver"])
    def redeliver(self, request: HttpRequest, queryset: QuerySet) -> None:
        queued = skipped = 0
        for delivery in queryset.select_related("webhook"):
            try:
                delivery_redeliver(delivery=delivery)
            except ValidationFailed:
                skipped += 1
            else:
                queued += 1
        if queued:
            self.message_user(
                request,
                _("%(count)s deliveries queued for a new attempt.") % {"count": queued},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                _("%(count)s deliveries were delivered already and are never sent twice.")
                % {"count": skipped},
                messages.WARNING,
            )
