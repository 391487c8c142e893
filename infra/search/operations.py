"""A migration operation creating a model's search index structures for the database in use.

PostgreSQL: GIN indexes on `search_vector` and on `search_document` (gin_trgm_ops; the
pg_trgm extension must exist first: put `TrigramExtension()` before this operation).
SQLite: the FTS5 table and its delete trigger. Other databases: nothing.
"""

from django.db.migrations.operations.base import Operation

from infra.search.backends import sqlite


def postgres_create_sql(db_table: str) -> list[str]:
    return [
        f'CREATE INDEX IF NOT EXISTS "{db_table}_search_vector_gin" '
        f'ON "{db_table}" USING gin ("search_vector")',
        f'CREATE INDEX IF NOT EXISTS "{db_table}_search_document_trgm" '
        f'ON "{db_table}" USING gin ("search_document" gin_trgm_ops)',
    ]


def postgres_drop_sql(db_table: str) -> list[str]:
    return [
        f'DROP INDEX IF EXISTS "{db_table}_search_vector_gin"',
        f'DROP INDEX IF EXISTS "{db_table}_search_document_trgm"',
    ]


class CreateSearchIndex(Operation):
    reversible = True

    def __init__(self, db_table: str, pk_column: str = "id"):
        self.db_table = db_table
        self.pk_column = pk_column

    def deconstruct(self):
        return (
            self.__class__.__name__,
            [self.db_table],
            {} if self.pk_column == "id" else {"pk_column": self.pk_column},
        )

    def state_forwards(self, app_label, state):
        pass

    def _run(self, schema_editor, statements: dict[str, list[str]]) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        self._run(
            schema_editor,
            {
                "postgresql": postgres_create_sql(self.db_table),
                "sqlite": sqlite.create_sql(self.db_table, self.pk_column),
            },
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        self._run(
            schema_editor,
            {
                "postgresql": postgres_drop_sql(self.db_table),
                "sqlite": sqlite.drop_sql(self.db_table),
            },
        )

    def describe(self) -> str:
        return f"Create the search index structures of {self.db_table}"

    @property
    def migration_name_fragment(self) -> str:
        return f"search_index_{self.db_table}"
