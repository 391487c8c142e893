"""Catalog fields on Shop."""

from ariadne import ObjectType

from catalog.selectors import channels as channel_selectors
from infra.graphql.permissions import AUTHENTICATED_APP, AUTHENTICATED_STAFF_USER, require_one_of

shop_type = ObjectType("Shop")


@shop_type.field("channelCurrencies")
def resolve_channel_currencies(_shop, info):
    require_one_of(info, AUTHENTICATED_STAFF_USER, AUTHENTICATED_APP)
    return channel_selectors.channel_currencies()


bindables = [shop_type]
