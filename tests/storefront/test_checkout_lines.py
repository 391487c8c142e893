import pytest

from infra.ids import to_global_id
from storefront.models import Checkout, CheckoutLine, Reservation
from tests.factories import ChannelFactory, WarehouseFactory
from tests.factories.checkout import (
    CheckoutFactory,
    checkout_with_lines,
    purchasable_variant,
    ship_from,
)
from tests.factories.shipping import shipping_method

pytestmark = pytest.mark.django_db

CHECKOUT_FIELDS = """
      id quantity
      lines { id quantity variant { id } metadata { key value } }
      shippingMethod { id }
      stockReservationExpires
"""
ADD = f"""
mutation($id: ID, $token: UUID, $lines: [CheckoutLineInput!]!) {{
  checkoutLinesAdd(id: $id, token: $token, lines: $lines) {{
    checkout {{ {CHECKOUT_FIELDS} }}
    errors {{ field code message variants lines }}
  }}
}}
"""
UPDATE = f"""
mutation($id: ID, $lines: [CheckoutLineUpdateInput!]!) {{
  checkoutLinesUpdate(id: $id, lines: $lines) {{
    checkout {{ {CHECKOUT_FIELDS} }}
    errors {{ field code message variants lines }}
  }}
}}
"""
DELETE = f"""
mutation($id: ID, $linesIds: [ID!]!) {{
  checkoutLinesDelete(id: $id, linesIds: $linesIds) {{
    checkout {{ {CHECKOUT_FIELDS} }}
    errors {{ field code message variants lines }}
  }}
}}
"""


def vid(variant) -> str:
    return to_global_id("ProductVariant", variant.pk)


def cid(checkout) -> str:
    return to_global_id("Checkout", checkout.pk)


def lid(line) -> str:
    return to_global_id("CheckoutLine", line.pk)


@pytest.fixture
def channel():
    return ChannelFactory(slug="tibet")


@pytest.fixture
def warehouse():
    return WarehouseFactory(slug="lhasa-store")


@pytest.fixture
def variant(channel, warehouse):
    return purchasable_variant(channel, price="20", stock=10, warehouse=warehouse)


@pytest.fixture
def checkout(channel, variant):
    return checkout_with_lines(channel, [(variant, 2)])


def run(client, query, name, **variables):
    return client.post_graphql(query, variables).data[name]


def test_adding_a_variant_again_merges_into_its_line(api_client, checkout, variant):
    line = checkout.lines.get()

    data = run(
        api_client,
        ADD,
        "checkoutLinesAdd",
        id=cid(checkout),
        lines=[
            {"variantId": vid(variant), "quantity": 3, "metadata": [{"key": "a", "value": "1"}]}
        ],
    )

    assert data["errors"] == []
    assert data["checkout"]["lines"] == [
        {
            "id": lid(line),
            "quantity": 5,
            "variant": {"id": vid(variant)},
            "metadata": [{"key": "a", "value": "1"}],
        }
    ]


def test_force_new_line_and_deprecated_token(api_client, checkout, variant):
    data = run(
        api_client,
        ADD,
        "checkoutLinesAdd",
        token=str(checkout.pk),
        lines=[{"variantId": vid(variant), "quantity": 1, "forceNewLine": True}],
    )

    assert data["errors"] == []
    assert [line["quantity"] for line in data["checkout"]["lines"]] == [2, 1]


def test_stock_check_counts_what_the_checkout_already_holds(api_client, checkout, variant):
    data = run(
        api_client,
        ADD,
        "checkoutLinesAdd",
        id=cid(checkout),
        lines=[{"variantId": vid(variant), "quantity": 9}],
    )

    assert data["errors"][0]["code"] == "INSUFFICIENT_STOCK"
    assert data["errors"][0]["variants"] == [vid(variant)]
    assert checkout.lines.get().quantity == 2


def test_customer_limit_counts_the_checkout_lines(api_client, checkout, variant):
    variant.quantity_limit_per_customer = 3
    variant.save()

    data = run(
        api_client,
        ADD,
        "checkoutLinesAdd",
        id=cid(checkout),
        lines=[{"variantId": vid(variant), "quantity": 2}],
    )

    assert data["errors"][0]["code"] == "QUANTITY_GREATER_THAN_LIMIT"


def test_unpublished_variant_cannot_be_added(api_client, checkout, channel, warehouse):
    hidden = purchasable_variant(channel, warehouse=warehouse)
    hidden.product.channel_listings.update(is_published=False)

    data = run(
        api_client,
        ADD,
        "checkoutLinesAdd",
        id=cid(checkout),
        lines=[{"variantId": vid(hidden), "quantity": 1}],
    )

    assert data["errors"][0]["code"] == "PRODUCT_NOT_PUBLISHED"
    assert data["errors"][0]["variants"] == [vid(hidden)]


def test_unknown_variant_and_checkout(api_client, checkout):
    missing_variant = run(
        api_client,
        ADD,
        "checkoutLinesAdd",
        id=cid(checkout),
        lines=[{"variantId": to_global_id("ProductVariant", 999999), "quantity": 1}],
    )
    missing_checkout = run(
        api_client,
        ADD,
        "checkoutLinesAdd",
        id=to_global_id("Checkout", "c0ffee00-0000-4000-8000-000000000000"),
        lines=[],
    )
    wrong_type = run(api_client, ADD, "checkoutLinesAdd", id=to_global_id("Order", 1), lines=[])

    assert missing_variant["errors"][0]["code"] == "GRAPHQL_ERROR"
    assert missing_variant["errors"][0]["field"] == "variantId"
    assert missing_checkout["errors"][0]["code"] == "NOT_FOUND"
    assert missing_checkout["errors"][0]["field"] == "id"
    assert wrong_type["errors"][0]["code"] == "GRAPHQL_ERROR"


def test_update_sets_quantities_and_zero_removes(api_client, checkout, channel, warehouse):
    line = checkout.lines.get()
    other = purchasable_variant(channel, warehouse=warehouse)
    CheckoutLine.objects.create(checkout=checkout, variant=other, quantity=1)

    data = run(
        api_client,
        UPDATE,
        "checkoutLinesUpdate",
        id=cid(checkout),
        lines=[{"lineId": lid(line), "quantity": 7}, {"variantId": vid(other), "quantity": 0}],
    )

    assert data["errors"] == []
    assert [(item["id"], item["quantity"]) for item in data["checkout"]["lines"]] == [
        (lid(line), 7)
    ]
    assert checkout.lines.count() == 1


def test_update_validates_quantities(api_client, checkout):
    line = checkout.lines.get()

    def errors(lines):
        return run(api_client, UPDATE, "checkoutLinesUpdate", id=cid(checkout), lines=lines)[
            "errors"
        ]

    assert errors([{"lineId": lid(line)}])[0]["code"] == "REQUIRED"
    assert errors([{"lineId": lid(line), "quantity": -1}])[0]["code"] == "ZERO_QUANTITY"
    assert errors([{"lineId": lid(line), "quantity": 11}])[0]["code"] == "INSUFFICIENT_STOCK"
    foreign = CheckoutFactory().pk
    assert (
        errors([{"lineId": to_global_id("CheckoutLine", foreign), "quantity": 1}])[0]["code"]
        == "GRAPHQL_ERROR"
    )
    assert checkout.lines.get().quantity == 2


def test_update_by_variant_in_several_lines_needs_line_id(api_client, checkout, variant):
    CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=1)

    data = run(
        api_client,
        UPDATE,
        "checkoutLinesUpdate",
        id=cid(checkout),
        lines=[{"variantId": vid(variant), "quantity": 1}],
    )

    assert data["errors"][0]["code"] == "INVALID"
    assert data["errors"][0]["field"] == "variantId"


def test_delete_lines(api_client, checkout, channel, variant):
    line = checkout.lines.get()
    elsewhere = checkout_with_lines(channel, [(variant, 1)]).lines.get()

    refused = run(
        api_client, DELETE, "checkoutLinesDelete", id=cid(checkout), linesIds=[lid(elsewhere)]
    )
    deleted = run(api_client, DELETE, "checkoutLinesDelete", id=cid(checkout), linesIds=[lid(line)])

    assert refused["errors"] == [
        {
            "field": "lineId",
            "code": "INVALID",
            "message": "Provided line_ids aren't part of checkout.",
            "variants": None,
            "lines": [lid(elsewhere)],
        }
    ]
    assert deleted["errors"] == []
    assert deleted["checkout"]["lines"] == []
    assert deleted["checkout"]["quantity"] == 0
    assert CheckoutLine.objects.filter(pk=elsewhere.pk).exists()


def test_lines_change_clears_a_shipping_method_that_no_longer_applies(
    api_client, checkout, channel, warehouse, variant
):
    zone = ship_from(warehouse, channel).shipping_zone
    capped = shipping_method(zone, channel, "5.00", maximum_order_price="100")
    Checkout.objects.filter(pk=checkout.pk).update(shipping_method=capped)

    kept = run(
        api_client,
        ADD,
        "checkoutLinesAdd",
        id=cid(checkout),
        lines=[{"variantId": vid(variant), "quantity": 1}],
    )
    cleared = run(
        api_client,
        ADD,
        "checkoutLinesAdd",
        id=cid(checkout),
        lines=[{"variantId": vid(variant), "quantity": 3}],
    )

    assert kept["checkout"]["shippingMethod"] == {"id": to_global_id("ShippingMethod", capped.pk)}
    assert cleared["errors"] == []
    assert cleared["checkout"]["shippingMethod"] is None
    assert Checkout.objects.get(pk=checkout.pk).shipping_method_id is None


def test_lines_are_reserved_when_reservations_are_on(api_client, checkout, variant, settings):
    settings.RESERVE_STOCK_DURATION_ANONYMOUS_USER = 10
    rival = checkout_with_lines(checkout.channel, [])

    data = run(
        api_client,
        ADD,
        "checkoutLinesAdd",
        id=cid(checkout),
        lines=[{"variantId": vid(variant), "quantity": 6}],
    )
    blocked = run(
        api_client,
        ADD,
        "checkoutLinesAdd",
        id=cid(rival),
        lines=[{"variantId": vid(variant), "quantity": 3}],
    )

    assert data["errors"] == []
    assert data["checkout"]["stockReservationExpires"] is not None
    assert Reservation.objects.get().quantity_reserved == 8
    assert blocked["errors"][0]["code"] == "INSUFFICIENT_STOCK"
    assert blocked["errors"][0]["message"].endswith("Only 2 remaining in stock.")
