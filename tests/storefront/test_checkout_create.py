from decimal import Decimal

import pytest

from infra.ids import to_global_id
from storefront.models import Address, Checkout, Order, OrderLine, OrderStatus
from tests.factories import ChannelFactory, UserFactory, WarehouseFactory, list_product
from tests.factories.addresses import lhasa_address_input
from tests.factories.checkout import purchasable_variant

pytestmark = pytest.mark.django_db

CREATE = """
mutation($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    created
    checkout {
      id token email languageCode quantity isShippingRequired
      channel { slug }
      user { email }
      lines { id quantity variant { id } unitPrice { gross { amount currency } }
              totalPrice { gross { amount } } requiresShipping }
      subtotalPrice { gross { amount } net { amount } tax { amount } currency }
      totalPrice { gross { amount } }
      shippingAddress { city cityArea postalCode phone country { code } }
      billingAddress { city }
      metadata { key value }
    }
    errors { field code message variants lines addressType }
    checkoutErrors { code }
  }
}
"""


def vid(variant) -> str:
    return to_global_id("ProductVariant", variant.pk)


@pytest.fixture
def channel():
    return ChannelFactory(slug="tibet")


@pytest.fixture
def warehouse():
    return WarehouseFactory(slug="lhasa-store")


@pytest.fixture
def variant(channel, warehouse):
    return purchasable_variant(channel, price="25.50", stock=10, warehouse=warehouse)


def create(client, **input):
    response = client.post_graphql(CREATE, {"input": input})
    return response.data["checkoutCreate"]


def test_anonymous_checkout_is_created_with_lines_and_addresses(api_client, channel, variant):
    other = purchasable_variant(channel, price="10", warehouse=variant.stocks.first().warehouse)
    data = create(
        api_client,
        channel="tibet",
        email="dolma@example.com",
        lines=[
            {"variantId": vid(variant), "quantity": 1},
            {"variantId": vid(other), "quantity": 2},
            {"variantId": vid(variant), "quantity": 2},
        ],
        shippingAddress=lhasa_address_input(),
        billingAddress=lhasa_address_input(city="拉萨市"),
        languageCode="EN",
        metadata=[{"key": "source", "value": "wechat"}],
    )

    assert data["errors"] == []
    checkout = data["checkout"]
    assert data["created"] is True
    assert checkout["email"] == "dolma@example.com"
    assert checkout["languageCode"] == "EN"
    assert checkout["user"] is None
    assert checkout["channel"] == {"slug": "tibet"}
    assert checkout["quantity"] == 5
    assert [(line["variant"]["id"], line["quantity"]) for line in checkout["lines"]] == [
        (vid(variant), 3),
        (vid(other), 2),
    ]
    assert checkout["lines"][0]["unitPrice"]["gross"] == {"amount": 25.5, "currency": "CNY"}
    assert checkout["lines"][0]["totalPrice"]["gross"] == {"amount": 76.5}
    assert checkout["subtotalPrice"] == {
        "gross": {"amount": 96.5},
        "net": {"amount": 96.5},
        "tax": {"amount": 0},
        "currency": "CNY",
    }
    assert checkout["shippingAddress"] == {
        "city": "拉萨市",
        "cityArea": "城关区",
        "postalCode": "850000",
        "phone": "+8613800138000",
        "country": {"code": "CN"},
    }
    assert checkout["metadata"] == [{"key": "source", "value": "wechat"}]
    stored = Checkout.objects.get(token=checkout["token"])
    assert stored.country == "CN"
    assert stored.language_code == "en"
    assert stored.shipping_address.division.code == "540102"
    assert stored.shipping_address_id != stored.billing_address_id
    assert stored.lines.count() == 2


def test_signed_in_customer_owns_the_checkout_and_lends_their_email(
    user_api_client, customer_user, channel, variant
):
    data = create(
        user_api_client, channel="tibet", lines=[{"variantId": vid(variant), "quantity": 1}]
    )

    assert data["errors"] == []
    assert data["checkout"]["email"] == customer_user.email
    assert data["checkout"]["user"] == {"email": customer_user.email}
    assert Checkout.objects.get().user == customer_user


def test_checkout_without_lines_or_channel_uses_the_only_active_channel(api_client, channel):
    data = create(api_client, email="a@example.com")

    assert data["errors"] == []
    assert data["checkout"]["channel"] == {"slug": "tibet"}
    assert data["checkout"]["lines"] == []
    assert data["checkout"]["isShippingRequired"] is False


@pytest.mark.parametrize(
    ("slug", "code", "message"),
    [
        ("nowhere", "NOT_FOUND", "Channel with 'nowhere' slug does not exist."),
        ("closed", "CHANNEL_INACTIVE", "Channel with 'closed' is inactive."),
        (None, "MISSING_CHANNEL_SLUG", "You need to provide channel slug."),
    ],
)
def test_channel_errors(api_client, channel, slug, code, message):
    ChannelFactory(slug="closed", is_active=False)
    ChannelFactory(slug="second")

    data = create(api_client, channel=slug)

    assert data["checkout"] is None
    assert data["errors"] == [
        {
            "field": "channel",
            "code": code,
            "message": message,
            "variants": None,
            "lines": None,
            "addressType": None,
        }
    ]
    assert data["checkoutErrors"] == [{"code": code}]


@pytest.mark.parametrize(
    ("listing", "code"),
    [
        ({"published": False}, "PRODUCT_NOT_PUBLISHED"),
        ({"available": False}, "PRODUCT_UNAVAILABLE_FOR_PURCHASE"),
    ],
)
def test_variant_must_be_published_and_purchasable(api_client, channel, variant, listing, code):
    list_product(variant.product, channel, **listing)

    data = create(api_client, channel="tibet", lines=[{"variantId": vid(variant), "quantity": 1}])

    assert data["errors"][0]["code"] == code
    assert data["errors"][0]["field"] == "lines"
    assert data["errors"][0]["variants"] == [vid(variant)]
    assert not Checkout.objects.exists()


def test_variant_must_be_priced_in_the_channel(api_client, channel, variant):
    variant.channel_listings.update(price_amount=None)

    data = create(api_client, channel="tibet", lines=[{"variantId": vid(variant), "quantity": 1}])

    assert data["errors"][0]["code"] == "UNAVAILABLE_VARIANT_IN_CHANNEL"
    assert data["errors"][0]["variants"] == [vid(variant)]


def test_quantity_must_be_positive(api_client, channel, variant):
    data = create(api_client, channel="tibet", lines=[{"variantId": vid(variant), "quantity": 0}])

    assert data["errors"][0]["field"] == "quantity"
    assert data["errors"][0]["code"] == "ZERO_QUANTITY"


def test_insufficient_stock_names_the_variant(api_client, channel, variant):
    data = create(api_client, channel="tibet", lines=[{"variantId": vid(variant), "quantity": 11}])

    assert data["errors"] == [
        {
            "field": "quantity",
            "code": "INSUFFICIENT_STOCK",
            "message": f"Could not add items {variant}. Only 10 remaining in stock.",
            "variants": [vid(variant)],
            "lines": None,
            "addressType": None,
        }
    ]
    assert not Checkout.objects.exists()


def test_stock_counts_only_warehouses_shipping_to_the_destination(api_client, channel):
    # Stock in a warehouse of the channel that no shipping zone serves cannot be sold.
    variant = purchasable_variant(channel, stock=0)
    stranded = WarehouseFactory()
    stranded.channels.add(channel)
    stranded.stocks.create(product_variant=variant, quantity=5)

    data = create(api_client, channel="tibet", lines=[{"variantId": vid(variant), "quantity": 1}])

    assert data["errors"][0]["code"] == "INSUFFICIENT_STOCK"


def test_shop_limit_per_checkout(api_client, channel, variant, settings):
    settings.LIMIT_QUANTITY_PER_CHECKOUT = 3

    data = create(api_client, channel="tibet", lines=[{"variantId": vid(variant), "quantity": 4}])

    assert data["errors"][0]["code"] == "QUANTITY_GREATER_THAN_LIMIT"
    assert data["errors"][0]["message"] == f"Cannot add more than 3 times this item: {variant}."


def _past_order(channel, variant, quantity, *, number, status=OrderStatus.UNFULFILLED, **who):
    order = Order.objects.create(
        number=number, channel=channel, currency="CNY", status=status, **who
    )
    OrderLine.objects.create(
        order=order,
        variant=variant,
        product_name="松茸",
        is_shipping_required=True,
        quantity=quantity,
        currency="CNY",
        unit_price_amount=Decimal(1),
        undiscounted_unit_price_amount=Decimal(1),
        total_price_amount=Decimal(quantity),
        undiscounted_total_price_amount=Decimal(quantity),
    )


def test_customer_limit_counts_earlier_orders_by_account_and_email(
    user_api_client, customer_user, channel, variant
):
    variant.quantity_limit_per_customer = 5
    variant.save()
    _past_order(channel, variant, 2, number=9001, user=customer_user)
    _past_order(channel, variant, 1, number=9002, user_email=customer_user.email.upper())
    _past_order(channel, variant, 4, number=9003, user=customer_user, status=OrderStatus.CANCELED)
    _past_order(channel, variant, 4, number=9004, user=UserFactory())

    too_many = create(
        user_api_client, channel="tibet", lines=[{"variantId": vid(variant), "quantity": 3}]
    )
    allowed = create(
        user_api_client, channel="tibet", lines=[{"variantId": vid(variant), "quantity": 2}]
    )

    assert too_many["errors"][0]["code"] == "QUANTITY_GREATER_THAN_LIMIT"
    assert too_many["errors"][0]["message"] == (
        f"Cannot add more than 2 times this item: {variant}."
    )
    assert allowed["errors"] == []


def test_customer_limit_replaces_the_shop_limit(api_client, channel, variant, settings):
    settings.LIMIT_QUANTITY_PER_CHECKOUT = 2
    variant.quantity_limit_per_customer = 4
    variant.save()

    data = create(
        api_client,
        channel="tibet",
        email="guest@example.com",
        lines=[{"variantId": vid(variant), "quantity": 4}],
    )

    assert data["errors"] == []


def test_address_errors_name_field_and_address_type(api_client, channel, variant):
    data = create(
        api_client,
        channel="tibet",
        shippingAddress=lhasa_address_input(postalCode="85"),
        billingAddress=lhasa_address_input(city=""),
    )

    assert [(e["field"], e["code"], e["addressType"]) for e in data["errors"]] == [
        ("postalCode", "INVALID", "SHIPPING")
    ]
    billing = create(api_client, channel="tibet", billingAddress=lhasa_address_input(city=""))
    assert [(e["field"], e["code"], e["addressType"]) for e in billing["errors"]] == [
        ("city", "REQUIRED", "BILLING")
    ]
    assert not Address.objects.exists()


def test_invalid_email(api_client, channel):
    data = create(api_client, channel="tibet", email="not-an-email")

    assert data["errors"][0]["field"] == "email"
    assert data["errors"][0]["code"] == "INVALID"


@pytest.mark.parametrize(
    ("extra", "name"),
    [
        ({"saveShippingAddress": True}, "saveShippingAddress"),
        ({"lines": [{"variantId": "X", "quantity": 1, "price": "1"}]}, "price"),
    ],
)
def test_unsupported_input_is_refused_by_name(api_client, channel, extra, name):
    response = api_client.post_graphql(CREATE, {"input": {"channel": "tibet", **extra}})

    assert response.errors[0]["message"] == f"Input field `{name}` is not supported."
    assert not Checkout.objects.exists()


def test_private_metadata_needs_checkout_permissions(api_client, channel):
    response = api_client.post_graphql(
        CREATE,
        {"input": {"channel": "tibet", "privateMetadata": [{"key": "k", "value": "v"}]}},
    )

    assert response.errors[0]["extensions"]["exception"]["code"] == "PermissionDenied"
