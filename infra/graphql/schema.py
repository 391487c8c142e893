"""Assembles one executable schema from the SDL files and bindables of every package."""

from functools import cache
from importlib import import_module
from pathlib import Path
from types import ModuleType
from typing import Any

from ariadne import load_schema_from_path, make_executable_schema
from django.conf import settings
from graphql import GraphQLSchema


def load_type_defs(package_file: str) -> str:
    """All `*.graphql` files beside `package_file`, in name order."""
    return load_schema_from_path(str(Path(package_file).parent))


def _modules() -> list[ModuleType]:
    return [import_module(path) for path in settings.GRAPHQL_SCHEMA_MODULES]


@cache
def get_schema() -> GraphQLSchema:
    modules = _modules()
    type_defs = [module.type_defs for module in modules]
    bindables = [bindable for module in modules for bindable in module.bindables]
    return make_executable_schema(type_defs, *bindables, convert_names_case=True)


@cache
def get_cost_map() -> dict[str, dict[str, Any]]:
    merged: dict[str, dict[str, Any]] = {}
    for module in _modules():
        for type_name, fields in getattr(module, "cost_map", {}).items():
            merged.setdefault(type_name, {}).update(fields)
    return merged
