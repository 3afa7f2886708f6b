"""Text folding for search: one form for what readers type and what agencies write.

`fold(text)` maps, character by character, so `len(fold(t)) == len(t)` and an offset
in the folded text is the same offset in the original (snippets rely on this):

* full-width letters and digits (ＡＢＣ１２３) to half-width;
* upper case to lower case (str.lower, with İ kept to one character);
* traditional to simplified characters (政務公開 → 政务公开) with a character table
  derived from OpenCC's t2s conversion (`data/t2s_chars.txt`); phrase-level choices
  (乾隆 vs 干) do not matter for matching because index and query fold the same
  way. Most text has nothing to translate: one regex scan over a character class
  finds that out, and only then is `str.translate` run (see `bench/search.py`
  for the figures against calling OpenCC on every text);
* control characters other than tab and newlines, NUL and lone surrogates to a
  space, so nothing downstream (SQLite, PostgreSQL, the HTML page) ever sees them.

Full-width punctuation and the ideographic space are left alone: they separate
tokens either way, and 文号 brackets are folded by `docnumber`.
"""

from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
T2S_FILE = DATA_DIR / "t2s_chars.txt"

# Code point ranges handed to OpenCC when the table is rebuilt: CJK Unified
# Ideographs, Extension A, compatibility ideographs and Extensions B–G.
_CJK_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EBEF),
    (0x30000, 0x3134F),
)


def load_t2s_table(path: Path = T2S_FILE) -> dict[str, str]:
    """The traditional → simplified character pairs stored in `path`."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if len(line) == 2 and not line.startswith("#"):
            table[line[0]] = line[1]
    return table


_CONTROL = [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)]


@cache
def _translation() -> tuple[dict[int, str], re.Pattern[str]]:
    trans: dict[int, str] = {}
    for c in _CONTROL:
        trans[c] = " "
    for c in range(0xD800, 0xE000):  # lone surrogates cannot be stored or encoded
        trans[c] = " "
    for c in (0xFFFE, 0xFFFF):
        trans[c] = " "
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):
        for c in range(lo, hi + 1):  # full-width digits and letters
            trans[c] = chr(c - 0xFEE0).lower()
    trans[0x130] = "i"  # İ: str.lower() would make it two characters
    for trad, simp in load_t2s_table().items():
        trans[ord(trad)] = simp
    # Only BMP characters are listed in the class, so sre tests membership with a
    # bitmap (astral code points would make it a slow list of ranges); any astral
    # character (rare) matches the one range and the text is translated.
    chars = "".join(sorted(chr(c) for c in trans if c <= 0xFFFF))
    return trans, re.compile(f"[{re.escape(chars)}\U00010000-\U0010ffff]")


def fold(text: str) -> str:
    """Fold width, case and traditional characters; same length as `text`."""
    trans, needs = _translation()
    # In simplified text the characters to map are few and scattered: replacing
    # them one by one beats str.translate, which looks up every character.
    return needs.sub(lambda m: trans.get(ord(m[0]), m[0]), text).lower()


def clean(text: str) -> str:
    """Folded text with runs of whitespace collapsed and the ends stripped."""
    return " ".join(fold(text).split())


def build_t2s_table() -> dict[str, str]:
    """Ask OpenCC (t2s) for every CJK code point on its own; used to regenerate data."""
    import opencc

    converter = opencc.OpenCC("t2s")
    chars = [chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi + 1)]
    converted = converter.convert("\n".join(chars)).split("\n")
    table = {
        a: b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1
    }
    for trad in list(table):  # resolve the rare chain a → b → c
        simp = table[trad]
        seen = {trad}
        while simp in table and simp not in seen:
            seen.add(simp)
            simp = table[simp]
        table[trad] = simp
    return table


def write_t2s_table(path: Path = T2S_FILE) -> int:
    table = build_t2s_table()
    lines = [
        "# Character-level traditional -> simplified table, one pair per line.",
        "# Derived from OpenCC 1.4.2 t2s (Apache-2.0) by converting each CJK code point",
        "# on its own; regenerate with: python -m gongkai.domain.textnorm --rebuild-t2s",
        *(f"{a}{table[a]}" for a in sorted(table)),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(table)


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    if sys.argv[1:] == ["--rebuild-t2s"]:
        sys.stdout.write(f"{write_t2s_table()} pairs written to {T2S_FILE}\n")
