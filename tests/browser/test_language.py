"""The header's language form switches the whole page, and the choice sticks."""

import pytest
from django.utils import translation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def header_texts(language: str) -> list[str]:
    """The header's brand and navigation labels as the .po files translate them."""
    with translation.override(language):
        return [translation.gettext(text) for text in ("Tibet Goods", "Cart", "Account")]


def switch_language(page, code: str) -> None:
    page.locator("select#language").select_option(code)
    page.locator("form.language [type=submit]").click()
    page.wait_for_load_state()


def assert_page_in(page, language: str) -> None:
    assert page.locator("html").get_attribute("lang") == language
    header = page.locator("header").inner_text()
    for text in header_texts(language):
        assert text in header, (language, text, header)
    assert page.locator("select#language").input_value() == language


def test_language_switch_to_tibetan_and_english_is_remembered(page, snap, shop):
    page.goto(f"/categories/{shop.category_slug}/")
    assert_page_in(page, "zh-hans")
    snap("1-chinese")

    switch_language(page, "bo")
    assert page.url.endswith(f"/categories/{shop.category_slug}/")
    assert_page_in(page, "bo")
    assert header_texts("bo") != header_texts("zh-hans")
    snap("2-tibetan")
    page.goto(f"/products/{shop.product.slug}/")
    assert_page_in(page, "bo")
    # No Tibetan name: the Chinese one is shown, marked as Chinese for screen readers and fonts.
    assert page.locator("h1").first.inner_text().strip() == "林芝松茸"
    assert (page.locator("h1").first.get_attribute("lang") or "").lower() == "zh-hans"
    snap("3-tibetan-next-page")

    switch_language(page, "en")
    assert_page_in(page, "en")
    assert header_texts("en") != header_texts("bo")
    assert page.locator("h1").first.inner_text().strip() == "Nyingchi Matsutake"
    snap("4-english")
    page.goto("/")
    assert_page_in(page, "en")
    snap("5-english-next-page")
