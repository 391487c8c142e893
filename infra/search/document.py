"""A searchable row's document: prepared tokens in three weights, as every backend indexes them.

A: what the thing is called (names in every language, SKUs); B: how it is classified (category,
attribute values, origin); C: what it says (descriptions). A match in A ranks above B above C.
"""

from dataclasses import dataclass, field

from infra.search.text import document_tokens, romanise

WEIGHTS = ("A", "B", "C")
FUZZY_WEIGHTS = ("A", "B")  # descriptions are left out of typo matching: too much noise
# Long descriptions are cut: PostgreSQL positions stop at 16383 and ranking gains nothing.
MAX_TOKENS = {"A": 2000, "B": 4000, "C": 8000}


@dataclass(frozen=True)
class SearchDocument:
    a: tuple[str, ...] = ()
    b: tuple[str, ...] = ()
    c: tuple[str, ...] = ()
    fuzzy: tuple[str, ...] = ()

    def by_weight(self) -> dict[str, tuple[str, ...]]:
        return {"A": self.a, "B": self.b, "C": self.c}

    @property
    def text(self) -> str:
        """The romanised names, space-separated: the `search_document` column, which typo
        matching (PostgreSQL trigrams) reads. The full tokens live in the backend's index."""
        return " ".join(self.fuzzy)


@dataclass
class SearchDocumentBuilder:
    """Collects pieces of text by weight; the same piece twice in one weight counts once."""

    _pieces: dict[str, dict[tuple[str, bool], None]] = field(
        default_factory=lambda: {weight: {} for weight in WEIGHTS}
    )

    def add(self, text: str | None, *, weight: str, code: bool = False) -> "SearchDocumentBuilder":
        if weight not in WEIGHTS:
            raise ValueError(f"Unknown search weight {weight!r}; use one of {WEIGHTS}.")
        if text and text.strip():
            self._pieces[weight][(text.strip(), code)] = None
        return self

    def build(self) -> SearchDocument:
        tokens: dict[str, tuple[str, ...]] = {}
        fuzzy: dict[str, None] = {}
        for weight, pieces in self._pieces.items():
            collected: list[str] = []
            for text, code in pieces:
                collected.extend(document_tokens(text, code=code))
                if weight in FUZZY_WEIGHTS:
                    fuzzy.update(dict.fromkeys(romanise(text)))
            tokens[weight] = tuple(collected[: MAX_TOKENS[weight]])
        return SearchDocument(a=tokens["A"], b=tokens["B"], c=tokens["C"], fuzzy=tuple(fuzzy))
