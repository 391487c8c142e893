"""Money and the storefront pricing of products and variants, in Saleor's shapes.

We do not compute taxes: every TaxedMoney has net = gross and a zero tax, in the channel's
currency, and prices are displayed gross (Saleor's default tax configuration). Amounts stay
Decimal; Saleor's Money.amount is a Float in the API, rounded to the currency's precision.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from ariadne import ObjectType

from catalog.models import ProductChannelListing, ProductVariantChannelListing

# ISO 4217 minor units for the currencies that do not use two.
_FRACTION_DIGITS = {
    **dict.fromkeys(("BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW"), 0),
    **dict.fromkeys(("PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"), 0),
    **dict.fromkeys(("BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"), 3),
}


def fraction_digits(currency: str) -> int:
    return _FRACTION_DIGITS.get(currency.upper(), 2)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def quantized(self) -> Decimal:
        exponent = Decimal(1).scaleb(-fraction_digits(self.currency))
        return Decimal(self.amount).quantize(exponent, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MoneyRange:
    start: Money
    stop: Money


@dataclass(frozen=True)
class TaxedMoney:
    net: Money
    gross: Money

    @property
    def currency(self) -> str:
        return self.gross.currency

    @property
    def tax(self) -> Money:
        return Money(self.gross.amount - self.net.amount, self.currency)


@dataclass(frozen=True)
class TaxedMoneyRange:
    start: TaxedMoney
    stop: TaxedMoney


def money(amount: Decimal | None, currency: str) -> Money | None:
    return None if amount is None else Money(Decimal(amount), currency)


def untaxed(amount: Decimal, currency: str) -> TaxedMoney:
    """A price without tax computation: net and gross are the same amount."""
    value = Money(Decimal(amount), currency)
    return TaxedMoney(net=value, gross=value)


@dataclass(frozen=True)
class ProductPricingInfo:
    discount: TaxedMoney | None
    discount_prior: TaxedMoney | None
    price_range: TaxedMoneyRange | None
    price_range_undiscounted: TaxedMoneyRange | None
    price_range_prior: TaxedMoneyRange | None
    display_gross_prices: bool = True
    discount_local_currency: None = None
    price_range_local_currency: None = None
    # Whether the product is visible in the channel, asked only when `onSale` is selected
    # (it needs the product's channel listing, which price fields do not).
    is_visible: Callable[[], bool] = field(default=lambda: False, repr=False, compare=False)

    @property
    def on_sale(self) -> bool:
        return self.discount is not None and self.is_visible()


@dataclass(frozen=True)
class VariantPricingInfo:
    on_sale: bool
    discount: TaxedMoney | None
    discount_prior: TaxedMoney | None
    price: TaxedMoney
    price_undiscounted: TaxedMoney
    price_prior: TaxedMoney | None
    discount_local_currency: None = None
    price_local_currency: None = None


def _range(amounts: Iterable[Decimal], currency: str) -> TaxedMoneyRange | None:
    amounts = list(amounts)
    if not amounts:
        return None
    return TaxedMoneyRange(
        start=untaxed(min(amounts), currency), stop=untaxed(max(amounts), currency)
    )


def _discount(undiscounted: Decimal | None, discounted: Decimal, currency: str):
    if undiscounted is None or undiscounted <= discounted:
        return None
    return untaxed(undiscounted - discounted, currency)


def _discounted(listing: ProductVariantChannelListing) -> Decimal:
    if listing.discounted_price_amount is None:
        return listing.price_amount
    return listing.discounted_price_amount


def product_pricing(
    product_listing: ProductChannelListing | Callable[[], ProductChannelListing | None] | None,
    variant_listings: list[ProductVariantChannelListing],
) -> ProductPricingInfo | None:
    """Saleor's product availability from the priced variant listings of one channel.

    `product_listing` may be a function that loads it: it is then called only if the
    caller selects `onSale`.
    """
    priced = [listing for listing in variant_listings if listing.price_amount is not None]
    if not priced:
        return None
    currency = priced[0].currency
    discounted = _range((_discounted(listing) for listing in priced), currency)
    undiscounted = _range((listing.price_amount for listing in priced), currency)
    prior = _range(
        (listing.prior_price_amount for listing in priced if listing.prior_price_amount),
        currency,
    )
    discount = _discount(undiscounted.start.gross.amount, discounted.start.gross.amount, currency)
    discount_prior = None
    if prior is not None:
        discount_prior = _discount(
            prior.start.gross.amount, discounted.start.gross.amount, currency
        )

    def is_visible() -> bool:
        listing = product_listing() if callable(product_listing) else product_listing
        return listing is not None and listing.is_visible()

    return ProductPricingInfo(
        is_visible=is_visible,
        discount=discount,
        discount_prior=discount_prior,
        price_range=discounted,
        price_range_undiscounted=undiscounted,
        price_range_prior=prior,
    )


def variant_pricing(
    variant_listing: ProductVariantChannelListing | None,
    product_listing: ProductChannelListing | None,
) -> VariantPricingInfo | None:
    """Saleor's variant availability: None without a price in the channel."""
    if variant_listing is None or product_listing is None or variant_listing.price_amount is None:
        return None
    currency = variant_listing.currency
    discounted = _discounted(variant_listing)
    prior = variant_listing.prior_price_amount
    discount = _discount(variant_listing.price_amount, discounted, currency)
    return VariantPricingInfo(
        on_sale=product_listing.is_visible() and discount is not None,
        discount=discount,
        discount_prior=_discount(prior, discounted, currency) if prior else None,
        price=untaxed(discounted, currency),
        price_undiscounted=untaxed(variant_listing.price_amount, currency),
        price_prior=untaxed(prior, currency) if prior else None,
    )


def weight(value: Decimal | None) -> dict | None:
    """Saleor's Weight in the default unit; we keep weights in kilograms."""
    return None if value is None else {"unit": "KG", "value": value}


money_type = ObjectType("Money")


@money_type.field("amount")
def resolve_amount(value: Money, _info) -> Decimal:
    return value.quantized()


@money_type.field("fractionalAmount")
def resolve_fractional_amount(value: Money, _info) -> int:
    return int(value.quantized().scaleb(fraction_digits(value.currency)))


@money_type.field("fractionDigits")
def resolve_fraction_digits(value: Money, _info) -> int:
    return fraction_digits(value.currency)


bindables = [money_type]
