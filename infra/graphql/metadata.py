"""Resolvers for Saleor's ObjectWithMetadata fields, bound onto any object type."""

from collections.abc import Callable, Iterable
from typing import Any

from ariadne import ObjectType
from graphql import GraphQLResolveInfo

from infra.accounts.permissions import PermissionEnum
from infra.graphql.permissions import require_one_of


def _items(data: dict | None) -> list[dict[str, str]]:
    return [{"key": key, "value": value} for key, value in (data or {}).items()]


def _select(data: dict | None, keys: Iterable[str] | None) -> dict:
    data = data or {}
    if keys is None:
        return dict(data)
    return {key: data[key] for key in keys if key in data}


def bind_metadata(
    object_type: ObjectType,
    private_permissions: Callable[[Any], Iterable[PermissionEnum | str]],
    *,
    get_instance: Callable[[Any], Any] = lambda obj: obj,
) -> None:
    """Bind metadata fields; private ones need one of `private_permissions(instance)`."""

    def public(obj):
        return getattr(get_instance(obj), "metadata", None) or {}

    def private(obj, info: GraphQLResolveInfo):
        instance = get_instance(obj)
        require_one_of(info, *private_permissions(instance))
        return getattr(instance, "private_metadata", None) or {}

    object_type.set_field("metadata", lambda obj, info: _items(public(obj)))
    object_type.set_field("metafield", lambda obj, info, key: public(obj).get(key))
    object_type.set_field("metafields", lambda obj, info, keys=None: _select(public(obj), keys))
    object_type.set_field("privateMetadata", lambda obj, info: _items(private(obj, info)))
    object_type.set_field("privateMetafield", lambda obj, info, key: private(obj, info).get(key))
    object_type.set_field(
        "privateMetafields", lambda obj, info, keys=None: _select(private(obj, info), keys)
    )
