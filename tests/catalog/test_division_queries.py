from infra.ids import to_global_id

DIVISIONS_QUERY = """
query Divisions($first: Int, $last: Int, $after: String, $before: String, $level: DivisionLevelEnum, $parent: ID) {
  divisions(first: $first, last: $last, after: $after, before: $before, level: $level, parent: $parent) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id code level name nameEn parent { code } } }
  }
}
"""


def codes(response):
    return [edge["node"]["code"] for edge in response.data["divisions"]["edges"]]


def test_divisions_page_forward_with_cursors(api_client):
    first_page = api_client.post_graphql(DIVISIONS_QUERY, {"first": 3, "level": "PREFECTURE"})
    connection = first_page.data["divisions"]

    assert codes(first_page) == ["540100", "540200", "540300"]
    assert connection["totalCount"] == 7
    assert connection["pageInfo"]["hasNextPage"] is True
    assert connection["pageInfo"]["hasPreviousPage"] is False

    second_page = api_client.post_graphql(
        DIVISIONS_QUERY,
        {"first": 3, "level": "PREFECTURE", "after": connection["pageInfo"]["endCursor"]},
    )
    assert codes(second_page) == ["540400", "540500", "540600"]
    assert second_page.data["divisions"]["pageInfo"]["hasPreviousPage"] is True


def test_divisions_page_backward(api_client):
    response = api_client.post_graphql(DIVISIONS_QUERY, {"last": 2, "level": "PREFECTURE"})

    assert codes(response) == ["540600", "542500"]
    assert response.data["divisions"]["pageInfo"]["hasPreviousPage"] is True
    assert response.data["divisions"]["pageInfo"]["hasNextPage"] is False

    before = response.data["divisions"]["pageInfo"]["startCursor"]
    earlier = api_client.post_graphql(
        DIVISIONS_QUERY, {"last": 2, "level": "PREFECTURE", "before": before}
    )
    assert codes(earlier) == ["540400", "540500"]


def test_divisions_filtered_by_parent(api_client):
    ngari = api_client.post_graphql(
        'query { division(code: "542500") { id name(languageCode: EN) } }'
    ).data["division"]

    response = api_client.post_graphql(DIVISIONS_QUERY, {"first": 100, "parent": ngari["id"]})

    assert ngari["name"] == "Ngari Prefecture"
    assert len(codes(response)) == 7
    assert {edge["node"]["parent"]["code"] for edge in response.data["divisions"]["edges"]} == {
        "542500"
    }


def test_division_by_id_roundtrips_global_id(api_client):
    from catalog.models import Division

    lhasa = Division.objects.get(code="540100")
    response = api_client.post_graphql(
        "query($id: ID) { division(id: $id) { id code name } }",
        {"id": to_global_id("Division", lhasa.pk)},
    )

    assert response.data["division"] == {
        "id": to_global_id("Division", lhasa.pk),
        "code": "540100",
        "name": "拉萨市",
    }


def test_pagination_requires_first_or_last(api_client):
    response = api_client.post_graphql(DIVISIONS_QUERY, {})

    assert response.errors[0]["message"] == (
        "You must provide a `first` or `last` value to properly paginate the `divisions` connection."
    )


def test_pagination_refuses_more_than_100(api_client):
    response = api_client.post_graphql(DIVISIONS_QUERY, {"first": 101})

    assert response.errors[0]["message"] == (
        "Requesting 101 records on the `divisions` connection exceeds the `first` limit of 100 records."
    )


def test_first_and_last_cannot_be_combined(api_client):
    response = api_client.post_graphql(DIVISIONS_QUERY, {"first": 1, "last": 1})

    assert response.errors[0]["message"] == "Argument `last` cannot be combined with `first`."


def test_garbage_cursor_is_refused(api_client):
    response = api_client.post_graphql(DIVISIONS_QUERY, {"first": 1, "after": "not-a-cursor"})

    assert response.errors[0]["message"] == "Received cursor is invalid."


def test_wrong_type_of_id_is_refused(api_client):
    response = api_client.post_graphql(
        "query($id: ID) { division(id: $id) { code } }", {"id": to_global_id("Product", 1)}
    )

    assert response.errors[0]["message"] == (
        f"Invalid ID: {to_global_id('Product', 1)}. Expected: Division, received: Product."
    )


def test_division_list_costs_a_fixed_number_of_queries(api_client, django_assert_num_queries):
    # 1 page query (parent joined in) + 1 count, whatever the page size.
    with django_assert_num_queries(2):
        small = api_client.post_graphql(DIVISIONS_QUERY, {"first": 5, "level": "COUNTY"})
    with django_assert_num_queries(2):
        large = api_client.post_graphql(DIVISIONS_QUERY, {"first": 74, "level": "COUNTY"})

    assert len(codes(small)) == 5
    assert len(codes(large)) == 74
