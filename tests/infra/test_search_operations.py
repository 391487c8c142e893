"""CreateSearchIndex: each database gets its own structures, and loses them when reversed."""

import pytest
from django.db import connection

from infra.search.operations import CreateSearchIndex

pytestmark = pytest.mark.django_db


def fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def structures(table: str) -> list[str]:
    if connection.vendor == "postgresql":
        rows = fetch("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
    else:
        rows = fetch("SELECT name FROM sqlite_master WHERE name LIKE %s", [f"{table}_fts%"])
    return sorted(name for (name,) in rows)


def test_create_search_index_forwards_and_backwards():
    vector_type = "tsvector" if connection.vendor == "postgresql" else "text"
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE search_probe (id integer PRIMARY KEY, search_document text NOT NULL, "
            f"search_vector {vector_type} NULL)"
        )
    operation = CreateSearchIndex("search_probe")
    # Not entered as a context: SQLite's editor refuses to start inside the test's transaction,
    # and both databases roll this DDL back with the test.
    editor = connection.schema_editor(atomic=False)

    operation.database_forwards("probe", editor, None, None)
    created = structures("search_probe")
    operation.database_backwards("probe", editor, None, None)
    remaining = structures("search_probe")

    if connection.vendor == "postgresql":
        assert created == [
            "search_probe_pkey",
            "search_probe_search_document_trgm",
            "search_probe_search_vector_gin",
        ]
        assert remaining == ["search_probe_pkey"]
    else:
        assert created == [
            "search_probe_fts",
            "search_probe_fts_config",
            "search_probe_fts_content",
            "search_probe_fts_data",
            "search_probe_fts_delete",
            "search_probe_fts_docsize",
            "search_probe_fts_idx",
        ]
        assert remaining == []


def test_create_search_index_describes_and_deconstructs():
    operation = CreateSearchIndex("catalog_product")

    assert operation.describe() == "Create the search index structures of catalog_product"
    assert operation.deconstruct() == ("CreateSearchIndex", ["catalog_product"], {})
    assert operation.reversible is True
