"""productVariantStocksUpdate."""

from ariadne import MutationType
from graphql import GraphQLResolveInfo

from catalog.services import stocks as stock_services
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.mutations import MutationPayload, perform
from infra.graphql.permissions import require_one_of

mutation = MutationType()


@mutation.field("productVariantStocksUpdate")
def resolve_variant_stocks_update(
    _obj, info: GraphQLResolveInfo, stocks: list, variant_id=None, sku=None
) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return perform(
        lambda: {
            "product_variant": ChannelContext(
                stock_services.stocks_update(variant_id=variant_id, sku=sku, stocks=stocks),
                None,
            )
        }
    )


bindables = [mutation]
