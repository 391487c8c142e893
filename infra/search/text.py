"""Text preparation shared by every search backend, for documents and for queries alike.

Text is cut into runs by script:
- Chinese runs are segmented with jieba in search-engine mode (林芝松茸礼盒 → 林芝 松茸 礼盒),
  followed by the pinyin of each word, joined and by syllable (songrong, song rong), and by the
  run's characters one by one, adjacent, so that any substring can match as a phrase;
- Tibetan runs are split on tsheg and shad into syllables, kept adjacent for phrase matching;
- other runs (Latin, digits) are NFKC-normalised, case-folded and stripped of diacritics
  (Mêdog → medog); a naive singular is added (apples → apple).
`romanise` gives a piece's Latin words and joined pinyin, which typo matching reads, and
`prepare_query` shapes a query as terms that must all be found.

Every token is a run of letters, marks and digits only, so every backend can store the tokens
separated by spaces and split them back exactly (SQLite FTS5's unicode61 with categories
"L* N* Co M*", PostgreSQL tsvector literals).
"""

import logging
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

import jieba
from pypinyin import Style, pinyin
from pypinyin.constants import PHRASES_DICT

HAN = "han"
TIBETAN = "tibetan"
OTHER = "other"

TSHEG = {"\u0f0b", "\u0f0c"}
# A Chinese run up to this long also gets its whole pinyin joined (linzhisongronglihe).
MAX_PINYIN_RUN = 12

_tokenizer_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
# Preferred readings of single characters, used where pypinyin knows no phrase for the word;
# kept here rather than in pypinyin's global dictionary, which slug makers also read.
_readings: dict[str, str] = {}


def _jieba() -> jieba.Tokenizer:
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.initialize()
                _tokenizer = tokenizer
    return _tokenizer


def register_vocabulary(
    words: Iterable[str] = (), readings: Mapping[str, str] | None = None
) -> None:
    """Teach the segmenter domain words (县名, 特产) and preferred readings ({"藏": "zang"}).

    Call it before preparing any text, in every process, with the same arguments: documents
    and queries must be segmented with the same vocabulary.
    """
    tokenizer = _jieba()
    for word in words:
        if word:
            tokenizer.add_word(word, freq=None)
    _readings.update(readings or {})
    _prepare_piece.cache_clear()
    romanise.cache_clear()


# --- Scanning ------------------------------------------------------------------------------


def _is_han(char: str) -> bool:
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x3FFFF
    )


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def _script(char: str) -> str | None:
    if _is_han(char):
        return HAN
    if "\u0f00" <= char <= "\u0fff":
        return TIBETAN if (_is_word_char(char) or char in TSHEG) else None
    return OTHER if _is_word_char(char) else None


def scan(text: str) -> Iterator[tuple[str, str]]:
    """(script, run) pairs of `text`, NFKC-normalised; everything else separates runs."""
    text = unicodedata.normalize("NFKC", text or "")
    script: str | None = None
    start = 0
    for index, char in enumerate(text):
        current = _script(char)
        if current != script:
            if script is not None:
                yield script, text[start:index]
            script, start = current, index
    if script is not None:
        yield script, text[start:]


def fold(word: str) -> str:
    """Case-folded, without Latin diacritics: "Mêdog" → "medog"."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def singular(word: str) -> str | None:
    if len(word) > 3 and word.isascii() and word.isalpha() and word.endswith("s"):
        return None if word.endswith("ss") else word[:-1]
    return None


def tibetan_syllables(run: str) -> list[str]:
    return [syllable for syllable in _split_tsheg(run) if syllable]


def _split_tsheg(run: str) -> list[str]:
    for mark in TSHEG:
        run = run.replace(mark, " ")
    return run.split()


def pinyin_syllables(word: str) -> list[str]:
    syllables = [fold(r[0]) for r in pinyin(word, style=Style.NORMAL, errors="ignore")]
    if _readings and word not in PHRASES_DICT and len(syllables) == len(word):
        syllables = [
            _readings.get(char, syllable) for char, syllable in zip(word, syllables, strict=True)
        ]
    return syllables


def _alnum_parts(word: str) -> list[str]:
    """ "500g" → ["500", "g"]: letters and digits of a mixed token, for documents."""
    parts: list[str] = []
    for char in word:
        if parts and parts[-1][-1].isdigit() == char.isdigit():
            parts[-1] += char
        else:
            parts.append(char)
    return parts if len(parts) > 1 else []


# --- Documents -----------------------------------------------------------------------------


@lru_cache(maxsize=8192)
def _prepare_piece(text: str, code: bool) -> tuple[str, ...]:
    tokens: list[str] = []
    other_run: list[str] = []
    for script, run in scan(text):
        if script == HAN:
            tokens.extend(_han_document_tokens(run))
        elif script == TIBETAN:
            tokens.extend(tibetan_syllables(run))
        else:
            word = fold(run)
            other_run.append(word)
            tokens.append(word)
            tokens.extend(_alnum_parts(word))
            plain = singular(word)
            if plain:
                tokens.append(plain)
    if code and len(other_run) > 1:
        tokens.append("".join(other_run))
    return tuple(tokens)


def _han_document_tokens(run: str) -> list[str]:
    tokenizer = _jieba()
    words = [w for w in tokenizer.cut_for_search(run) if w.strip()]
    tokens = list(words)
    whole: list[str] = []
    for word in tokenizer.cut(run):
        syllables = pinyin_syllables(word)
        if not syllables:
            continue
        whole.extend(syllables)
        tokens.append("".join(syllables))
        if len(syllables) > 1:
            tokens.extend(syllables)
    if len(whole) > 1 and len(run) <= MAX_PINYIN_RUN and "".join(whole) not in tokens:
        tokens.append("".join(whole))
    if len(run) > 1:
        tokens.extend(run)  # the characters, adjacent: phrase queries match any substring
    return tokens


def document_tokens(text: str, *, code: bool = False) -> tuple[str, ...]:
    """The ordered tokens of one piece of a document.

    `code=True` (SKUs, references) adds the piece's Latin/digit runs joined: SKU-0001 → sku0001.
    """
    return _prepare_piece(text or "", code)


@lru_cache(maxsize=8192)
def romanise(text: str) -> tuple[str, ...]:
    """Latin words of a piece, Chinese words as joined pinyin: what typos are matched against.

    林芝松茸 Gift-box → ("linzhi", "songrong", "gift", "box"); Tibetan is left out.
    """
    words: list[str] = []
    for script, run in scan(text or ""):
        if script == HAN:
            words.extend(filter(None, ("".join(pinyin_syllables(w)) for w in _jieba().cut(run))))
        elif script == OTHER:
            words.append(fold(run))
    return tuple(words)


# --- Queries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Phrase:
    """Tokens that must appear adjacent and in order; `prefix` lets the last one be a prefix."""

    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Term:
    """One query word: the document must match one of its phrases, or, for a Latin word
    (`fuzzy`), a backend that forgives typos may match a word close to it."""

    phrases: tuple[Phrase, ...]
    fuzzy: str = ""


@dataclass(frozen=True)
class PreparedQuery:
    """A query as terms that must all match."""

    terms: tuple[Term, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)

    @property
    def fuzzy(self) -> str:
        """The query's Latin words, for typo matching and ranking."""
        return " ".join(term.fuzzy for term in self.terms if term.fuzzy)


def prepare_query(text: str) -> PreparedQuery:
    """The same preparation as documents, shaped as terms that must all be found.

    A Chinese word matches as itself or as the phrase of its characters; a Tibetan run as the
    phrase of its syllables; a Latin word as itself or its singular. The last word, when Latin
    or digits and not followed by a space, may be a prefix (search as you type).
    """
    terms: list[Term] = []
    for script, run in scan(text):
        if script == HAN:
            for word in _jieba().cut(run):
                if not word.strip():
                    continue
                phrases = [Phrase((word,))]
                if len(word) > 1:
                    phrases.append(Phrase(tuple(word)))
                terms.append(Term(tuple(phrases)))
        elif script == TIBETAN:
            syllables = tibetan_syllables(run)
            if syllables:
                terms.append(Term((Phrase(tuple(syllables)),)))
        else:
            word = fold(run)
            phrases = [Phrase((word,))]
            plain = singular(word)
            if plain:
                phrases.append(Phrase((plain,)))
            terms.append(Term(tuple(phrases), fuzzy=word))
    terms = _unique(terms)
    if terms and text and not text[-1].isspace():
        last = terms[-1]
        if len(last.phrases[0].tokens) == 1 and _prefixable(last.phrases[0].tokens[0]):
            prefixed = tuple(Phrase(p.tokens, prefix=True) for p in last.phrases)
            terms[-1] = Term(prefixed, fuzzy=last.fuzzy)
    return PreparedQuery(terms=tuple(terms))


def _prefixable(token: str) -> bool:
    return len(token) >= 2 and not any(_is_han(c) or "\u0f00" <= c <= "\u0fff" for c in token)


def _unique(terms: list[Term]) -> list[Term]:
    seen: set[Term] = set()
    unique = []
    for term in terms:
        if term not in seen:
            seen.add(term)
            unique.append(term)
    return unique
