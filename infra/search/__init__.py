"""Full-text search behind one interface: `get_search_backend().search(queryset, text)`.

Text preparation (Chinese words, pinyin, Tibetan syllables, English) lives in
`infra.search.text` and is shared by every backend; documents are built with
`infra.search.document.SearchDocumentBuilder`.
"""
