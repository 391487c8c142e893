"""Fill msgstr of a .po file from a JSON dictionary {msgid: msgstr}; existing entries are kept.

python tools/fill_po.py infra/locale/bo/LC_MESSAGES/django.po translations-bo.json
"""

import json
import re
import sys
from pathlib import Path


def fill(po_path: Path, translations: dict[str, str]) -> int:
    text = po_path.read_text(encoding="utf-8")
    filled = 0

    def replace(match: re.Match) -> str:
        nonlocal filled
        msgid, msgstr = match.group(1), match.group(2)
        if msgstr or msgid not in translations:
            return match.group(0)
        filled += 1
        return f'msgid "{msgid}"\nmsgstr "{translations[msgid]}"'

    text = re.sub(r'msgid "(.+)"\nmsgstr "(.*)"', replace, text)
    text = text.replace("#, fuzzy\n", "", 1)
    po_path.write_text(text, encoding="utf-8")
    return filled


if __name__ == "__main__":
    count = fill(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
    print(f"{count} entries filled")
