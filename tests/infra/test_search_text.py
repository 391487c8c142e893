"""Text preparation shared by the search backends: no database needed."""

import pytest

from infra.search.backends.postgres import tsquery_literal, tsvector_literal
from infra.search.backends.sqlite import fts_match
from infra.search.document import SearchDocument, SearchDocumentBuilder
from infra.search.text import Phrase, Term, document_tokens, prepare_query, scan


def test_chinese_is_segmented_in_search_mode_with_pinyin_and_characters():
    tokens = document_tokens("林芝松茸礼盒")

    assert tokens == (
        "林芝", "松茸", "礼盒",
        "linzhi", "lin", "zhi", "songrong", "song", "rong", "lihe", "li", "he",
        "linzhisongronglihe",
        "林", "芝", "松", "茸", "礼", "盒",
    )  # fmt: skip


def test_search_mode_adds_the_shorter_words_of_a_long_word():
    tokens = document_tokens("中华人民共和国")

    assert {"中华", "人民", "共和国", "中华人民共和国"} <= set(tokens)


def test_tibetan_is_split_into_syllables_on_tsheg_and_shad():
    assert document_tokens("ཉིང་ཁྲི་གྲོང་ཁྱེར།") == ("ཉིང", "ཁྲི", "གྲོང", "ཁྱེར")


def test_tibetan_vowel_signs_stay_inside_their_syllable():
    assert document_tokens("མེ་ཏོག་རྫོང") == ("མེ", "ཏོག", "རྫོང")


def test_english_is_folded_without_diacritics_with_a_naive_singular():
    assert document_tokens("Mêdog Soapstone POTS") == (
        "medog", "soapstone", "pots", "pot",
    )  # fmt: skip


def test_fullwidth_text_is_normalised():
    assert document_tokens("ＡＢＣ１２３") == ("abc123", "abc", "123")


def test_codes_also_index_their_parts_joined():
    assert document_tokens("SKU-LZ-0001", code=True) == ("sku", "lz", "0001", "skulz0001")


def test_scan_splits_runs_by_script():
    assert list(scan("林芝apple 500g།བཀྲ་ཤིས")) == [
        ("han", "林芝"),
        ("other", "apple"),
        ("other", "500g"),
        ("tibetan", "བཀྲ་ཤིས"),
    ]


def test_chinese_query_word_matches_as_word_or_as_phrase_of_its_characters():
    query = prepare_query("松茸")

    assert query.terms == (Term((Phrase(("松茸",)), Phrase(("松", "茸")))),)


def test_last_latin_query_word_is_a_prefix_unless_followed_by_a_space():
    assert prepare_query("song rong").terms == (
        Term((Phrase(("song",)),), fuzzy="song"),
        Term((Phrase(("rong",), prefix=True),), fuzzy="rong"),
    )
    assert prepare_query("song rong ").terms[-1] == Term((Phrase(("rong",)),), fuzzy="rong")


def test_latin_query_word_also_matches_its_singular():
    assert prepare_query("apples ").terms == (
        Term((Phrase(("apples",)), Phrase(("apple",))), fuzzy="apples"),
    )


def test_tibetan_query_run_is_one_phrase_of_syllables():
    assert prepare_query("ཉིང་ཁྲི").terms == (Term((Phrase(("ཉིང", "ཁྲི")),)),)


@pytest.mark.parametrize("text", ["", "   ", "!!! ？？", "།"])
def test_query_without_words_is_empty(text):
    assert not prepare_query(text)


def test_repeated_query_words_count_once():
    assert len(prepare_query("yak yak ").terms) == 1


def test_document_builder_weights_and_deduplicates_pieces():
    document = (
        SearchDocumentBuilder()
        .add("Yak", weight="A")
        .add("Yak", weight="A")
        .add("meat", weight="B")
        .add("dried", weight="C")
        .add("  ", weight="C")
        .build()
    )

    assert document == SearchDocument(a=("yak",), b=("meat",), c=("dried",), fuzzy=("yak", "meat"))
    assert document.text == "yak meat"


def test_romanised_names_are_latin_words_and_pinyin_of_chinese_words():
    document = SearchDocumentBuilder().add("林芝松茸 Gift-box", weight="A").build()

    assert document.fuzzy == ("linzhi", "songrong", "gift", "box")


def test_query_fuzzy_text_is_its_latin_words_only():
    assert prepare_query("林芝 Songrnog tea").fuzzy == "songrnog tea"


def test_document_builder_refuses_unknown_weight():
    with pytest.raises(ValueError, match="Unknown search weight 'D'"):
        SearchDocumentBuilder().add("x", weight="D")


def test_tsvector_literal_keeps_positions_and_weights():
    document = SearchDocument(a=("松茸", "yak"), b=("yak",), c=("it's",))

    assert tsvector_literal(document) == "'松茸':1A 'yak':2A,3B 'it''s':4C"


def test_tsquery_literal_ands_terms_ors_phrases_and_marks_prefixes():
    query = prepare_query("松茸 yak")

    assert tsquery_literal(query) == "('松茸' | '松' <-> '茸') & ('yak':*)"


def test_fts5_match_quotes_phrases_and_marks_prefixes():
    query = prepare_query("松茸 yak")

    assert fts_match(query) == '("松茸" OR "松 茸") AND ("yak"*)'
