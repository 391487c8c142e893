"""What infra contributes to the schema: scalars, Node, PageInfo, shop, me, auth and apps."""

from infra.graphql.scalars import SCALARS
from infra.graphql.schema import collect_package

type_defs, _bindables, cost_map = collect_package("infra.graphql", __file__)
bindables = [*SCALARS, *_bindables]
