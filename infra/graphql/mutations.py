"""Saleor-shaped mutation payloads: the object(s) on success, `errors` on failure.

Saleor's payloads also carry deprecated per-domain error lists (`productErrors`,
`channelErrors` …); a payload answers every `*_errors` field with the same list.
"""

from collections.abc import Callable
from typing import Any

from infra.errors import ValidationFailed
from infra.graphql.errors import error_items


class MutationPayload:
    def __init__(self, errors: list[dict] | None = None, **fields: Any):
        self.errors = errors or []
        self.__dict__.update(fields)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            # graphql-core treats anything with `__await__` as awaitable.
            raise AttributeError(name)
        if name.endswith("_errors"):
            return self.errors
        return None


def perform(call: Callable[[], dict[str, Any]]) -> MutationPayload:
    """Run a service call returning the payload's fields; map ValidationFailed to `errors`."""
    try:
        fields = call()
    except ValidationFailed as failure:
        return MutationPayload(errors=error_items(failure.errors))
    return MutationPayload(**fields)
