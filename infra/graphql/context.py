"""The per-request context every resolver receives as `info.context`."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from infra.accounts.models import App, User


@dataclass
class RequestContext:
    request: HttpRequest
    user: User | AnonymousUser
    app: App | None = None
    # Per-request caches (dataloaders, resolved channels); keyed by whoever fills them.
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def is_staff_user(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_active and self.user.is_staff)

    @property
    def actor(self) -> dict[str, Any]:
        """Who performs a mutation, as services take it: `user` (a signed-in user calling
        without an app) and `app`."""
        user = self.user if self.app is None and self.user.is_authenticated else None
        return {"user": user, "app": self.app}

    @property
    def language(self) -> str:
        return getattr(self.request, "LANGUAGE_CODE", "zh-hans")
