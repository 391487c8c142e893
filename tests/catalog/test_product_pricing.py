"""Product.pricing and ProductVariant.pricing: Saleor's shapes, untaxed, in the channel currency."""

import pytest

from infra.accounts.permissions import PermissionEnum
from tests.factories import ChannelFactory, ProductFactory
from tests.factories.catalog import list_product
from tests.factories.product_reads import discount, staff_with, storefront_product

MONEY = "currency amount fractionalAmount fractionDigits"
TAXED = f"currency gross {{ {MONEY} }} net {{ {MONEY} }} tax {{ {MONEY} }}"
PRODUCT_PRICING = """
query Pricing($slug: String!, $channel: String) {
  product(slug: $slug, channel: $channel) {
    pricing {
      onSale displayGrossPrices
      discount { TAXED }
      discountPrior { TAXED }
      discountLocalCurrency { currency }
      priceRange { start { TAXED } stop { TAXED } }
      priceRangeUndiscounted { start { gross { amount } } stop { gross { amount } } }
      priceRangePrior { start { gross { amount } } stop { gross { amount } } }
      priceRangeLocalCurrency { start { currency } }
    }
    variants {
      pricing {
        onSale
        discount { gross { amount } }
        discountPrior { gross { amount } }
        price { TAXED }
        priceUndiscounted { gross { amount } }
        pricePrior { gross { amount } }
        priceLocalCurrency { currency }
      }
    }
  }
}
""".replace("TAXED", TAXED)


def money(amount: float, currency: str = "CNY", digits: int = 2) -> dict:
    return {
        "currency": currency,
        "amount": amount,
        "fractionalAmount": round(amount * 10**digits),
        "fractionDigits": digits,
    }


def taxed(amount: float, currency: str = "CNY", digits: int = 2) -> dict:
    return {
        "currency": currency,
        "gross": money(amount, currency, digits),
        "net": money(amount, currency, digits),
        "tax": money(0, currency, digits),
    }


@pytest.fixture
def channel(db):
    return ChannelFactory(slug="lhasa")


def pricing_of(client, slug="songrong", channel="lhasa"):
    response = client.post_graphql(PRODUCT_PRICING, {"slug": slug, "channel": channel})
    return response.data["product"]


def test_price_range_without_discounts(api_client, channel):
    storefront_product(channel, slug="songrong", prices=("120.00", "88.50"))

    product = pricing_of(api_client)

    assert product["pricing"] == {
        "onSale": False,
        "displayGrossPrices": True,
        "discount": None,
        "discountPrior": None,
        "discountLocalCurrency": None,
        "priceRange": {"start": taxed(88.5), "stop": taxed(120.0)},
        "priceRangeUndiscounted": {
            "start": {"gross": {"amount": 88.5}},
            "stop": {"gross": {"amount": 120.0}},
        },
        "priceRangePrior": None,
        "priceRangeLocalCurrency": None,
    }
    assert product["variants"][0]["pricing"] == {
        "onSale": False,
        "discount": None,
        "discountPrior": None,
        "price": taxed(120.0),
        "priceUndiscounted": {"gross": {"amount": 120.0}},
        "pricePrior": None,
        "priceLocalCurrency": None,
    }


def test_discounted_variant_puts_the_product_on_sale(api_client, channel):
    product = storefront_product(channel, slug="songrong", prices=("100.00", "150.00"))
    cheaper = product.variants.get(channel_listings__price_amount="100.00")
    discount(cheaper, channel, "80.00", prior="110.00")

    data = pricing_of(api_client)

    assert data["pricing"]["onSale"] is True
    assert data["pricing"]["discount"] == taxed(20.0)
    assert data["pricing"]["discountPrior"] == taxed(30.0)
    assert data["pricing"]["priceRange"]["start"] == taxed(80.0)
    assert data["pricing"]["priceRangeUndiscounted"]["start"] == {"gross": {"amount": 100.0}}
    assert data["pricing"]["priceRangePrior"] == {
        "start": {"gross": {"amount": 110.0}},
        "stop": {"gross": {"amount": 110.0}},
    }
    variant = data["variants"][0]["pricing"]
    assert variant["onSale"] is True
    assert variant["discount"] == {"gross": {"amount": 20.0}}
    assert variant["discountPrior"] == {"gross": {"amount": 30.0}}
    assert variant["price"] == taxed(80.0)
    assert variant["priceUndiscounted"] == {"gross": {"amount": 100.0}}
    assert variant["pricePrior"] == {"gross": {"amount": 110.0}}


def test_prices_are_in_the_channel_currency_with_its_precision(api_client):
    channel = ChannelFactory(slug="tokyo", currency_code="JPY")
    storefront_product(channel, slug="songrong", prices=("1500",))

    data = pricing_of(api_client, channel="tokyo")

    assert data["pricing"]["priceRange"]["start"] == taxed(1500.0, "JPY", 0)


def test_pricing_is_null_without_a_price_in_the_channel(channel):
    product = ProductFactory(slug="songrong")
    list_product(product, channel)

    response = staff_with(PermissionEnum.MANAGE_PRODUCTS).post_graphql(
        PRODUCT_PRICING, {"slug": "songrong", "channel": "lhasa"}
    )

    assert response.data["product"]["pricing"] is None


def test_pricing_is_null_when_no_channel_is_named(channel):
    storefront_product(channel, slug="songrong")

    data = pricing_of(staff_with(PermissionEnum.MANAGE_PRODUCTS), channel=None)

    assert data["pricing"] is None
    assert data["variants"][0]["pricing"] is None


def test_unpublished_product_is_never_on_sale(channel):
    product = storefront_product(channel, slug="songrong", prices=("100.00",), published=False)
    discount(product.variants.get(), channel, "80.00")

    data = pricing_of(staff_with(PermissionEnum.MANAGE_PRODUCTS))

    assert data["pricing"]["onSale"] is False
    assert data["pricing"]["discount"] == taxed(20.0)
