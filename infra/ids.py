"""Relay global IDs exactly as Saleor encodes them: base64("Type:pk").

This is the only module that encodes or decodes them.
"""

import base64
import binascii

from graphql import GraphQLError


def to_global_id(type_name: str, pk: object) -> str:
    return base64.b64encode(f"{type_name}:{pk}".encode()).decode()


def from_global_id(global_id: str) -> tuple[str, str]:
    """Split a global ID into (type name, pk); raise GraphQLError when it is not one."""
    try:
        decoded = base64.b64decode(global_id, validate=True).decode()
        type_name, _, pk = decoded.partition(":")
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise GraphQLError(f"Couldn't resolve id: {global_id}.") from None
    if not type_name or not pk:
        raise GraphQLError(f"Couldn't resolve id: {global_id}.")
    return type_name, pk


def from_global_id_or_error(global_id: str, only_type: str, *, int_pk: bool = True) -> str | int:
    """Decode an ID of the given type, with Saleor's messages for the wrong kind of ID."""
    type_name, pk = from_global_id(global_id)
    if type_name != only_type:
        raise GraphQLError(
            f"Invalid ID: {global_id}. Expected: {only_type}, received: {type_name}."
        )
    if int_pk:
        try:
            return int(pk)
        except ValueError:
            raise GraphQLError(f"Invalid ID: {global_id}. Expected: {only_type}.") from None
    return pk


def pks_from_global_ids(global_ids: list[str], only_type: str) -> list[int]:
    return [int(from_global_id_or_error(gid, only_type)) for gid in global_ids]
