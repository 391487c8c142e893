"""Webhooks in GraphQL: `webhook`, `App.webhooks`, the Webhook / EventDelivery /
EventDeliveryAttempt types and webhookCreate / webhookUpdate / webhookDelete /
eventDeliveryRetry, with Saleor's permissions (MANAGE_APPS, or the app for its own webhooks)."""

import json
from typing import Any

from ariadne import MutationType, ObjectType, QueryType
from django.db.models import prefetch_related_objects
from graphql import GraphQLError, GraphQLResolveInfo

from infra.accounts.app_services import can_manage_app
from infra.accounts.models import App
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.connections import SortKey, paginate
from infra.graphql.errors import PermissionDenied
from infra.graphql.mutations import perform
from infra.graphql.permissions import AUTHENTICATED_APP, require_one_of
from infra.ids import from_global_id_or_error
from infra.webhooks import services as webhook_services
from infra.webhooks.deliveries import delivery_redeliver
from infra.webhooks.event_types import EVENTS
from infra.webhooks.graphql.list_connection import paginate_list
from infra.webhooks.graphql.subscription_query import subscription_query_check
from infra.webhooks.models import EventDelivery, Webhook

query = QueryType()
mutation = MutationType()
app_type = ObjectType("App")
webhook_type = ObjectType("Webhook")
delivery_type = ObjectType("EventDelivery")
attempt_type = ObjectType("EventDeliveryAttempt")

OWN_APP = "OWNER"


def _decode(global_id: str, type_name: str, field: str) -> int:
    try:
        return int(from_global_id_or_error(global_id, type_name))
    except GraphQLError as exc:
        raise ValidationFailed.single(field, "GRAPHQL_ERROR", exc.message) from None


def _require_manage(info: GraphQLResolveInfo, app: App) -> None:
    """Staff manage an app's webhooks with MANAGE_APPS and every permission the app holds
    (its payloads are rendered with the app's permissions); an app manages its own."""
    caller = info.context.app
    if caller is not None:
        if caller.pk != app.pk:
            raise PermissionDenied(permissions=[PermissionEnum.MANAGE_APPS, OWN_APP])
        return
    require_one_of(info, PermissionEnum.MANAGE_APPS)
    if not can_manage_app(info.context.user, app):
        raise PermissionDenied("You can't manage webhooks of an app with more permissions.")


# --- reads ------------------------------------------------------------------------------------


@query.field("webhook")
def resolve_webhook(_obj, info: GraphQLResolveInfo, id: str) -> Webhook | None:
    caller = info.context.app
    if caller is None:
        require_one_of(info, PermissionEnum.MANAGE_APPS)
    pk = from_global_id_or_error(id, "Webhook")
    webhooks = Webhook.objects.select_related("app")
    if caller is not None:
        webhooks = webhooks.filter(app=caller)
    return webhooks.filter(pk=pk).first()


@app_type.field("webhooks")
def resolve_app_webhooks(app: App, info: GraphQLResolveInfo) -> list[Webhook]:
    if info.context.app is None or info.context.app.pk != app.pk:
        require_one_of(info, PermissionEnum.MANAGE_APPS)
    return list(app.webhooks.select_related("app").prefetch_related("events"))


def _event_items(webhook: Webhook) -> list[dict[str, str]]:
    return [
        {"event_type": e.event_type, "name": EVENTS.get(e.event_type, ("", e.event_type))[1]}
        for e in webhook.events.all()
    ]


webhook_type.set_field("asyncEvents", lambda webhook, _info: _event_items(webhook))
webhook_type.set_field("events", lambda webhook, _info: _event_items(webhook))
webhook_type.set_field("syncEvents", lambda _webhook, _info: [])
webhook_type.set_field("secretKey", lambda _webhook, _info: None)
webhook_type.set_field(
    "subscriptionQuery", lambda webhook, _info: webhook.subscription_query or None
)
webhook_type.set_field("customHeaders", lambda webhook, _info: webhook.custom_headers or {})


def _delivery_sort_key(sort_by: dict | None) -> SortKey:
    # Newest first unless asked otherwise; CREATED_AT is Saleor's only sort field.
    descending = True if not sort_by else sort_by.get("direction") == "DESC"
    return SortKey(fields=("created_at", "pk"), descending=descending)


@webhook_type.field("eventDeliveries")
def resolve_event_deliveries(
    webhook: Webhook, info: GraphQLResolveInfo, sort_by=None, filter=None, **args
):
    deliveries = EventDelivery.objects.filter(webhook=webhook).select_related("payload")
    if filter and filter.get("status"):
        deliveries = deliveries.filter(status=filter["status"])
    if filter and filter.get("event_type"):
        deliveries = deliveries.filter(event_type=filter["event_type"])
    connection = paginate(deliveries, info, args, _delivery_sort_key(sort_by))
    # One query for the attempts of the whole page (EventDelivery.attempts reads them).
    prefetch_related_objects([edge.node for edge in connection.edges], "attempts")
    return connection


delivery_type.set_field("payload", lambda delivery, _info: delivery.payload.payload)


@delivery_type.field("attempts")
def resolve_attempts(delivery: EventDelivery, info: GraphQLResolveInfo, sort_by=None, **args):
    descending = bool(sort_by) and sort_by.get("direction") == "DESC"
    attempts = sorted(delivery.attempts.all(), key=lambda a: (a.created_at, a.pk))
    return paginate_list(
        attempts, info, args, key=lambda a: (a.created_at, a.pk), descending=descending
    )


attempt_type.set_field("taskId", lambda attempt, _info: attempt.task_id or None)
attempt_type.set_field(
    "requestHeaders", lambda attempt, _info: json.dumps(attempt.request_headers or {})
)
attempt_type.set_field(
    "responseHeaders", lambda attempt, _info: json.dumps(attempt.response_headers or {})
)


# --- writes -----------------------------------------------------------------------------------


def _refuse_unsupported(data: dict[str, Any]) -> None:
    if data.get("sync_events"):
        raise ValidationFailed.single(
            "syncEvents", "INVALID", "Synchronous webhooks are not supported."
        )
    if data.get("secret_key"):
        raise ValidationFailed.single(
            "secretKey",
            "INVALID",
            "Payloads are signed with JWS (Saleor-Signature); secretKey is not supported.",
        )


def _given_events(data: dict[str, Any]) -> tuple[list[str] | None, str]:
    """Events named explicitly (deprecated `events` first, as Saleor), and their field."""
    if data.get("events"):
        return list(data["events"]), "events"
    if data.get("async_events") is not None:
        return list(data["async_events"]), "asyncEvents"
    return None, "asyncEvents"


def _target_app(info: GraphQLResolveInfo, app_id: str | None) -> App:
    if info.context.app is not None:
        return info.context.app  # an app always creates webhooks for itself
    if not app_id:
        raise ValidationFailed.single(
            None, "INVALID", "Missing app id. Fill in the app field or run the mutation by the app"
        )
    app = App.objects.filter(pk=_decode(app_id, "App", "app"), is_active=True).first()
    if app is None:
        raise ValidationFailed.single("app", "NOT_FOUND", "App doesn't exist or is disabled")
    return app


@mutation.field("webhookCreate")
def resolve_webhook_create(_obj, info: GraphQLResolveInfo, input: dict[str, Any]):
    require_one_of(info, PermissionEnum.MANAGE_APPS, AUTHENTICATED_APP)

    def create() -> dict[str, Any]:
        _refuse_unsupported(input)
        app = _target_app(info, input.get("app"))
        _require_manage(info, app)
        events, events_field = _given_events(input)
        if input.get("query"):
            parsed = subscription_query_check(input["query"])
            events = events if events else list(parsed.events)
        webhook = webhook_services.webhook_create(
            app=app,
            target_url=input.get("target_url"),
            events=events or [],
            events_field=events_field,
            name=input.get("name"),
            identifier=input.get("identifier"),
            is_active=input.get("is_active"),
            subscription_query=input.get("query"),
            custom_headers=input.get("custom_headers"),
        )
        return {"webhook": webhook}

    return perform(create)


def _webhook_to_change(info: GraphQLResolveInfo, id: str | None, identifier: str | None):
    if id and identifier:
        raise GraphQLError("Argument 'id' cannot be combined with 'identifier'")
    if not id and not identifier:
        raise GraphQLError("At least one of arguments is required: 'id', 'identifier'.")
    caller = info.context.app
    webhooks = Webhook.objects.select_related("app")
    if identifier is not None:
        if caller is None:
            raise GraphQLError("Only an app can refer to its webhook by identifier; use 'id'.")
        webhook = webhooks.filter(app=caller, identifier=identifier).first()
    else:
        webhook = webhooks.filter(pk=_decode(id, "Webhook", "id")).first()
    if webhook is None or (caller is not None and webhook.app_id != caller.pk):
        field = "id" if id else "identifier"
        message = f"Couldn't resolve to a node: {id or identifier}"
        raise ValidationFailed.single(field, "NOT_FOUND", message)
    _require_manage(info, webhook.app)
    return webhook


UPDATABLE = {
    "name": "name",
    "identifier": "identifier",
    "target_url": "target_url",
    "is_active": "is_active",
    "query": "subscription_query",
    "custom_headers": "custom_headers",
}


@mutation.field("webhookUpdate")
def resolve_webhook_update(
    _obj, info: GraphQLResolveInfo, input: dict[str, Any], id=None, identifier=None
):
    require_one_of(info, PermissionEnum.MANAGE_APPS, AUTHENTICATED_APP)

    def update() -> dict[str, Any]:
        webhook = _webhook_to_change(info, id, identifier)
        _refuse_unsupported(input)
        if input.get("app") and _decode(input["app"], "App", "app") != webhook.app_id:
            raise ValidationFailed.single("app", "INVALID", "A webhook cannot move to another app.")
        events, events_field = _given_events(input)
        if input.get("query"):
            parsed = subscription_query_check(input["query"])
            events = events if events else list(parsed.events)
        changes = {UPDATABLE[k]: v for k, v in input.items() if k in UPDATABLE}
        if changes.get("target_url", "") is None:
            changes.pop("target_url")
        webhook = webhook_services.webhook_update(
            webhook=webhook, changes=changes, events=events, events_field=events_field
        )
        return {"webhook": webhook}

    return perform(update)


@mutation.field("webhookDelete")
def resolve_webhook_delete(_obj, info: GraphQLResolveInfo, id=None, identifier=None):
    require_one_of(info, PermissionEnum.MANAGE_APPS, AUTHENTICATED_APP)

    def delete() -> dict[str, Any]:
        webhook = _webhook_to_change(info, id, identifier)
        return {"webhook": webhook_services.webhook_delete(webhook=webhook)}

    return perform(delete)


@mutation.field("eventDeliveryRetry")
def resolve_event_delivery_retry(_obj, info: GraphQLResolveInfo, id: str):
    require_one_of(info, PermissionEnum.MANAGE_APPS)

    def retry() -> dict[str, Any]:
        delivery = (
            EventDelivery.objects.select_related("payload", "webhook")
            .filter(pk=_decode(id, "EventDelivery", "id"))
            .first()
        )
        if delivery is None:
            raise ValidationFailed.single("id", "NOT_FOUND", f"Couldn't resolve to a node: {id}")
        return {"delivery": delivery_redeliver(delivery=delivery)}

    return perform(retry)


bindables = [query, mutation, app_type, webhook_type, delivery_type, attempt_type]
cost_map = {
    "Query": {"webhook": {"complexity": 1}},
    "Webhook": {"eventDeliveries": {"complexity": 1, "multipliers": ["first", "last"]}},
    "EventDelivery": {"attempts": {"complexity": 1, "multipliers": ["first", "last"]}},
}
