"""updateMetadata / updatePrivateMetadata on any registered node type, and the type
resolution of the ObjectWithMetadata interface their payloads return.

Which permissions guard an object's metadata comes from the node registry
(infra/graphql/nodes.py); packages register their own types. Users and apps are registered
here, with Saleor's rule that a caller may edit its own public metadata.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from ariadne import InterfaceType, MutationType
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Model
from graphql import GraphQLError, GraphQLResolveInfo

from infra.accounts.models import App, User
from infra.accounts.permissions import PermissionEnum
from infra.errors import ValidationFailed
from infra.graphql.channel_context import unwrap
from infra.graphql.errors import PermissionDenied, error_items
from infra.graphql.mutations import MutationPayload, perform
from infra.graphql.nodes import NODE_TYPES, NodeType, register_node
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id

mutation = MutationType()
object_with_metadata = InterfaceType("ObjectWithMetadata")


def _user_permissions(user: User) -> list[PermissionEnum]:
    return [PermissionEnum.MANAGE_STAFF if user.is_staff else PermissionEnum.MANAGE_USERS]


register_node(NodeType("User", User, _user_permissions, _user_permissions))
register_node(
    NodeType(
        "App",
        App,
        lambda _app: [PermissionEnum.MANAGE_APPS],
        lambda _app: [PermissionEnum.MANAGE_APPS],
    )
)


@object_with_metadata.type_resolver
def resolve_metadata_type(obj: Any, *_args) -> str | None:
    instance = unwrap(obj)
    for node_type in NODE_TYPES.values():
        if isinstance(instance, node_type.model):
            return node_type.name
    return type(instance).__name__


def _node(global_id: str, info: GraphQLResolveInfo) -> tuple[NodeType, Any]:
    try:
        type_name, pk = from_global_id(global_id)
    except GraphQLError:
        raise ValidationFailed.single(
            "id", "GRAPHQL_ERROR", "Couldn't resolve to a node."
        ) from None
    node_type = NODE_TYPES.get(type_name)
    if node_type is None:
        if type_name in info.schema.type_map:
            raise ValidationFailed.single(
                "id", "NOT_FOUND", f"Couldn't resolve to a item with meta: {global_id}"
            )
        raise ValidationFailed.single("id", "GRAPHQL_ERROR", f"Invalid type: {type_name}")
    try:
        # The model's own key type: integers for most, UUIDs for checkouts and orders.
        value = node_type.model._meta.pk.to_python(pk)
    except DjangoValidationError:
        value = None
    if value is None or value == "":
        raise ValidationFailed.single(
            "id", "GRAPHQL_ERROR", f"Invalid ID: {global_id}. Expected: {type_name}."
        )
    return node_type, value


def _is_self(info: GraphQLResolveInfo, instance: Model) -> bool:
    context = info.context
    if isinstance(instance, User):
        return context.app is None and context.user.is_authenticated and context.user == instance
    if isinstance(instance, App):
        return context.app is not None and context.app.pk == instance.pk
    return False


def _check_permissions(
    info: GraphQLResolveInfo, permissions: Iterable[PermissionEnum | str], *, self_ok: bool
) -> None:
    permissions = list(permissions)
    if self_ok or not permissions:
        # No permissions listed: whoever holds the ID may write (Saleor's checkout metadata).
        return
    if info.context.app is not None and PermissionEnum.MANAGE_STAFF in permissions:
        raise PermissionDenied("Apps are not allowed to perform this mutation.")
    require_one_of(info, *permissions)


def _items(input: Iterable[Mapping[str, str]]) -> dict[str, str]:
    items = {}
    for item in input:
        if not str(item["key"]).strip():
            raise ValidationFailed.single("input", "REQUIRED", "Metadata key cannot be empty.")
        items[str(item["key"])] = str(item["value"])
    return items


@transaction.atomic
def metadata_store(*, instance: Model, items: Mapping[str, str], private: bool) -> Model:
    """Merge `items` into the object's public or private metadata under a row lock."""
    field = "private_metadata" if private else "metadata"
    locked = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    setattr(locked, field, {**(getattr(locked, field) or {}), **items})
    update_fields = [field]
    if any(f.name == "updated_at" for f in locked._meta.concrete_fields):
        update_fields.append("updated_at")
    locked.save(update_fields=update_fields)
    return locked


def _update(info: GraphQLResolveInfo, global_id: str, input, *, private: bool):
    try:
        node_type, pk = _node(global_id, info)
    except ValidationFailed as failure:
        return MutationPayload(errors=error_items(failure.errors))
    instance = node_type.model._default_manager.filter(pk=pk).first()
    if instance is not None and not node_type.visible(info, instance):
        instance = None
    permissions_for = (
        node_type.private_metadata_permissions if private else node_type.metadata_permissions
    )
    subject = instance if instance is not None else node_type.model()
    self_ok = (
        instance is not None
        and _is_self(info, instance)
        and (not private or isinstance(instance, App))
    )
    _check_permissions(info, permissions_for(subject), self_ok=self_ok)

    def store():
        if instance is None:
            raise ValidationFailed.single(
                "id", "NOT_FOUND", f"Couldn't resolve to a node: {global_id}"
            )
        stored = metadata_store(instance=instance, items=_items(input), private=private)
        return {"item": node_type.wrap(stored)}

    return perform(store)


@mutation.field("updateMetadata")
def resolve_update_metadata(_obj, info, id, input):
    return _update(info, id, input, private=False)


@mutation.field("updatePrivateMetadata")
def resolve_update_private_metadata(_obj, info, id, input):
    return _update(info, id, input, private=True)


bindables = [mutation, object_with_metadata]
