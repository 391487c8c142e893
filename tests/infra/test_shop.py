from tests.conftest import permission_denied
from tests.factories import ChannelFactory

SHOP_QUERY = """
query {
  shop {
    name
    description
    defaultCountry { code country }
    languages { code language }
  }
}
"""

CHANNEL_CURRENCIES_QUERY = "query { shop { channelCurrencies } }"


def test_shop_answers_anonymous_callers_in_saleor_shape(api_client, settings):
    settings.SHOP_NAME = "西藏好物"

    response = api_client.post_graphql(SHOP_QUERY)

    assert response.status_code == 200
    shop = response.data["shop"]
    assert shop["name"] == "西藏好物"
    assert shop["defaultCountry"] == {"code": "CN", "country": "China"}
    assert [lang["code"] for lang in shop["languages"]] == ["ZH_HANS", "BO", "EN"]
    assert shop["languages"][1]["language"] == "བོད་ཡིག"
    assert "cost" in response.body["extensions"]


def test_channel_currencies_refused_to_anonymous(api_client):
    ChannelFactory(currency_code="CNY")

    response = api_client.post_graphql(CHANNEL_CURRENCIES_QUERY)

    assert permission_denied(response)
    assert response.errors[0]["message"] == (
        "To access this path, you need one of the following permissions: "
        "AUTHENTICATED_STAFF_USER, AUTHENTICATED_APP"
    )
    assert response.body["data"] is None


def test_channel_currencies_refused_to_customer(user_api_client):
    response = user_api_client.post_graphql(CHANNEL_CURRENCIES_QUERY)

    assert permission_denied(response)


def test_channel_currencies_for_staff(staff_api_client):
    ChannelFactory(currency_code="CNY")
    ChannelFactory(currency_code="NPR")
    ChannelFactory(currency_code="CNY")

    response = staff_api_client.post_graphql(CHANNEL_CURRENCIES_QUERY)

    assert response.data["shop"]["channelCurrencies"] == ["CNY", "NPR"]


def test_channel_currencies_for_app(app_api_client):
    ChannelFactory(currency_code="INR")

    response = app_api_client.post_graphql(CHANNEL_CURRENCIES_QUERY)

    assert response.data["shop"]["channelCurrencies"] == ["INR"]
