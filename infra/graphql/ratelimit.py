"""Per-app request rate and query-cost budget, per minute.

Apps (partner provinces' shops and other integrations) may send APP_RATE_LIMIT_PER_MINUTE
operations and spend APP_QUERY_COST_PER_MINUTE of query cost (the cost the view measures for
`extensions.cost`) in each minute; 0 turns a limit off. An app's private metadata may
override either (keys below), lowering it freely or raising it to at most
OVERRIDE_CEILING_FACTOR times the setting: apps can edit their own private metadata, so an
override must not lift the platform's protection. Users and anonymous callers are not
limited here.

Counters live in Django's default cache (Redis in production, so every process shares them;
per-process memory in development and tests), in fixed one-minute windows keyed by app.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import caches
from graphql import GraphQLError

from infra.accounts.models import App

WINDOW_SECONDS = 60
REQUESTS_KEY = "rateLimit.requestsPerMinute"
COST_KEY = "rateLimit.queryCostPerMinute"
OVERRIDE_CEILING_FACTOR = 10
CACHE_ALIAS = "default"


def _limit(app: App, key: str, default: int) -> int:
    raw = (app.private_metadata or {}).get(key)
    try:
        value = int(str(raw))
    except (TypeError, ValueError):
        return default
    if value < 0:
        return default
    if default == 0:
        return value
    if value == 0:
        return default  # an app cannot switch its own limit off
    return min(value, default * OVERRIDE_CEILING_FACTOR)


def _incr(key: str, amount: int) -> int:
    cache = caches[CACHE_ALIAS]
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        return cache.incr(key, amount)
    except ValueError:  # expired between add and incr
        cache.set(key, amount, timeout=WINDOW_SECONDS * 2)
        return amount


@dataclass
class AppBudget:
    """One app's counters in the current window."""

    app_key: str
    request_limit: int
    cost_limit: int
    window: int
    requests: int = 0
    cost: int = 0

    @property
    def reset_at(self) -> datetime:
        return datetime.fromtimestamp((self.window + 1) * WINDOW_SECONDS, tz=UTC)

    @property
    def retry_after(self) -> int:
        return max(1, int((self.window + 1) * WINDOW_SECONDS - time.time()) + 1)

    def _key(self, kind: str) -> str:
        return f"ratelimit:{self.app_key}:{kind}:{self.window}"

    def take_request(self) -> GraphQLError | None:
        """Count one operation; an error when it is over the rate."""
        if not self.request_limit:
            return None
        self.requests = _incr(self._key("requests"), 1)
        if self.requests <= self.request_limit:
            return None
        return GraphQLError(
            f"Too many requests: this app may send {self.request_limit} operations per "
            f"minute. Retry after {self.reset_at.isoformat()}.",
            extensions={"exception": {"code": "RATE_LIMITED"}},
        )

    def take_cost(self, cost: int) -> GraphQLError | None:
        """Spend `cost` of this minute's budget; an error (nothing spent) when over it."""
        if not self.cost_limit:
            return None
        self.cost = _incr(self._key("cost"), cost)
        if self.cost <= self.cost_limit:
            return None
        self.cost = _incr(self._key("cost"), -cost)
        return GraphQLError(
            f"The query exceeds this app's remaining query cost budget of "
            f"{self.cost_remaining} for this minute. Actual cost is {cost}.",
            extensions={"exception": {"code": "QueryCostError"}},
        )

    @property
    def cost_remaining(self) -> int:
        return max(0, self.cost_limit - self.cost)

    def extensions(self) -> dict:
        """What a response tells the app of its budget (`extensions.rateLimit`)."""
        data: dict = {"resetAt": self.reset_at.isoformat()}
        if self.request_limit:
            data["limit"] = self.request_limit
            data["remaining"] = max(0, self.request_limit - self.requests)
        if self.cost_limit:
            data["costLimit"] = self.cost_limit
            data["costRemaining"] = self.cost_remaining
        return data


def app_budget(app: App | None) -> AppBudget | None:
    """The budget of the calling app for this minute; None for users and anonymous callers
    (and when both limits are off)."""
    if app is None:
        return None
    request_limit = _limit(app, REQUESTS_KEY, settings.APP_RATE_LIMIT_PER_MINUTE)
    cost_limit = _limit(app, COST_KEY, settings.APP_QUERY_COST_PER_MINUTE)
    if not request_limit and not cost_limit:
        return None
    window = int(time.time() // WINDOW_SECONDS)
    # The creation time too: an app made again under a reused pk starts afresh.
    app_key = f"{app.pk}-{int(app.created.timestamp() * 1_000_000)}"
    budget = AppBudget(
        app_key=app_key, request_limit=request_limit, cost_limit=cost_limit, window=window
    )
    if cost_limit:
        budget.cost = int(caches[CACHE_ALIAS].get(budget._key("cost")) or 0)
    return budget
