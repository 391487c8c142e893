"""Slugs from names: Chinese transliterated to pinyin, then made unique with -2, -3 …

"林芝松茸" -> "lin-zhi-song-rong"; a second product of that name gets "lin-zhi-song-rong-2".
"""

import re
import unicodedata
from collections.abc import Collection

from django.db.models import Model
from pypinyin import lazy_pinyin

_NOT_SLUG = re.compile(r"[^a-z0-9\s-]")
_SEPARATORS = re.compile(r"[-\s]+")
_SUFFIX = re.compile(r"^-(\d+)$")


def slugify_name(name: str, *, max_length: int = 255) -> str:
    """An ASCII slug for a name in any of our languages; "" when nothing is transliterable.

    Han characters become pinyin syllables (one per character), Latin letters lose their
    accents, and what cannot be transliterated (e.g. Tibetan script) is dropped.
    """
    words = " ".join(lazy_pinyin(name or ""))
    ascii_text = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    cleaned = _NOT_SLUG.sub("", ascii_text.lower())
    slug = _SEPARATORS.sub("-", cleaned).strip("-_")
    return slug[:max_length].rstrip("-")


def unique_slug(
    *,
    model: type[Model],
    name: str,
    exclude_pk: object = None,
    reserved: Collection[str] = (),
    fallback: str = "item",
    field: str = "slug",
) -> str:
    """A slug for `name` not used by another row of `model` nor in `reserved`.

    `reserved` holds slugs handed out earlier in the same operation (bulk creation) but not
    saved yet. Uniqueness is finally guaranteed by the database constraint.
    """
    max_length = model._meta.get_field(field).max_length or 255
    base = slugify_name(name, max_length=max_length - 8) or fallback
    rows = model._default_manager.filter(**{f"{field}__startswith": base})
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    taken = set(rows.values_list(field, flat=True)) | set(reserved)
    if base not in taken:
        return base
    suffixes = [int(m.group(1)) for s in taken if (m := _SUFFIX.match(s[len(base) :]))]
    return f"{base}-{max([1, *suffixes]) + 1}"
