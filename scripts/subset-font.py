#!/usr/bin/env python3
"""Korean glyphs for machines without a Korean font (issue 21).

Subsets NanumGothic (SIL OFL 1.1; Debian's fonts-nanum) to the characters the Korean catalogue
and the lessons use, renamed "Sandbox KR" (the OFL reserves the name Nanum for the unmodified fonts), as WOFF2:
assets/fonts/sandbox-kr.woff2. The CSS loads it only for Hangul and CJK punctuation
(unicode-range), so an English page never downloads it. assets/fonts/sandbox-kr.chars.txt lists
the characters it holds; a native test (src/i18n.rs) fails when the catalogue uses one that is
not there: run this script again.

Needs: apt-get install fonts-nanum; .venv/bin/pip install fonttools brotli
Usage: .venv/bin/python scripts/subset-font.py
"""
import pathlib
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCE = pathlib.Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
OUT = ROOT / "assets" / "fonts" / "sandbox-kr.woff2"
CHARS = ROOT / "assets" / "fonts" / "sandbox-kr.chars.txt"
FAMILY = "Sandbox KR"


def wanted_chars() -> str:
    """Every non-ASCII character of the Korean catalogue and of the lessons (lessons/*.json: their
    non-English texts are Korean)."""
    files = sorted((ROOT / "locales" / "ko").glob("*.ftl")) + sorted((ROOT / "lessons").glob("*.json"))
    text = "".join(p.read_text(encoding="utf-8") for p in files)
    return "".join(sorted({c for c in text if ord(c) > 0x7F and not c.isspace()}))


def main() -> int:
    if not SOURCE.exists():
        print(f"{SOURCE} is missing: apt-get install fonts-nanum", file=sys.stderr)
        return 2
    chars = wanted_chars()
    font = TTFont(str(SOURCE))
    cmap = font.getBestCmap()
    held = "".join(c for c in chars if ord(c) in cmap)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=held)
    subsetter.subset(font)
    names = font["name"]
    for rec in names.names:
        if rec.nameID in (1, 4, 16):
            rec.string = FAMILY
        elif rec.nameID == 6:
            rec.string = FAMILY.replace(" ", "")
        elif rec.nameID == 3:
            rec.string = FAMILY + " (subset of NanumGothic)"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(str(OUT))
    CHARS.write_text(held + "\n", encoding="utf-8")
    missing = "".join(c for c in chars if ord(c) not in cmap)
    print(f"{OUT.relative_to(ROOT)}: {OUT.stat().st_size} bytes, {len(held)} characters"
          + (f"; not in NanumGothic (left to the system's fonts): {missing}" if missing else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
