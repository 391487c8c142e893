"""productChannelListingUpdate and productVariantChannelListingUpdate."""

from ariadne import MutationType
from graphql import GraphQLError, GraphQLResolveInfo

from catalog.graphql.channel_scope import channel_scope
from catalog.services import listings
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.errors import PermissionDenied
from infra.graphql.mutations import MutationPayload, perform
from infra.graphql.permissions import require_one_of
from infra.ids import from_global_id

mutation = MutationType()


def _require_channels(info: GraphQLResolveInfo, global_ids: list[str]) -> None:
    """A partner's app changes listings in its own channels only (PermissionDenied)."""
    scope = channel_scope(info)
    if scope is None:
        return
    for global_id in global_ids:
        try:
            type_name, pk = from_global_id(global_id)
        except GraphQLError:
            type_name, pk = "", ""  # malformed: the service reports it
        if type_name == "Channel" and pk.isdigit() and int(pk) not in scope:
            raise PermissionDenied()


@mutation.field("productChannelListingUpdate")
def resolve_product_channel_listing_update(
    _obj, info: GraphQLResolveInfo, id: str, input: dict
) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    updates = input.get("update_channels") or []
    _require_channels(
        info, [item["channel_id"] for item in updates] + list(input.get("remove_channels") or [])
    )
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
    _require_channels(info, [item["channel_id"] for item in input])
    return perform(
        lambda: {
            "variant": ChannelContext(
                listings.variant_channel_listing_update(variant_id=id, sku=sku, listings=input),
                None,
            )
        }
    )


bindables = [mutation]
