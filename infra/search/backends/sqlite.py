"""SQLite: an FTS5 table beside the model's table, one row per indexed row (rowid = pk).

The model reaches its row through `search_entry` (see infra.search.fields).

Columns a, b, c hold the weights' tokens; the unicode61 tokenizer with categories
"L* N* Co M*" splits them back exactly (Tibetan vowel signs are marks, so marks must count
as word characters). The rank is -bm25 with column weights 10 / 4 / 2, so a name match ranks
above a description match. A trigger made by the migration drops a row's entry with the row.
"""

from collections.abc import Mapping

from django.db import connections
from django.db.models import F, FloatField, Func, Model, QuerySet

from infra.search.backends.base import RANK, SearchBackend, column
from infra.search.document import SearchDocument
from infra.search.text import PreparedQuery

TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* N* Co M*'"
COLUMN_WEIGHTS = (10.0, 4.0, 2.0)
ENTRY = "search_entry"  # the model's reverse one-to-one to its FTS5 row (infra.search.fields)


def fts_table(db_table: str) -> str:
    return f"{db_table}_fts"


def create_sql(db_table: str, pk_column: str = "id") -> list[str]:
    table = fts_table(db_table)
    return [
        f'CREATE VIRTUAL TABLE "{table}" USING fts5(a, b, c, tokenize = "{TOKENIZER}")',
        f'CREATE TRIGGER "{table}_delete" AFTER DELETE ON "{db_table}" BEGIN '  # noqa: S608
        f'DELETE FROM "{table}" WHERE rowid = old."{pk_column}"; END',
    ]


def drop_sql(db_table: str) -> list[str]:
    table = fts_table(db_table)
    return [f'DROP TRIGGER IF EXISTS "{table}_delete"', f'DROP TABLE IF EXISTS "{table}"']


def fts_phrase(tokens: tuple[str, ...], prefix: bool) -> str:
    quoted = '"' + " ".join(tokens).replace('"', '""') + '"'
    return f"{quoted}*" if prefix else quoted


def fts_match(query: PreparedQuery) -> str:
    return " AND ".join(
        "(" + " OR ".join(fts_phrase(p.tokens, p.prefix) for p in term.phrases) + ")"
        for term in query.terms
    )


class _Bm25(Func):
    """-bm25(<fts hidden column>, weights…): higher is better, as `search_rank` promises."""

    template = "(-bm25(%(expressions)s, " + ", ".join(map(str, COLUMN_WEIGHTS)) + "))"
    output_field = FloatField()


class SqliteSearchBackend(SearchBackend):
    vendor = "sqlite"

    def index(self, model: type[Model], documents: Mapping[int, SearchDocument]) -> None:
        # Identifiers come from the model's meta, values are parameters.
        table = model._meta.db_table
        fts = fts_table(table)
        items = sorted(documents.items())
        if not items:
            return
        document, pk_column = column(model, "search_document"), model._meta.pk.column
        with connections[self.using].cursor() as cursor:
            cursor.executemany(
                f'UPDATE "{table}" SET "{document}" = %s WHERE "{pk_column}" = %s',  # noqa: S608
                [(doc.text, pk) for pk, doc in items],
            )
            cursor.executemany(
                f'DELETE FROM "{fts}" WHERE rowid = %s',  # noqa: S608
                [(pk,) for pk, _ in items],
            )
            cursor.executemany(
                f'INSERT INTO "{fts}" (rowid, a, b, c) VALUES (%s, %s, %s, %s)',  # noqa: S608
                [(pk, " ".join(doc.a), " ".join(doc.b), " ".join(doc.c)) for pk, doc in items],
            )

    def match(self, queryset: QuerySet, query: PreparedQuery) -> QuerySet:
        # An INNER JOIN on the FTS5 table: SQLite runs the MATCH first, then fetches each
        # matching row by primary key, and bm25() ranks each joined row.
        return queryset.filter(**{f"{ENTRY}__fts__fts_match": fts_match(query)}).annotate(
            **{RANK: _Bm25(F(f"{ENTRY}__fts"))}
        )
