"""productChannelListingUpdate and productVariantChannelListingUpdate."""

from ariadne import MutationType
from graphql import GraphQLResolveInfo

from catalog.services import listings
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.mutations import MutationPayload, perform
from infra.graphql.permissions import require_one_of

mutation = MutationType()


@mutation.field("productChannelListingUpdate")
def resolve_product_channel_listing_update(
    _obj, info: GraphQLResolveInfo, id: str, input: dict
) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return perform(
        lambda: {
            "product": ChannelContext(
                listings.product_channel_listing_update(
                    product_id=id,
                    update_channels=input.get("update_channels") or [],
                    remove_channels=input.get("remove_channels") or [],
                ),
                None,
            )
        }
    )


@mutation.field("productVariantChannelListingUpdate")
def resolve_variant_channel_listing_update(
    _obj, info: GraphQLResolveInfo, input: list, id=None, sku=None
) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return perform(
        lambda: {
            "variant": ChannelContext(
                listings.variant_channel_listing_update(variant_id=id, sku=sku, listings=input),
                None,
            )
        }
    )


bindables = [mutation]
