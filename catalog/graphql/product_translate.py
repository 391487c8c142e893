"""productTranslate (MANAGE_TRANSLATIONS)."""

from ariadne import MutationType
from graphql import GraphQLResolveInfo

from catalog.services.product_translations import product_translate
from infra.accounts.permissions import PermissionEnum
from infra.graphql.channel_context import ChannelContext
from infra.graphql.languages import supported_language
from infra.graphql.mutations import MutationPayload, perform
from infra.graphql.permissions import require_one_of

mutation = MutationType()


@mutation.field("productTranslate")
def resolve_product_translate(
    _obj, info: GraphQLResolveInfo, id: str, language_code: str, input: dict
) -> MutationPayload:
    require_one_of(info, PermissionEnum.MANAGE_TRANSLATIONS)
    return perform(
        lambda: {
            "product": ChannelContext(
                product_translate(
                    product_id=id, language_code=supported_language(language_code), data=input
                ),
                None,
            )
        }
    )


bindables = [mutation]
