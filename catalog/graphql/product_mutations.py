"""productCreate, productUpdate, productDelete: parse input, check permission, call a service."""

from ariadne import MutationType
from graphql import GraphQLResolveInfo

from catalog.services import products
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.mutations import MutationPayload, perform
from infra.graphql.permissions import require_one_of

mutation = MutationType()


@mutation.field("productCreate")
def resolve_product_create(_obj, info: GraphQLResolveInfo, input: dict) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return perform(lambda: {"product": ChannelContext(products.product_create(data=input), None)})


@mutation.field("productUpdate")
def resolve_product_update(
    _obj, info: GraphQLResolveInfo, input: dict, id=None, external_reference=None
) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return perform(
        lambda: {
            "product": ChannelContext(
                products.product_update(
                    product_id=id, external_reference=external_reference, data=input
                ),
                None,
            )
        }
    )


@mutation.field("productDelete")
def resolve_product_delete(
    _obj, info: GraphQLResolveInfo, id=None, external_reference=None
) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return perform(
        lambda: {
            "product": ChannelContext(
                products.product_delete(product_id=id, external_reference=external_reference),
                None,
            )
        }
    )


bindables = [mutation]
