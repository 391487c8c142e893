"""What every search backend does: index documents of a model's rows, and search a queryset.

A searchable model has a `search_document` text column (its romanised names, for typos) and,
for PostgreSQL, a `search_vector` column; the migration adds the backend's index structures
with `infra.search.operations.CreateSearchIndex`.
"""

from abc import ABC, abstractmethod
from collections.abc import Mapping

from django.db import DEFAULT_DB_ALIAS
from django.db.models import FloatField, Model, QuerySet, Value

from infra.search.document import SearchDocument
from infra.search.text import PreparedQuery, prepare_query

RANK = "search_rank"


class SearchBackend(ABC):
    vendor: str

    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        self.using = using

    @abstractmethod
    def index(self, model: type[Model], documents: Mapping[int, SearchDocument]) -> None:
        """Store the documents of the rows with these primary keys, replacing older ones."""

    @abstractmethod
    def match(self, queryset: QuerySet, query: PreparedQuery) -> QuerySet:
        """Rows matching every term of a non-empty query, annotated with `search_rank`."""

    def search(self, queryset: QuerySet, text: str) -> QuerySet:
        """Rows matching `text`, annotated with `search_rank` (higher is better).

        Blank text filters nothing (every rank 0); text without any word matches nothing.
        """
        if not text or not text.strip():
            return queryset.annotate(**{RANK: Value(0.0, output_field=FloatField())})
        query = prepare_query(text)
        if not query:
            return queryset.annotate(**{RANK: Value(0.0, output_field=FloatField())}).none()
        return self.match(queryset, query)


def column(model: type[Model], field_name: str) -> str:
    return model._meta.get_field(field_name).column
