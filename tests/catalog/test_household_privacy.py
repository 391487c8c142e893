"""No personal data of households in any public output: a household (次仁多吉) is shown as its
county's neutral label to everyone but staff managing the county; other producers keep their
names. (The PDF and the data package: tests/catalog/outputs; the product page:
tests/storefront/pages/test_browse_product.py.)"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from catalog.models import ProducerKind, Product
from catalog.selectors.producers import entry_producer_public_name, household_label
from catalog.selectors.search import search_products
from catalog.services.handbook_publish import handbook_publish
from catalog.services.search_index import products_search_index_update
from tests.catalog.brands.conftest import BAYI, GYANTSE, MAINLING, division, make_producer
from tests.catalog.privacy import COUNTY_STAFF, OUTSIDERS, county_staff_client, outsider_client
from tests.catalog.review.conftest import LINZHOU, make_entry, make_handbook
from tests.factories import ChannelFactory
from tests.factories.product_reads import storefront_product

pytestmark = pytest.mark.django_db

NAME = "次仁多吉"
CONTACT = "次仁的儿子"
PHONE = "13908940001"
ADDRESS = "巴宜区八一镇公众村"

PRODUCTS = """
query Products {
  products(first: 20, channel: "lhasa") { edges { node {
    slug
    producer { name kind county { code } }
    brands { ownerProducer { name } }
  } } }
}
"""

PRODUCT = """
query Product($slug: String!) {
  product(slug: $slug, channel: "lhasa") { producer { name kind } }
}
"""


def label(code: str = BAYI, language: str = "zh-hans") -> str:
    with translation.override(language):
        return household_label(division(code))


@pytest.fixture
def channel(db):
    return ChannelFactory(slug="lhasa", currency_code="CNY")


def household(county: str = BAYI, name: str = NAME):
    return make_producer(
        county,
        name=name,
        kind=ProducerKind.HOUSEHOLD,
        contact_name=CONTACT,
        contact_phone=PHONE,
        address=ADDRESS,
    )


@pytest.fixture
def product(channel):
    return storefront_product(
        channel, slug="tsering-walnut", producer=household(), origin=division(BAYI)
    )


def names(body: dict) -> set[str]:
    products = body["data"]["products"]["edges"]
    return {edge["node"]["producer"]["name"] for edge in products}


def private_text(body: dict) -> list[str]:
    text = json.dumps(body, ensure_ascii=False)
    return [word for word in (NAME, CONTACT, PHONE, ADDRESS) if word in text]


@pytest.mark.parametrize("caller", OUTSIDERS)
def test_graphql_shows_a_household_by_its_public_name(caller, product, api_client, user_api_client):
    client = outsider_client(caller, api_client=api_client, user_api_client=user_api_client)

    listed = client.post_graphql(PRODUCTS)
    one = client.post_graphql(PRODUCT, {"slug": product.slug})

    assert names(listed.body) == {label()}
    assert one.data["product"]["producer"] == {"name": label(), "kind": "HOUSEHOLD"}
    assert private_text(listed.body) == private_text(one.body) == []


@pytest.mark.parametrize("language", ["en", "bo"])
def test_the_public_name_follows_the_request_language(language, product, api_client):
    response = api_client.post_graphql(
        PRODUCT, {"slug": product.slug}, HTTP_ACCEPT_LANGUAGE=language
    )

    assert response.data["product"]["producer"]["name"] == label(language=language)
    assert NAME not in json.dumps(response.body, ensure_ascii=False)


@pytest.mark.parametrize("scope", COUNTY_STAFF)
def test_staff_managing_the_county_see_the_real_name(scope, product):
    client = county_staff_client(scope)

    assert names(client.post_graphql(PRODUCTS).body) == {NAME}
    assert (
        client.post_graphql(PRODUCT, {"slug": product.slug}).data["product"]["producer"]["name"]
        == NAME
    )


def test_other_producers_keep_their_names(channel, api_client):
    storefront_product(channel, slug="coop-walnut", producer=make_producer(BAYI))

    assert names(api_client.post_graphql(PRODUCTS).body) == {"巴宜区松茸合作社"}


def test_public_names_cost_no_query_per_producer(channel, api_client):
    """The county of each producer comes with it: the count does not grow with the page."""
    storefront_product(channel, slug="p-0", producer=household(BAYI, "甲"))

    with CaptureQueriesContext(connection) as one:
        api_client.post_graphql(PRODUCTS)
    for number, county in enumerate((MAINLING, GYANTSE, LINZHOU, BAYI), start=1):
        storefront_product(channel, slug=f"p-{number}", producer=household(county, f"乙{number}"))
    with CaptureQueriesContext(connection) as five:
        response = api_client.post_graphql(PRODUCTS)

    assert len(five) == len(one)
    assert names(response.body) == {label(code) for code in (BAYI, MAINLING, GYANTSE, LINZHOU)}


# --- publication and search -----------------------------------------------------------------


def published(entry_fields: dict, django_capture_on_commit_callbacks) -> Product:
    handbook = make_handbook(BAYI, channels=[ChannelFactory(slug="default-channel")])
    make_entry(handbook, **entry_fields)
    with django_capture_on_commit_callbacks(execute=True):
        [product] = handbook_publish(handbook=handbook)
    return Product.objects.get(pk=product.pk)


def found_by(text: str) -> list[int]:
    return list(search_products(Product.objects.all(), text).values_list("pk", flat=True))


def test_publishing_writes_the_public_name_and_search_does_not_find_the_real_one(
    django_capture_on_commit_callbacks,
):
    product = published({"producer": household()}, django_capture_on_commit_callbacks)

    assert f"生产主体：{label()}" in product.description_plaintext
    assert NAME not in json.dumps(product.description, ensure_ascii=False)
    assert NAME not in product.description_plaintext
    assert found_by(NAME) == found_by("cirenduoji") == []
    assert found_by("青稞糌粑") == [product.pk]


def test_a_name_typed_in_the_spreadsheet_without_a_producer_row_is_judged_by_its_words(
    django_capture_on_commit_callbacks,
):
    product = published({"producer_name": NAME}, django_capture_on_commit_callbacks)

    assert f"生产主体：{label()}" in product.description_plaintext
    assert NAME not in product.description_plaintext


def test_a_cooperative_is_published_by_its_name(django_capture_on_commit_callbacks):
    product = published({"producer": make_producer(BAYI)}, django_capture_on_commit_callbacks)

    assert "生产主体：巴宜区松茸合作社" in product.description_plaintext


def test_a_description_written_before_keeps_the_real_name_out_of_the_search_index(product):
    product.description_plaintext = f"规格：1千克；生产主体：{NAME}"
    product.save(update_fields=["description_plaintext"])
    producer = product.producer
    producer.kind = ProducerKind.FAMILY_FARM
    producer.save(update_fields=["kind"])
    products_search_index_update(product_ids=[product.pk])
    assert found_by(NAME) == [product.pk]  # what the index would give away

    producer.kind = ProducerKind.HOUSEHOLD
    producer.save(update_fields=["kind"])
    products_search_index_update(product_ids=[product.pk])

    assert found_by(NAME) == found_by("cirenduoji") == []
    assert found_by("生产主体") == [product.pk]  # the rest of the description stays


def test_the_entry_rule(db):
    handbook = make_handbook(BAYI)
    county = division(BAYI)
    with translation.override("zh-hans"):
        rows = [
            entry_producer_public_name(make_entry(handbook, **fields), county)
            for fields in (
                {"producer": household()},
                {"producer": make_producer(BAYI, name="林芝核桃有限公司")},
                {"producer_name": "洛桑"},
                {"producer_name": "米林县青稞合作社"},
                {"producer_name": ""},
            )
        ]

    assert rows == [label(), "林芝核桃有限公司", label(), "米林县青稞合作社", ""]
