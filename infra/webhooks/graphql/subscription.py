"""`Subscription.event` and Saleor's event types, for rendering webhook payloads.

The event's objects are resolved through our own root query fields (`order`, `product`,
`productVariant`), so a payload shows the app what the app could query itself.
"""

from typing import Any

from ariadne import InterfaceType, ObjectType, UnionType
from graphql import GraphQLResolveInfo

from infra.accounts.models import App
from infra.graphql.shop import API_VERSION
from infra.ids import to_global_id
from infra.webhooks.event_types import EVENTS
from infra.webhooks.graphql.payloads import EventRoot

subscription_type = ObjectType("Subscription")
event_interface = InterfaceType("Event")
issuing_principal_union = UnionType("IssuingPrincipal")


@subscription_type.field("event")
def resolve_event(root: EventRoot, _info) -> EventRoot | None:
    return root if isinstance(root, EventRoot) else None


@event_interface.type_resolver
def resolve_event_type(root: EventRoot, *_) -> str:
    return EVENTS[root.event_type][0]


@issuing_principal_union.type_resolver
def resolve_issuing_principal_type(obj: Any, *_) -> str:
    return "App" if isinstance(obj, App) else "User"


def _root_field(info: GraphQLResolveInfo, name: str, **args: Any) -> Any:
    """Resolve like the app's own `query { <name>(...) }` would."""
    field = info.schema.query_type.fields[name]
    return field.resolve(None, info, **args)


def _order(root: EventRoot, info: GraphQLResolveInfo):
    return _root_field(info, "order", id=to_global_id("Order", root.instance.pk))


def _product(root: EventRoot, info: GraphQLResolveInfo, channel: str | None = None):
    return _root_field(
        info, "product", id=to_global_id("Product", root.instance.pk), channel=channel
    )


def _category(root: EventRoot, _info):
    return root.instance.category


def _product_variant(root: EventRoot, info: GraphQLResolveInfo, channel: str | None = None):
    variant_id = to_global_id("ProductVariant", root.instance.product_variant_id)
    return _root_field(info, "productVariant", id=variant_id, channel=channel)


def _warehouse(root: EventRoot, _info):
    return root.instance.warehouse


OBJECT_FIELDS = {
    "OrderCreated": {"order": _order},
    "OrderFullyPaid": {"order": _order},
    "OrderUpdated": {"order": _order},
    "OrderFulfilled": {"order": _order},
    "OrderCancelled": {"order": _order},
    "ProductUpdated": {"product": _product, "category": _category},
    "ProductVariantStockUpdated": {"productVariant": _product_variant, "warehouse": _warehouse},
}


def _event_object_type(type_name: str) -> ObjectType:
    event_type = ObjectType(type_name)
    event_type.set_field("issuedAt", lambda root, _info: root.issued_at)
    event_type.set_field("version", lambda _root, _info: API_VERSION)
    event_type.set_field("issuingPrincipal", lambda _root, _info: None)
    event_type.set_field("recipient", lambda root, _info: root.recipient)
    for field_name, resolver in OBJECT_FIELDS[type_name].items():
        event_type.set_field(field_name, resolver)
    return event_type


bindables = [
    subscription_type,
    event_interface,
    issuing_principal_union,
    *(_event_object_type(type_name) for type_name, _name in EVENTS.values()),
]
