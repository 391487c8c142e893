"""Plain text of EditorJS documents (descriptions, rich-text attribute values)."""

import html
import re
from collections.abc import Mapping
from typing import Any

from django.utils.html import strip_tags


def editorjs_plaintext(document: Any) -> str:
    """The text of an EditorJS document: blocks' text and list items, tags stripped,
    entities decoded, white space folded (Saleor's `clean_editor_js(..., to_string=True)`)."""
    if not isinstance(document, Mapping):
        return ""
    texts: list[str] = []
    for block in document.get("blocks") or ():
        data = (block.get("data") or {}) if isinstance(block, Mapping) else {}
        if isinstance(data.get("text"), str):
            texts.append(data["text"])
        for item in data.get("items") or ():
            content = item.get("content") if isinstance(item, Mapping) else item
            if isinstance(content, str):
                texts.append(content)
    text = html.unescape(strip_tags(" ".join(texts)))
    return re.sub(r"\s+", " ", text).strip()
