"""A webhook's subscription query: parsed and validated once per text, with the events it
names (`subscription { event { ... on OrderCreated { … } } }`), Saleor's error codes."""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from graphql import GraphQLError, parse, specified_rules, validate
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
)

from infra.errors import FieldError, ValidationFailed
from infra.graphql.limits import depth_limit_rule, measure_cost
from infra.graphql.schema import get_cost_map, get_schema
from infra.webhooks.event_types import EVENT_OF_TYPE_NAME, EVENTS


@dataclass(frozen=True)
class SubscriptionQuery:
    document: DocumentNode | None
    events: tuple[str, ...] = ()
    error: FieldError | None = None


def _failure(code: str, message: str) -> SubscriptionQuery:
    return SubscriptionQuery(document=None, error=FieldError("query", code, message))


def _type_names(
    selection_set: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode]
) -> list[str]:
    """Type conditions under `event`, following fragment spreads (also on `Event` itself)."""
    names: list[str] = []
    for selection in selection_set.selections if selection_set else ():
        if isinstance(selection, InlineFragmentNode) and selection.type_condition:
            names.append(selection.type_condition.name.value)
            names += _type_names(selection.selection_set, fragments)
        elif isinstance(selection, FragmentSpreadNode) and selection.name.value in fragments:
            fragment = fragments[selection.name.value]
            names.append(fragment.type_condition.name.value)
            names += _type_names(fragment.selection_set, fragments)
    return names


@lru_cache(maxsize=512)
def subscription_query_parse(query: str) -> SubscriptionQuery:
    try:
        document = parse(query)
    except GraphQLError as error:
        return _failure("SYNTAX", error.message)
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    subscriptions = [o for o in operations if o.operation == OperationType.SUBSCRIPTION]
    if not subscriptions:
        return _failure("MISSING_SUBSCRIPTION", "Subscription operation can't be found.")
    if len(operations) > 1:
        return _failure("INVALID", "Only one subscription operation (and fragments) is allowed.")
    rules = [*specified_rules, depth_limit_rule(settings.GRAPHQL_QUERY_MAX_DEPTH)]
    errors = validate(get_schema(), document, rules)
    if not errors:  # it runs for every event: the same cost limit as any query
        _cost, errors = measure_cost(
            get_schema(),
            document,
            {},
            maximum_cost=settings.GRAPHQL_QUERY_MAX_COMPLEXITY,
            cost_map=get_cost_map(),
        )
    if errors:
        return _failure("GRAPHQL_ERROR", ";".join(dict.fromkeys(e.message for e in errors)))
    event_fields = [
        selection
        for selection in subscriptions[0].selection_set.selections
        if isinstance(selection, FieldNode) and selection.name.value == "event"
    ]
    if not event_fields:
        return _failure("UNABLE_TO_PARSE", "Event field can't be found.")
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    names = [n for field in event_fields for n in _type_names(field.selection_set, fragments)]
    events = tuple(sorted({EVENT_OF_TYPE_NAME[n] for n in names if n in EVENT_OF_TYPE_NAME}))
    if not events:
        return _failure("MISSING_EVENT", "Can't find a single event.")
    return SubscriptionQuery(document=document, events=events)


def subscription_query_check(query: str) -> SubscriptionQuery:
    """The parsed query, or ValidationFailed on the `query` field."""
    parsed = subscription_query_parse(query)
    if parsed.error is not None:
        raise ValidationFailed([parsed.error])
    return parsed


def default_subscription_query() -> str:
    """The payload of a webhook created without a query: the event and its object's ID."""
    objects = {
        "OrderCreated": "order { id number }",
        "OrderFullyPaid": "order { id number }",
        "OrderUpdated": "order { id number }",
        "OrderFulfilled": "order { id number }",
        "OrderCancelled": "order { id number }",
        "ProductUpdated": "product { id }",
        "ProductVariantStockUpdated": "productVariant { id } warehouse { id }",
    }
    fragments = " ".join(
        f"... on {type_name} {{ {objects[type_name]} }}" for type_name, _name in EVENTS.values()
    )
    return f"subscription {{ event {{ __typename issuedAt version {fragments} }} }}"
