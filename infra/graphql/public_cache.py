"""A short-lived cache of anonymous catalog reads ("microcaching").

Anonymous shoppers and kiosks send the same few catalog queries over and over; answering a
repeat from memory for a few seconds takes the GraphQL engine and the database off the hot
path. Only anonymous queries whose root fields are all public catalog reads are cached, only
answers without errors, for GRAPHQL_PUBLIC_CACHE_SECONDS (0 turns it off). Anything a
shopper buys is re-checked at checkout, so a few seconds of staleness in a listing is safe.
"""

import hashlib
from typing import Any

import simplejson
from django.conf import settings
from django.core.cache import caches
from graphql.language import FieldNode, OperationDefinitionNode, OperationType

from infra.graphql.context import RequestContext

CACHE_ALIAS = "graphql"


def _root_fields(operation: OperationDefinitionNode) -> set[str] | None:
    names = set()
    for selection in operation.selection_set.selections:
        if not isinstance(selection, FieldNode):
            return None  # fragments at the root: not worth analysing
        names.add(selection.name.value)
    return names


def cache_key(
    context: RequestContext,
    operation: OperationDefinitionNode,
    query: str,
    variables: dict[str, Any],
    operation_name: str | None,
) -> str | None:
    """The cache key for this request, or None when its answer must not be shared."""
    seconds = settings.GRAPHQL_PUBLIC_CACHE_SECONDS
    if seconds <= 0 or operation.operation != OperationType.QUERY:
        return None
    if context.app is not None or context.user.is_authenticated:
        return None
    root_fields = _root_fields(operation)
    if not root_fields or not root_fields <= set(settings.GRAPHQL_PUBLIC_CACHE_ROOT_FIELDS):
        return None
    material = simplejson.dumps(
        [query, variables, operation_name, context.language], sort_keys=True, default=str
    )
    return "gql:" + hashlib.sha256(material.encode()).hexdigest()


def get(key: str) -> dict | None:
    return caches[CACHE_ALIAS].get(key)


def put(key: str, body: dict) -> None:
    caches[CACHE_ALIAS].set(key, body, timeout=settings.GRAPHQL_PUBLIC_CACHE_SECONDS)
