"""Draft orders, as Saleor's (MANAGE_ORDERS, staff or apps): draftOrderCreate, draftOrderUpdate,
draftOrderComplete, draftOrderDelete, orderLinesCreate / orderLineUpdate / orderLineDelete on
drafts, and the `draftOrders` list.

A partner's app limited to its channels (AppChannelAccess) creates drafts in those channels
only; a draft or line of another channel is not found, exactly as if its ID named nothing.
Resolvers decode IDs and refuse input we do not act on; the rules live in
storefront/services/draft_orders*.py.
"""

import uuid
from collections.abc import Mapping
from typing import Any

from ariadne import MutationType, QueryType
from graphql import GraphQLError, GraphQLResolveInfo

from catalog.graphql.channel_scope import channel_scope, in_scope, scoped
from catalog.graphql.taxonomy_common import node_or_error, one_of_args, refuse_unsupported
from catalog.models import Channel
from infra.accounts.models import User
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.languages import django_language
from infra.graphql.mutations import perform
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id_or_error
from storefront.graphql.checkout_mutations import _metadata
from storefront.graphql.order import page_of_orders
from storefront.graphql.order_filters import filter_q, sorted_orders, where_orders_q
from storefront.graphql.order_mutations import order_or_error
from storefront.models import Order, OrderLine, OrderStatus, ShippingMethod
from storefront.selectors import orders as order_selectors
from storefront.services import draft_orders, draft_orders_complete, draft_orders_lines
from storefront.services.draft_orders_errors import DraftOrderErrorCode as Code
from storefront.services.draft_orders_lines import DraftLineInput

query = QueryType()
mutation = MutationType()

MANAGE_ORDERS = PermissionEnum.MANAGE_ORDERS
DETAIL_INPUT_FIELDS = {
    "billing_address",
    "user",
    "user_email",
    "shipping_address",
    "shipping_method",
    "customer_note",
    "metadata",
    "private_metadata",
    "language_code",
}
CREATE_INPUT_FIELDS = DETAIL_INPUT_FIELDS | {"channel_id", "lines"}
LINE_INPUT_FIELDS = {"quantity", "variant_id", "force_new_line"}


def _links_accounts(info: GraphQLResolveInfo) -> bool:
    """A partner's app (limited to channels) knows its own customers only: its drafts are
    never linked to platform accounts, which it could then read through the order."""
    return channel_scope(info) is None


def _not_found(field: str, global_id: Any) -> ValidationFailed:
    return ValidationFailed.single(
        field, Code.NOT_FOUND, f"Couldn't resolve to a node: {global_id}"
    )


def _refuse(data: Mapping[str, Any], supported: set[str]) -> dict:
    """The input without Saleor's defaults we honour (not saving addresses to the customer's
    book), after refusing every field we do not act on by name."""
    data = {k: v for k, v in data.items() if not (k.startswith("save_") and v is False)}
    refuse_unsupported(data, supported, "Input")
    return data


def _channel(info: GraphQLResolveInfo, global_id: str | None) -> Channel:
    if not global_id:
        raise ValidationFailed.single("channelId", Code.REQUIRED, "Channel id is required.")
    channel = node_or_error(global_id, "Channel", Channel.objects.all(), field="channelId")
    if not in_scope(info, channel.pk):
        raise _not_found("channelId", global_id)
    return channel


def _details(info: GraphQLResolveInfo, data: Mapping[str, Any]) -> dict[str, Any]:
    """DraftOrderInput fields, decoded for the services (absent keys stay absent)."""
    details: dict[str, Any] = {}
    if data.get("user") and not _links_accounts(info):
        raise ValidationFailed.single(
            "user", Code.INVALID, "Apps limited to channels give the customer's e-mail instead."
        )
    if data.get("user"):
        details["customer"] = node_or_error(
            data["user"], "User", User.objects.filter(is_active=True), field="user"
        )
    if "user_email" in data and data["user_email"] is not None:
        details["user_email"] = data["user_email"]
    for name in ("billing_address", "shipping_address"):
        if data.get(name) is not None:
            details[name] = data[name]
    if "shipping_method" in data:
        method = data["shipping_method"]
        details["shipping_method"] = (
            node_or_error(
                method, "ShippingMethod", ShippingMethod.objects.all(), field="shippingMethod"
            )
            if method
            else None
        )
    if data.get("customer_note") is not None:
        details["customer_note"] = data["customer_note"]
    if data.get("language_code"):
        details["language_code"] = django_language(data["language_code"])
    for name in ("metadata", "private_metadata"):
        if data.get(name):
            details[name] = _metadata(data[name])
    return details


def _line_inputs(lines: list[Mapping[str, Any]]) -> list[DraftLineInput]:
    inputs = []
    for line in lines:
        refuse_unsupported(line, LINE_INPUT_FIELDS, "Input")
        inputs.append(
            DraftLineInput(
                variant_id=_variant_pk(line["variant_id"]),
                quantity=line["quantity"],
                force_new_line=bool(line.get("force_new_line")),
            )
        )
    return inputs


def _variant_pk(global_id: str) -> int:
    try:
        return int(from_global_id_or_error(global_id, "ProductVariant"))
    except GraphQLError as error:
        raise ValidationFailed.single("variantId", Code.GRAPHQL_ERROR, error.message) from None


def _order_in_scope(info: GraphQLResolveInfo, global_id: str | None) -> Order:
    order = order_or_error(global_id, field="id")
    if not in_scope(info, order.channel_id):
        raise _not_found("id", global_id)
    return order


def _line_in_scope(info: GraphQLResolveInfo, global_id: str) -> OrderLine:
    try:
        pk = order_selectors.as_uuid(from_global_id_or_error(global_id, "OrderLine", int_pk=False))
    except GraphQLError as error:
        raise ValidationFailed.single("id", Code.GRAPHQL_ERROR, error.message) from None
    line = (
        OrderLine.objects.select_related("order__channel").filter(pk=pk).first()
        if isinstance(pk, uuid.UUID)
        else None
    )
    if line is None or not in_scope(info, line.order.channel_id):
        raise _not_found("id", global_id)
    return line


# --- queries ----------------------------------------------------------------------------------


@query.field("draftOrders")
def resolve_draft_orders(_obj, info, sort_by=None, filter=None, where=None, search=None, **args):
    require_one_of(info, MANAGE_ORDERS)
    if filter and where:
        raise GraphQLError("Only one filtering argument (filter or where) can be used.")
    queryset = Order.objects.filter(status=OrderStatus.DRAFT).select_related("channel")
    queryset = scoped(info, queryset).filter(filter_q(filter)).filter(where_orders_q(where))
    if search:
        queryset = queryset.filter(order_selectors.search_q(search))
    searching = bool(search or (filter or {}).get("search"))
    queryset, sort_key = sorted_orders(queryset, sort_by, searching=searching)
    return page_of_orders(queryset, info, args, sort_key)


# --- mutations --------------------------------------------------------------------------------


@mutation.field("draftOrderCreate")
def resolve_draft_order_create(_obj, info, input):
    require_one_of(info, MANAGE_ORDERS)
    data = _refuse(input, CREATE_INPUT_FIELDS)

    def create() -> dict:
        order = draft_orders.draft_order_create(
            channel=_channel(info, data.get("channel_id")),
            details=_details(info, data),
            lines=_line_inputs(data.get("lines") or []),
            link_accounts=_links_accounts(info),
            **info.context.actor,
        )
        return {"order": order}

    return perform(create)


@mutation.field("draftOrderUpdate")
def resolve_draft_order_update(_obj, info, input, id=None, external_reference=None):
    require_one_of(info, MANAGE_ORDERS)
    name, value = one_of_args(id=id, external_reference=external_reference)
    data = _refuse(input, DETAIL_INPUT_FIELDS | {"channel_id"})

    def update() -> dict:
        if name == "external_reference":
            # Orders carry no external reference here, so none matches.
            raise _not_found("externalReference", value)
        order = _order_in_scope(info, value)
        if data.get("channel_id"):
            raise ValidationFailed.single(
                "channelId", Code.NOT_EDITABLE, "Can't update existing order channel id."
            )
        updated = draft_orders.draft_order_update(
            order=order,
            details=_details(info, data),
            link_accounts=_links_accounts(info),
            **info.context.actor,
        )
        return {"order": updated}

    return perform(update)


@mutation.field("draftOrderComplete")
def resolve_draft_order_complete(_obj, info, id):
    require_one_of(info, MANAGE_ORDERS)
    return perform(
        lambda: {
            "order": draft_orders_complete.draft_order_complete(
                order=_order_in_scope(info, id),
                link_accounts=_links_accounts(info),
                **info.context.actor,
            )
        }
    )


@mutation.field("draftOrderDelete")
def resolve_draft_order_delete(_obj, info, id=None, external_reference=None):
    require_one_of(info, MANAGE_ORDERS)
    name, value = one_of_args(id=id, external_reference=external_reference)

    def delete() -> dict:
        if name == "external_reference":
            raise _not_found("externalReference", value)
        return {"order": draft_orders.draft_order_delete(order=_order_in_scope(info, value))}

    return perform(delete)


@mutation.field("orderLinesCreate")
def resolve_order_lines_create(_obj, info, id, input):
    require_one_of(info, MANAGE_ORDERS)

    def create() -> dict:
        order, lines = draft_orders_lines.draft_order_lines_add(
            order=_order_in_scope(info, id), lines=_line_inputs(input), **info.context.actor
        )
        return {"order": order, "order_lines": lines}

    return perform(create)


@mutation.field("orderLineUpdate")
def resolve_order_line_update(_obj, info, id, input):
    require_one_of(info, MANAGE_ORDERS)

    def update() -> dict:
        order, line = draft_orders_lines.draft_order_line_update(
            line=_line_in_scope(info, id), quantity=input["quantity"], **info.context.actor
        )
        return {"order": order, "order_line": line}

    return perform(update)


@mutation.field("orderLineDelete")
def resolve_order_line_delete(_obj, info, id):
    require_one_of(info, MANAGE_ORDERS)

    def delete() -> dict:
        order, line = draft_orders_lines.draft_order_line_delete(
            line=_line_in_scope(info, id), **info.context.actor
        )
        return {"order": order, "order_line": line}

    return perform(delete)


bindables = [query, mutation]
cost_map = {"Query": {"draftOrders": {"complexity": 1, "multipliers": ["first", "last"]}}}
