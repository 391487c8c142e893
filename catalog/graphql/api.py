"""What catalog contributes to the GraphQL schema: every module here with `bindables`."""

from infra.graphql.schema import collect_package

type_defs, bindables, cost_map = collect_package("catalog.graphql", __file__)
