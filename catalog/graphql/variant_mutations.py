"""productVariantCreate, productVariantUpdate, productVariantDelete."""

from ariadne import MutationType
from graphql import GraphQLResolveInfo

from catalog.services import variants
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.mutations import MutationPayload, perform
from infra.graphql.permissions import require_one_of

mutation = MutationType()


@mutation.field("productVariantCreate")
def resolve_variant_create(_obj, info: GraphQLResolveInfo, input: dict) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return perform(
        lambda: {"product_variant": ChannelContext(variants.variant_create(data=input), None)}
    )


@mutation.field("productVariantUpdate")
def resolve_variant_update(
    _obj, info: GraphQLResolveInfo, input: dict, id=None, sku=None, external_reference=None
) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return perform(
        lambda: {
            "product_variant": ChannelContext(
                variants.variant_update(
                    variant_id=id, sku=sku, external_reference=external_reference, data=input
                ),
                None,
            )
        }
    )


@mutation.field("productVariantDelete")
def resolve_variant_delete(
    _obj, info: GraphQLResolveInfo, id=None, sku=None, external_reference=None
) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return perform(
        lambda: {
            "product_variant": ChannelContext(
                variants.variant_delete(
                    variant_id=id, sku=sku, external_reference=external_reference
                ),
                None,
            )
        }
    )


bindables = [mutation]
