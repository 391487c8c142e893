import pytest

from catalog.models import Division
from infra.accounts.jwt import create_access_token
from infra.accounts.permissions import PermissionEnum
from infra.ids import to_global_id
from storefront.models import Address, CustomerProfile
from tests.conftest import ApiClient, permission_denied
from tests.factories import StaffUserFactory
from tests.factories.addresses import customer_with_address, lhasa_address_input

CREATE = """
mutation Create($input: AddressInput!, $type: AddressTypeEnum) {
  accountAddressCreate(input: $input, type: $type) {
    address { id firstName lastName city cityArea countryArea postalCode phone
              country { code } }
    user { email }
    errors { field code message }
  }
}
"""
ME = """
{ me {
  addresses { id city }
  defaultShippingAddress { id }
  defaultBillingAddress { id }
} }
"""


def test_account_address_create_sets_default_shipping(user_api_client, customer_user):
    # when
    response = user_api_client.post_graphql(
        CREATE, {"input": lhasa_address_input(), "type": "SHIPPING"}
    )

    # then
    data = response.data["accountAddressCreate"]
    assert data["errors"] == []
    address = Address.objects.get()
    assert data["address"] == {
        "id": to_global_id("Address", address.pk),
        "firstName": "卓玛",
        "lastName": "次仁",
        "city": "拉萨市",
        "cityArea": "城关区",
        "countryArea": "西藏自治区",
        "postalCode": "850000",
        "phone": "+8613800138000",
        "country": {"code": "CN"},
    }
    assert data["user"] == {"email": customer_user.email}
    assert address.division == Division.objects.get(code="540102")
    profile = CustomerProfile.objects.get(user=customer_user)
    assert profile.default_shipping_address == address
    assert profile.default_billing_address is None
    assert list(profile.addresses.all()) == [address]


def test_account_address_create_without_type_sets_no_default(user_api_client, customer_user):
    # when
    response = user_api_client.post_graphql(CREATE, {"input": lhasa_address_input()})

    # then
    assert response.data["accountAddressCreate"]["errors"] == []
    profile = CustomerProfile.objects.get(user=customer_user)
    assert profile.default_shipping_address is None
    assert profile.default_billing_address is None
    assert profile.addresses.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"countryArea": ""}, "countryArea", "REQUIRED"),
        ({"cityArea": None}, "cityArea", "REQUIRED"),
        ({"postalCode": "8500"}, "postalCode", "INVALID"),
        ({"phone": "555-0100"}, "phone", "INVALID"),
        ({"cityArea": "火星县"}, "cityArea", "INVALID"),
    ],
)
def test_account_address_create_errors_change_nothing(
    user_api_client, customer_user, overrides, field, code
):
    # when
    response = user_api_client.post_graphql(
        CREATE, {"input": lhasa_address_input(**overrides), "type": "BILLING"}
    )

    # then
    data = response.data["accountAddressCreate"]
    assert [(e["field"], e["code"]) for e in data["errors"]] == [(field, code)]
    assert data["address"] is None
    assert not Address.objects.exists()
    assert not CustomerProfile.objects.exists()


def test_account_address_create_anonymous_is_denied(api_client):
    # when
    response = api_client.post_graphql(CREATE, {"input": lhasa_address_input()})

    # then
    assert permission_denied(response)
    assert not Address.objects.exists()


def test_account_address_create_for_staff_adds_to_own_book(db):
    # given: staff with MANAGE_USERS is still only a user here, writing its own book
    staff = StaffUserFactory(permissions=[PermissionEnum.MANAGE_USERS])

    # when
    response = ApiClient(create_access_token(staff)).post_graphql(
        CREATE, {"input": lhasa_address_input()}
    )

    # then
    assert response.data["accountAddressCreate"]["errors"] == []
    assert CustomerProfile.objects.get().user == staff


def test_account_address_create_app_is_denied(app_api_client):
    # when
    response = app_api_client.post_graphql(CREATE, {"input": lhasa_address_input()})

    # then
    assert permission_denied(response)
    assert not Address.objects.exists()


def test_me_addresses_and_defaults(user_api_client, customer_user, django_assert_num_queries):
    # given
    shipping = customer_with_address(customer_user, "SHIPPING")
    billing = customer_with_address(customer_user, "BILLING", city="日喀则市")
    customer_with_address(customer_user)

    # when
    with django_assert_num_queries(3):
        response = user_api_client.post_graphql(ME)

    # then
    me = response.data["me"]
    assert [a["city"] for a in me["addresses"]] == ["拉萨市", "日喀则市", "拉萨市"]
    assert me["defaultShippingAddress"] == {"id": to_global_id("Address", shipping.pk)}
    assert me["defaultBillingAddress"] == {"id": to_global_id("Address", billing.pk)}


def test_me_without_addresses(user_api_client):
    # when
    response = user_api_client.post_graphql(ME)

    # then
    assert response.data["me"] == {
        "addresses": [],
        "defaultShippingAddress": None,
        "defaultBillingAddress": None,
    }


def test_customer_and_warehouse_addresses_never_share_an_id(db):
    from catalog.graphql.warehouse import WarehouseAddress, resolve_address_id
    from tests.factories import WarehouseFactory
    from tests.factories.addresses import AddressFactory

    customer_address = AddressFactory()
    warehouse = WarehouseFactory()
    warehouse.pk = customer_address.pk  # the same number in both tables

    ids = {
        resolve_address_id(customer_address, None),
        resolve_address_id(WarehouseAddress(warehouse), None),
    }

    assert len(ids) == 2
