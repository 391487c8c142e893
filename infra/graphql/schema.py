"""Assembles one executable schema from the SDL files and bindables of every package."""

import pkgutil
from functools import cache
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from ariadne import load_schema_from_path, make_executable_schema
from django.conf import settings
from graphql import GraphQLObjectType, GraphQLSchema

from infra.graphql.channel_context import unwrap
from infra.ids import to_global_id


def load_type_defs(package_file: str) -> str:
    """All `*.graphql` files beside `package_file`, in name order."""
    return load_schema_from_path(str(Path(package_file).parent))


def _modules() -> list[ModuleType]:
    return [import_module(path) for path in settings.GRAPHQL_SCHEMA_MODULES]


def _resolve_node_id(type_name: str):
    def resolve_id(obj, _info):
        return to_global_id(type_name, unwrap(obj).pk)

    return resolve_id


def set_default_id_resolvers(schema: GraphQLSchema) -> None:
    """Every type implementing Node answers `id` with its global ID unless it says otherwise."""
    node = schema.type_map.get("Node")
    for type_ in schema.type_map.values():
        if not isinstance(type_, GraphQLObjectType) or node not in type_.interfaces:
            continue
        id_field = type_.fields["id"]
        if id_field.resolve is None or getattr(id_field.resolve, "_ariadne_alias_resolver", False):
            id_field.resolve = _resolve_node_id(type_.name)


@cache
def get_schema() -> GraphQLSchema:
    modules = _modules()
    type_defs = [module.type_defs for module in modules]
    bindables = [bindable for module in modules for bindable in module.bindables]
    schema = make_executable_schema(type_defs, *bindables, convert_names_case=True)
    set_default_id_resolvers(schema)
    return schema


@cache
def get_cost_map() -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for module in _modules():
        for type_name, fields in getattr(module, "cost_map", {}).items():
            merged.setdefault(type_name, {}).update(fields)
    return merged


def collect_package(package: str, package_file: str) -> tuple[str, list, dict[str, dict[str, Any]]]:
    """(type_defs, bindables, cost_map) of a `graphql` package: its SDL files, and the
    `bindables` and `cost_map` of every module in it, so a new type is a new module."""
    folder = Path(package_file).parent
    bindables: list = []
    cost_map: dict[str, dict[str, Any]] = {}
    for module_info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        if module_info.name == "api":
            continue
        module = import_module(f"{package}.{module_info.name}")
        bindables.extend(getattr(module, "bindables", []))
        for type_name, fields in getattr(module, "cost_map", {}).items():
            cost_map.setdefault(type_name, {}).update(fields)
    return load_type_defs(package_file), bindables, cost_map
