"""Input helpers of the product write services."""

from catalog.editorjs import editorjs_plaintext
from catalog.services.product_inputs import duplicated


def test_editorjs_plaintext_reads_text_and_list_items():
    document = {
        "blocks": [
            {"type": "header", "data": {"text": "<b>林芝</b>松茸"}},
            {"type": "list", "data": {"items": ["野生", {"content": "冷链"}]}},
            {"type": "image", "data": {"url": "x.png"}},
        ]
    }

    assert editorjs_plaintext(document) == "林芝松茸 野生 冷链"


def test_editorjs_plaintext_of_nothing():
    assert editorjs_plaintext(None) == ""
    assert editorjs_plaintext({"blocks": ["junk"]}) == ""


def test_duplicated_keeps_first_seen_order():
    assert duplicated(["b", "a", "b", "c", "a", "b"]) == ["b", "a"]
