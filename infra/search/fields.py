"""SQLite FTS5 in the ORM: the hidden column named after an FTS5 table, and its MATCH lookup.

A searchable model reaches its FTS5 row through a reverse one-to-one `search_entry` to an
unmanaged model over the FTS5 table whose `fts` field is an `FtsTableField` with
db_column = the table's name. Filtering with `search_entry__fts__fts_match=…` makes an INNER
JOIN driven by the full-text index, and `bm25()` can then rank each row of the join.
"""

from django.db import models
from django.db.models import Lookup


class FtsTableField(models.TextField):
    """The hidden column of an FTS5 table that has the table's own name (used with MATCH)."""


@FtsTableField.register_lookup
class FtsMatch(Lookup):
    lookup_name = "fts_match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", (*lhs_params, *rhs_params)
