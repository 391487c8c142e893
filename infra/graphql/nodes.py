"""A registry of the object types that global IDs can name, for generic operations.

Packages register their types (model, how to read it, which permissions guard its metadata);
generic mutations such as updateMetadata then work on any registered type without infra
importing the packages.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model

from infra.accounts.permissions import PermissionEnum


@dataclass(frozen=True)
class NodeType:
    name: str
    model: type[Model]
    # Permissions that allow changing public metadata / reading and changing private metadata.
    metadata_permissions: Callable[[Any], Iterable[PermissionEnum | str]]
    private_metadata_permissions: Callable[[Any], Iterable[PermissionEnum | str]]
    # Wraps the instance as the GraphQL layer expects it (e.g. with its channel).
    wrap: Callable[[Any], Any] = field(default=lambda instance: instance)
    # Whether the caller (GraphQL info) may see the instance at all; one it may not is
    # treated as not found (e.g. another channel's order for a partner's app).
    visible: Callable[[Any, Any], bool] = field(default=lambda _info, _instance: True)


NODE_TYPES: dict[str, NodeType] = {}


def register_node(node_type: NodeType) -> NodeType:
    NODE_TYPES[node_type.name] = node_type
    return node_type
