"""文号 (发文字号): parsing and one normalised form for exact lookup.

A 文号 is printed as `{机关代字}〔{年份}〕{序号}号` with tortoise-shell brackets
(党政机关公文格式 GB/T 9704-2012), e.g. `国办发〔2020〕17号`. Web copies use
[] 【】 () （） ［］ 〔〕 and full-width digits interchangeably; orders are numbered
`国务院令第711号` / `国令第711号`. The normalised form folds all of these so the
same document is found whichever way the number was typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_OPEN = "〔[【(（［｛{〖⦗"
_CLOSE = "〕]】)）］｝}〗⦘"
_BRACKETS = str.maketrans({**dict.fromkeys(_OPEN, "〔"), **dict.fromkeys(_CLOSE, "〕")})

# 机关代字 + year in brackets + serial + 号
_BRACKETED = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fffA-Za-z·]{1,20}?)\s*〔\s*(?P<year>(?:19|20)\d{2})\s*〕"
    r"\s*第?\s*(?P<serial>\d{1,6})\s*号$"
)
# The same without brackets, as people type it: 国办发 2020 17 / 国办发2020年17号
_LOOSE = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fffA-Za-z·]{1,20}?)\s*(?P<year>(?:19|20)\d{2})\s*年?"
    r"\s*第?\s*(?P<serial>\d{1,6})\s*号?$"
)
# 令号 / 公告号: 国务院令第711号, 中华人民共和国主席令第二十九号 (numerals kept as printed)
_ORDER = re.compile(
    r"^(?P<prefix>.{1,40}?(?:令|公告))\s*第\s*(?P<serial>[\d一二三四五六七八九十百千零〇]{1,8})\s*号$"
)


# State Council orders are printed three ways; gov.cn's policy library uses 国令.
_ORDER_ALIASES = {"中华人民共和国国务院令": "国令", "国务院令": "国令"}


@dataclass(frozen=True)
class DocNumber:
    prefix: str  # 机关代字, e.g. 国办发
    year: int | None  # None for 令号/公告号
    serial: str

    def __str__(self) -> str:
        if self.year is None:
            return f"{self.prefix}第{self.serial}号"
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


def fold(text: str) -> str:
    """Full-width to half-width (NFKC) with every bracket style made 〔〕, no spaces."""
    text = text.translate(_BRACKETS)
    text = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    return re.sub(r"\s+", "", text)


def parse_doc_number(text: str) -> DocNumber | None:
    """The parts of a 文号, or None if the text is not one."""
    if not text:
        return None
    folded = fold(text.strip())
    for pattern in (_BRACKETED, _LOOSE):
        m = pattern.match(folded)
        if m:
            serial = str(int(m["serial"]))
            return DocNumber(m["prefix"], int(m["year"]), serial)
    m = _ORDER.match(folded)
    if m:
        serial = m["serial"]
        if serial.isdigit():
            serial = str(int(serial))
        return DocNumber(_ORDER_ALIASES.get(m["prefix"], m["prefix"]), None, serial)
    return None


def normalize_doc_number(text: str) -> str:
    """One form for exact lookup: `国办发〔2020〕17号`; unparseable input is folded only."""
    if not text:
        return ""
    parsed = parse_doc_number(text)
    return str(parsed) if parsed else fold(text.strip())


def is_valid_doc_number(text: str) -> bool:
    return parse_doc_number(text) is not None


def is_blank_doc_number(text: str) -> bool:
    """An empty 文号 as portals print it: `〔〕号`, `〔 〕号`, `无`, `—` (no serial at all)."""
    folded = fold(text or "")
    return not re.search(r"[\d一二三四五六七八九十百千零〇]", folded)
