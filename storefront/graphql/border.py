"""Border trade in GraphQL (our extension): ports, border channels, listings with prices in
CNY and the buyer's currency, the resident on a checkout and the declaration of an order.
Mutations are in border_mutations.py; the rules in storefront/border/."""

import datetime
from collections import defaultdict
from collections.abc import Mapping

from ariadne import EnumType, ObjectType, QueryType
from django.db.models import Q
from django.utils import timezone
from graphql import GraphQLResolveInfo

from catalog.graphql.loaders import (
    Loader,
    RemembersSiblings,
    VariantChannelListingByVariantIdAndChannelIdLoader,
    load_for,
)
from catalog.graphql.pricing import Money, money, weight
from catalog.graphql.product_connection import channel_of
from catalog.models import Product
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import unwrap
from infra.graphql.errors import PermissionDenied
from storefront.border.documents import rate_text
from storefront.border.links import declaration_link
from storefront.border.models import (
    SELLING_STATUSES,
    BorderChannel,
    BorderCheckout,
    BorderDeclaration,
    BorderListing,
    BorderPort,
    FxRate,
    PortClosure,
    PortStatus,
)
from storefront.border.selectors import (
    buyer_amount,
    export_restrictions,
    fx_rates_on,
    listings_by_variant_and_channel,
)
from storefront.border.services.quota import quota_remaining
from storefront.border.validators import hs_code_display
from storefront.graphql.order_access import is_owner, manages_orders

CNY = "CNY"

query = QueryType()
port_type = ObjectType("BorderPort")
channel_type = ObjectType("Channel")
border_channel_type = ObjectType("BorderChannel")
variant_type = ObjectType("ProductVariant")
listing_type = ObjectType("BorderListing")
fx_type = ObjectType("BorderFxRate")
checkout_type = ObjectType("Checkout")
order_type = ObjectType("Order")
declaration_type = ObjectType("BorderDeclaration")
declaration_line_type = ObjectType("BorderDeclarationLine")
port_status_enum = EnumType(
    "BorderPortStatusEnum", {status.name: status.value for status in PortStatus}
)


def _today(info: GraphQLResolveInfo) -> datetime.date:
    """One local date per request, so every listing of a page shares the rate loader's key."""
    return info.context.cache.setdefault("border_today", timezone.localdate())


def _open_closures():
    now = timezone.now()
    return PortClosure.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now)).order_by(
        "starts_at"
    )


# --- Ports ---------------------------------------------------------------------------------


@query.field("borderPorts")
def resolve_border_ports(_obj, _info):
    return list(BorderPort.objects.select_related("county"))


def open_closures_by_port_id() -> Mapping[int, list[PortClosure]]:
    found: dict[int, list[PortClosure]] = defaultdict(list)
    for closure in _open_closures():
        found[closure.port_id].append(closure)
    return found


class OpenClosuresByPortIdLoader(Loader):
    """Closures not over yet of every port, fetched once per request: there are few ports, so
    one query answers any port the request meets, however it was reached."""

    def load(self, key, sibling_keys=()) -> list[PortClosure]:
        if "every" not in self._values:
            self._values["every"] = open_closures_by_port_id()
        return self._values["every"].get(key, [])


def _closures(info, port: BorderPort) -> list[PortClosure]:
    return OpenClosuresByPortIdLoader.of(info).load(port.pk)


@port_type.field("closures")
def resolve_port_closures(port: BorderPort, info):
    return _closures(info, port)


@port_type.field("isOpen")
def resolve_port_is_open(port: BorderPort, info) -> bool:
    if port.status not in SELLING_STATUSES:
        return False
    now = timezone.now()
    return not any(closure.starts_at <= now for closure in _closures(info, port))


@port_type.field("name")
def resolve_port_name(port: BorderPort, _info) -> str:
    return port.name


# --- Channels ------------------------------------------------------------------------------


def border_channels_by_channel_id(channel_ids: list[int]) -> Mapping[int, BorderChannel]:
    rows = BorderChannel.objects.filter(channel_id__in=channel_ids).select_related("port")
    return {row.channel_id: row for row in rows}


class BorderChannelByChannelIdLoader(Loader):
    fetch_many = staticmethod(border_channels_by_channel_id)


@channel_type.field("border")
def resolve_channel_border(channel, info):
    return load_for(info, BorderChannelByChannelIdLoader, unwrap(channel), lambda c: c.pk)


# --- Listings ------------------------------------------------------------------------------


class BorderListingByVariantIdAndChannelIdLoader(RemembersSiblings):
    fetch_many = staticmethod(listings_by_variant_and_channel)


def eligibility_by_product_id(product_ids: list[int]) -> Mapping[int, bool]:
    products = list(Product.objects.filter(pk__in=product_ids).only("pk", "category_id"))
    restricted = export_restrictions(products)
    return {product.pk: product.pk not in restricted for product in products}


class ExportEligibleByProductIdLoader(Loader):
    fetch_many = staticmethod(eligibility_by_product_id)


class FxRateByCurrencyAndDateLoader(Loader):
    fetch_many = staticmethod(fx_rates_on)


@variant_type.field("borderListing")
def resolve_variant_border_listing(root, info):
    channel = channel_of(info, root)
    if channel is None:
        return None
    return load_for(
        info,
        BorderListingByVariantIdAndChannelIdLoader,
        unwrap(root),
        lambda variant: (variant.pk, channel.pk),
    )


@listing_type.field("hsCode")
def resolve_listing_hs_code(listing: BorderListing, _info) -> str:
    return hs_code_display(listing.hs_code)


@listing_type.field("netWeight")
def resolve_listing_net_weight(listing: BorderListing, _info):
    return weight(listing.net_weight_kg)


@listing_type.field("grossWeight")
def resolve_listing_gross_weight(listing: BorderListing, _info):
    return weight(listing.gross_weight_kg)


@listing_type.field("exportEligible")
def resolve_listing_export_eligible(listing: BorderListing, info) -> bool:
    return bool(
        load_for(
            info,
            ExportEligibleByProductIdLoader,
            listing,
            lambda row: row.variant.product_id,
        )
    )


def _listing_price(info, listing: BorderListing):
    channel_id = listing.border_channel.channel_id
    variant_listing = load_for(
        info,
        VariantChannelListingByVariantIdAndChannelIdLoader,
        listing,
        lambda row: (row.variant_id, channel_id),
    )
    if variant_listing is None or variant_listing.price_amount is None:
        return None
    if variant_listing.discounted_price_amount is not None:
        return variant_listing.discounted_price_amount
    return variant_listing.price_amount


def _listing_rate(info, listing: BorderListing) -> FxRate | None:
    day = _today(info)
    return load_for(
        info,
        FxRateByCurrencyAndDateLoader,
        listing,
        lambda row: (row.border_channel.buyer_currency, day),
    )


@listing_type.field("price")
def resolve_listing_price(listing: BorderListing, info):
    return money(_listing_price(info, listing), CNY)


@listing_type.field("priceInBuyerCurrency")
def resolve_listing_buyer_price(listing: BorderListing, info):
    amount, rate = _listing_price(info, listing), _listing_rate(info, listing)
    if amount is None or rate is None:
        return None
    currency = listing.border_channel.buyer_currency
    return Money(buyer_amount(amount, rate.rate, currency), currency)


@listing_type.field("fxRate")
def resolve_listing_fx_rate(listing: BorderListing, info):
    return _listing_rate(info, listing)


@fx_type.field("rate")
def resolve_fx_rate_value(rate, _info):
    # Without the column's trailing zeros: 18.77, not 18.77000000.
    return rate_text(rate["rate"] if isinstance(rate, dict) else rate.rate)


# --- Checkout ------------------------------------------------------------------------------


@checkout_type.field("borderResident")
def resolve_checkout_border_resident(checkout, _info):
    named = BorderCheckout.objects.select_related("resident").filter(checkout=checkout).first()
    if named is None:
        return None
    resident = named.resident
    remaining = quota_remaining(resident=resident, day=timezone.localdate())
    return {
        "name": resident.name,
        "id_masked": resident.id_masked,
        "remaining_allowance": Money(remaining, CNY),
    }


# --- Orders --------------------------------------------------------------------------------


def declarations_by_order_id(order_ids: list) -> Mapping:
    rows = (
        BorderDeclaration.objects.filter(order_id__in=order_ids)
        .select_related("port__county")
        .prefetch_related("lines")
    )
    return {row.order_id: row for row in rows}


class DeclarationByOrderIdLoader(Loader):
    fetch_many = staticmethod(declarations_by_order_id)


@order_type.field("borderDeclaration")
def resolve_order_border_declaration(order, info):
    declaration = load_for(info, DeclarationByOrderIdLoader, order, lambda row: row.pk)
    if declaration is None:
        return None
    if not (manages_orders(info) or is_owner(info, order.user_id)):
        raise PermissionDenied(permissions=[PermissionEnum.MANAGE_ORDERS.value, "OWNER"])
    return declaration


@declaration_type.field("date")
def resolve_declaration_date(declaration: BorderDeclaration, _info):
    return declaration.local_date


@declaration_type.field("fxRate")
def resolve_declaration_fx_rate(declaration: BorderDeclaration, _info):
    if declaration.fx_rate is None:
        return None
    return {
        "currency": declaration.buyer_currency,
        "rate": declaration.fx_rate,
        "date": declaration.fx_date,
        "source": declaration.fx_source,
    }


@declaration_type.field("lines")
def resolve_declaration_lines(declaration: BorderDeclaration, _info):
    return [(declaration, line) for line in declaration.lines.all()]


@declaration_type.field("ready")
def resolve_declaration_ready(declaration: BorderDeclaration, _info) -> bool:
    return declaration.generated_at is not None


def _link(info, declaration: BorderDeclaration, kind: str, field_name: str) -> str | None:
    if not getattr(declaration, field_name):
        return None
    path = declaration_link(declaration_id=declaration.pk, kind=kind)
    return info.context.request.build_absolute_uri(path)


@declaration_type.field("pdfUrl")
def resolve_declaration_pdf_url(declaration: BorderDeclaration, info):
    return _link(info, declaration, "pdf", "pdf_file")


@declaration_type.field("csvUrl")
def resolve_declaration_csv_url(declaration: BorderDeclaration, info):
    return _link(info, declaration, "csv", "csv_file")


def _line_field(name: str):
    def resolve(pair, _info):
        return getattr(pair[1], name)

    return resolve


for _name in ("goods", "sku", "quantity", "countryOfOrigin"):
    declaration_line_type.set_field(
        _name, _line_field({"countryOfOrigin": "country_of_origin"}.get(_name, _name))
    )


@declaration_line_type.field("hsCode")
def resolve_declaration_line_hs_code(pair, _info):
    return hs_code_display(pair[1].hs_code)


@declaration_line_type.field("netWeight")
def resolve_declaration_line_net_weight(pair, _info):
    return weight(pair[1].net_weight_kg)


@declaration_line_type.field("grossWeight")
def resolve_declaration_line_gross_weight(pair, _info):
    return weight(pair[1].gross_weight_kg)


@declaration_line_type.field("value")
def resolve_declaration_line_value(pair, _info):
    return Money(pair[1].value_cny, CNY)


@declaration_line_type.field("valueInBuyerCurrency")
def resolve_declaration_line_buyer_value(pair, _info):
    declaration, line = pair
    return money(line.value_buyer, declaration.buyer_currency)


bindables = [
    query,
    port_type,
    channel_type,
    border_channel_type,
    variant_type,
    listing_type,
    fx_type,
    checkout_type,
    order_type,
    declaration_type,
    declaration_line_type,
    port_status_enum,
]
