"""A household's poverty status and real name never reach anyone but staff who work for its
county (catalog.selectors.producers: everyone else gets its county's neutral label)."""

import json

import pytest
from django.utils import translation

from catalog.models import BrandTier, HouseholdStatus, ProducerKind
from catalog.selectors.producers import household_label
from catalog.services.brands import brand_create
from infra.accounts.permissions import PermissionEnum
from tests.catalog.brands.conftest import (
    BAYI,
    NYINGCHI,
    SHIGATSE,
    division,
    licence,
    product_manager,
    staff_client,
)
from tests.catalog.brands.conftest import make_producer as producer_of
from tests.conftest import permission_denied
from tests.factories.product_reads import app_with, storefront_product

PUBLIC = """
query Products {
  products(first: 10, channel: "lhasa") { edges { node {
    slug
    producer { id name kind county { code } certifications }
    brands { slug ownerProducer { name } }
  } } }
}
"""

PRIVATE = """
query Product($slug: String!) {
  product(slug: $slug, channel: "lhasa") {
    producer { name householdStatus }
    brands { ownerProducer { householdStatus } }
  }
}
"""


@pytest.fixture
def household(channel, tree):
    home = producer_of(
        name="卓玛家庭作坊", kind=ProducerKind.HOUSEHOLD, household_status=HouseholdStatus.LIFTED
    )
    brand_create(name="卓玛手作", tier=BrandTier.ENTERPRISE, owner_producer=home)
    product = storefront_product(
        channel, slug="zhuoma-carpet", producer=home, origin=division(BAYI)
    )
    licence(tree.bayi, home, products=[product])
    return product


def public_name() -> str:
    """The household's name for everyone else (requests are answered in zh-Hans)."""
    with translation.override("zh-hans"):
        return household_label(division(BAYI))


def leaks(body: dict) -> bool:
    text = json.dumps(body).lower()
    return "lifted" in text or "at_risk" in text


def test_public_fields_carry_no_household_status(api_client, household):
    response = api_client.post_graphql(PUBLIC)

    node = response.data["products"]["edges"][0]["node"]
    assert set(node["producer"]) == {"id", "name", "kind", "county", "certifications"}
    assert node["producer"]["kind"] == "HOUSEHOLD"
    assert not leaks(response.body)
    assert node["producer"]["name"] == public_name()
    assert "卓玛家庭作坊" not in json.dumps(response.body, ensure_ascii=False)


def test_the_schema_offers_no_contact_or_registration_fields(api_client, db):
    response = api_client.post_graphql('{ __type(name: "Producer") { fields { name } } }')
    names = {field["name"] for field in response.data["__type"]["fields"]}
    assert names == {"id", "name", "kind", "county", "certifications", "householdStatus"}


@pytest.mark.parametrize(
    "caller",
    [
        "anonymous",
        "customer",
        "app_without_permission",
        "app_with_manage_products",
        "staff_without_permission",
        "staff_without_scope",
        "staff_of_another_prefecture",
    ],
)
def test_household_status_is_denied(caller, household, api_client, user_api_client):
    client = {
        "anonymous": lambda: api_client,
        "customer": lambda: user_api_client,
        "app_without_permission": lambda: app_with(),
        "app_with_manage_products": lambda: app_with(PermissionEnum.MANAGE_PRODUCTS),
        "staff_without_permission": lambda: staff_client(scope=BAYI),
        "staff_without_scope": lambda: product_manager(scope=None),
        "staff_of_another_prefecture": lambda: product_manager(scope=SHIGATSE),
    }[caller]()

    response = client.post_graphql(PRIVATE, {"slug": household.slug})

    assert permission_denied(response)
    assert response.body["data"]["product"]["producer"] == {
        "name": public_name(),
        "householdStatus": None,
    }
    assert not leaks(response.body["data"])
    assert {tuple(error["path"][-2:]) for error in response.errors} >= {
        ("producer", "householdStatus"),
    }


@pytest.mark.parametrize("scope", [BAYI, NYINGCHI, "superuser"])
def test_staff_working_for_the_county_see_it(scope, household):
    client = (
        product_manager(scope=None, is_superuser=True)
        if scope == "superuser"
        else product_manager(scope=scope)
    )
    data = client.post_graphql(PRIVATE, {"slug": household.slug}).data["product"]

    assert data["producer"]["householdStatus"] == "LIFTED"
    assert data["producer"]["name"] == "卓玛家庭作坊"
    assert {
        b["ownerProducer"]["householdStatus"] for b in data["brands"] if b["ownerProducer"]
    } == {"LIFTED"}
