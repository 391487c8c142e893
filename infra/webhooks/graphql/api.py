"""What webhooks contribute to the schema: webhook types and mutations, and Saleor's
subscription events that shape webhook payloads."""

from infra.graphql.schema import collect_package

type_defs, bindables, cost_map = collect_package("infra.webhooks.graphql", __file__)
