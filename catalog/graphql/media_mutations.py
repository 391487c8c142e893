"""productMediaCreate (multipart image upload or media URL) and productMediaDelete."""

from ariadne import MutationType
from graphql import GraphQLResolveInfo

from catalog.services import media as media_services
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.mutations import MutationPayload, perform
from infra.graphql.permissions import require_one_of

mutation = MutationType()


def _payload(media) -> dict:
    return {"media": media, "product": ChannelContext(media.product, None)}


@mutation.field("productMediaCreate")
def resolve_media_create(_obj, info: GraphQLResolveInfo, input: dict) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return perform(
        lambda: _payload(
            media_services.media_create(
                product_id=input["product"],
                image=input.get("image"),
                media_url=input.get("media_url"),
                alt=input.get("alt"),
            )
        )
    )


@mutation.field("productMediaDelete")
def resolve_media_delete(_obj, info: GraphQLResolveInfo, id: str) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_PRODUCTS)
    return perform(lambda: _payload(media_services.media_delete(media_id=id)))


bindables = [mutation]
