"""Reading orders: who sees which order and which of its fields (Saleor's rules)."""

from decimal import Decimal

import pytest

from catalog.models import ProductChannelListing, ProductMedia
from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import OrderEvents, OrderStatus
from storefront.services.order_events import order_event_record
from tests.conftest import ApiClient, permission_denied
from tests.factories import UserFactory, WarehouseFactory
from tests.factories.orders import OrderFactory, order_with_lines
from tests.factories.shipping import ShippingZoneFactory, shipping_method
from tests.factories.taxonomy import app_client, staff_client

pytestmark = pytest.mark.django_db

ORDER_PUBLIC = """
query($id: ID!) {
  order(id: $id) {
    id number token status origin created updatedAt userEmail languageCode languageCodeEnum
    channel { slug }
    total { gross { amount currency } net { amount } tax { amount } }
    subtotal { gross { amount } } shippingPrice { gross { amount } }
    undiscountedTotal { gross { amount } } undiscountedShippingPrice { amount }
    weight { unit value } customerNote checkoutId canFinalize isShippingRequired statusDisplay
    shippingMethodName collectionPointName errors { code } displayGrossPrices
    billingAddress { firstName lastName city cityArea countryArea country { code } phone }
    shippingAddress { streetAddress1 postalCode }
    lines {
      id productName variantName productSku productVariantId quantity quantityFulfilled
      quantityToFulfill isShippingRequired translatedProductName
      unitPrice { gross { amount currency } } totalPrice { gross { amount } }
      undiscountedUnitPrice { gross { amount } } unitDiscount { amount }
      variant { id sku }
    }
    fulfillments { id }
    pickupCode
  }
}
"""
ORDER_USER = "query($id: ID!) { order(id: $id) { number user { email } } }"
ORDER_EVENTS = "query($id: ID!) { order(id: $id) { number events { type } } }"
ORDER_ALLOCATIONS = (
    "query($id: ID!) { order(id: $id) { lines { allocations { quantity warehouse { slug } } } } }"
)
ORDER_PRIVATE_METADATA = (
    "query($id: ID!) { order(id: $id) { metadata { key value } privateMetadata { key } } }"
)
ORDERS = "query { orders(first: 10) { totalCount edges { node { number } } } }"
MY_ORDERS = """
query { me { orders(first: 10) { totalCount edges { node { number status } } } } }
"""
BY_TOKEN = "query($token: UUID!) { orderByToken(token: $token) { number userEmail } }"


def gid(order) -> str:
    return to_global_id("Order", order.pk)


def client_for(user) -> ApiClient:
    return ApiClient(create_access_token(user))


@pytest.fixture
def customer():
    return UserFactory(email="dolma@example.com")


@pytest.fixture
def customer_order(customer):
    return order_with_lines(
        user=customer,
        user_email=customer.email,
        lines=1,
        quantity=3,
        price="88.50",
        pickup_code="123456",
        customer_note="请放门口",
        checkout_token="1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        metadata={"gift": "yes"},
        private_metadata={"risk": "low"},
    )


@pytest.fixture
def guest_order():
    return order_with_lines(user_email="guest@example.com", lines=2, quantity=1)


def test_staff_reads_every_field(customer_order):
    response = staff_client(PermissionEnum.MANAGE_ORDERS).post_graphql(
        ORDER_PUBLIC, {"id": gid(customer_order)}
    )

    order = response.data["order"]
    line = order["lines"][0]
    assert order["number"] == str(customer_order.number)
    assert order["token"] == str(customer_order.pk)
    assert order["status"] == "UNFULFILLED"
    assert order["origin"] == "CHECKOUT"
    assert order["languageCode"] == "zh-hans"
    assert order["languageCodeEnum"] == "ZH_HANS"
    assert order["total"] == {
        "gross": {"amount": 275.5, "currency": "CNY"},
        "net": {"amount": 275.5},
        "tax": {"amount": 0.0},
    }
    assert order["subtotal"]["gross"]["amount"] == 265.5
    assert order["shippingPrice"]["gross"]["amount"] == 10.0
    assert order["undiscountedShippingPrice"]["amount"] == 10.0
    assert order["customerNote"] == "请放门口"
    assert order["checkoutId"] == to_global_id("Checkout", "1b4e28ba-2fa1-11d2-883f-0016d3cca427")
    assert order["canFinalize"] is True
    assert order["isShippingRequired"] is True
    assert order["statusDisplay"] == "Unfulfilled"
    assert order["errors"] == []
    assert order["billingAddress"]["city"] == "拉萨市"
    assert order["billingAddress"]["country"] == {"code": "CN"}
    assert line["quantity"] == 3
    assert line["quantityToFulfill"] == 3
    assert line["unitPrice"]["gross"] == {"amount": 88.5, "currency": "CNY"}
    assert line["totalPrice"]["gross"]["amount"] == 265.5
    assert line["unitDiscount"]["amount"] == 0.0
    assert line["variant"]["sku"] == line["productSku"]
    assert order["pickupCode"] == "123456"


def test_owner_sees_own_user_and_pickup_code_but_not_history(customer, customer_order):
    client = client_for(customer)

    public = client.post_graphql(ORDER_PUBLIC, {"id": gid(customer_order)}).data["order"]
    user = client.post_graphql(ORDER_USER, {"id": gid(customer_order)})
    events = client.post_graphql(ORDER_EVENTS, {"id": gid(customer_order)})

    assert public["pickupCode"] == "123456"
    assert public["userEmail"] == "dolma@example.com"
    assert user.data["order"]["user"] == {"email": "dolma@example.com"}
    assert permission_denied(events)
    assert events.body["data"] == {"order": None}  # events is non-null: the order nulls


def test_another_user_holding_the_id_sees_the_order_without_private_fields(customer_order):
    client = client_for(UserFactory())

    public = client.post_graphql(ORDER_PUBLIC, {"id": gid(customer_order)}).data["order"]
    user = client.post_graphql(ORDER_USER, {"id": gid(customer_order)})
    allocations = client.post_graphql(ORDER_ALLOCATIONS, {"id": gid(customer_order)})
    private = client.post_graphql(ORDER_PRIVATE_METADATA, {"id": gid(customer_order)})

    assert public["number"] == str(customer_order.number)
    assert public["pickupCode"] is None
    assert permission_denied(user)
    assert user.body["data"]["order"]["user"] is None
    assert permission_denied(allocations)
    assert permission_denied(private)


def test_guest_reads_a_guest_order_by_id(api_client, guest_order):
    response = api_client.post_graphql(ORDER_PUBLIC, {"id": gid(guest_order)})

    order = response.data["order"]
    assert order["userEmail"] == "guest@example.com"
    assert len(order["lines"]) == 2
    assert order["shippingAddress"]["streetAddress1"] == "北京中路 12 号"


def test_guest_order_user_field_is_null_without_error(api_client, guest_order):
    response = api_client.post_graphql(ORDER_USER, {"id": gid(guest_order)})

    assert response.data["order"]["user"] is None


def test_guest_does_not_see_pickup_code_of_a_guest_order(api_client):
    order = order_with_lines(lines=1, pickup_code="654321")

    response = api_client.post_graphql(ORDER_PUBLIC, {"id": gid(order)})

    assert response.data["order"]["pickupCode"] is None


def test_unknown_or_malformed_order_id(api_client):
    unknown = to_global_id("Order", "5f0d1c2e-0000-4000-8000-000000000000")

    assert api_client.post_graphql(ORDER_USER, {"id": unknown}).data["order"] is None
    assert api_client.post_graphql(ORDER_USER, {"id": to_global_id("Order", "12")}).data == {
        "order": None
    }
    wrong_type = api_client.post_graphql(ORDER_USER, {"id": to_global_id("Product", 1)})
    assert wrong_type.errors[0]["message"] == (
        f"Invalid ID: {to_global_id('Product', 1)}. Expected: Order, received: Product."
    )


def test_drafts_are_hidden_from_customers(api_client):
    draft = OrderFactory(status=OrderStatus.DRAFT)

    assert api_client.post_graphql(ORDER_USER, {"id": gid(draft)}).data["order"] is None
    staff = staff_client(PermissionEnum.MANAGE_ORDERS)
    assert staff.post_graphql(ORDER_USER, {"id": gid(draft)}).data["order"]["number"]


def test_app_without_permission_reads_the_order_but_not_its_history(guest_order):
    client = app_client()

    assert client.post_graphql(ORDER_USER, {"id": gid(guest_order)}).data["order"]
    assert permission_denied(client.post_graphql(ORDER_EVENTS, {"id": gid(guest_order)}))
    assert permission_denied(client.post_graphql(ORDERS))


def test_app_with_manage_orders_reads_history_and_allocations(guest_order):
    order_event_record(order=guest_order, type=OrderEvents.PLACED)
    client = app_client(PermissionEnum.MANAGE_ORDERS)

    events = client.post_graphql(ORDER_EVENTS, {"id": gid(guest_order)}).data["order"]["events"]
    lines = client.post_graphql(ORDER_ALLOCATIONS, {"id": gid(guest_order)}).data["order"]["lines"]

    assert events == [{"type": "PLACED"}]
    assert lines[0]["allocations"][0]["quantity"] == 1


def test_staff_reads_allocations_and_private_metadata(customer_order):
    warehouse_slug = customer_order.lines.get().allocations.get().stock.warehouse.slug
    client = staff_client(PermissionEnum.MANAGE_ORDERS)

    lines = client.post_graphql(ORDER_ALLOCATIONS, {"id": gid(customer_order)})
    metadata = client.post_graphql(ORDER_PRIVATE_METADATA, {"id": gid(customer_order)})

    assert lines.data["order"]["lines"][0]["allocations"] == [
        {"quantity": 3, "warehouse": {"slug": warehouse_slug}}
    ]
    assert metadata.data["order"] == {
        "metadata": [{"key": "gift", "value": "yes"}],
        "privateMetadata": [{"key": "risk"}],
    }


def test_orders_list_needs_manage_orders(user_api_client, guest_order):
    assert permission_denied(user_api_client.post_graphql(ORDERS))
    assert permission_denied(staff_client().post_graphql(ORDERS))
    data = staff_client(PermissionEnum.MANAGE_ORDERS).post_graphql(ORDERS).data
    assert data["orders"]["totalCount"] == 1


def test_orders_list_leaves_drafts_out():
    OrderFactory(status=OrderStatus.DRAFT)
    placed = OrderFactory()

    data = staff_client(PermissionEnum.MANAGE_ORDERS).post_graphql(ORDERS).data

    assert data["orders"]["edges"] == [{"node": {"number": str(placed.number)}}]


def test_me_orders_lists_only_my_orders_newest_first(customer):
    first = OrderFactory(user=customer)
    second = OrderFactory(user=customer, status=OrderStatus.FULFILLED)
    OrderFactory(user=customer, status=OrderStatus.DRAFT)
    OrderFactory(user=UserFactory())
    OrderFactory()

    data = client_for(customer).post_graphql(MY_ORDERS).data

    assert data["me"]["orders"]["totalCount"] == 2
    assert [edge["node"] for edge in data["me"]["orders"]["edges"]] == [
        {"number": str(second.number), "status": "FULFILLED"},
        {"number": str(first.number), "status": "UNFULFILLED"},
    ]


def test_me_orders_where(customer):
    OrderFactory(user=customer)
    canceled = OrderFactory(user=customer, status=OrderStatus.CANCELED)
    query = """
    query { me { orders(first: 5, where: {status: {eq: CANCELED}}) {
      edges { node { number } } } } }
    """

    data = client_for(customer).post_graphql(query).data

    assert data["me"]["orders"]["edges"] == [{"node": {"number": str(canceled.number)}}]


def test_order_by_token_for_guests(api_client, guest_order):
    response = api_client.post_graphql(BY_TOKEN, {"token": str(guest_order.pk)})

    assert response.data["orderByToken"] == {
        "number": str(guest_order.number),
        "userEmail": "guest@example.com",
    }


def test_order_external_reference_needs_manage_orders(api_client):
    query = 'query { order(externalReference: "ext-1") { id } }'

    assert permission_denied(api_client.post_graphql(query))
    assert staff_client(PermissionEnum.MANAGE_ORDERS).post_graphql(query).data == {"order": None}


def test_delivery_method_shipping_and_pickup():
    shipped = order_with_lines(lines=1, shipping="18.00")
    zone = ShippingZoneFactory(channels=[shipped.channel])
    method = shipping_method(zone, shipped.channel, "12.00", name="EMS")
    shipped.shipping_method = method
    shipped.shipping_method_name = "EMS"
    shipped.save()
    point = WarehouseFactory(name="拉萨门店")
    pickup = order_with_lines(
        lines=1, shipping="0", collection_point=point, collection_point_name="拉萨门店"
    )
    query = """
    query($id: ID!) { order(id: $id) { shippingMethodName collectionPointName deliveryMethod {
      __typename
      ... on ShippingMethod { id name price { amount } }
      ... on Warehouse { name }
    } } }
    """
    client = staff_client(PermissionEnum.MANAGE_ORDERS)

    shipped_data = client.post_graphql(query, {"id": gid(shipped)}).data["order"]
    pickup_data = client.post_graphql(query, {"id": gid(pickup)}).data["order"]

    assert shipped_data["deliveryMethod"] == {
        "__typename": "ShippingMethod",
        "id": to_global_id("ShippingMethod", method.pk),
        "name": "EMS",
        "price": {"amount": 18.0},  # what the customer paid, remote surcharge included
    }
    assert pickup_data["collectionPointName"] == "拉萨门店"
    assert pickup_data["deliveryMethod"] == {"__typename": "Warehouse", "name": "拉萨门店"}


def test_line_variant_hidden_from_customers_once_unpublished(api_client, guest_order):
    line = guest_order.lines.first()
    ProductChannelListing.objects.filter(product=line.variant.product).update(is_published=False)
    query = "query($id: ID!) { order(id: $id) { lines { productSku variant { sku } } } }"

    customer_view = api_client.post_graphql(query, {"id": gid(guest_order)}).data["order"]
    staff_view = staff_client(PermissionEnum.MANAGE_ORDERS).post_graphql(
        query, {"id": gid(guest_order)}
    )

    hidden = {row["productSku"]: row["variant"] for row in customer_view["lines"]}
    assert hidden[line.product_sku] is None
    shown = {row["productSku"]: row["variant"] for row in staff_view.data["order"]["lines"]}
    assert shown[line.product_sku] == {"sku": line.product_sku}


def test_weight_is_in_kilograms(api_client):
    order = order_with_lines(lines=1, weight=Decimal("1.250"))

    data = api_client.post_graphql(
        "query($id: ID!) { order(id: $id) { weight { unit value } } }", {"id": gid(order)}
    ).data

    assert data["order"]["weight"] == {"unit": "KG", "value": 1.25}


def test_line_thumbnail_prefers_the_variant_image(api_client, guest_order):
    first, second = guest_order.lines.order_by("created_at", "id")
    product_image = ProductMedia.objects.create(
        product=first.variant.product, image="products/a.jpg", alt="产品图"
    )
    variant_image = ProductMedia.objects.create(
        product=first.variant.product, image="products/b.jpg", alt="规格图", sort_order=1
    )
    variant_image.variants.add(first.variant)
    ProductMedia.objects.create(
        product=second.variant.product, image="products/c.jpg", alt="另一产品"
    )
    query = """
    query($id: ID!) { order(id: $id) { lines { productSku thumbnail(size: 128) { url alt } } } }
    """

    data = api_client.post_graphql(query, {"id": gid(guest_order)}).data["order"]["lines"]

    thumbnails = {row["productSku"]: row["thumbnail"] for row in data}
    shown = thumbnails[first.product_sku]
    assert shown["alt"] == "规格图"
    assert f"/thumbnail/{to_global_id('ProductMedia', variant_image.pk)}/128/" in shown["url"]
    assert product_image.pk != variant_image.pk
    assert thumbnails[second.product_sku]["alt"] == "另一产品"
