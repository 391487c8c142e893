"""The search backend for a database connection, chosen by its vendor."""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections

from infra.search.backends.base import RANK, SearchBackend
from infra.search.backends.postgres import PostgresSearchBackend
from infra.search.backends.sqlite import SqliteSearchBackend

logger = logging.getLogger(__name__)

BACKENDS: dict[str, type[SearchBackend]] = {
    PostgresSearchBackend.vendor: PostgresSearchBackend,
    SqliteSearchBackend.vendor: SqliteSearchBackend,
}
_warned_elasticsearch = False


def get_search_backend(using: str = DEFAULT_DB_ALIAS) -> SearchBackend:
    """PostgreSQL full text + trigrams, or SQLite FTS5, following the database in use."""
    global _warned_elasticsearch
    if getattr(settings, "ELASTICSEARCH_URL", "") and not _warned_elasticsearch:
        _warned_elasticsearch = True
        logger.warning(
            "ELASTICSEARCH_URL is set but no Elasticsearch backend exists yet; "
            "searching the database instead."
        )
    vendor = connections[using].vendor
    try:
        return BACKENDS[vendor](using)
    except KeyError:
        raise ImproperlyConfigured(f"No search backend for database vendor {vendor!r}.") from None


__all__ = ["RANK", "SearchBackend", "get_search_backend"]
