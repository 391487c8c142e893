"""Per-app rate limit and query-cost budget per minute: Saleor-shaped errors, the budget left
in `extensions`, counters per app, and users and anonymous callers unaffected."""

import json

import pytest
from django.core.cache import caches

from infra.graphql import ratelimit
from tests.conftest import ApiClient
from tests.factories import AppFactory

pytestmark = pytest.mark.django_db

QUERY = "{ shop { name } }"
PRODUCTS = '{ products(first: 20, channel: "nowhere") { edges { node { id } } } }'


@pytest.fixture(autouse=True)
def fresh_counters():
    caches["default"].clear()


@pytest.fixture
def limits(settings):
    settings.APP_RATE_LIMIT_PER_MINUTE = 3
    settings.APP_QUERY_COST_PER_MINUTE = 0
    return settings


def _app_client(**kwargs) -> ApiClient:
    _app, token = AppFactory.with_token(**kwargs)
    return ApiClient(token)


def _post(client: ApiClient, body) -> tuple[int, dict, dict]:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {client.token}"} if client.token else {}
    response = client.client.post(
        "/graphql/", json.dumps(body), content_type="application/json", **headers
    )
    return response.status_code, dict(response.headers), json.loads(response.content)


def test_an_app_over_its_rate_gets_429_with_saleor_shaped_errors(limits):
    client = _app_client()
    remaining = []
    for _ in range(3):
        status, _headers, body = _post(client, {"query": QUERY})
        assert status == 200 and "errors" not in body
        remaining.append(body["extensions"]["rateLimit"]["remaining"])
    assert remaining == [2, 1, 0]

    status, headers, body = _post(client, {"query": QUERY})
    assert status == 429
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"]["exception"]["code"] == "RATE_LIMITED"
    assert "3 operations per minute" in error["message"]
    rate = body["extensions"]["rateLimit"]
    assert (rate["limit"], rate["remaining"]) == (3, 0)
    assert rate["resetAt"].endswith("+00:00")
    assert 1 <= int(headers["Retry-After"]) <= 61


def test_counters_are_per_app(limits):
    first, second = _app_client(), _app_client()
    for _ in range(4):
        _post(first, {"query": QUERY})
    status, _headers, body = _post(second, {"query": QUERY})
    assert status == 200
    assert body["extensions"]["rateLimit"]["remaining"] == 2


def test_users_and_anonymous_callers_are_not_limited(limits, staff_api_client, api_client):
    for client in (staff_api_client, api_client):
        for _ in range(5):
            status, _headers, body = _post(client, {"query": QUERY})
            assert status == 200
            assert "rateLimit" not in body.get("extensions", {})


def test_a_new_minute_starts_a_new_window(limits, monkeypatch):
    clock = {"now": 1_800_000_000.0}  # the start of a minute
    monkeypatch.setattr(ratelimit.time, "time", lambda: clock["now"])
    client = _app_client()
    for _ in range(3):
        _post(client, {"query": QUERY})
    assert _post(client, {"query": QUERY})[0] == 429
    clock["now"] += 60
    status, _headers, body = _post(client, {"query": QUERY})
    assert status == 200
    assert body["extensions"]["rateLimit"]["remaining"] == 2


def test_each_operation_of_a_batch_counts(limits):
    client = _app_client()
    status, _headers, bodies = _post(client, [{"query": QUERY}] * 4)
    assert status == 200
    codes = [
        (body.get("errors") or [{}])[0].get("extensions", {}).get("exception", {}).get("code")
        for body in bodies
    ]
    assert codes == [None, None, None, "RATE_LIMITED"]


def _cost(client: ApiClient, query: str) -> int:
    return _post(client, {"query": query})[2]["extensions"]["cost"]["requestedQueryCost"]


def test_the_query_cost_budget(settings):
    settings.APP_RATE_LIMIT_PER_MINUTE = settings.APP_QUERY_COST_PER_MINUTE = 0
    measuring = _app_client()
    cost, small = _cost(measuring, PRODUCTS), _cost(measuring, QUERY)
    assert cost > small
    settings.APP_QUERY_COST_PER_MINUTE = cost * 2 + small
    client = _app_client()

    for spent in (1, 2):
        status, _headers, body = _post(client, {"query": PRODUCTS})
        assert status == 200
        assert body["extensions"]["rateLimit"]["costRemaining"] == cost * (2 - spent) + small
        maximum = body["extensions"]["cost"]["maximumAvailable"]
        assert maximum == settings.GRAPHQL_QUERY_MAX_COMPLEXITY  # Saleor's per-query figure

    status, headers, body = _post(client, {"query": PRODUCTS})
    assert status == 429
    assert "data" not in body
    [error] = body["errors"]
    assert error["extensions"]["exception"]["code"] == "QueryCostError"
    assert error["message"] == (
        f"The query exceeds this app's remaining query cost budget of {small} for this "
        f"minute. Actual cost is {cost}."
    )
    assert body["extensions"]["cost"] == {"requestedQueryCost": cost, "maximumAvailable": small}
    assert body["extensions"]["rateLimit"]["costRemaining"] == small
    assert "Retry-After" in headers
    # A refused query spends nothing: a cheap one still fits.
    status, _headers, body = _post(client, {"query": QUERY})
    assert status == 200
    assert body["extensions"]["rateLimit"]["costRemaining"] == 0


@pytest.mark.parametrize(
    ("override", "expected"),
    [("1", 1), ("5", 5), ("1000", 30), ("0", 3), ("-4", 3), ("lots", 3)],
)
def test_private_metadata_overrides_the_rate_within_bounds(limits, override, expected):
    app, token = AppFactory.with_token()
    app.private_metadata = {ratelimit.REQUESTS_KEY: override}
    app.save(update_fields=["private_metadata"])
    _status, _headers, body = _post(ApiClient(token), {"query": QUERY})
    assert body["extensions"]["rateLimit"]["limit"] == expected
