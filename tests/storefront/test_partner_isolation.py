"""Two partner provinces (Jiangsu, Shanghai) each run a shop in their own channel through an
app limited to it. Each app buys, reads and manages in its channel; every ID of the other's
(orders, checkouts, products' prices, warehouses, transactions) answers as if it did not
exist, and naming the other's channel is PermissionDenied."""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from catalog.models import AppChannelAccess, Channel, Product, ProductVariant, Warehouse
from catalog.services.partner_channels import partner_channel_attach
from infra.accounts.models import App
from infra.accounts.permissions import PermissionEnum
from storefront.models import (
    Booking,
    BookingStatus,
    Checkout,
    Order,
    OrderStatus,
    TransactionItem,
)
from tests.conftest import ApiClient, permission_denied
from tests.factories import AppFactory, ChannelFactory, StockFactory, WarehouseFactory
from tests.factories.accounts import django_permissions
from tests.factories.addresses import lhasa_address_input
from tests.factories.catalog import list_product, price_variant
from tests.factories.checkout import checkout_with_lines, purchasable_variant
from tests.factories.orders import order_with_lines
from tests.factories.product_reads import gid, staff_with
from tests.factories.tourism import bookable_variant, checkout_for_slot, pay_and_complete, slot_of

pytestmark = pytest.mark.django_db

PARTNER_PERMISSIONS = [
    PermissionEnum.MANAGE_ORDERS,
    PermissionEnum.MANAGE_CHECKOUTS,
    PermissionEnum.HANDLE_CHECKOUTS,
    PermissionEnum.HANDLE_PAYMENTS,
]


@dataclass
class Partner:
    channel: Channel
    app: App
    client: ApiClient
    warehouse: Warehouse
    variant: ProductVariant
    order: Order
    checkout: Checkout


def _partner(slug: str, province_zh: str, province_en: str, price: str) -> Partner:
    channel = ChannelFactory(slug=slug)
    warehouse = WarehouseFactory()
    variant = purchasable_variant(channel, price=price, stock=20, warehouse=warehouse)
    partner_channel_attach(channel=channel, province_zh=province_zh, province_en=province_en)
    app, token = AppFactory.with_token(permissions=PARTNER_PERMISSIONS)
    AppChannelAccess.objects.create(app=app, channel=channel)
    return Partner(
        channel=channel,
        app=app,
        client=ApiClient(token),
        warehouse=warehouse,
        variant=variant,
        order=order_with_lines(channel=channel, warehouse=warehouse),
        checkout=checkout_with_lines(channel, [(variant, 1)]),
    )


@pytest.fixture
def jiangsu() -> Partner:
    return _partner("jiangsu-partner", "江苏省", "Jiangsu", "110.00")


@pytest.fixture
def shanghai() -> Partner:
    return _partner("shanghai-partner", "上海市", "Shanghai", "95.00")


@pytest.fixture
def shared_variant(jiangsu, shanghai) -> ProductVariant:
    """One product sold in both channels, at each partner's own price."""
    variant = jiangsu.variant
    list_product(variant.product, shanghai.channel)
    price_variant(variant, shanghai.channel, "130.00")
    return variant


# --- orders -----------------------------------------------------------------------------------

ORDER = "query($id: ID!) { order(id: $id) { id number channel { slug } } }"
ORDER_BY_TOKEN = "query($token: UUID!) { orderByToken(token: $token) { id } }"
ORDERS = """query($channel: String) {
  orders(first: 50, channel: $channel) { totalCount edges { node { id channel { slug } } } }
}"""


def test_each_app_reads_its_own_order_and_not_the_others(jiangsu, shanghai):
    own = jiangsu.client.post_graphql(ORDER, {"id": gid(jiangsu.order)}).data["order"]
    assert own["channel"]["slug"] == "jiangsu-partner"

    for reader, other in ((jiangsu, shanghai), (shanghai, jiangsu)):
        response = reader.client.post_graphql(ORDER, {"id": gid(other.order)})
        assert response.data["order"] is None
        response = reader.client.post_graphql(ORDER_BY_TOKEN, {"token": str(other.order.pk)})
        assert response.data["orderByToken"] is None


def test_order_lists_hold_only_the_apps_channel(jiangsu, shanghai, django_assert_max_num_queries):
    order_with_lines(channel=jiangsu.channel, warehouse=jiangsu.warehouse)
    with django_assert_max_num_queries(6):
        data = jiangsu.client.post_graphql(ORDERS).data["orders"]
    assert data["totalCount"] == 2
    assert {edge["node"]["channel"]["slug"] for edge in data["edges"]} == {"jiangsu-partner"}

    others = jiangsu.client.post_graphql(ORDERS, {"channel": "shanghai-partner"}).data
    assert others["orders"] == {"totalCount": 0, "edges": []}


def test_staff_and_unlimited_apps_still_see_every_channel(jiangsu, shanghai):
    staff = staff_with(PermissionEnum.MANAGE_ORDERS)
    _app, token = AppFactory.with_token(permissions=[PermissionEnum.MANAGE_ORDERS])
    for client in (staff, ApiClient(token)):
        assert client.post_graphql(ORDERS).data["orders"]["totalCount"] == 2
        assert client.post_graphql(ORDER, {"id": gid(shanghai.order)}).data["order"]


FULFILL = """mutation($order: ID!, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) { order { status } errors { field code } }
}"""
CANCEL = "mutation($id: ID!) { orderCancel(id: $id) { order { status } errors { field code } } }"
MARK_PAID = """mutation($id: ID!) {
  orderMarkAsPaid(id: $id) { order { id } errors { field code } }
}"""
NOTE = """mutation($id: ID!) {
  orderNoteAdd(order: $id, input: {message: "hi"}) { order { id } errors { field code } }
}"""


def _fulfil_input(partner: Partner) -> dict:
    lines = [
        {
            "orderLineId": gid(line),
            "stocks": [{"warehouse": gid(partner.warehouse), "quantity": line.quantity}],
        }
        for line in partner.order.lines.all()
    ]
    return {"lines": lines, "notifyCustomer": False}


def test_an_app_cannot_manage_the_other_channels_orders(jiangsu, shanghai):
    target = shanghai.order
    attempts = [
        ("orderFulfill", FULFILL, {"order": gid(target), "input": _fulfil_input(shanghai)}),
        ("orderCancel", CANCEL, {"id": gid(target)}),
        ("orderMarkAsPaid", MARK_PAID, {"id": gid(target)}),
        ("orderNoteAdd", NOTE, {"id": gid(target)}),
    ]
    for name, mutation, variables in attempts:
        payload = jiangsu.client.post_graphql(mutation, variables).data[name]
        assert payload["order"] is None, name
        assert payload["errors"][0]["code"] in {"NOT_FOUND", "GRAPHQL_ERROR"}, name
    target.refresh_from_db()
    assert target.status == OrderStatus.UNFULFILLED
    assert not target.events.exists()
    assert not TransactionItem.objects.filter(order=target).exists()

    own = jiangsu.client.post_graphql(
        FULFILL, {"order": gid(jiangsu.order), "input": _fulfil_input(jiangsu)}
    ).data["orderFulfill"]
    assert own == {"order": {"status": "FULFILLED"}, "errors": []}


UPDATE_METADATA = """mutation($id: ID!) {
  updateMetadata(id: $id, input: [{key: "customerRef", value: "JS-1"}]) {
    item { ... on Order { id } ... on Checkout { id } } errors { field code }
  }
}"""
UPDATE_PRIVATE_METADATA = """mutation($id: ID!) {
  updatePrivateMetadata(id: $id, input: [{key: "customerRef", value: "JS-1"}]) {
    item { ... on Order { id } } errors { field code }
  }
}"""


def test_metadata_of_the_other_channels_orders_and_checkouts_is_out_of_reach(jiangsu, shanghai):
    for mutation, name in ((UPDATE_METADATA, "updateMetadata"),
                           (UPDATE_PRIVATE_METADATA, "updatePrivateMetadata")):  # fmt: skip
        for target in (shanghai.order, shanghai.checkout):
            payload = jiangsu.client.post_graphql(mutation, {"id": gid(target)}).data[name]
            assert payload["item"] is None
            assert payload["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    shanghai.order.refresh_from_db()
    shanghai.checkout.refresh_from_db()
    assert shanghai.order.metadata == shanghai.order.private_metadata == {}
    assert shanghai.checkout.metadata == {}

    own = jiangsu.client.post_graphql(UPDATE_METADATA, {"id": gid(jiangsu.order)}).data
    assert own["updateMetadata"]["errors"] == []
    jiangsu.order.refresh_from_db()
    assert jiangsu.order.metadata == {"customerRef": "JS-1"}


# --- products and prices ----------------------------------------------------------------------

PRODUCT = """query($id: ID!, $channel: String) {
  product(id: $id, channel: $channel) {
    id channel pricing { priceRange { start { gross { amount currency } } } }
    variants { id pricing { price { gross { amount } } } channelListings { channel { slug } } }
  }
}"""
PRODUCTS = """query($channel: String) {
  products(first: 20, channel: $channel) {
    edges { node { id pricing { priceRange { start { gross { amount } } } } } }
  }
}"""


def _start_price(product: dict) -> float:
    return product["pricing"]["priceRange"]["start"]["gross"]["amount"]


def test_an_app_prices_products_in_its_channel_only(jiangsu, shanghai, shared_variant):
    product_id = gid(shared_variant.product)
    for partner, price in ((jiangsu, 110.0), (shanghai, 130.0)):
        product = partner.client.post_graphql(PRODUCT, {"id": product_id}).data["product"]
        assert product["channel"] == partner.channel.slug
        assert _start_price(product) == price
        variant = product["variants"][0]
        assert variant["pricing"]["price"]["gross"]["amount"] == price
        assert variant["channelListings"] == [{"channel": {"slug": partner.channel.slug}}]

    other = jiangsu.client.post_graphql(PRODUCT, {"id": product_id, "channel": "shanghai-partner"})
    assert other.body["data"]["product"] is None
    assert permission_denied(other)


def test_products_of_the_other_channel_do_not_exist_for_an_app(jiangsu, shanghai):
    only_shanghai = gid(shanghai.variant.product)
    response = jiangsu.client.post_graphql(PRODUCT, {"id": only_shanghai})
    assert response.data["product"] is None

    listed = jiangsu.client.post_graphql(PRODUCTS).data["products"]["edges"]
    own = Product.objects.filter(channel_listings__channel=jiangsu.channel)
    assert {edge["node"]["id"] for edge in listed} == {gid(product) for product in own}
    assert only_shanghai not in {edge["node"]["id"] for edge in listed}
    prices = {edge["node"]["id"]: _start_price(edge["node"]) for edge in listed}
    assert prices[gid(jiangsu.variant.product)] == 110.0

    refused = jiangsu.client.post_graphql(PRODUCTS, {"channel": "shanghai-partner"})
    assert refused.body["data"]["products"] is None
    assert permission_denied(refused)


def test_product_lists_cost_one_more_query_at_most_for_a_limited_app(
    jiangsu, shanghai, django_assert_max_num_queries
):
    staff = staff_with(PermissionEnum.MANAGE_PRODUCTS)
    with django_assert_max_num_queries(12) as staff_queries:
        staff.post_graphql(PRODUCTS, {"channel": "jiangsu-partner"})
    with django_assert_max_num_queries(len(staff_queries) + 2):
        jiangsu.client.post_graphql(PRODUCTS)


VARIANT_STOCKS = """query($id: ID!) {
  productVariant(id: $id) { stocks { warehouse { id } } }
}"""
WAREHOUSES = "{ warehouses(first: 20) { edges { node { id } } } }"
WAREHOUSE = "query($id: ID!) { warehouse(id: $id) { id } }"


def test_an_app_sees_the_warehouses_and_stock_of_its_channel_only(
    jiangsu, shanghai, shared_variant
):
    StockFactory(warehouse=shanghai.warehouse, product_variant=shared_variant, quantity=4)
    stocks = jiangsu.client.post_graphql(VARIANT_STOCKS, {"id": gid(shared_variant)}).data
    assert stocks["productVariant"]["stocks"] == [{"warehouse": {"id": gid(jiangsu.warehouse)}}]

    listed = jiangsu.client.post_graphql(WAREHOUSES).data["warehouses"]["edges"]
    assert [edge["node"]["id"] for edge in listed] == [gid(jiangsu.warehouse)]
    other = jiangsu.client.post_graphql(WAREHOUSE, {"id": gid(shanghai.warehouse)}).data
    assert other["warehouse"] is None


CHANNELS = "{ channels { slug } }"
CHANNEL = "query($slug: String) { channel(slug: $slug) { slug } }"


def test_an_app_knows_only_its_channel(jiangsu, shanghai):
    assert jiangsu.client.post_graphql(CHANNELS).data["channels"] == [{"slug": "jiangsu-partner"}]
    assert jiangsu.client.post_graphql(CHANNEL, {"slug": "shanghai-partner"}).data == {
        "channel": None
    }
    assert jiangsu.client.post_graphql(CHANNEL, {"slug": "jiangsu-partner"}).data["channel"]


# --- checkouts ----------------------------------------------------------------------------------

CHECKOUT = "query($id: ID!) { checkout(id: $id) { id } }"
CREATE = """mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    checkout { id channel { slug } totalPrice { gross { amount } } shippingMethods { id } }
    errors { field code }
  }
}"""
LINES_ADD = """mutation($id: ID!, $variant: ID!) {
  checkoutLinesAdd(id: $id, lines: [{variantId: $variant, quantity: 1}]) {
    checkout { id } errors { field code }
  }
}"""
EMAIL = """mutation($id: ID!) {
  checkoutEmailUpdate(id: $id, email: "x@example.com") { checkout { id } errors { field code } }
}"""
COMPLETE = """mutation($id: ID!) {
  checkoutComplete(id: $id) { order { id channel { slug } } errors { field code } }
}"""


def test_an_app_cannot_reach_the_other_channels_checkouts(jiangsu, shanghai):
    target = gid(shanghai.checkout)
    assert jiangsu.client.post_graphql(CHECKOUT, {"id": target}).data["checkout"] is None
    for name, mutation, variables in (
        ("checkoutLinesAdd", LINES_ADD, {"id": target, "variant": gid(shanghai.variant)}),
        ("checkoutEmailUpdate", EMAIL, {"id": target}),
        ("checkoutComplete", COMPLETE, {"id": target}),
    ):
        payload = jiangsu.client.post_graphql(mutation, variables).data[name]
        assert payload["errors"] == [{"field": "id", "code": "NOT_FOUND"}], name
    shanghai.checkout.refresh_from_db()
    assert shanghai.checkout.lines.get().quantity == 1
    assert shanghai.checkout.email != "x@example.com"


def _create_input(partner: Partner, **extra) -> dict:
    return {
        "input": {
            "email": "buyer@example.com",
            "lines": [{"variantId": gid(partner.variant), "quantity": 2}],
            "shippingAddress": lhasa_address_input(),
            "billingAddress": lhasa_address_input(),
            **extra,
        }
    }


def test_check_out_in_the_other_channel_is_refused(jiangsu, shanghai):
    response = jiangsu.client.post_graphql(
        CREATE, _create_input(jiangsu, channel="shanghai-partner")
    )
    assert permission_denied(response)
    assert response.body["data"]["checkoutCreate"] is None
    assert not Checkout.objects.filter(channel=shanghai.channel, email="buyer@example.com")


PAY = """mutation($id: ID!) {
  transactionInitialize(id: $id, paymentGateway: {id: "mirumee.payments.dummy"}) {
    transaction { id } errors { field code }
  }
}"""
DELIVERY = """mutation($id: ID!, $method: ID!) {
  checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) {
    checkout { totalPrice { gross { amount } } } errors { field code }
  }
}"""
TRANSACTION = "query($id: ID!) { transaction(id: $id) { id } }"


def test_an_app_orders_in_its_channel_at_its_prices_and_the_other_cannot_see_it(
    jiangsu, shanghai, django_capture_on_commit_callbacks
):
    created = jiangsu.client.post_graphql(CREATE, _create_input(jiangsu)).data["checkoutCreate"]
    assert created["errors"] == []
    checkout = created["checkout"]
    assert checkout["channel"]["slug"] == "jiangsu-partner"  # no channel named: its own
    assert checkout["totalPrice"]["gross"]["amount"] == 220.0
    delivered = jiangsu.client.post_graphql(
        DELIVERY, {"id": checkout["id"], "method": checkout["shippingMethods"][0]["id"]}
    ).data["checkoutDeliveryMethodUpdate"]
    assert delivered["errors"] == []

    refused = shanghai.client.post_graphql(PAY, {"id": checkout["id"]}).data
    assert refused["transactionInitialize"]["errors"][0]["code"] == "NOT_FOUND"
    paid = jiangsu.client.post_graphql(PAY, {"id": checkout["id"]}).data["transactionInitialize"]
    assert paid["errors"] == []
    with django_capture_on_commit_callbacks(execute=True):
        completed = jiangsu.client.post_graphql(COMPLETE, {"id": checkout["id"]}).data
    order = completed["checkoutComplete"]["order"]
    assert order["channel"]["slug"] == "jiangsu-partner"

    # The completed checkout's ID answers its order to its own app only.
    again = shanghai.client.post_graphql(COMPLETE, {"id": checkout["id"]}).data
    assert again["checkoutComplete"]["order"] is None
    assert shanghai.client.post_graphql(ORDER, {"id": order["id"]}).data["order"] is None
    transaction_id = paid["transaction"]["id"]
    assert shanghai.client.post_graphql(TRANSACTION, {"id": transaction_id}).data == {
        "transaction": None
    }
    assert jiangsu.client.post_graphql(TRANSACTION, {"id": transaction_id}).data["transaction"]


PRICES = """mutation($id: ID!, $channel: ID!) {
  productVariantChannelListingUpdate(id: $id, input: [{channelId: $channel, price: "99.00"}]) {
    errors { field code }
  }
}"""
PUBLICATION = """mutation($id: ID!, $channel: ID!) {
  productChannelListingUpdate(id: $id, input: {updateChannels: [
    {channelId: $channel, isPublished: false}
  ]}) { errors { field code } }
}"""


def test_an_app_managing_products_changes_listings_of_its_channel_only(
    jiangsu, shanghai, shared_variant
):
    jiangsu.app.permissions.add(
        *django_permissions([PermissionEnum.MANAGE_PRODUCTS]),
    )
    product = shared_variant.product
    for mutation, target in ((PRICES, shared_variant), (PUBLICATION, product)):
        refused = jiangsu.client.post_graphql(
            mutation, {"id": gid(target), "channel": gid(shanghai.channel)}
        )
        assert permission_denied(refused)
        own = jiangsu.client.post_graphql(
            mutation, {"id": gid(target), "channel": gid(jiangsu.channel)}
        )
        assert own.body["data"] and "errors" not in own.body
    assert shared_variant.channel_listings.get(channel=shanghai.channel).price_amount == 130
    assert shared_variant.channel_listings.get(channel=jiangsu.channel).price_amount == 99
    assert product.channel_listings.get(channel=shanghai.channel).is_published
    assert not product.channel_listings.get(channel=jiangsu.channel).is_published


BOOKING = "query($id: ID!) { booking(id: $id) { voucherCode } }"
BOOKING_CANCEL = """mutation($id: ID!) {
  bookingCancel(id: $id) { booking { status } errors { field code } }
}"""
CHECK_IN = """mutation($code: String!) {
  bookingCheckIn(voucherCode: $code) { booking { status } errors { field code } }
}"""


def test_bookings_of_the_other_channel_are_unknown_to_an_app(jiangsu, shanghai):
    slot = slot_of(bookable_variant(shanghai.channel), days=0, hours=3)
    pay_and_complete(checkout_for_slot(slot, channel=shanghai.channel))
    slot.starts_at = timezone.now()
    slot.save()
    booking = Booking.objects.get()
    booking_id = gid(booking)

    assert jiangsu.client.post_graphql(BOOKING, {"id": booking_id}).data["booking"] is None
    cancelled = jiangsu.client.post_graphql(BOOKING_CANCEL, {"id": booking_id}).data
    assert cancelled["bookingCancel"]["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    checked = jiangsu.client.post_graphql(CHECK_IN, {"code": booking.voucher_code}).data
    assert checked["bookingCheckIn"]["errors"] == [{"field": "voucherCode", "code": "NOT_FOUND"}]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED

    own = shanghai.client.post_graphql(BOOKING, {"id": booking_id}).data["booking"]
    assert own == {"voucherCode": booking.voucher_code}
