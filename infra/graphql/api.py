"""What infra contributes to the schema: scalars, Node, PageInfo, shop, me and JWT mutations."""

from infra.graphql import account, shop
from infra.graphql.scalars import SCALARS
from infra.graphql.schema import load_type_defs

type_defs = load_type_defs(__file__)
bindables = [*SCALARS, *shop.bindables, *account.bindables]
cost_map: dict = {}
