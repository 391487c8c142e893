import pytest

from tests.conftest import ApiClient


def nested_division_query(depth: int) -> str:
    inner = "code"
    for _ in range(depth):
        inner = f"parent {{ {inner} }}"
    return f'query Deep {{ division(code: "540102") {{ {inner} }} }}'


def test_query_deeper_than_the_limit_is_refused_before_execution(
    api_client: ApiClient, settings, django_assert_num_queries
):
    settings.GRAPHQL_QUERY_MAX_DEPTH = 5

    with django_assert_num_queries(0):
        response = api_client.post_graphql(nested_division_query(8))

    assert response.status_code == 400
    assert response.body.get("data") is None
    assert response.errors[0]["message"] == (
        "The query exceeds the maximum depth of 5. Operation 'Deep' has depth 10."
    )
    assert response.errors[0]["extensions"]["exception"]["code"] == "QueryDepthError"


def test_depth_counts_through_fragments(api_client: ApiClient, settings):
    settings.GRAPHQL_QUERY_MAX_DEPTH = 3
    query = """
    query Sneaky { division(code: "540102") { ...P } }
    fragment P on Division { parent { parent { parent { code } } } }
    """

    response = api_client.post_graphql(query)

    assert response.status_code == 400
    assert "maximum depth of 3" in response.errors[0]["message"]


def test_query_within_depth_runs(api_client: ApiClient):
    response = api_client.post_graphql(nested_division_query(2))

    assert response.data["division"]["parent"]["parent"]["code"] == "540000"


def test_query_over_the_cost_limit_is_refused_with_saleor_message(
    api_client: ApiClient, settings, django_assert_num_queries
):
    settings.GRAPHQL_QUERY_MAX_COMPLEXITY = 100
    query = """
    query Costly($first: Int) {
      a: divisions(first: $first) { edges { node { code } } }
      b: divisions(first: $first) { edges { node { code } } }
    }
    """

    with django_assert_num_queries(0):
        response = api_client.post_graphql(query, {"first": 60})

    cost = response.body["extensions"]["cost"]
    assert response.status_code == 400
    assert cost["maximumAvailable"] == 100
    assert cost["requestedQueryCost"] > 100
    assert response.errors[0]["message"] == (
        f"The query exceeds the maximum cost of 100. Actual cost is {cost['requestedQueryCost']}"
    )
    assert response.errors[0]["extensions"]["exception"]["code"] == "QueryCostError"


def test_cost_grows_with_page_size(api_client: ApiClient):
    query = "query($first: Int) { divisions(first: $first) { edges { node { code } } } }"

    small = api_client.post_graphql(query, {"first": 2}).body["extensions"]["cost"]
    large = api_client.post_graphql(query, {"first": 50}).body["extensions"]["cost"]

    assert large["requestedQueryCost"] > small["requestedQueryCost"]


@pytest.mark.parametrize(
    "body, message",
    [
        ("{not json", "Unable to parse query."),
        ('{"variables": {}}', "Must provide a query string."),
    ],
)
def test_malformed_requests_get_clear_errors(api_client: ApiClient, body, message):
    response = api_client.client.post("/graphql/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == message


def test_syntax_error_is_reported_with_location(api_client: ApiClient):
    response = api_client.post_graphql("query { shop { name }")

    assert response.status_code == 400
    assert response.errors[0]["message"].startswith("Syntax Error")
    assert response.errors[0]["locations"]


def test_batched_operations_each_get_an_answer(api_client: ApiClient):
    import json

    response = api_client.client.post(
        "/graphql/",
        json.dumps(
            [{"query": "{ shop { name } }"}, {"query": '{ division(code: "540100") { code } }'}]
        ),
        content_type="application/json",
    )

    bodies = response.json()
    assert [list(body["data"]) for body in bodies] == [["shop"], ["division"]]


def test_cost_is_measured_once_per_query_and_variables(api_client: ApiClient, settings):
    from infra.graphql import view

    query = "query($first: Int) { divisions(first: $first) { edges { node { code } } } }"
    view._cost_of.cache_clear()
    costs = [
        api_client.post_graphql(query, {"first": first}).body["extensions"]["cost"]
        for first in (2, 50, 2, 50)
    ]
    assert costs[0] == costs[2] and costs[1] == costs[3] != costs[0]
    assert view._cost_of.cache_info().hits == 2

    settings.GRAPHQL_QUERY_MAX_COMPLEXITY = 10  # the limit is part of the key
    refused = api_client.post_graphql(query, {"first": 50})
    assert refused.status_code == 400
    assert refused.body["extensions"]["cost"]["maximumAvailable"] == 10
