import pytest

from catalog.models import Division
from tests.conftest import ApiClient

QUERY = 'query { division(code: "540100") { nameEn } }'


@pytest.fixture
def public_cache_on(settings):
    from django.core.cache import caches

    settings.GRAPHQL_PUBLIC_CACHE_SECONDS = 30
    caches["graphql"].clear()
    yield
    caches["graphql"].clear()


def test_anonymous_repeat_is_answered_from_the_cache(
    api_client, public_cache_on, django_assert_num_queries
):
    first = api_client.post_graphql(QUERY)
    Division.objects.filter(code="540100").update(name_en="Changed")

    with django_assert_num_queries(0):
        second = api_client.post_graphql(QUERY)

    assert first.data == second.data == {"division": {"nameEn": "Lhasa City"}}


def test_different_variables_are_different_entries(api_client, public_cache_on):
    query = "query($code: String) { division(code: $code) { code } }"

    lhasa = api_client.post_graphql(query, {"code": "540100"})
    ngari = api_client.post_graphql(query, {"code": "542500"})

    assert (lhasa.data["division"]["code"], ngari.data["division"]["code"]) == ("540100", "542500")


def test_authenticated_callers_are_never_served_from_the_cache(
    api_client, user_api_client, public_cache_on
):
    api_client.post_graphql(QUERY)
    Division.objects.filter(code="540100").update(name_en="Changed")

    response = user_api_client.post_graphql(QUERY)

    assert response.data == {"division": {"nameEn": "Changed"}}


def test_private_root_fields_are_not_cached(api_client, public_cache_on):
    response = api_client.post_graphql("query { me { email } shop { name } }")
    from django.core.cache import caches

    assert response.data["me"] is None
    assert caches["graphql"]._cache == {}


def test_answers_with_errors_are_not_cached(api_client, public_cache_on):
    api_client.post_graphql('query { division(id: "bad") { code } }')
    from django.core.cache import caches

    assert caches["graphql"]._cache == {}


def test_cache_off_means_every_request_executes(api_client, settings):
    settings.GRAPHQL_PUBLIC_CACHE_SECONDS = 0
    ApiClient().post_graphql(QUERY)
    Division.objects.filter(code="540100").update(name_en="Changed")

    assert api_client.post_graphql(QUERY).data == {"division": {"nameEn": "Changed"}}
