"""Product search for the `products(search: …)` query and its RANK sort."""

from django.db.models import QuerySet

from catalog.models import Product
from catalog.search_document import ensure_search_vocabulary
from infra.search.backends import RANK, get_search_backend

SEARCH_RANK = RANK


def search_products(queryset: QuerySet[Product], text: str) -> QuerySet[Product]:
    """`queryset` narrowed to products matching `text`, annotated with `search_rank`.

    Matches names, SKUs, variant names, descriptions, category, attribute values and origin,
    in Chinese (words, any substring), pinyin (songrong, song rong), Tibetan and English; the
    last Latin word may be a prefix. Higher rank is better: a name match ranks above a
    category or attribute match, which ranks above a description match. Blank text keeps
    every product (rank 0). One SQL query, composable with further filters and ordering.
    """
    ensure_search_vocabulary()
    return get_search_backend(queryset.db).search(queryset, text)
