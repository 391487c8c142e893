"""A household's poverty status and real name never reach anyone but staff who work for its
county (catalog.selectors.producers: everyone else gets its county's neutral label)."""

import json

import pytest
from django.utils import translation

from catalog.models import BrandTier, HouseholdStatus, ProducerKind
from catalog.selectors.producers import household_label
from catalog.services.brands import brand_create
from tests.catalog.brands.conftest import BAYI, division, licence
from tests.catalog.brands.conftest import make_producer as producer_of
from tests.catalog.privacy import COUNTY_STAFF, OUTSIDERS, county_staff_client, outsider_client
from tests.conftest import permission_denied
from tests.factories.product_reads import storefront_product

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


@pytest.mark.parametrize("caller", OUTSIDERS)
def test_household_status_is_denied(caller, household, api_client, user_api_client):
    client = outsider_client(caller, api_client=api_client, user_api_client=user_api_client)

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


@pytest.mark.parametrize("scope", COUNTY_STAFF)
def test_staff_working_for_the_county_see_it(scope, household):
    client = county_staff_client(scope)
    data = client.post_graphql(PRIVATE, {"slug": household.slug}).data["product"]

    assert data["producer"]["householdStatus"] == "LIFTED"
    assert data["producer"]["name"] == "卓玛家庭作坊"
    assert {
        b["ownerProducer"]["householdStatus"] for b in data["brands"] if b["ownerProducer"]
    } == {"LIFTED"}
