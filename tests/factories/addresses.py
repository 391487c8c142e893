"""Customer addresses: a valid Lhasa address by default."""

import factory

from storefront.models import Address, CustomerProfile


def lhasa_address_input(**overrides) -> dict:
    """AddressInput (camelCase, as posted) for a valid address in Chengguan, Lhasa."""
    return {
        "firstName": "卓玛",
        "lastName": "次仁",
        "streetAddress1": "北京中路 12 号",
        "city": "拉萨市",
        "cityArea": "城关区",
        "countryArea": "西藏自治区",
        "postalCode": "850000",
        "country": "CN",
        "phone": "13800138000",
        **overrides,
    }


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    first_name = "卓玛"
    last_name = "次仁"
    street_address_1 = "北京中路 12 号"
    city = "拉萨市"
    city_area = "城关区"
    country_area = "西藏自治区"
    postal_code = "850000"
    country = "CN"
    phone = "+8613800138000"


def customer_with_address(user, address_type: str | None = None, **fields) -> Address:
    """Put a new address in the user's book, optionally as a default."""
    address = AddressFactory(**fields)
    profile, _ = CustomerProfile.objects.get_or_create(user=user)
    profile.addresses.add(address)
    if address_type == "SHIPPING":
        profile.default_shipping_address = address
    if address_type == "BILLING":
        profile.default_billing_address = address
    profile.save()
    return address
