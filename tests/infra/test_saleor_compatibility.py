"""Every Saleor type and field we serve has Saleor's exact type and arguments.

Our own concepts are additive: types Saleor lacks, and extra fields on Saleor types, are allowed.
An argument Saleor has and we lack is allowed only when listed in MISSING_ARGUMENTS with a reason.
"""

from functools import cache
from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
)

from infra.graphql.schema import get_schema

REFERENCE = Path(__file__).resolve().parents[1] / "reference" / "saleor-schema.graphql"

# (type, field, argument) we do not accept yet, with why.
MISSING_ARGUMENTS: dict[tuple[str, str, str], str] = {}


@cache
def saleor_schema() -> GraphQLSchema:
    return build_schema(REFERENCE.read_text())


def shared_types():
    ours, theirs = get_schema(), saleor_schema()
    for name, our_type in sorted(ours.type_map.items()):
        if name.startswith("__") or name not in theirs.type_map:
            continue
        yield name, our_type, theirs.type_map[name]


def test_we_share_the_core_saleor_types():
    names = {name for name, _ours, _theirs in shared_types()}

    assert {"Shop", "User", "PageInfo", "Query", "Mutation", "LanguageCodeEnum"} <= names


@pytest.mark.parametrize("name", [n for n, _o, _t in shared_types()])
def test_shared_type_matches_saleor(name):
    ours, theirs = get_schema().type_map[name], saleor_schema().type_map[name]

    assert type(ours) is type(theirs), f"{name} is a {type(ours).__name__} here"
    if isinstance(ours, GraphQLEnumType):
        assert set(ours.values) <= set(theirs.values), f"{name} has values Saleor lacks"
        return
    if isinstance(ours, GraphQLInputObjectType):
        for field_name, field in ours.fields.items():
            if field_name in theirs.fields:
                assert str(field.type) == str(theirs.fields[field_name].type), (
                    f"{name}.{field_name}"
                )
        required = {f for f, v in ours.fields.items() if str(v.type).endswith("!")}
        assert required <= set(theirs.fields), f"{name} requires inputs Saleor does not send"
        # Every field a Saleor client may send must validate here (we refuse unsupported ones
        # at run time with an error naming the field).
        assert set(theirs.fields) <= set(ours.fields), (
            f"{name} lacks Saleor's input fields {sorted(set(theirs.fields) - set(ours.fields))}"
        )
        return
    if isinstance(ours, GraphQLObjectType | GraphQLInterfaceType):
        for field_name, field in ours.fields.items():
            if field_name not in theirs.fields:
                continue  # our additive extension
            their_field = theirs.fields[field_name]
            assert str(field.type) == str(their_field.type), (
                f"{name}.{field_name}: {field.type} here, {their_field.type} in Saleor"
            )
            for arg_name, arg in their_field.args.items():
                if (name, field_name, arg_name) in MISSING_ARGUMENTS:
                    continue
                assert arg_name in field.args, f"{name}.{field_name} lacks argument {arg_name}"
                assert str(field.args[arg_name].type) == str(arg.type), (
                    f"{name}.{field_name}({arg_name}): {field.args[arg_name].type} here, {arg.type} in Saleor"
                )
            for arg_name, arg in field.args.items():
                if arg_name not in their_field.args:
                    assert not str(arg.type).endswith("!"), (
                        f"{name}.{field_name} requires {arg_name}, which Saleor clients never send"
                    )
