import pytest

from catalog.models import (
    Attribute,
    AttributeInputType,
    AttributeTranslation,
    AttributeType,
    AttributeValue,
    CollectionProduct,
)
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import permission_denied
from tests.factories import (
    AttributeFactory,
    AttributeValueFactory,
    ChannelFactory,
    CollectionFactory,
    ProductTypeFactory,
    assign_product_attribute,
    assign_variant_attribute,
    sellable_product,
)
from tests.factories.taxonomy import app_client, category_tree, error_codes, staff_client

pytestmark = pytest.mark.django_db

ATTRIBUTES = """
query($first: Int, $filter: AttributeFilterInput, $where: AttributeWhereInput,
      $search: String, $sortBy: AttributeSortingInput, $channel: String) {
  attributes(first: $first, filter: $filter, where: $where, search: $search,
             sortBy: $sortBy, channel: $channel) {
    totalCount edges { node { slug } }
  }
}
"""
ATTRIBUTE = """
query($id: ID, $slug: String) {
  attribute(id: $id, slug: $slug) {
    id name slug type inputType entityType unit valueRequired visibleInStorefront
    filterableInStorefront filterableInDashboard availableInGrid storefrontSearchPosition
    withChoices externalReference
    translation(languageCode: EN) { name language { code } }
    choices(first: 2) {
      totalCount pageInfo { hasNextPage }
      edges { node { id name slug value inputType translation(languageCode: BO) { name } } }
    }
    productTypes(first: 5) { edges { node { slug } } }
  }
}
"""
CHOICES = """
query($slug: String, $sortBy: AttributeChoicesSortingInput, $filter: AttributeValueFilterInput,
      $where: AttributeValueWhereInput, $after: String) {
  attribute(slug: $slug) {
    choices(first: 10, sortBy: $sortBy, filter: $filter, where: $where, after: $after) {
      edges { cursor node { slug } }
    }
  }
}
"""
CREATE = """
mutation($input: AttributeCreateInput!) {
  attributeCreate(input: $input) {
    attribute {
      name slug type inputType entityType unit valueRequired
      choices(first: 10) { edges { node { name slug value } } }
    }
    errors { field code message }
    attributeErrors { code }
  }
}
"""
MANAGE_TYPES = PermissionEnum.MANAGE_PRODUCT_TYPES_AND_ATTRIBUTES


def slugs(response):
    return [edge["node"]["slug"] for edge in response.data["attributes"]["edges"]]


def test_attribute_with_its_choices(api_client):
    attribute = AttributeFactory(
        slug="color", name="颜色", input_type=AttributeInputType.SWATCH, external_reference="c-1"
    )
    red = AttributeValueFactory(attribute=attribute, name="红", slug="red", value="#f00")
    AttributeValueFactory(attribute=attribute, name="白", slug="white", sort_order=1)
    AttributeValueFactory(attribute=attribute, name="黑", slug="black", sort_order=2)
    AttributeTranslation.objects.create(attribute=attribute, language_code="en", name="Colour")
    red.translations.create(language_code="bo", name="དམར་པོ།")
    assign_variant_attribute(ProductTypeFactory(slug="scarf"), attribute)

    response = api_client.post_graphql(ATTRIBUTE, {"slug": "color"})

    assert response.data["attribute"] == {
        "id": to_global_id("Attribute", attribute.pk),
        "name": "颜色",
        "slug": "color",
        "type": "PRODUCT_TYPE",
        "inputType": "SWATCH",
        "entityType": None,
        "unit": None,
        "valueRequired": False,
        "visibleInStorefront": True,
        "filterableInStorefront": True,
        "filterableInDashboard": True,
        "availableInGrid": True,
        "storefrontSearchPosition": 0,
        "withChoices": True,
        "externalReference": "c-1",
        "translation": {"name": "Colour", "language": {"code": "EN"}},
        "choices": {
            "totalCount": 3,
            "pageInfo": {"hasNextPage": True},
            "edges": [
                {
                    "node": {
                        "id": to_global_id("AttributeValue", red.pk),
                        "name": "红",
                        "slug": "red",
                        "value": "#f00",
                        "inputType": "SWATCH",
                        "translation": {"name": "དམར་པོ།"},
                    }
                },
                {
                    "node": {
                        "id": to_global_id("AttributeValue", red.pk + 1),
                        "name": "白",
                        "slug": "white",
                        "value": "",
                        "inputType": "SWATCH",
                        "translation": None,
                    }
                },
            ],
        },
        "productTypes": {"edges": [{"node": {"slug": "scarf"}}]},
    }


def test_attribute_without_choices_has_an_empty_choices_connection(api_client):
    AttributeFactory(slug="weight", input_type=AttributeInputType.NUMERIC, unit="KG")

    attribute = api_client.post_graphql(ATTRIBUTE, {"slug": "weight"}).data["attribute"]

    assert attribute["choices"]["edges"] == []
    assert attribute["withChoices"] is False
    assert attribute["unit"] == "KG"


def test_choices_sort_filter_and_paginate(api_client):
    attribute = AttributeFactory(slug="grade")
    for position, (slug, name) in enumerate([("c", "特级"), ("a", "一级"), ("b", "二级")]):
        AttributeValueFactory(attribute=attribute, slug=slug, name=name, sort_order=position)

    def run(**variables):
        response = api_client.post_graphql(CHOICES, {"slug": "grade", **variables})
        return [edge["node"]["slug"] for edge in response.data["attribute"]["choices"]["edges"]]

    assert run() == ["c", "a", "b"]
    assert run(sortBy={"field": "SLUG", "direction": "DESC"}) == ["c", "b", "a"]
    assert run(filter={"search": "二"}) == ["b"]
    assert run(filter={"slugs": ["a", "c"]}) == ["c", "a"]
    assert run(where={"slug": {"oneOf": ["a", "b"]}}) == ["a", "b"]
    first = api_client.post_graphql(CHOICES, {"slug": "grade"}).data["attribute"]["choices"]
    assert run(after=first["edges"][0]["cursor"]) == ["a", "b"]


def test_hidden_attributes_are_for_managers_only(api_client, user_api_client):
    AttributeFactory(slug="public")
    AttributeFactory(slug="internal", visible_in_storefront=False)
    variables = {"first": 10, "sortBy": {"field": "SLUG", "direction": "ASC"}}

    public = api_client.post_graphql(ATTRIBUTES, variables)
    customer = user_api_client.post_graphql(ATTRIBUTES, variables)
    manager = staff_client(MANAGE_TYPES).post_graphql(ATTRIBUTES, variables)
    single = api_client.post_graphql(ATTRIBUTE, {"slug": "internal"})

    assert slugs(public) == ["public"]
    assert slugs(customer) == ["public"]
    assert slugs(manager) == ["internal", "public"]
    assert single.data["attribute"] is None


def test_attributes_filter_where_and_search(api_client):
    AttributeFactory(slug="grade", name="等级", value_required=True)
    AttributeFactory(slug="weight", name="重量", input_type=AttributeInputType.NUMERIC, unit="KG")
    AttributeFactory(slug="manual", name="说明", type=AttributeType.PAGE_TYPE, metadata={"a": "1"})
    AttributeFactory(slug="maker", input_type=AttributeInputType.REFERENCE, entity_type="Product")

    def run(**variables):
        sort_by = {"field": "SLUG", "direction": "ASC"}
        return slugs(
            api_client.post_graphql(ATTRIBUTES, {"first": 10, "sortBy": sort_by, **variables})
        )

    assert run(filter={"type": "PAGE_TYPE"}) == ["manual"]
    assert run(filter={"valueRequired": True}) == ["grade"]
    assert run(filter={"search": "WEI"}) == ["weight"]
    assert run(filter={"metadata": [{"key": "a", "value": "1"}]}) == ["manual"]
    assert run(search="重量") == ["weight"]
    assert run(where={"inputType": {"oneOf": ["NUMERIC", "REFERENCE"]}}) == ["maker", "weight"]
    assert run(where={"withChoices": True}) == ["grade", "manual"]
    assert run(where={"entityType": {"eq": "PRODUCT"}}) == ["maker"]
    assert run(where={"unit": {"eq": "KG"}}) == ["weight"]
    assert run(where={"name": {"eq": "等级"}}) == ["grade"]
    assert run(where={"AND": [{"type": {"eq": "PRODUCT_TYPE"}}, {"valueRequired": False}]}) == [
        "maker",
        "weight",
    ]


def test_attributes_in_category_and_collection_follow_product_visibility(api_client):
    channel = ChannelFactory(slug="lhasa")
    food, fungi = category_tree("Food", "Fungi")
    listed_type, unlisted_type = ProductTypeFactory(), ProductTypeFactory()
    origin, secret = AttributeFactory(slug="origin"), AttributeFactory(slug="secret")
    assign_product_attribute(listed_type, origin)
    assign_product_attribute(unlisted_type, secret)
    product = sellable_product(channel, category=fungi, product_type=listed_type)
    sellable_product(channel, category=fungi, product_type=unlisted_type).channel_listings.update(
        is_published=False
    )
    collection = CollectionFactory()
    CollectionProduct.objects.create(collection=collection, product=product)

    in_category = api_client.post_graphql(
        ATTRIBUTES,
        {
            "first": 10,
            "channel": "lhasa",
            "filter": {"inCategory": to_global_id("Category", food.pk)},
        },
    )
    in_collection = api_client.post_graphql(
        ATTRIBUTES,
        {
            "first": 10,
            "channel": "lhasa",
            "where": {"inCollection": to_global_id("Collection", collection.pk)},
        },
    )
    as_manager = staff_client(PermissionEnum.MANAGE_PRODUCTS).post_graphql(
        ATTRIBUTES, {"first": 10, "filter": {"inCategory": to_global_id("Category", food.pk)}}
    )

    assert slugs(in_category) == ["origin"]
    assert slugs(in_collection) == ["origin"]
    assert sorted(slugs(as_manager)) == ["origin", "secret"]


def test_attributes_refuse_what_we_do_not_have(api_client):
    sort = api_client.post_graphql(
        ATTRIBUTES, {"first": 1, "sortBy": {"field": "IS_VARIANT_ONLY", "direction": "ASC"}}
    )
    flag = api_client.post_graphql(ATTRIBUTES, {"first": 1, "filter": {"isVariantOnly": True}})

    assert sort.errors[0]["message"] == "Sorting by `IS_VARIANT_ONLY` is not supported."
    assert flag.errors[0]["message"] == "Filtering by `isVariantOnly` is not supported."


def test_attributes_list_query_count_does_not_grow_with_page_size(
    api_client, django_assert_num_queries
):
    query = """
    query($first: Int) {
      attributes(first: $first) { edges { node {
        slug inputType translation(languageCode: EN) { name }
        choices(first: 3) { totalCount edges { node { slug inputType } } }
      } } }
    }
    """
    for index in range(10):
        attribute = AttributeFactory(slug=f"a{index:02d}")
        AttributeValueFactory.create_batch(4, attribute=attribute)
    api_client.post_graphql(query, {"first": 2})

    with django_assert_num_queries(3):
        small = api_client.post_graphql(query, {"first": 2})
    with django_assert_num_queries(3):
        large = api_client.post_graphql(query, {"first": 10})

    assert len(small.data["attributes"]["edges"]) == 2
    assert large.data["attributes"]["edges"][9]["node"]["choices"]["totalCount"] == 4


def test_attribute_create_with_values():
    payload = (
        staff_client(MANAGE_TYPES)
        .post_graphql(
            CREATE,
            {
                "input": {
                    "name": "颜色",
                    "type": "PRODUCT_TYPE",
                    "inputType": "SWATCH",
                    "valueRequired": True,
                    "values": [
                        {"name": "朱红", "value": "#a00"},
                        {"name": "Snow White", "value": "#fff"},
                    ],
                }
            },
        )
        .data["attributeCreate"]
    )

    assert payload["errors"] == []
    assert payload["attributeErrors"] == []
    assert payload["attribute"] == {
        "name": "颜色",
        "slug": "yan-se",
        "type": "PRODUCT_TYPE",
        "inputType": "SWATCH",
        "entityType": None,
        "unit": None,
        "valueRequired": True,
        "choices": {
            "edges": [
                {"node": {"name": "朱红", "slug": "zhu-hong", "value": "#a00"}},
                {"node": {"name": "Snow White", "slug": "snow-white", "value": "#fff"}},
            ]
        },
    }


def test_attribute_create_numeric_with_unit_by_app():
    payload = (
        app_client(MANAGE_TYPES)
        .post_graphql(
            CREATE,
            {
                "input": {
                    "name": "Altitude",
                    "type": "PRODUCT_TYPE",
                    "inputType": "NUMERIC",
                    "unit": "M",
                }
            },
        )
        .data["attributeCreate"]
    )

    assert payload["errors"] == []
    assert (payload["attribute"]["inputType"], payload["attribute"]["unit"]) == ("NUMERIC", "M")
    assert Attribute.objects.get().input_type == "numeric"


def test_page_attributes_need_the_page_types_permission():
    variables = {"input": {"name": "Author", "type": "PAGE_TYPE"}}

    refused = staff_client(MANAGE_TYPES).post_graphql(CREATE, variables)
    allowed = staff_client(PermissionEnum.MANAGE_PAGE_TYPES_AND_ATTRIBUTES).post_graphql(
        CREATE, variables
    )

    assert refused.errors[0]["message"] == (
        "To access this path, you need one of the following permissions: "
        "MANAGE_PAGE_TYPES_AND_ATTRIBUTES"
    )
    assert allowed.data["attributeCreate"]["attribute"]["type"] == "PAGE_TYPE"


@pytest.mark.parametrize(
    ("attribute_input", "expected", "message"),
    [
        (
            {"inputType": "PLAIN_TEXT", "values": [{"name": "x"}]},
            [("values", "INVALID")],
            "Values cannot be used with input type plain-text.",
        ),
        (
            {"values": [{"name": "一级"}, {"name": "一级 "}]},
            [("values", "UNIQUE")],
            "Provided values are not unique.",
        ),
        (
            {"values": [{"name": "red", "value": "#f00"}]},
            [("values", "INVALID")],
            "Cannot define value, file and contentType fields for not swatch attribute.",
        ),
        (
            {
                "inputType": "SWATCH",
                "values": [{"name": "x", "value": "#f", "fileUrl": "http://a"}],
            },
            [("values", "INVALID")],
            "Cannot specify both value and file for swatch attribute.",
        ),
        (
            {"inputType": "REFERENCE"},
            [("entityType", "REQUIRED")],
            "Entity type is required when REFERENCE input type is used.",
        ),
        (
            {"inputType": "PLAIN_TEXT", "filterableInDashboard": True},
            [("filterableInDashboard", "INVALID")],
            "Cannot set filterable_in_dashboard on a plain-text attribute.",
        ),
        ({"slug": "taken"}, [("slug", "UNIQUE")], "Attribute with this Slug already exists."),
    ],
)
def test_attribute_create_bad_input_changes_nothing(attribute_input, expected, message):
    AttributeFactory(slug="taken")

    payload = (
        staff_client(MANAGE_TYPES)
        .post_graphql(
            CREATE, {"input": {"name": "Grade", "type": "PRODUCT_TYPE", **attribute_input}}
        )
        .data["attributeCreate"]
    )

    assert error_codes(payload) == expected
    assert payload["errors"][0]["message"] == message
    assert Attribute.objects.count() == 1
    assert AttributeValue.objects.count() == 0


def test_attribute_create_refuses_variant_only_attributes():
    response = staff_client(MANAGE_TYPES).post_graphql(
        CREATE, {"input": {"name": "x", "type": "PRODUCT_TYPE", "isVariantOnly": True}}
    )

    assert response.errors[0]["message"] == "Input field `isVariantOnly` is not supported."


@pytest.mark.parametrize("caller", ["anonymous", "customer", "staff", "app"])
def test_attribute_create_is_refused_without_the_permission(caller, api_client, user_api_client):
    client = {
        "anonymous": api_client,
        "customer": user_api_client,
        "staff": staff_client(PermissionEnum.MANAGE_PRODUCTS),
        "app": app_client(PermissionEnum.MANAGE_PAGE_TYPES_AND_ATTRIBUTES),
    }[caller]

    response = client.post_graphql(CREATE, {"input": {"name": "x", "type": "PRODUCT_TYPE"}})

    assert permission_denied(response)
    assert Attribute.objects.count() == 0


def test_attributes_sorted_by_a_flag_paginate_with_cursors(api_client):
    for slug, required in (("a", False), ("b", True), ("c", False), ("d", True)):
        AttributeFactory(slug=slug, name=slug, value_required=required)
    query = """
    query($after: String, $sortBy: AttributeSortingInput) {
      attributes(first: 3, after: $after, sortBy: $sortBy) {
        pageInfo { endCursor } edges { node { slug } }
      }
    }
    """
    sort_by = {"field": "VALUE_REQUIRED", "direction": "DESC"}

    first = api_client.post_graphql(query, {"sortBy": sort_by})
    cursor = first.data["attributes"]["pageInfo"]["endCursor"]
    second = api_client.post_graphql(query, {"sortBy": sort_by, "after": cursor})

    assert slugs(first) == ["d", "b", "c"]
    assert slugs(second) == ["a"]
