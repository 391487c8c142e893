"""The callers the household privacy tests ask as (tests/catalog/test_household_privacy.py,
tests/catalog/brands/test_producer_privacy.py): who must get a household's neutral label and
who works for its county (Bayi, in Nyingchi) and sees its private data."""

from infra.accounts.permissions import PermissionEnum
from tests.catalog.brands.conftest import BAYI, NYINGCHI, SHIGATSE, product_manager, staff_client
from tests.conftest import ApiClient
from tests.factories.product_reads import app_with

OUTSIDERS = [
    "anonymous",
    "customer",
    "app_without_permission",
    "app_with_manage_products",
    "staff_without_permission",
    "staff_without_scope",
    "staff_of_another_prefecture",
]
COUNTY_STAFF = [BAYI, NYINGCHI, "superuser"]


def outsider_client(caller: str, *, api_client: ApiClient, user_api_client: ApiClient) -> ApiClient:
    """The client of one of OUTSIDERS (the anonymous and customer ones are pytest's fixtures)."""
    return {
        "anonymous": lambda: api_client,
        "customer": lambda: user_api_client,
        "app_without_permission": lambda: app_with(),
        "app_with_manage_products": lambda: app_with(PermissionEnum.MANAGE_PRODUCTS),
        "staff_without_permission": lambda: staff_client(scope=BAYI),
        "staff_without_scope": lambda: product_manager(scope=None),
        "staff_of_another_prefecture": lambda: product_manager(scope=SHIGATSE),
    }[caller]()


def county_staff_client(scope: str) -> ApiClient:
    """A product manager of one of COUNTY_STAFF: scoped to the county or its prefecture, or a
    superuser."""
    if scope == "superuser":
        return product_manager(scope=None, is_superuser=True)
    return product_manager(scope=scope)
