"""PostgreSQL: a weighted tsvector column (GIN) for full text, pg_trgm on the document for typos.

Tokens are prepared in Python (infra.search.text), so vectors and queries are written as
tsvector/tsquery literals: PostgreSQL's parser never re-splits Chinese or Tibetan.
A row matches when its vector matches every query term. Only when no row does (one EXISTS
query) are typos forgiven: each term must then match the vector or, for a Latin word, be
similar to a whole word of the romanised names (`search_document`; pg_trgm `%>>`, threshold
pg_trgm.strict_word_similarity_threshold, 0.5 by default): a missing or extra letter in
English or pinyin. The non-strict `%>` matches word fragments: far too loose.
The rank is ts_rank (weights A 1.0, B 0.4, C 0.2), plus a tenth of the strict word
similarity for typo matches.
"""

from collections.abc import Mapping

from django.db import connections
from django.db.models import BooleanField, F, FloatField, Func, Model, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce

from infra.search.backends.base import RANK, SearchBackend, column
from infra.search.document import SearchDocument
from infra.search.text import PreparedQuery, Term

MAX_POSITION = 16383  # PostgreSQL's limit on a lexeme position
MAX_POSITIONS_PER_LEXEME = 256
MAX_LEXEME_BYTES = 2046
TRIGRAM_SHARE = 0.1


def quote(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(document: SearchDocument) -> str:
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, tokens in document.by_weight().items():
        for token in tokens:
            if position >= MAX_POSITION:
                break
            position += 1
            if len(token.encode()) > MAX_LEXEME_BYTES:
                continue
            entries = positions.setdefault(token, [])
            if len(entries) < MAX_POSITIONS_PER_LEXEME:
                entries.append(f"{position}{weight}")
    return " ".join(f"{quote(token)}:{','.join(entries)}" for token, entries in positions.items())


def term_literal(term: Term) -> str:
    alternatives = []
    for phrase in term.phrases:
        parts = [quote(token) for token in phrase.tokens]
        if phrase.prefix:
            parts[-1] += ":*"
        alternatives.append(" <-> ".join(parts))
    return "(" + " | ".join(alternatives) + ")"


def tsquery_literal(query: PreparedQuery, *, any_term: bool = False) -> str:
    """Every term (&), or with any_term any of them (|), as a tsquery literal."""
    return (" | " if any_term else " & ").join(term_literal(term) for term in query.terms)


class _TsQuery(Func):
    template = "CAST(%(expressions)s AS tsquery)"
    output_field = BooleanField()  # never read; only compared with @@


class _Matches(Func):
    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


class _TsRank(Func):
    function = "ts_rank"
    output_field = FloatField()


class _WordSimilar(Func):
    """document %>> query: the query is similar to whole words of the document (GIN trigram)."""

    template = "(%(expressions)s)"
    arg_joiner = " %%>> "
    output_field = BooleanField()


class _WordSimilarity(Func):
    function = "strict_word_similarity"
    output_field = FloatField()


class PostgresSearchBackend(SearchBackend):
    vendor = "postgresql"

    def index(self, model: type[Model], documents: Mapping[int, SearchDocument]) -> None:
        # Identifiers come from the model's meta, values are parameters.
        table = model._meta.db_table
        document, vector = column(model, "search_document"), column(model, "search_vector")
        sql = (
            f'UPDATE "{table}" SET "{document}" = %s, "{vector}" = CAST(%s AS tsvector) '  # noqa: S608
            f'WHERE "{model._meta.pk.column}" = %s'
        )
        rows = [(doc.text, tsvector_literal(doc), pk) for pk, doc in sorted(documents.items())]
        if rows:
            with connections[self.using].cursor() as cursor:
                cursor.executemany(sql, rows)

    def match(self, queryset: QuerySet, query: PreparedQuery) -> QuerySet:
        every_term = _TsQuery(Value(tsquery_literal(query)))
        exact = queryset.filter(_Matches(F("search_vector"), every_term))
        # Typos are forgiven only when nothing matches exactly: the trigram scan rechecks
        # many rows (pinyin shares trigrams), a GIN lookup of the vector checks none.
        if not query.fuzzy or exact.exists():
            rank = Coalesce(_TsRank(F("search_vector"), every_term), Value(0.0))
            return exact.annotate(**{RANK: Cast(rank, FloatField())})
        # Each term must match the vector, or (Latin words) be close to a romanised name:
        # "yak buter" finds "Yak butter", but "yak meat" does not find every "meat".
        matches = Q()
        for term in query.terms:
            term_matches = Q(_Matches(F("search_vector"), _TsQuery(Value(term_literal(term)))))
            if term.fuzzy:
                term_matches |= Q(_WordSimilar(F("search_document"), Value(term.fuzzy)))
            matches &= term_matches
        any_term = _TsQuery(Value(tsquery_literal(query, any_term=True)))
        rank = Coalesce(_TsRank(F("search_vector"), any_term), Value(0.0))
        rank += _WordSimilarity(Value(query.fuzzy), F("search_document")) * Value(TRIGRAM_SHARE)
        # double precision: ts_rank is a real, which psycopg rounds when it reads it, and a
        # keyset cursor must compare equal to the value it came from.
        return queryset.filter(matches).annotate(**{RANK: Cast(rank, FloatField())})
