import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "infra" / "locale"


def untranslated(po_file: Path) -> list[str]:
    text = po_file.read_text(encoding="utf-8")
    entries = re.findall(r'^msgid "(.+)"\nmsgstr "(.*)"$', text, flags=re.MULTILINE)
    return [msgid for msgid, msgstr in entries if not msgstr]


@pytest.mark.parametrize("language", ["zh_Hans", "bo"])
def test_catalogs_translate_every_string(language):
    assert untranslated(LOCALE / language / "LC_MESSAGES" / "django.po") == []


@pytest.mark.parametrize("language", ["zh_Hans", "bo"])
def test_compiled_catalog_matches_its_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    source = re.findall(
        r'^(?:msgctxt "(.+)"\n)?msgid "(.+)"\nmsgstr "(.+)"$',
        (folder / "django.po").read_text(encoding="utf-8"),
        re.M,
    )
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    def translated(context: str, msgid: str) -> str:
        return compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)

    assert [(c, m, translated(c, m)) for c, m, _ in source] == source


@pytest.mark.parametrize(
    "accept_language, title",
    [("zh-Hans", "西藏好物"), ("bo", "བོད་ཀྱི་ཐོན་རྫས།"), ("en", "Tibet Goods")],
)
def test_home_page_speaks_the_visitor_language(client, db, accept_language, title):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert f"<title>{title}</title>" in response.content.decode()


def test_chinese_is_the_default_language(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")

    assert "<title>西藏好物</title>" in response.content.decode()
