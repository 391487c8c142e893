"""What each database's search backend adds: FTS5 on SQLite, tsvector + pg_trgm on PostgreSQL."""

import pytest
from django.conf import settings
from django.db import connection

from catalog.models import Product, ProductSearchEntry
from catalog.selectors.search import search_products
from infra.search.backends import get_search_backend
from infra.search.backends.postgres import PostgresSearchBackend
from infra.search.backends.sqlite import SqliteSearchBackend, fts_table
from tests.factories.search import searchable_product

pytestmark = pytest.mark.django_db

ENGINE = settings.DATABASES["default"]["ENGINE"]
needs_postgres = pytest.mark.skipif(
    "postgresql" not in ENGINE, reason="needs PostgreSQL (DATABASE_URL)"
)
only_sqlite = pytest.mark.skipif("sqlite" not in ENGINE, reason="SQLite's FTS5 backend")


def found(text: str) -> list[str]:
    return list(
        search_products(Product.objects.all(), text)
        .order_by("-search_rank", "pk")
        .values_list("name", flat=True)
    )


def fetch(sql: str, params=()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def test_backend_follows_the_database_vendor():
    expected = PostgresSearchBackend if connection.vendor == "postgresql" else SqliteSearchBackend

    assert type(get_search_backend()) is expected


def test_the_orm_sees_the_fts5_table_the_backend_writes():
    assert ProductSearchEntry._meta.db_table == fts_table(Product._meta.db_table)
    assert ProductSearchEntry._meta.get_field("fts").column == fts_table(Product._meta.db_table)
    assert ProductSearchEntry._meta.managed is False


@only_sqlite
def test_sqlite_keeps_documents_in_an_fts5_table():
    product = searchable_product("林芝松茸", translations={"en": "Nyingchi matsutake"})

    rows = fetch('SELECT rowid, a FROM "catalog_product_fts"')

    assert rows == [
        (
            product.pk,
            "林芝 松茸 linzhi lin zhi songrong song rong linzhisongrong 林 芝 松 茸 "
            "nyingchi matsutake",
        )
    ]


@only_sqlite
def test_sqlite_entry_goes_with_its_product():
    keep = searchable_product("米林松茸")
    gone = searchable_product("林芝松茸")

    gone.delete()

    assert fetch('SELECT rowid FROM "catalog_product_fts"') == [(keep.pk,)]


@pytest.mark.postgres
@needs_postgres
def test_postgres_has_pg_trgm_and_gin_indexes():
    extensions = fetch("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
    indexes = fetch(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'catalog_product' "
        "AND indexname IN (%s, %s) ORDER BY indexname",
        ["catalog_product_search_document_trgm", "catalog_product_search_vector_gin"],
    )

    assert extensions == [("pg_trgm",)]
    assert [(name, "USING gin" in definition) for name, definition in indexes] == [
        ("catalog_product_search_document_trgm", True),
        ("catalog_product_search_vector_gin", True),
    ]
    assert "gin_trgm_ops" in indexes[0][1]


@pytest.mark.postgres
@needs_postgres
def test_postgres_vector_is_weighted():
    product = searchable_product("松茸", description="林芝")

    vector = fetch("SELECT search_vector::text FROM catalog_product WHERE id = %s", [product.pk])

    lexemes = dict(item.rsplit(":", 1) for item in vector[0][0].split(" "))
    assert lexemes["'松茸'"] == "1A"
    assert lexemes["'songrong'"] == "2A"
    assert lexemes["'林芝'"].endswith("C")


@pytest.mark.postgres
@needs_postgres
def test_postgres_trigrams_forgive_typos_when_nothing_matches_exactly():
    searchable_product("酥油", translations={"en": "Yak butter"})
    searchable_product("甜茶", translations={"en": "Sweet tea"})

    assert found("yak buter ") == ["酥油"]
    assert found("swet tea ") == ["甜茶"]
    assert found("yak swet") == []  # every word must be found, exactly or nearly


@pytest.mark.postgres
@needs_postgres
def test_postgres_exact_matches_leave_typo_matching_out():
    searchable_product("酥油", translations={"en": "Yak butter"})
    searchable_product("酥油茶", translations={"en": "Yak buter tea"})  # misspelt on purpose

    assert found("yak buter ") == ["酥油茶"]


@pytest.mark.postgres
@needs_postgres
def test_postgres_search_can_use_both_gin_indexes():
    searchable_product("林芝松茸")
    queryset = search_products(Product.objects.all(), "songrnog").order_by()  # no exact match

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()

    assert "catalog_product_search_vector_gin" in plan
    assert "catalog_product_search_document_trgm" in plan
