"""Print SDL from Saleor's pinned schema, for writing our own SDL files.

    python tools/saleor_sdl.py [--new] Query.products Mutation.productCreate Product:id,name Money

`Root.field` prints that root field; `Type` prints a whole type; `Type:f1,f2` only those fields.
Every input object and enum reachable from printed arguments and inputs is printed too (inputs
and enums are copied whole, so Saleor operations validate unchanged). Output types referenced
but not printed are listed at the end. Descriptions and Saleor's @doc/@webhookEventsInfo
directives are left out. With --new, types our schema already has are not printed.
"""

import re
import sys
from pathlib import Path

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
    build_schema,
    get_named_type,
    print_type,
)

REFERENCE = Path(__file__).resolve().parents[1] / "tests" / "reference" / "saleor-schema.graphql"
BUILTIN = {"String", "Int", "Float", "Boolean", "ID"}


def strip(sdl: str) -> str:
    sdl = re.sub(r'\s*""".*?"""', "", sdl, flags=re.S)
    sdl = re.sub(r'\s*"[^"\n]*"\n', "\n", sdl)
    sdl = re.sub(r" @doc\([^)]*\)", "", sdl)
    sdl = re.sub(r" @webhookEventsInfo\(.*?\]\)(?=[ {\n])", "", sdl, flags=re.S)
    return re.sub(r"\n\s*\n", "\n", sdl)


def our_type_names() -> set[str]:
    import os

    import django

    sys.path.insert(0, str(REFERENCE.parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "infra.settings.test")
    django.setup()
    from infra.graphql.schema import get_schema

    return set(get_schema().type_map)


def main(specs: list[str]) -> None:
    schema = build_schema(REFERENCE.read_text())
    printed: set[str] = set()
    if "--new" in specs:  # skip types our schema already defines
        specs = [s for s in specs if s != "--new"]
        printed |= our_type_names()
    pending_inputs: list[str] = []
    referenced_outputs: set[str] = set()

    def note_type(type_) -> None:
        named = get_named_type(type_)
        if named.name in BUILTIN:
            return
        if isinstance(named, GraphQLInputObjectType | GraphQLEnumType | GraphQLScalarType):
            pending_inputs.append(named.name)
        else:
            referenced_outputs.add(named.name)

    def print_fields(type_name: str, fields: dict, kind: str, interfaces: str = "") -> None:
        lines = []
        for name, field in fields.items():
            args = ""
            if field.args:
                args = ", ".join(f"{a}: {arg.type}" for a, arg in field.args.items())
                args = f"({args})"
                for arg in field.args.values():
                    note_type(arg.type)
            reason = field.deprecation_reason
            deprecated = f' @deprecated(reason: "{reason}")' if reason else ""
            lines.append(f"  {name}{args}: {field.type}{deprecated}")
            note_type(field.type)
        print(f"{kind} {type_name}{interfaces} {{\n" + "\n".join(lines) + "\n}\n")

    for spec in specs:
        if "." in spec:
            root, field = spec.split(".", 1)
            type_ = schema.type_map[root]
            print_fields(root, {field: type_.fields[field]}, "extend type")
            continue
        name, _, only = spec.partition(":")
        type_ = schema.type_map[name]
        printed.add(name)
        if isinstance(type_, GraphQLObjectType | GraphQLInterfaceType) and only:
            keep = only.split(",")
            missing = [f for f in keep if f not in type_.fields]
            if missing:
                print(f"# {name} has no field(s): {', '.join(missing)}", file=sys.stderr)
            interfaces = ""
            if type_.interfaces:
                interfaces = " implements " + " & ".join(i.name for i in type_.interfaces)
            kind = "interface" if isinstance(type_, GraphQLInterfaceType) else "type"
            chosen = {f: type_.fields[f] for f in keep if f in type_.fields}
            print_fields(name, chosen, kind, interfaces)
        elif isinstance(type_, GraphQLObjectType | GraphQLInterfaceType):
            print_fields(name, type_.fields, "type")
        else:
            print(strip(print_type(type_)) + "\n")
            if isinstance(type_, GraphQLInputObjectType):
                for field in type_.fields.values():
                    note_type(field.type)
            if isinstance(type_, GraphQLUnionType):
                referenced_outputs.update(t.name for t in type_.types)

    while pending_inputs:
        name = pending_inputs.pop()
        if name in printed:
            continue
        printed.add(name)
        type_ = schema.type_map[name]
        print(strip(print_type(type_)) + "\n")
        if isinstance(type_, GraphQLInputObjectType):
            for field in type_.fields.values():
                note_type(field.type)

    others = sorted(referenced_outputs - printed)
    if others:
        print("# output types referenced, not printed: " + ", ".join(others), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
