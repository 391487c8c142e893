"""updateMetadata on checkouts (UUID IDs): anyone holding the checkout may write its public
metadata, as in Saleor; private metadata needs MANAGE_CHECKOUTS."""

import pytest

from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from tests.conftest import permission_denied
from tests.factories.catalog import ChannelFactory
from tests.factories.checkout import CheckoutFactory
from tests.factories.product_reads import staff_with

pytestmark = pytest.mark.django_db

UPDATE = """
mutation Meta($id: ID!, $private: Boolean!) {
  public: updateMetadata(id: $id, input: [{key: "gift", value: "yes"}]) @skip(if: $private) {
    item { metadata { key value } } errors { field code }
  }
  private: updatePrivateMetadata(id: $id, input: [{key: "risk", value: "low"}])
    @include(if: $private) {
    item { privateMetadata { key value } } errors { field code }
  }
}"""


def test_a_shopper_writes_public_metadata_on_their_checkout(api_client):
    checkout = CheckoutFactory(channel=ChannelFactory())
    checkout_id = to_global_id("Checkout", checkout.pk)

    data = api_client.post_graphql(UPDATE, {"id": checkout_id, "private": False}).data

    assert data["public"] == {"item": {"metadata": [{"key": "gift", "value": "yes"}]}, "errors": []}
    checkout.refresh_from_db()
    assert checkout.metadata == {"gift": "yes"}


def test_private_checkout_metadata_needs_manage_checkouts(api_client):
    checkout = CheckoutFactory(channel=ChannelFactory())
    checkout_id = to_global_id("Checkout", checkout.pk)

    assert permission_denied(api_client.post_graphql(UPDATE, {"id": checkout_id, "private": True}))
    staff = staff_with(PermissionEnum.MANAGE_CHECKOUTS)
    data = staff.post_graphql(UPDATE, {"id": checkout_id, "private": True}).data
    assert data["private"]["item"]["privateMetadata"] == [{"key": "risk", "value": "low"}]


def test_a_malformed_checkout_id_is_refused(api_client):
    bad = to_global_id("Checkout", "not-a-uuid")
    data = api_client.post_graphql(UPDATE, {"id": bad, "private": False}).data
    assert data["public"]["errors"] == [{"field": "id", "code": "GRAPHQL_ERROR"}]
