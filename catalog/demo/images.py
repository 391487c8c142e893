"""Product pictures for the demo, drawn locally with Pillow (nothing is downloaded)."""

import hashlib
import io
import re
from functools import lru_cache
from pathlib import Path

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

SIZE = 480
FONT_DIRECTORIES = ("/usr/share/fonts", "/usr/local/share/fonts", "/System/Library/Fonts")
CJK_FONT_NAMES = re.compile(
    r"CJK|SourceHan|wqy|DroidSansFallback|SimHei|SimSun|msyh|PingFang|Hiragino|STHeiti|"
    r"uming|ukai",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    """An installed font that draws Chinese, if there is one."""
    for directory in FONT_DIRECTORIES:
        root = Path(directory)
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() in (".ttf", ".otf", ".ttc") and CJK_FONT_NAMES.search(path.name):
                return str(path)
    return None


def product_card(name: str, colour: str) -> ContentFile:
    """A PNG card in the category's colour: snow peaks, a sun, and the name if a CJK font is
    installed (shapes only otherwise). The peaks vary with the name, so cards differ."""
    seed = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    image = Image.new("RGB", (SIZE, SIZE), colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((SIZE - 150, 40, SIZE - 60, 130), fill="#ffd166")
    base = SIZE - 120
    for index in range(3):
        left = (seed >> (index * 4)) % 120 + index * 130 - 40
        peak = 150 + (seed >> (index * 3)) % 90
        draw.polygon([(left, base), (left + 130, peak), (left + 260, base)], fill="#f8f9fa")
    draw.rectangle((0, base, SIZE, SIZE), fill="#264653")
    font_path = cjk_font_path()
    if font_path:
        font = ImageFont.truetype(font_path, 44)
        draw.text((32, base + 28), name[:9], fill="white", font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return ContentFile(buffer.getvalue())
