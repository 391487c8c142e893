"""What catalog contributes to the GraphQL schema."""

from catalog.graphql import division, shop
from infra.graphql.schema import load_type_defs

type_defs = load_type_defs(__file__)
bindables = [*shop.bindables, *division.bindables]
cost_map: dict = {
    "Query": {"divisions": {"complexity": 1, "multipliers": ["first", "last"]}},
}
