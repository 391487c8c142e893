"""Attribute values on products through productCreate / productUpdate, one input type each."""

import datetime
import json

from catalog.models import (
    AssignedProductAttributeValue,
    AttributeInputType,
    AttributeValue,
    Product,
)
from tests.factories import AttributeValueFactory, ProductFactory, ProductTypeFactory
from tests.factories.catalog import AttributeFactory
from tests.factories.writes import gid, product_attribute, staff_client

CREATE = """
mutation Create($input: ProductCreateInput!) {
  productCreate(input: $input) {
    product { id }
    errors { field code message attributes }
  }
}
"""

UPDATE = """
mutation Update($id: ID!, $input: ProductInput!) {
  productUpdate(id: $id, input: $input) {
    errors { field code message attributes }
  }
}
"""


def create(product_type, attributes, name="松茸"):
    response = staff_client().post_graphql(
        CREATE,
        {"input": {"productType": gid(product_type), "name": name, "attributes": attributes}},
    )
    return response.data["productCreate"]


def assigned(product):
    rows = AssignedProductAttributeValue.objects.filter(product=product).select_related("value")
    return [
        (row.value.attribute_id, row.value.name)
        for row in rows.order_by("value__attribute_id", "sort_order")
    ]


def test_dropdown_by_id_and_by_new_value(db):
    product_type = ProductTypeFactory()
    grade = product_attribute(product_type)
    origin = product_attribute(product_type)
    special = AttributeValueFactory(attribute=grade, name="特级", slug="te-ji")

    payload = create(
        product_type,
        [
            {"id": gid(grade), "dropdown": {"id": gid(special)}},
            {"id": gid(origin), "dropdown": {"value": "米林县"}},
        ],
    )

    assert payload["errors"] == []
    product = Product.objects.get()
    assert assigned(product) == [(grade.pk, "特级"), (origin.pk, "米林县")]
    new_value = AttributeValue.objects.get(attribute=origin)
    assert new_value.slug == "mi-lin-xian"


def test_dropdown_value_reuses_existing_value_by_name(db):
    product_type = ProductTypeFactory()
    grade = product_attribute(product_type)
    AttributeValueFactory(attribute=grade, name="一级", slug="yi-ji")

    create(product_type, [{"id": gid(grade), "dropdown": {"value": "一级"}}])

    assert AttributeValue.objects.filter(attribute=grade).count() == 1


def test_new_values_with_same_slug_get_suffixes(db):
    product_type = ProductTypeFactory()
    color = product_attribute(product_type, AttributeInputType.MULTISELECT)
    AttributeValueFactory(attribute=color, name="Hong", slug="hong")

    payload = create(
        product_type,
        [{"id": gid(color), "multiselect": [{"value": "红"}, {"value": "洪"}]}],
    )

    assert payload["errors"] == []
    assert sorted(
        AttributeValue.objects.filter(attribute=color).values_list("slug", flat=True)
    ) == [
        "hong",
        "hong-2",
        "hong-3",
    ]


def test_swatch_and_multiselect(db):
    product_type = ProductTypeFactory()
    swatch = product_attribute(product_type, AttributeInputType.SWATCH)
    tags = product_attribute(product_type, AttributeInputType.MULTISELECT)
    wild = AttributeValueFactory(attribute=tags, name="野生")

    payload = create(
        product_type,
        [
            {"id": gid(swatch), "swatch": {"value": "藏红"}},
            {"id": gid(tags), "multiselect": [{"id": gid(wild)}, {"value": "有机"}]},
        ],
    )

    assert payload["errors"] == []
    assert assigned(Product.objects.get()) == [
        (swatch.pk, "藏红"),
        (tags.pk, "野生"),
        (tags.pk, "有机"),
    ]


def test_scalar_types_store_their_value(db):
    product_type = ProductTypeFactory()
    numeric = product_attribute(product_type, AttributeInputType.NUMERIC)
    boolean = product_attribute(product_type, AttributeInputType.BOOLEAN, name="有机")
    plain = product_attribute(product_type, AttributeInputType.PLAIN_TEXT)
    rich = product_attribute(product_type, AttributeInputType.RICH_TEXT)
    date = product_attribute(product_type, AttributeInputType.DATE)
    moment = product_attribute(product_type, AttributeInputType.DATE_TIME)
    rich_text = {"blocks": [{"type": "paragraph", "data": {"text": "高原<i>阳光</i>"}}]}

    payload = create(
        product_type,
        [
            {"id": gid(numeric), "numeric": "3650"},
            {"id": gid(boolean), "boolean": True},
            {"id": gid(plain), "plainText": "海拔三千米"},
            {"id": gid(rich), "richText": json.dumps(rich_text)},
            {"id": gid(date), "date": "2024-09-01"},
            {"id": gid(moment), "dateTime": "2024-09-01T08:30:00+08:00"},
        ],
    )

    assert payload["errors"] == []
    product = Product.objects.get()
    values = {v.attribute_id: v for v in AttributeValue.objects.all()}
    assert values[numeric.pk].name == "3650"
    assert values[numeric.pk].slug == f"{product.pk}_{numeric.pk}"
    assert (values[boolean.pk].name, values[boolean.pk].boolean) == ("有机: Yes", True)
    assert values[boolean.pk].slug == f"{boolean.pk}_true"
    assert values[plain.pk].plain_text == "海拔三千米"
    assert (values[rich.pk].rich_text, values[rich.pk].name) == (rich_text, "高原阳光")
    assert values[date.pk].date_time == datetime.datetime(2024, 9, 1, tzinfo=datetime.UTC)
    assert values[moment.pk].date_time == datetime.datetime(2024, 9, 1, 0, 30, tzinfo=datetime.UTC)
    assert AssignedProductAttributeValue.objects.filter(product=product).count() == 6


def test_boolean_value_is_shared_between_products(db):
    product_type = ProductTypeFactory()
    boolean = product_attribute(product_type, AttributeInputType.BOOLEAN)

    create(product_type, [{"id": gid(boolean), "boolean": False}], name="一")
    create(product_type, [{"id": gid(boolean), "boolean": False}], name="二")

    assert AttributeValue.objects.filter(attribute=boolean).count() == 1
    assert AssignedProductAttributeValue.objects.count() == 2


def test_file_attribute_takes_a_storage_url(db, settings):
    product_type = ProductTypeFactory()
    leaflet = product_attribute(product_type, AttributeInputType.FILE)

    payload = create(
        product_type,
        [{"id": gid(leaflet), "file": "/media/files/说明书.pdf", "contentType": "application/pdf"}],
    )

    assert payload["errors"] == []
    value = AttributeValue.objects.get(attribute=leaflet)
    assert (value.file_url, value.content_type, value.name) == (
        "files/说明书.pdf",
        "application/pdf",
        "说明书.pdf",
    )


def test_file_attribute_outside_storage_is_invalid(db):
    product_type = ProductTypeFactory()
    leaflet = product_attribute(product_type, AttributeInputType.FILE)

    payload = create(product_type, [{"id": gid(leaflet), "file": "https://evil.example/x.pdf"}])

    assert payload["errors"] == [
        {
            "field": "attributes",
            "code": "INVALID",
            "message": "The file_url must be the path to the default storage.",
            "attributes": [gid(leaflet)],
        }
    ]
    assert Product.objects.count() == 0


def test_reference_attribute_points_at_products(db):
    product_type = ProductTypeFactory()
    pairs_with = product_attribute(
        product_type, AttributeInputType.REFERENCE, entity_type="PRODUCT"
    )
    butter = ProductFactory(name="酥油")

    payload = create(product_type, [{"id": gid(pairs_with), "references": [gid(butter)]}])

    assert payload["errors"] == []
    value = AttributeValue.objects.get(attribute=pairs_with)
    assert (value.reference_product, value.name) == (butter, "酥油")


def test_reference_to_wrong_type_is_invalid(db):
    product_type = ProductTypeFactory()
    pairs_with = product_attribute(
        product_type, AttributeInputType.REFERENCE, entity_type="PRODUCT"
    )

    payload = create(product_type, [{"id": gid(pairs_with), "references": [gid(product_type)]}])

    assert [(e["code"], e["message"]) for e in payload["errors"]] == [
        ("INVALID", "Invalid reference type.")
    ]


def test_attribute_not_assigned_to_product_type_is_not_found(db):
    product_type = ProductTypeFactory()
    stranger = AttributeFactory()

    payload = create(product_type, [{"id": gid(stranger), "dropdown": {"value": "x"}}])

    assert payload["errors"] == [
        {
            "field": "attributes",
            "code": "NOT_FOUND",
            "message": f"Could not resolve attributes: ID: {gid(stranger)}.",
            "attributes": None,
        }
    ]
    assert Product.objects.count() == 0


def test_required_attribute_must_be_supplied_on_create(db):
    product_type = ProductTypeFactory()
    required = product_attribute(product_type, value_required=True)

    payload = create(product_type, [])

    assert payload["errors"] == [
        {
            "field": "attributes",
            "code": "REQUIRED",
            "message": "All attributes flagged as having a value required must be supplied.",
            "attributes": [gid(required)],
        }
    ]
    assert Product.objects.count() == 0


def test_required_attribute_without_value(db):
    product_type = ProductTypeFactory()
    required = product_attribute(product_type, AttributeInputType.PLAIN_TEXT, value_required=True)

    payload = create(product_type, [{"id": gid(required), "plainText": "  "}])

    assert payload["errors"] == [
        {
            "field": "attributes",
            "code": "REQUIRED",
            "message": "Attribute expects a value but none were given.",
            "attributes": [gid(required)],
        }
    ]


def test_invalid_values_are_reported_per_attribute(db):
    product_type = ProductTypeFactory()
    numeric = product_attribute(product_type, AttributeInputType.NUMERIC)
    grade = product_attribute(product_type)
    tags = product_attribute(product_type, AttributeInputType.MULTISELECT)
    value = AttributeValueFactory(attribute=grade)

    payload = create(
        product_type,
        [
            {"id": gid(numeric), "numeric": "三"},
            {"id": gid(grade), "dropdown": {"id": gid(value), "value": "x"}},
            {"id": gid(tags), "multiselect": [{"value": "a"}, {"value": "a"}]},
        ],
    )

    assert sorted((e["code"], e["message"], tuple(e["attributes"])) for e in payload["errors"]) == [
        ("DUPLICATED_INPUT_ITEM", "Duplicated attribute values are provided.", (gid(tags),)),
        ("INVALID", "Attribute values cannot be assigned by both id and value.", (gid(grade),)),
        ("INVALID", "Numeric value is required.", (gid(numeric),)),
    ]
    assert AttributeValue.objects.count() == 1


def test_value_of_another_attribute_is_not_found(db):
    product_type = ProductTypeFactory()
    grade = product_attribute(product_type)
    foreign = AttributeValueFactory()

    payload = create(product_type, [{"id": gid(grade), "dropdown": {"id": gid(foreign)}}])

    assert [(e["code"], e["attributes"]) for e in payload["errors"]] == [
        ("NOT_FOUND", [gid(grade)])
    ]


def test_attribute_needs_id_or_external_reference(db):
    product_type = ProductTypeFactory()

    payload = create(product_type, [{"plainText": "x"}])

    assert payload["errors"] == [
        {
            "field": "attributes",
            "code": "REQUIRED",
            "message": "At least one of arguments is required: 'id', 'externalReference'.",
            "attributes": None,
        }
    ]


def test_attribute_by_external_reference(db):
    product_type = ProductTypeFactory()
    plain = product_attribute(product_type, AttributeInputType.PLAIN_TEXT, external_reference="ALT")

    payload = create(product_type, [{"externalReference": "ALT", "plainText": "3650m"}])

    assert payload["errors"] == []
    assert AttributeValue.objects.get(attribute=plain).plain_text == "3650m"


def test_update_replaces_values_of_given_attributes_only(db):
    product_type = ProductTypeFactory()
    grade = product_attribute(product_type)
    origin = product_attribute(product_type)
    product = ProductFactory(product_type=product_type)
    client = staff_client()
    client.post_graphql(
        UPDATE,
        {
            "id": gid(product),
            "input": {
                "attributes": [
                    {"id": gid(grade), "dropdown": {"value": "一级"}},
                    {"id": gid(origin), "dropdown": {"value": "林芝"}},
                ]
            },
        },
    )

    response = client.post_graphql(
        UPDATE,
        {
            "id": gid(product),
            "input": {"attributes": [{"id": gid(grade), "dropdown": {"value": "特级"}}]},
        },
    )

    assert response.data["productUpdate"]["errors"] == []
    assert assigned(product) == [(grade.pk, "特级"), (origin.pk, "林芝")]


def test_update_with_empty_value_clears_the_attribute(db):
    product_type = ProductTypeFactory()
    plain = product_attribute(product_type, AttributeInputType.PLAIN_TEXT)
    product = ProductFactory(product_type=product_type)
    client = staff_client()
    client.post_graphql(
        UPDATE,
        {"id": gid(product), "input": {"attributes": [{"id": gid(plain), "plainText": "旧"}]}},
    )

    client.post_graphql(UPDATE, {"id": gid(product), "input": {"attributes": [{"id": gid(plain)}]}})

    assert assigned(product) == []
