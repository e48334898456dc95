#!/usr/bin/env python3
"""Korean glyphs for machines without a Korean font (issue 21).

Subsets NanumGothic (SIL OFL 1.1; Debian's fonts-nanum) to the characters the Korean catalogue
and the lessons use, renamed "Sandbox KR" (the OFL reserves the name Nanum for the unmodified fonts), as WOFF2:
assets/fonts/sandbox-kr.woff2. The CSS loads it only for Hangul and CJK punctuation
(unicode-range). assets/fonts/sandbox-kr.chars.txt lists the characters it holds; a native test
(src/i18n.rs) fails when the catalogue uses one that is not there: run this script again.

An English page shows Hangul too: the language switch names Korean in Korean ("한국어",
`Lang::native_name`). For those few characters the script writes a second subset,
assets/fonts/sandbox-kr-names.woff2 (~2 KB), which style/main.css declares after the first with a
unicode-range of just those characters: a browser tries the last face declared first, so an
English page fetches only that one instead of the ~95 KB subset (measured on slow 4G: the large
one downloaded beside the tick's code and delayed Play). A native test checks the names' characters
against assets/fonts/sandbox-kr-names.chars.txt and the CSS's unicode-range.

A Korean page's first view (index.html: shown while the .wasm downloads) has its own subset too,
assets/fonts/sandbox-kr-first.woff2 (~15 KB), declared after the large face with a unicode-range
of exactly the first view's Hangul: the first view then shows its words at once without the ~95
KB face, which had downloaded beside the .wasm and delayed the app by ~0.5 s on slow 4G (issue 26).
index.html's script fetches the large face once the .wasm has arrived.

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
NAMES_OUT = ROOT / "assets" / "fonts" / "sandbox-kr-names.woff2"
NAMES_CHARS = ROOT / "assets" / "fonts" / "sandbox-kr-names.chars.txt"
FIRST_OUT = ROOT / "assets" / "fonts" / "sandbox-kr-first.woff2"
FIRST_CHARS = ROOT / "assets" / "fonts" / "sandbox-kr-first.chars.txt"
FAMILY = "Sandbox KR"


def wanted_chars() -> str:
    """Every non-ASCII character of the Korean catalogue and of the lessons (lessons/*.json: their
    non-English texts are Korean)."""
    files = sorted((ROOT / "locales" / "ko").glob("*.ftl")) + sorted((ROOT / "lessons").glob("*.json"))
    text = "".join(p.read_text(encoding="utf-8") for p in files)
    return "".join(sorted({c for c in text if ord(c) > 0x7F and not c.isspace()}))


def language_names() -> str:
    """The non-ASCII characters of the languages' own names (src/i18n.rs, `native_name`)."""
    src = (ROOT / "src" / "i18n.rs").read_text(encoding="utf-8")
    body = src.split("pub fn native_name", 1)[1].split("\n    }\n", 1)[0]
    return "".join(sorted({c for c in body if ord(c) > 0x7F and not c.isspace()}))


def hangul(c: str) -> bool:
    """In the faces' unicode-range (style/main.css): Hangul and CJK punctuation and forms."""
    o = ord(c)
    return 0x1100 <= o <= 0x11FF or 0x3000 <= o <= 0x303F or 0x3130 <= o <= 0x318F or 0xAC00 <= o <= 0xD7AF or 0xFF00 <= o <= 0xFFEF


def first_view_chars() -> str:
    """The Hangul of the first view (index.html's Korean words, set by its script)."""
    text = (ROOT / "index.html").read_text(encoding="utf-8")
    return "".join(sorted({c for c in text if hangul(c)}))


def write_subset(chars: str, out: pathlib.Path, listing: pathlib.Path) -> str:
    """Writes the subset of `chars` to `out` (WOFF2) and the characters it holds to `listing`."""
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
    out.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(str(out))
    listing.write_text(held + "\n", encoding="utf-8")
    missing = "".join(c for c in chars if ord(c) not in cmap)
    print(f"{out.relative_to(ROOT)}: {out.stat().st_size} bytes, {len(held)} characters"
          + (f"; not in NanumGothic (left to the system's fonts): {missing}" if missing else ""))
    return held


def main() -> int:
    if not SOURCE.exists():
        print(f"{SOURCE} is missing: apt-get install fonts-nanum", file=sys.stderr)
        return 2
    write_subset(wanted_chars(), OUT, CHARS)
    names = write_subset(language_names(), NAMES_OUT, NAMES_CHARS)
    ranges = ", ".join(f"U+{ord(c):04X}" for c in names)
    print(f"style/main.css: the names' face needs unicode-range: {ranges};")
    first = write_subset(first_view_chars(), FIRST_OUT, FIRST_CHARS)
    ranges = ", ".join(f"U+{ord(c):04X}" for c in first)
    print(f"style/main.css: the first view's face needs unicode-range: {ranges};")
    return 0


if __name__ == "__main__":
    sys.exit(main())
