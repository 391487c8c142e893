"""Orders: the `order`, `orderByToken` and `orders` queries, `User.orders`, and the Order type.

Who sees what follows Saleor: an order's UUID is its secret, so `order(id)` answers anyone who
holds it, while the fields that belong to the customer or to staff (the user, the history,
allocations, private metadata, our pickup code) check the caller. Lists are for staff with
MANAGE_ORDERS and for a user's own orders.
"""

from ariadne import ObjectType, QueryType
from graphql import GraphQLError, GraphQLResolveInfo

from catalog.graphql.loaders import load_for, remember_siblings, siblings_of
from catalog.graphql.pricing import money, untaxed, weight
from catalog.graphql.taxonomy_common import one_of_args
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.connections import paginate
from infra.graphql.errors import PermissionDenied
from infra.graphql.languages import language_enum_name
from infra.graphql.metadata import bind_metadata
from infra.graphql.nodes import NodeType, register_node
from infra.graphql.permissions import has_one_of, require_one_of
from infra.ids import from_global_id_or_error, to_global_id
from storefront.graphql.order_access import (
    is_owner,
    manages_orders,
    order_visible,
    scoped_orders,
    staff_or_app,
)
from storefront.graphql.order_delivery import order_delivery_method
from storefront.graphql.order_filters import (
    filter_q,
    sorted_orders,
    where_customer_orders_q,
    where_orders_q,
)
from storefront.graphql.order_loaders import (
    AddressByIdLoader,
    FulfillmentsByOrderIdLoader,
    OrderByIdLoader,
    OrderEventsByOrderIdLoader,
    OrderLinesByOrderIdLoader,
    UserByIdLoader,
)
from storefront.models import Fulfillment, FulfillmentStatus, Order, OrderLine, OrderStatus
from storefront.selectors import orders as order_selectors
from storefront.services.draft_orders_complete import draft_order_validate

query = QueryType()
order_type = ObjectType("Order")
user_type = ObjectType("User")

MANAGE_ORDERS = [PermissionEnum.MANAGE_ORDERS]
# Saleor: who may read Order.user besides its owner.
USER_READERS = (
    PermissionEnum.MANAGE_USERS,
    PermissionEnum.MANAGE_ORDERS,
    PermissionEnum.HANDLE_PAYMENTS,
    PermissionEnum.HANDLE_TAXES,
)
# Saleor's OrderStatus display names (API text, not translated).
STATUS_DISPLAY = {
    OrderStatus.DRAFT: "Draft",
    OrderStatus.UNCONFIRMED: "Unconfirmed",
    OrderStatus.UNFULFILLED: "Unfulfilled",
    OrderStatus.PARTIALLY_FULFILLED: "Partially fulfilled",
    OrderStatus.PARTIALLY_RETURNED: "Partially returned",
    OrderStatus.RETURNED: "Returned",
    OrderStatus.FULFILLED: "Fulfilled",
    OrderStatus.CANCELED: "Canceled",
    OrderStatus.EXPIRED: "Expired",
}


def _manage_orders(_instance) -> list[PermissionEnum]:
    return MANAGE_ORDERS


bind_metadata(order_type, _manage_orders)
for _node in (
    NodeType("Order", Order, _manage_orders, _manage_orders, visible=order_visible),
    NodeType(
        "OrderLine",
        OrderLine,
        _manage_orders,
        _manage_orders,
        visible=lambda info, line: order_visible(info, line.order),
    ),
    NodeType(
        "Fulfillment",
        Fulfillment,
        _manage_orders,
        _manage_orders,
        visible=lambda info, fulfillment: order_visible(info, fulfillment.order),
    ),
):
    register_node(_node)


def page_of_orders(queryset, info: GraphQLResolveInfo, args: dict, sort_key):
    connection = paginate(queryset, info, args, sort_key)
    orders = remember_siblings(edge.node for edge in connection.edges)
    loader = OrderByIdLoader.of(info)
    for order in orders:
        loader.prime(order.pk, order)
    return connection


# --- queries ----------------------------------------------------------------------------------


@query.field("order")
def resolve_order(_obj, info, id=None, external_reference=None):
    name, _value = one_of_args(id=id, external_reference=external_reference)
    if name == "external_reference":
        # Orders carry no external reference here, so none matches.
        require_one_of(info, *MANAGE_ORDERS)
        return None
    pk = from_global_id_or_error(id, "Order", int_pk=False)
    return _primed(info, order_selectors.order_by_pk(pk, drafts=manages_orders(info)))


@query.field("orderByToken")
def resolve_order_by_token(_obj, info, token):
    return _primed(info, order_selectors.order_by_pk(token))


def _primed(info: GraphQLResolveInfo, order: Order | None) -> Order | None:
    """The order, known to the loaders its lines and events look their order up in (None
    when the caller may not see it: another channel's order for a partner's app)."""
    if not order_visible(info, order):
        return None
    OrderByIdLoader.of(info).prime(order.pk, order)
    return order


@query.field("orders")
def resolve_orders(_obj, info, sort_by=None, filter=None, where=None, channel=None, search=None,
                   **args):  # fmt: skip
    require_one_of(info, *MANAGE_ORDERS)
    if filter and where:
        raise GraphQLError("Only one filtering argument (filter or where) can be used.")
    queryset = scoped_orders(info, order_selectors.orders())
    queryset = queryset.filter(filter_q(filter)).filter(where_orders_q(where))
    if channel is not None:
        queryset = queryset.filter(channel__slug=channel)
    if search:
        queryset = queryset.filter(order_selectors.search_q(search))
    searching = bool(search or (filter or {}).get("search"))
    queryset, sort_key = sorted_orders(queryset, sort_by, searching=searching)
    return page_of_orders(queryset, info, args, sort_key)


@user_type.field("orders")
def resolve_user_orders(user, info, where=None, **args):
    if not (is_owner(info, user.pk) or has_one_of(info.context, MANAGE_ORDERS)):
        raise PermissionDenied(permissions=["OWNER", *MANAGE_ORDERS])
    queryset = scoped_orders(info, order_selectors.orders_of_user(user))
    queryset = queryset.filter(where_customer_orders_q(where))
    queryset, sort_key = sorted_orders(queryset, None, searching=False)
    return page_of_orders(queryset, info, args, sort_key)


# --- Order ------------------------------------------------------------------------------------


def _lines(info: GraphQLResolveInfo, order: Order) -> list[OrderLine]:
    return load_for(info, OrderLinesByOrderIdLoader, order, lambda o: o.pk)


@order_type.field("created")
def resolve_created(order: Order, _info):
    return order.created_at


@order_type.field("number")
def resolve_number(order: Order, _info):
    return str(order.number)


@order_type.field("token")
def resolve_token(order: Order, _info):
    return str(order.pk)


@order_type.field("user")
def resolve_user(order: Order, info):
    if order.user_id is None:
        return None
    if not (is_owner(info, order.user_id) or has_one_of(info.context, USER_READERS)):
        raise PermissionDenied(permissions=[*USER_READERS, "OWNER"])
    return load_for(info, UserByIdLoader, order, lambda o: o.user_id)


@order_type.field("userEmail")
def resolve_user_email(order: Order, info):
    if order.user_email:
        return order.user_email
    user = load_for(info, UserByIdLoader, order, lambda o: o.user_id)
    return user.email if user is not None else None


def _address(field: str):
    def resolve(order: Order, info):
        key = getattr(order, f"{field}_id")
        if key is None:
            return None
        # Both addresses of every sibling order in one query.
        others = [
            pk
            for sibling in siblings_of(order)
            for pk in (sibling.billing_address_id, sibling.shipping_address_id)
        ]
        return AddressByIdLoader.of(info).load(key, others)

    return resolve


order_type.set_field("billingAddress", _address("billing_address"))
order_type.set_field("shippingAddress", _address("shipping_address"))


@order_type.field("lines")
def resolve_lines(order: Order, info):
    return _lines(info, order)


@order_type.field("isShippingRequired")
def resolve_is_shipping_required(order: Order, info):
    return any(line.is_shipping_required for line in _lines(info, order))


@order_type.field("fulfillments")
def resolve_fulfillments(order: Order, info):
    fulfillments = load_for(info, FulfillmentsByOrderIdLoader, order, lambda o: o.pk)
    if staff_or_app(info):
        return fulfillments
    return [f for f in fulfillments if f.status != FulfillmentStatus.CANCELED]


@order_type.field("events")
def resolve_events(order: Order, info):
    require_one_of(info, *MANAGE_ORDERS)
    return load_for(info, OrderEventsByOrderIdLoader, order, lambda o: o.pk)


@order_type.field("pickupCode")
def resolve_pickup_code(order: Order, info):
    if not order.pickup_code:
        return None
    if is_owner(info, order.user_id) or manages_orders(info):
        return order.pickup_code
    return None


@order_type.field("deliveryMethod")
def resolve_delivery_method(order: Order, info):
    return order_delivery_method(info, order)


@order_type.field("checkoutId")
def resolve_checkout_id(order: Order, _info):
    return to_global_id("Checkout", order.checkout_token) if order.checkout_token else None


@order_type.field("languageCodeEnum")
def resolve_language_code_enum(order: Order, _info):
    return language_enum_name(order.language_code)


@order_type.field("statusDisplay")
def resolve_status_display(order: Order, _info):
    return STATUS_DISPLAY.get(order.status, order.status)


@order_type.field("canFinalize")
def resolve_can_finalize(order: Order, _info):
    """Saleor: a draft can be finalised when draftOrderComplete's checks pass (stock is
    checked when it allocates); other orders answer True."""
    if order.status != OrderStatus.DRAFT:
        return True
    try:
        draft_order_validate(order, list(order.lines.select_related("variant__product")))
    except ValidationFailed:
        return False
    return True


@order_type.field("weight")
def resolve_weight(order: Order, _info):
    return weight(order.weight)


def _taxed(attribute: str):
    def resolve(order: Order, _info):
        return untaxed(getattr(order, attribute), order.currency)

    return resolve


for _field, _attribute in (
    ("total", "total_amount"),
    ("subtotal", "subtotal_amount"),
    ("shippingPrice", "shipping_price_amount"),
    ("undiscountedTotal", "undiscounted_total_amount"),
):
    order_type.set_field(_field, _taxed(_attribute))
order_type.set_field(
    "undiscountedShippingPrice",
    lambda order, _info: money(order.shipping_price_amount, order.currency),
)
for _field, _value in (
    ("original", None),
    ("taxExemption", False),
    ("shippingTaxRate", 0.0),
    ("voucherCode", None),
    ("redirectUrl", None),
    ("externalReference", None),
    ("displayGrossPrices", True),
):
    order_type.set_field(_field, lambda _order, _info, value=_value: value)
order_type.set_field("errors", lambda _order, _info: [])

bindables = [query, order_type, user_type]
cost_map = {
    "Query": {"orders": {"complexity": 1, "multipliers": ["first", "last"]}},
    "User": {"orders": {"complexity": 1, "multipliers": ["first", "last"]}},
}
