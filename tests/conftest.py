"""Fixtures shared by every test: GraphQL clients for each kind of caller."""

import json
from dataclasses import dataclass

import pytest
from django.test import Client

from infra.accounts.jwt import create_access_token
from tests.factories import AppFactory, StaffUserFactory, UserFactory


@dataclass
class GraphQLResponse:
    status_code: int
    body: dict

    @property
    def data(self) -> dict:
        assert "errors" not in self.body, self.body.get("errors")
        return self.body["data"]

    @property
    def errors(self) -> list[dict]:
        return self.body.get("errors", [])


class ApiClient:
    """Posts operations to the real /graphql/ view, as a given caller."""

    def __init__(self, token: str | None = None):
        self.client = Client()
        self.token = token

    def post_graphql(self, query: str, variables: dict | None = None, **extra) -> GraphQLResponse:
        headers = {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}
        response = self.client.post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
            **extra,
        )
        return GraphQLResponse(response.status_code, json.loads(response.content))


@pytest.fixture
def api_client(db) -> ApiClient:
    return ApiClient()


@pytest.fixture
def customer_user(db):
    return UserFactory()


@pytest.fixture
def user_api_client(customer_user) -> ApiClient:
    return ApiClient(create_access_token(customer_user))


@pytest.fixture
def staff_user(db):
    return StaffUserFactory()


@pytest.fixture
def staff_api_client(staff_user) -> ApiClient:
    return ApiClient(create_access_token(staff_user))


@pytest.fixture
def app_with_token(db):
    return AppFactory.with_token()


@pytest.fixture
def app_api_client(app_with_token) -> ApiClient:
    _app, raw_token = app_with_token
    return ApiClient(raw_token)


def permission_denied(response: GraphQLResponse) -> bool:
    return any(
        error.get("extensions", {}).get("exception", {}).get("code") == "PermissionDenied"
        for error in response.errors
    )


pytest_plugins = ["tests.services"]
