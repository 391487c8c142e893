"""The catalog's stock figures count what open checkouts reserve, when reservations are on."""

import pytest
from django.test import override_settings

from infra.accounts.permissions import PermissionEnum
from storefront.services.stock import checkout_reservations_update
from tests.factories.catalog import ChannelFactory
from tests.factories.checkout import checkout_with_lines, purchasable_variant
from tests.factories.product_reads import gid, staff_with

pytestmark = pytest.mark.django_db

QUERY = """
query Variant($id: ID!, $channel: String) {
  productVariant(id: $id, channel: $channel) {
    quantityAvailable
    stocks { quantity quantityAllocated quantityReserved }
  }
}"""


@override_settings(RESERVE_STOCK_DURATION_ANONYMOUS_USER=15)
def test_reserved_units_are_shown_and_not_available(api_client):
    channel = ChannelFactory()
    variant = purchasable_variant(channel, stock=10)
    checkout_reservations_update(checkout=checkout_with_lines(channel, [(variant, 4)]))
    staff = staff_with(PermissionEnum.MANAGE_PRODUCTS)

    data = staff.post_graphql(QUERY, {"id": gid(variant), "channel": channel.slug}).data
    shopper = api_client.post_graphql(
        QUERY.replace("stocks { quantity quantityAllocated quantityReserved }", ""),
        {"id": gid(variant), "channel": channel.slug},
    ).data

    assert data["productVariant"]["stocks"] == [
        {"quantity": 10, "quantityAllocated": 0, "quantityReserved": 4}
    ]
    assert data["productVariant"]["quantityAvailable"] == 6
    assert shopper["productVariant"]["quantityAvailable"] == 6


def test_without_reservations_nothing_is_reserved():
    channel = ChannelFactory()
    variant = purchasable_variant(channel, stock=10)
    checkout_reservations_update(checkout=checkout_with_lines(channel, [(variant, 4)]))
    staff = staff_with(PermissionEnum.MANAGE_PRODUCTS)

    data = staff.post_graphql(QUERY, {"id": gid(variant), "channel": channel.slug}).data

    assert data["productVariant"]["stocks"][0]["quantityReserved"] == 0
    assert data["productVariant"]["quantityAvailable"] == 10
