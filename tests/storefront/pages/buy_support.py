"""A small shop for the buying page tests (cart, checkout, orders, account): the storefront
channel, a product shipped to China from a county warehouse, and a showroom in Lhasa where
shoppers collect; and what a shopper posts on the pages."""

from dataclasses import dataclass

from django.test import Client

from catalog.models import Channel, ClickAndCollectOption, ProductVariant, Warehouse
from storefront.context_processors import CHECKOUT_SESSION_KEY
from storefront.models import Checkout, ShippingMethod
from tests.factories import ChannelFactory, WarehouseFactory
from tests.factories.checkout import purchasable_variant, ship_from

# The checkout address form as a shopper fills it (Chinese order: region down to street).
ADDRESS = {
    "email": "zhuoma@example.com",
    "country": "CN",
    "country_area": "西藏自治区",
    "city": "拉萨市",
    "city_area": "城关区",
    "street_address_1": "北京中路 12 号",
    "postal_code": "850000",
    "last_name": "次仁",
    "first_name": "卓玛",
    "phone": "13800138000",
    "billing_same": "on",
}
DUMMY = "mirumee.payments.dummy"
CASH = "tibet.payments.cash"
DECLINED_CARD = "4000000000000002"


@dataclass
class Shop:
    channel: Channel
    variant: ProductVariant
    warehouse: Warehouse
    method: ShippingMethod
    showroom: Warehouse

    @property
    def product(self):
        return self.variant.product


def make_shop(*, price: str = "90.00", stock: int = 5, shipping: str = "10.00") -> Shop:
    """The storefront channel with one product (price + shipping = 100.00 by default, the
    amount of the recorded Stripe PaymentIntent)."""
    channel = ChannelFactory(slug="default-channel")
    variant = purchasable_variant(
        channel, price=price, stock=stock, shipping_price=shipping, name="林芝松茸"
    )
    warehouse = variant.stocks.get().warehouse
    showroom = WarehouseFactory(
        name="拉萨八廓街展厅",
        click_and_collect_option=ClickAndCollectOption.ALL_WAREHOUSES,
        country_area="西藏自治区",
        city="拉萨市",
        city_area="城关区",
        street_address_1="八廓街 8 号",
        postal_code="850000",
    )
    showroom.channels.add(channel)
    return Shop(
        channel=channel,
        variant=variant,
        warehouse=warehouse,
        method=ship_from(warehouse, channel),
        showroom=showroom,
    )


def another_product(shop: Shop, *, price: str = "20.00", **kwargs) -> ProductVariant:
    return purchasable_variant(shop.channel, price=price, warehouse=shop.warehouse, **kwargs)


def add_to_cart(client: Client, variant: ProductVariant, quantity: int = 1, **extra):
    return client.post("/cart/add/", {"variant": variant.pk, "quantity": quantity}, **extra)


def save_address(client: Client, **overrides):
    data = {**ADDRESS, **overrides}
    return client.post("/checkout/", {"step": "address", **data})


def choose_delivery(client: Client, value: str):
    return client.post("/checkout/", {"step": "delivery", "delivery_method": value})


def pay(client: Client, gateway: str = DUMMY, card: str = ""):
    return client.post("/checkout/pay/", {"gateway": gateway, "card": card})


def cart_checkout(client: Client) -> Checkout | None:
    token = client.session.get(CHECKOUT_SESSION_KEY)
    return Checkout.objects.filter(pk=token).first() if token else None


def ready_to_pay(client: Client, shop: Shop, *, quantity: int = 1, pickup: bool = False):
    """Cart, address and delivery done; returns the checkout."""
    add_to_cart(client, shop.variant, quantity)
    save_address(client)
    value = f"pickup:{shop.showroom.pk}" if pickup else f"shipping:{shop.method.pk}"
    choose_delivery(client, value)
    return cart_checkout(client)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]
