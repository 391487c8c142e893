"""Rendering a webhook's payload: its subscription query executed against our schema as the
webhook's app, with the event as the root, so the app sees exactly what its own queries would
(permissions and channel scope included). The body is the `event` object, as in Saleor."""

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import simplejson
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from graphql import GraphQLError, execute

from infra.accounts.models import App
from infra.graphql.context import RequestContext
from infra.graphql.errors import format_error
from infra.graphql.schema import get_schema
from infra.webhooks.graphql.subscription_query import (
    default_subscription_query,
    subscription_query_parse,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventRoot:
    """What `Subscription.event` resolves to: the event, its object and its recipient."""

    event_type: str
    instance: Any
    issued_at: datetime
    recipient: App


class WebhookRenderRequest(HttpRequest):
    """The request resolvers see: the public API host and the default language."""

    def __init__(self) -> None:
        super().__init__()
        url = urlsplit(settings.PUBLIC_API_URL)
        self._public_scheme = url.scheme or "http"
        self._public_host = url.netloc
        self.method = "POST"
        self.path = self.path_info = url.path or "/graphql/"
        self.LANGUAGE_CODE = settings.LANGUAGE_CODE
        self.user = AnonymousUser()

    def _get_scheme(self) -> str:
        return self._public_scheme

    def get_host(self) -> str:
        return self._public_host


def payload_render(
    *, query: str, event_type: str, instance: Any, recipient: App, issued_at: datetime
) -> str:
    """The JSON body for one webhook; errors of the query travel in it as `errors`."""
    parsed = subscription_query_parse(query or default_subscription_query())
    if parsed.document is None:  # stored before the schema changed under it
        error = parsed.error.message if parsed.error else "Invalid subscription query."
        return simplejson.dumps({"errors": [{"message": error}]})
    context = RequestContext(request=WebhookRenderRequest(), user=AnonymousUser(), app=recipient)
    root = EventRoot(event_type, instance, issued_at, recipient)
    result = execute(get_schema(), parsed.document, root_value=root, context_value=context)
    body: dict[str, Any] = dict((result.data or {}).get("event") or {})
    if result.errors:
        for error in result.errors:
            original = error.original_error
            if original is not None and not isinstance(original, GraphQLError):
                logger.error("Webhook payload resolver failed", exc_info=original)
        body["errors"] = [format_error(error) for error in result.errors]
    return simplejson.dumps(body, use_decimal=True, ensure_ascii=False, default=str)
