"""Helpers for the taxonomy tests: API clients holding given permissions, category trees."""

from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from tests.conftest import ApiClient
from tests.factories.accounts import AppFactory, StaffUserFactory


def staff_client(*permissions: PermissionEnum) -> ApiClient:
    """A staff user holding exactly `permissions`, as an API client."""
    return ApiClient(create_access_token(StaffUserFactory(permissions=list(permissions))))


def app_client(*permissions: PermissionEnum) -> ApiClient:
    """An app holding exactly `permissions`, as an API client."""
    _app, raw_token = AppFactory.with_token(permissions=list(permissions))
    return ApiClient(raw_token)


def category_tree(*names: str):
    """A chain of categories built by the service: names[0] is the root, each next one a
    child of the previous. Returns the categories in that order."""
    from catalog.services.categories import category_create

    chain = []
    for name in names:
        chain.append(
            category_create(name=name, slug=name.lower(), parent=chain[-1] if chain else None)
        )
    return chain


def error_codes(payload: dict) -> list[tuple[str | None, str]]:
    return [(error["field"], error["code"]) for error in payload["errors"]]
