"""What storefront contributes to the GraphQL schema: every module here with `bindables`."""

from infra.graphql.schema import collect_package

type_defs, bindables, cost_map = collect_package("storefront.graphql", __file__)
