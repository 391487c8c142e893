"""Saleor's ChannelContext: an object resolved for one channel (or none, for staff).

Channel-dependent fields (pricing, availability, listings) read `channel_slug` from the
parent instead of re-reading arguments, exactly as Saleor passes `ChannelContext` down.
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class ChannelContext(Generic[T]):
    node: T
    channel_slug: str | None


def unwrap(obj: Any) -> Any:
    """The model instance behind a resolver's parent, with or without a ChannelContext."""
    return obj.node if isinstance(obj, ChannelContext) else obj
