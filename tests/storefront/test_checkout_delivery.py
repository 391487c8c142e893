import pytest

from catalog.models import ClickAndCollectOption
from infra.ids import to_global_id
from storefront.models import Address, Checkout
from tests.factories import ChannelFactory, ProductTypeFactory, WarehouseFactory
from tests.factories.addresses import lhasa_address_input
from tests.factories.checkout import checkout_with_lines, purchasable_variant, ship_from
from tests.factories.shipping import ShippingZoneFactory, shipping_method

pytestmark = pytest.mark.django_db

CHECKOUT_FIELDS = """
      shippingAddress { companyName city cityArea streetAddress1 }
      billingAddress { city }
      shippingMethods { id name price { amount currency } minimumDeliveryDays
                        maximumDeliveryDays active }
      availableShippingMethods { id }
      availableCollectionPoints { id name clickAndCollectOption }
      shippingMethod { id name }
      deliveryMethod {
        __typename
        ... on ShippingMethod { id price { amount } }
        ... on Warehouse { id name }
      }
      delivery { shippingMethod { id } }
      shippingPrice { gross { amount } }
      totalPrice { gross { amount } }
"""
SHIPPING_ADDRESS = f"""
mutation($id: ID, $address: AddressInput!) {{
  checkoutShippingAddressUpdate(id: $id, shippingAddress: $address) {{
    checkout {{ {CHECKOUT_FIELDS} }}
    errors {{ field code message addressType variants }}
  }}
}}
"""
BILLING_ADDRESS = f"""
mutation($id: ID, $address: AddressInput!) {{
  checkoutBillingAddressUpdate(id: $id, billingAddress: $address) {{
    checkout {{ {CHECKOUT_FIELDS} }}
    errors {{ field code message addressType }}
  }}
}}
"""
DELIVERY = f"""
mutation($id: ID, $method: ID) {{
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {{
    checkout {{ {CHECKOUT_FIELDS} }}
    errors {{ field code message variants }}
  }}
}}
"""
SHIPPING_METHOD = """
mutation($id: ID, $method: ID) {
  checkoutShippingMethodUpdate(id: $id, shippingMethodId: $method) {
    checkout { shippingMethod { id } shippingPrice { gross { amount } } }
    errors { field code message }
  }
}
"""


ADD = """
mutation($id: ID, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $id, lines: $lines) { errors { code } }
}
"""


def vid(variant) -> str:
    return to_global_id("ProductVariant", variant.pk)


def cid(checkout) -> str:
    return to_global_id("Checkout", checkout.pk)


def method_id(method) -> str:
    return to_global_id("ShippingMethod", method.pk)


def warehouse_id(warehouse) -> str:
    return to_global_id("Warehouse", warehouse.pk)


@pytest.fixture
def channel():
    return ChannelFactory(slug="tibet")


@pytest.fixture
def warehouse():
    return WarehouseFactory(slug="lhasa-store", name="拉萨仓")


@pytest.fixture
def variant(channel, warehouse):
    return purchasable_variant(channel, price="40", stock=10, warehouse=warehouse)


@pytest.fixture
def ems(channel, warehouse, variant):
    method = ship_from(warehouse, channel)
    method.minimum_delivery_days, method.maximum_delivery_days = 2, 5
    method.save()
    return method


@pytest.fixture
def checkout(channel, variant):
    return checkout_with_lines(channel, [(variant, 2)])


def run(client, query, name, **variables):
    return client.post_graphql(query, variables).data[name]


def test_shipping_address_is_copied_and_offers_methods(api_client, channel, variant, ems):
    checkout = checkout_with_lines(channel, [(variant, 1)], shipping_address=False)

    data = run(
        api_client,
        SHIPPING_ADDRESS,
        "checkoutShippingAddressUpdate",
        id=cid(checkout),
        address=lhasa_address_input(streetAddress1="八廓街 1 号"),
    )
    replaced = Checkout.objects.get(pk=checkout.pk).shipping_address
    again = run(
        api_client,
        SHIPPING_ADDRESS,
        "checkoutShippingAddressUpdate",
        id=cid(checkout),
        address=lhasa_address_input(),
    )

    assert data["errors"] == []
    assert data["checkout"]["shippingAddress"]["streetAddress1"] == "八廓街 1 号"
    assert data["checkout"]["shippingMethods"] == [
        {
            "id": method_id(ems),
            "name": "EMS",
            "price": {"amount": 10.0, "currency": "CNY"},
            "minimumDeliveryDays": 2,
            "maximumDeliveryDays": 5,
            "active": True,
        }
    ]
    assert data["checkout"]["availableShippingMethods"] == [{"id": method_id(ems)}]
    assert again["errors"] == []
    assert not Address.objects.filter(pk=replaced.pk).exists()
    assert Checkout.objects.get(pk=checkout.pk).shipping_address.division.code == "540102"


def test_address_errors_carry_field_and_type(api_client, checkout):
    shipping = run(
        api_client,
        SHIPPING_ADDRESS,
        "checkoutShippingAddressUpdate",
        id=cid(checkout),
        address=lhasa_address_input(phone="12345", cityArea="不存在区"),
    )
    billing = run(
        api_client,
        BILLING_ADDRESS,
        "checkoutBillingAddressUpdate",
        id=cid(checkout),
        address=lhasa_address_input(countryArea=""),
    )

    assert [(e["field"], e["code"], e["addressType"]) for e in shipping["errors"]] == [
        ("phone", "INVALID", "SHIPPING")
    ]
    assert [(e["field"], e["code"], e["addressType"]) for e in billing["errors"]] == [
        ("countryArea", "REQUIRED", "BILLING")
    ]


def test_unknown_tibetan_county_is_refused(api_client, checkout):
    data = run(
        api_client,
        SHIPPING_ADDRESS,
        "checkoutShippingAddressUpdate",
        id=cid(checkout),
        address=lhasa_address_input(cityArea="不存在区"),
    )

    assert [(e["field"], e["code"], e["addressType"]) for e in data["errors"]] == [
        ("cityArea", "INVALID", "SHIPPING")
    ]


def test_billing_address_update(api_client, checkout):
    data = run(
        api_client,
        BILLING_ADDRESS,
        "checkoutBillingAddressUpdate",
        id=cid(checkout),
        address=lhasa_address_input(),
    )

    assert data["errors"] == []
    assert data["checkout"]["billingAddress"] == {"city": "拉萨市"}


def test_shipping_method_is_chosen_and_priced(api_client, checkout, ems):
    data = run(
        api_client,
        DELIVERY,
        "checkoutDeliveryMethodUpdate",
        id=cid(checkout),
        method=method_id(ems),
    )

    assert data["errors"] == []
    result = data["checkout"]
    assert result["deliveryMethod"] == {
        "__typename": "ShippingMethod",
        "id": method_id(ems),
        "price": {"amount": 10.0},
    }
    assert result["shippingMethod"] == {"id": method_id(ems), "name": "EMS"}
    assert result["delivery"] == {"shippingMethod": {"id": method_id(ems)}}
    assert result["shippingPrice"] == {"gross": {"amount": 10.0}}
    assert result["totalPrice"] == {"gross": {"amount": 90.0}}

    cleared = run(
        api_client, DELIVERY, "checkoutDeliveryMethodUpdate", id=cid(checkout), method=None
    )
    assert cleared["checkout"]["deliveryMethod"] is None
    assert cleared["checkout"]["shippingPrice"] == {"gross": {"amount": 0.0}}


def test_delivery_method_not_applicable(api_client, checkout, channel, ems):
    elsewhere = ShippingZoneFactory(channels=[channel], countries="US")
    abroad = shipping_method(elsewhere, channel, "50")
    unlisted = shipping_method(ems.shipping_zone, ChannelFactory(slug="partner"), "1")

    def error(method):
        data = run(
            api_client, DELIVERY, "checkoutDeliveryMethodUpdate", id=cid(checkout), method=method
        )
        assert data["checkout"] is None
        return data["errors"][0]

    assert error(method_id(abroad)) == {
        "field": "deliveryMethodId",
        "code": "DELIVERY_METHOD_NOT_APPLICABLE",
        "message": "This shipping method is not applicable.",
        "variants": None,
    }
    assert error(method_id(unlisted))["message"] == (
        "This shipping method is not applicable in the given channel."
    )
    assert error(to_global_id("Product", 1))["code"] == "INVALID"
    assert error("not an id!")["code"] == "GRAPHQL_ERROR"
    assert error(to_global_id("ShippingMethod", 999999))["code"] == "NOT_FOUND"


def test_shipping_method_needs_a_shipping_address(api_client, channel, variant, ems):
    checkout = checkout_with_lines(channel, [(variant, 1)], shipping_address=False)

    data = run(
        api_client,
        DELIVERY,
        "checkoutDeliveryMethodUpdate",
        id=cid(checkout),
        method=method_id(ems),
    )

    assert data["errors"][0]["code"] == "SHIPPING_ADDRESS_NOT_SET"


def test_checkout_without_shippable_lines_needs_no_delivery(api_client, channel, warehouse, ems):
    digital = purchasable_variant(
        channel, warehouse=warehouse, product_type=ProductTypeFactory(is_shipping_required=False)
    )
    checkout = checkout_with_lines(channel, [(digital, 1)])

    data = run(
        api_client,
        DELIVERY,
        "checkoutDeliveryMethodUpdate",
        id=cid(checkout),
        method=method_id(ems),
    )

    assert data["errors"][0]["code"] == "SHIPPING_NOT_REQUIRED"
    assert data["errors"][0]["field"] == "deliveryMethod"


def test_unavailable_lines_block_delivery_choice(api_client, checkout, variant, ems):
    variant.channel_listings.update(price_amount=None)

    data = run(
        api_client,
        DELIVERY,
        "checkoutDeliveryMethodUpdate",
        id=cid(checkout),
        method=method_id(ems),
    )

    assert data["errors"][0]["code"] == "UNAVAILABLE_VARIANT_IN_CHANNEL"
    assert data["errors"][0]["variants"] == [to_global_id("ProductVariant", variant.pk)]


def test_address_change_clears_a_method_that_does_not_deliver_there(
    api_client, checkout, channel, warehouse
):
    lhasa_only = ShippingZoneFactory(channels=[channel], countries="", divisions=["540100"])
    lhasa_only.warehouses.add(warehouse)
    courier = shipping_method(lhasa_only, channel, "6")
    Checkout.objects.filter(pk=checkout.pk).update(shipping_method=courier)
    checkout.shipping_address.division_id = None
    run(
        api_client,
        SHIPPING_ADDRESS,
        "checkoutShippingAddressUpdate",
        id=cid(checkout),
        address=lhasa_address_input(),
    )
    assert Checkout.objects.get(pk=checkout.pk).shipping_method == courier

    data = run(
        api_client,
        SHIPPING_ADDRESS,
        "checkoutShippingAddressUpdate",
        id=cid(checkout),
        address=lhasa_address_input(city="日喀则市", cityArea="桑珠孜区", postalCode="857000"),
    )

    assert data["errors"] == []
    assert data["checkout"]["shippingMethod"] is None
    assert Checkout.objects.get(pk=checkout.pk).shipping_method is None


def test_address_without_stock_serving_it_is_insufficient_stock(api_client, checkout):
    data = run(
        api_client,
        SHIPPING_ADDRESS,
        "checkoutShippingAddressUpdate",
        id=cid(checkout),
        address={
            "firstName": "Jane",
            "streetAddress1": "1 Main St",
            "city": "Boston",
            "country": "US",
        },
    )

    assert data["errors"][0]["code"] == "INSUFFICIENT_STOCK"


def _collection_point(channel, option, **fields):
    point = WarehouseFactory(click_and_collect_option=option, **fields)
    point.channels.add(channel)
    return point


def test_local_collection_point_must_hold_every_line(api_client, checkout, channel, variant):
    stocked = _collection_point(
        channel,
        ClickAndCollectOption.LOCAL_STOCK,
        name="八廓街门店",
        company_name="八廓街门店",
        street_address_1="八廓街 8 号",
        city="拉萨市",
        city_area="城关区",
    )
    stocked.stocks.create(product_variant=variant, quantity=2)
    short = _collection_point(channel, ClickAndCollectOption.LOCAL_STOCK)
    short.stocks.create(product_variant=variant, quantity=1)
    _collection_point(channel, ClickAndCollectOption.DISABLED).stocks.create(
        product_variant=variant, quantity=5
    )
    other_channel = _collection_point(ChannelFactory(), ClickAndCollectOption.LOCAL_STOCK)
    other_channel.stocks.create(product_variant=variant, quantity=5)
    old_address = checkout.shipping_address

    data = run(
        api_client, DELIVERY, "checkoutDeliveryMethodUpdate", id=cid(checkout),
        method=warehouse_id(stocked),
    )  # fmt: skip

    assert data["errors"] == []
    result = data["checkout"]
    assert result["availableCollectionPoints"] == [
        {"id": warehouse_id(stocked), "name": "八廓街门店", "clickAndCollectOption": "LOCAL"}
    ]
    assert result["deliveryMethod"] == {
        "__typename": "Warehouse",
        "id": warehouse_id(stocked),
        "name": "八廓街门店",
    }
    assert result["shippingAddress"]["streetAddress1"] == "八廓街 8 号"
    assert result["shippingPrice"] == {"gross": {"amount": 0.0}}
    assert result["delivery"] is None
    assert not Address.objects.filter(pk=old_address.pk).exists()
    for refused in (short, other_channel):
        error = run(
            api_client, DELIVERY, "checkoutDeliveryMethodUpdate", id=cid(checkout),
            method=warehouse_id(refused),
        )["errors"][0]  # fmt: skip
        assert error["code"] == "DELIVERY_METHOD_NOT_APPLICABLE"
        assert error["message"] == "This pick up point is not applicable."

    forbidden = run(
        api_client,
        SHIPPING_ADDRESS,
        "checkoutShippingAddressUpdate",
        id=cid(checkout),
        address=lhasa_address_input(),
    )
    assert forbidden["errors"][0]["code"] == "SHIPPING_CHANGE_FORBIDDEN"
    assert forbidden["errors"][0]["field"] == "shippingAddress"


def test_all_warehouses_collection_point_is_served_by_channel_stock(
    api_client, checkout, channel, variant
):
    hub = _collection_point(channel, ClickAndCollectOption.ALL_WAREHOUSES)

    data = run(
        api_client, DELIVERY, "checkoutDeliveryMethodUpdate", id=cid(checkout),
        method=warehouse_id(hub),
    )  # fmt: skip

    assert data["errors"] == []
    assert data["checkout"]["availableCollectionPoints"] == [
        {"id": warehouse_id(hub), "name": hub.name, "clickAndCollectOption": "ALL"}
    ]
    assert Checkout.objects.get(pk=checkout.pk).collection_point == hub


def test_all_warehouses_collection_point_needs_enough_channel_stock(api_client, channel, variant):
    _collection_point(channel, ClickAndCollectOption.ALL_WAREHOUSES)
    checkout = checkout_with_lines(channel, [(variant, 11)])

    data = api_client.post_graphql(
        "query($id: ID) { checkout(id: $id) { availableCollectionPoints { id } } }",
        {"id": cid(checkout)},
    ).data

    assert data["checkout"]["availableCollectionPoints"] == []


def test_local_collection_point_limits_the_stock_lines_may_take(
    api_client, checkout, channel, variant
):
    point = _collection_point(channel, ClickAndCollectOption.LOCAL_STOCK)
    point.stocks.create(product_variant=variant, quantity=2)
    run(
        api_client,
        DELIVERY,
        "checkoutDeliveryMethodUpdate",
        id=cid(checkout),
        method=warehouse_id(point),
    )

    data = api_client.post_graphql(
        ADD, {"id": cid(checkout), "lines": [{"variantId": vid(variant), "quantity": 1}]}
    ).data["checkoutLinesAdd"]

    assert data["errors"] == [{"code": "INSUFFICIENT_STOCK"}]


def test_lines_change_drops_a_collection_point_no_longer_needed(
    api_client, checkout, channel, warehouse, variant
):
    digital = purchasable_variant(
        channel, warehouse=warehouse, product_type=ProductTypeFactory(is_shipping_required=False)
    )
    checkout.lines.create(variant=digital, quantity=1)
    point = _collection_point(channel, ClickAndCollectOption.ALL_WAREHOUSES)
    run(
        api_client,
        DELIVERY,
        "checkoutDeliveryMethodUpdate",
        id=cid(checkout),
        method=warehouse_id(point),
    )
    warehouse_address = Checkout.objects.get(pk=checkout.pk).shipping_address
    shippable = checkout.lines.get(variant=variant)

    data = api_client.post_graphql(
        """mutation($id: ID, $lines: [ID!]!) {
          checkoutLinesDelete(id: $id, linesIds: $lines) {
            checkout { deliveryMethod { __typename } shippingAddress { city } }
            errors { code }
          }
        }""",
        {"id": cid(checkout), "lines": [to_global_id("CheckoutLine", shippable.pk)]},
    ).data["checkoutLinesDelete"]

    assert data == {"checkout": {"deliveryMethod": None, "shippingAddress": None}, "errors": []}
    assert not Address.objects.filter(pk=warehouse_address.pk).exists()


def test_deprecated_shipping_method_update(api_client, checkout, channel, ems):
    elsewhere = shipping_method(ShippingZoneFactory(channels=[channel], countries="US"), channel)

    chosen = run(
        api_client,
        SHIPPING_METHOD,
        "checkoutShippingMethodUpdate",
        id=cid(checkout),
        method=method_id(ems),
    )
    refused = run(
        api_client, SHIPPING_METHOD, "checkoutShippingMethodUpdate", id=cid(checkout),
        method=method_id(elsewhere),
    )  # fmt: skip

    assert chosen["errors"] == []
    assert chosen["checkout"]["shippingMethod"] == {"id": method_id(ems)}
    assert refused["errors"] == [
        {
            "field": "shippingMethod",
            "code": "SHIPPING_METHOD_NOT_APPLICABLE",
            "message": "This shipping method is not applicable.",
        }
    ]
