"""Object types whose parents are ChannelContext(node, channel_slug), as Saleor passes them."""

from typing import Any

from ariadne import ObjectType, convert_camel_case_to_snake
from graphql import GraphQLObjectType, GraphQLSchema

from infra.graphql.channel_context import unwrap


def _node_attribute(name: str):
    def resolve(obj: Any, _info: Any) -> Any:
        return getattr(unwrap(obj), name, None)

    return resolve


class ChannelContextObjectType(ObjectType):
    """Fields without a resolver read the node's attribute of the same snake_case name.

    `id` is left to the schema's Node resolver, which unwraps the context itself.
    """

    def bind_to_schema(self, schema: GraphQLSchema) -> None:
        super().bind_to_schema(schema)
        graphql_type = schema.type_map[self.name]
        if not isinstance(graphql_type, GraphQLObjectType):
            raise TypeError(f"{self.name} is not an object type")
        for name, field in graphql_type.fields.items():
            if field.resolve is None and name != "id":
                field.resolve = _node_attribute(convert_camel_case_to_snake(name))
