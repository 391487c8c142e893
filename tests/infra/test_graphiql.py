def test_graphiql_page_served_when_enabled(client, settings):
    settings.GRAPHQL_PLAYGROUND_ENABLED = True

    response = client.get("/graphql/")

    assert response.status_code == 200
    assert b"graphiql" in response.content.lower()


def test_graphiql_page_hidden_in_production(client, settings):
    settings.GRAPHQL_PLAYGROUND_ENABLED = False

    response = client.get("/graphql/")

    assert response.status_code == 405


def test_home_and_health_pages(client, db):
    assert client.get("/").status_code == 200
    health = client.get("/health/").json()
    assert health["database"] == "ok"
