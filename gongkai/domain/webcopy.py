"""Web copies of government documents: from a noisy page to title, body and metadata.

A document copied from a web page carries the page with it. `extract(text)` removes
what the page added and keeps what the issuer published:

* traditional characters stay as published (search folds them itself, see
  `gongkai.domain.textnorm`); `WebCopy.simplified_title` gives the folded form;
* inline pinyin annotations added by transliterating mirrors, `關(guān)于` → `關于`;
  real parenthesised text such as `(2020)`, `（试行）`, `(十)` or `(pīnyīn)` stays;
* breadcrumbs (`首页 > 政务公开 > …`, `当前位置:`), page headers, editor and keyword
  lines, document-sharing site boilerplate, the portal's trailing link labels;
* advertisements injected into the text (`欧博allbet` in an addressee line);
* stray fragments of broken markup: `<X>` read as a tag leaves `X>` repeated at line
  ends;
* page numbers glued into sentences by document-sharing sites (`…没有明` / `2、确公开…`);
* the portal's disclosure metadata table (索引号, 主题分类, 发布机构, 发布日期, 名称, 文号,
  有效性, 来源) is parsed into `metadata`; empty fields stay empty.

Every rule is general unless its comment says which copy it was written for. What the
cleaner could not decide is reported in `warnings`, never guessed silently.
"""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser

from gongkai.domain import textnorm
from gongkai.domain.docnumber import is_blank_doc_number, is_valid_doc_number

# --- character classes ------------------------------------------------------------

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TERMINAL = "。；;！!？?…"  # a line ending with one of these ends a sentence
_CLOSERS = "”’」』）)】》〕"

# --- metadata table ---------------------------------------------------------------

# Portal metadata fields (政府信息公开 record attributes, see docs: portal.md §4.3).
# key -> labels as printed; a label's characters may be spread with spaces
# ("索  引  号") because pages align the table with them.
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "index_number": ("索引号",),
    "topic": ("主题分类", "分类"),
    "agency": ("发布机构", "发文机关", "发文单位"),
    "written": ("成文日期",),
    "published": ("发布日期", "发文日期"),
    "title": ("名称", "标题"),
    "doc_number": ("发文字号", "文号"),
    "validity": ("有效性", "时效性"),
    "source": ("来源",),
    "keywords": ("主题词",),
    "genre": ("体裁分类", "体裁"),
    "effective": ("施行日期", "实施日期", "生效日期"),
    "expiry": ("失效日期", "废止日期"),
}
METADATA_KEYS = tuple(FIELD_LABELS)
_DATE_KEYS = ("written", "published", "effective", "expiry")


def _label_pattern(label: str) -> str:
    return r"\s*".join(re.escape(c) for c in label)


_LABELS = sorted(
    ((key, label) for key, labels in FIELD_LABELS.items() for label in labels),
    key=lambda kl: -len(kl[1]),
)
_LABEL_RE = re.compile(
    r"(?:(?<=\s)|^)(?P<label>"
    + "|".join(_label_pattern(label) for _, label in _LABELS)
    + r")\s*[:：]?(?=\s|$)"
)
_LABEL_KEY = {label: key for key, label in _LABELS}

# --- patterns for page furniture ---------------------------------------------------

# Matched against the simplified fold of a line (textnorm.fold) so 首頁 and 首页,
# 編輯 and 编辑 are the same rule.
_BREADCRUMB = re.compile(
    r"^(?:(?:当前位置|您的位置|您现在的位置|您所在的位置|所在位置)\s*[:：]?.*"
    r"|(?:网站首页|首页|主页)\s*[>»›/→].*"
    r"|[>»›]\s*\S{0,10})$"
)
_LIST_MARKUP = re.compile(r"^\d{1,2}\.\s+")  # "1. 当前位置:" from a rendered <ol>

# Lines from which the rest of the copy is site furniture (editor, keywords, links).
_FOOTER_START = re.compile(
    r"^[-•·*]?\s*(?:"
    r"(?:责任)?编辑\s*[:：]"
    r"|关\s*键\s*[词字]\s*[:：]?"
    r"|配套讲稿\s*[:：]?"
    r"|特殊限制\s*[:：]?"
    r"|解读文章$"
    r"|相关(?:链接|文章|阅读|解读|附件)\s*[:：]?$"
    r"|【?(?:打印本页|打印|关闭窗口|关闭|收藏|分享到)】?"
    r"|扫一扫在手机"
    r"|上一篇\s*[:：]|下一篇\s*[:：]"
    r")"
)
# Document-sharing sites (淘文阁, 道客巴巴, 人人文库 …) add a line like
# 《X.doc》由会员分享，可在线阅读，更多相关《X.doc(7页珍藏版)》请在…网站上搜索。
_SHARING_SITE = re.compile(
    r"由会员分享|分享文档赚钱|可在线阅读[,，]更多相关|页珍藏版|请在.{0,30}网站上搜索"
)
_END_MARK = re.compile(r"\s*[(（]完[)）]\s*$")  # news agencies' end mark (完)
_FILE_EXT = re.compile(r"\.(?:docx?|wps|pdf|txt|html?)$", re.IGNORECASE)

# --- pinyin -----------------------------------------------------------------------

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# One syllable with exactly one tone-marked vowel: initial, then final.
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxzcsrwy])?"
    rf"[aeiouüv{_TONED}]{{1,4}}(?:ng|n|r)?"
)
_PINYIN_RE = re.compile(
    rf"(?<=[{_CJK}?^])[(（](?=[a-zü]*[{_TONED}])(?P<py>{_SYLLABLE})[)）]",
)

# Mojibake seen in seed 000 (a transliterating mirror re-read GBK bytes one byte off
# around some characters). The lost lead byte cannot be computed, so the two
# fragments found in that copy are repaired from the fixed formulas they come from
# (数据, 各省（自治区）); anything similar elsewhere is reported in `warnings`.
KNOWN_MOJIBAKE = {
    "?dāng)?shù)": "數(shù)",
    "?。ㄗ灾螀^": "省(自治區",
}
_LOST_CHAR = re.compile(rf"(?<=[{_CJK}])\?+|\?+(?=[{_CJK}])")

# --- advertisements -----------------------------------------------------------------

# Brand names of gambling sites that spam government pages, and their Latin names.
_AD_CJK = (
    "欧博|太阳城|澳门|葡京|威尼斯人|金沙|皇冠|百家乐|博彩|彩票|棋牌|娱乐城|真人|赌场"
    "|亚博|开云|新葡京|永利|银河娱乐|美高梅|沙巴|申博|菲律宾"
)
_AD_LATIN = r"allbet|casino|poker|baccarat|sbobet|bet365|\w*bet\w*|\w*casino\w*"
_AD_RE = re.compile(
    rf"(?:(?:{_AD_CJK}){{1,2}}[A-Za-z][A-Za-z0-9]{{2,}}|(?:{_AD_CJK}){{0,2}}(?:{_AD_LATIN}))",
    re.IGNORECASE,
)
_GLUED_LATIN = re.compile(rf"(?<=[{_CJK}])[a-z]{{4,}}(?=[{_CJK}])")

# --- structure --------------------------------------------------------------------

_NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十百]+\s*[、.．]"
    r"|[(（][一二三四五六七八九十百\d]+[)）]"
    r"|\d{1,3}\s*[、.．]"
    r"|第[一二三四五六七八九十百千零〇\d]+[章节条款部分编])"
)
_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "O": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_DATE_LINE = re.compile(
    r"^(?P<y>\d{4}|[〇○零O一二三四五六七八九]{4})\s*年\s*"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*"
    r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$"
)
_ISO_DATE = re.compile(
    r"(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
)
_AGENCY_SUFFIX = (
    r"(?:办公厅|办公室|人民政府|政府|委员会|常务委员会|人民代表大会|总局|部|局|厅|署|院|委|办"
    r"|中心|银行|法院|检察院)"
)
_AGENCY_LINE = re.compile(rf"^[{_CJK}（）()、\s]{{2,60}}{_AGENCY_SUFFIX}$")
_TITLE_AGENCY = re.compile(rf"^(?P<agency>[{_CJK}、]{{2,40}}?{_AGENCY_SUFFIX})关于")
# A title line that ends with one of these is complete; otherwise the next heading
# line continues it (国务院办公厅关于印发 / 2020年政务公开工作要点的通知).
_GENRE_WORDS = (
    "通知",
    "通报",
    "意见",
    "决定",
    "决议",
    "命令",
    "令",
    "公报",
    "公告",
    "通告",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
    "方案",
    "办法",
    "规定",
    "细则",
    "条例",
    "规则",
    "规划",
    "计划",
    "要点",
    "全文",
    "标准",
    "目录",
    "指南",
    "制度",
    "章程",
    "纲要",
    "清单",
    "总结",
    "答复",
    "解读",
    "法",
)
_ADDRESSEE = re.compile(r"[:：]$")
_ADDRESSEE_WORDS = re.compile(r"各|局|厅|委|部|政府|单位|机构|司|同志")


@dataclass(frozen=True)
class WebCopy:
    """A cleaned web copy: the published text and what the page said about it."""

    title: str
    body_text: str  # one paragraph per line
    metadata: dict[str, str] = field(default_factory=dict)  # METADATA_KEYS, "" = empty
    warnings: tuple[str, ...] = ()

    @property
    def doc_number(self) -> str:
        return self.metadata.get("doc_number", "")

    @property
    def agency(self) -> str:
        return self.metadata.get("agency", "")

    @property
    def written_date(self) -> dt.date | None:
        return parse_date(self.metadata.get("written", ""))

    @property
    def published_date(self) -> dt.date | None:
        return parse_date(self.metadata.get("published", ""))

    @property
    def date(self) -> dt.date | None:
        """成文日期 if the copy shows one, else 发布日期."""
        return self.written_date or self.published_date

    @property
    def simplified_title(self) -> str:
        return to_simplified(self.title)

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.body_text.split("\n") if p]


class NotADocument(ValueError):
    """The text holds nothing that can be published (empty once the page is removed)."""


# --- helpers ----------------------------------------------------------------------


@cache
def _t2s() -> dict[int, str]:
    return {ord(a): b for a, b in textnorm.load_t2s_table().items()}


def to_simplified(text: str) -> str:
    """Traditional to simplified characters only; everything else unchanged."""
    return text.translate(_t2s())


def _folded(line: str) -> str:
    return textnorm.fold(line).strip()


def _cn_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text):  # 二〇二〇 digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    total = 0
    if "十" in text:  # 十, 十二, 二十, 二十一
        tens, _, ones = text.partition("十")
        total = (_CN_DIGITS[tens] if tens else 1) * 10
        return total + (_CN_DIGITS[ones] if ones else 0)
    raise ValueError(text)


def parse_date(text: str) -> dt.date | None:
    """`2018-05-22 18:41`, `2020年6月21日`, `二〇二〇年六月二十一日`, or None."""
    text = (text or "").strip()
    if not text:
        return None
    m = _ISO_DATE.search(text) or _DATE_LINE.match(text)
    if not m:
        return None
    try:
        return dt.date(_cn_number(m["y"]), _cn_number(m["m"]), _cn_number(m["d"]))
    except (ValueError, KeyError):
        return None


def _is_date_line(line: str) -> bool:
    return (
        bool(_DATE_LINE.match(line.replace(" ", ""))) and parse_date(line) is not None
    )


def _ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _TERMINAL + "：:，,"


def _is_addressee(line: str) -> bool:
    return (
        len(line) <= 120
        and bool(_ADDRESSEE.search(line))
        and bool(_ADDRESSEE_WORDS.search(line))
        and "。" not in line
    )


def _is_heading(line: str) -> bool:
    return (
        0 < len(line) <= 80
        and not _ends_sentence(line)
        and not _NUMBERING.match(line)
        and not _is_date_line(line)
        and not is_valid_doc_number(line)
        and not _is_addressee(line)
    )


def _title_complete(title: str) -> bool:
    t = _FILE_EXT.sub("", title).rstrip()
    return t.endswith("》") or any(t.endswith(w) for w in _GENRE_WORDS)


def clean_title(title: str) -> str:
    """A page heading as a record title: no file extension, 《X》全文 → X."""
    t = re.sub(r"\s+", " ", title).strip()
    t = _FILE_EXT.sub("", t).strip()
    m = re.fullmatch(r"《(.+)》\s*[(（]?\s*全文\s*[)）]?", t) or re.fullmatch(
        r"《([^《》]+)》", t
    )
    if m:
        t = m.group(1).strip()
    return t


# --- HTML input -------------------------------------------------------------------


class _PageText(HTMLParser):
    _BLOCK = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "caption",
            "blockquote",
            "pre",
            "hr",
            "section",
            "article",
            "header",
            "footer",
            "dt",
            "dd",
        ]
    )
    _SKIP = frozenset(("script", "style", "head", "noscript", "template"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def looks_like_html(text: str) -> bool:
    head = text[:4000].lower()
    return bool(re.search(r"<(?:html|body|p|div|br|table|span|meta)\b", head))


def html_to_text(markup: str) -> str:
    """Page text, one block per line; scripts, styles and <head> dropped."""
    parser = _PageText()
    parser.feed(markup)
    parser.close()
    return html_lib.unescape("".join(parser.parts))


# --- the cleaning steps -----------------------------------------------------------


def _normalise(text: str) -> str:
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\u200b-\u200f\u2028\u2029\u2060\ufffe]", "", text)
    text = text.replace("\xa0", " ").replace("\x00", "")
    return re.sub(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def remove_pinyin(text: str) -> tuple[str, int]:
    """Drop `(guān)` after a character; returns the text and how many were removed."""
    return _PINYIN_RE.subn("", text)


def repair_mojibake(text: str) -> str:
    for bad, good in KNOWN_MOJIBAKE.items():
        text = text.replace(bad, good)
    return text


def remove_stray_fragments(text: str) -> tuple[str, int]:
    """`X>` left behind where the page's markup read `<X>` as a tag (seed 002).

    Only fragments whose bracketed form `<X>` is in the copy are removed, and only
    where they are not themselves the bracketed form.
    """
    removed = 0
    for frag in sorted(set(re.findall(r"<([^<>\n]{2,60})>", text)), key=len):
        text, n = re.subn(rf"(?<!<){re.escape(frag)}>", "", text)
        removed += n
    return text, removed


def remove_ads(line: str) -> tuple[str, list[str]]:
    found = [m.group(0) for m in _AD_RE.finditer(line)]
    if found:
        line = _AD_RE.sub("", line)
    return line, found


def _strip_breadcrumbs(lines: list[str], zone: int = 8) -> list[str]:
    out: list[str] = []
    for i, line in enumerate(lines):
        if i < zone:
            bare = _LIST_MARKUP.sub("", line)
            if _BREADCRUMB.match(_folded(bare)):
                continue
        out.append(line)
    return out


def _cut_footer(lines: list[str]) -> list[str]:
    """Cut at the first footer marker in the tail when only short lines follow it."""
    start = max(0, len(lines) - max(20, len(lines) * 3 // 10))
    for i in range(start, len(lines)):
        if _FOOTER_START.match(_folded(lines[i])) and all(
            len(rest) < 120 for rest in lines[i + 1 :]
        ):
            return lines[:i]
    return lines


_PAGE_NO = re.compile(r"^(\d{1,3})、")
_INLINE_HEADING = re.compile(
    r"(?<=[。；;！？”])\s*(?=(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]))"
)


def _join_glued_pages(lines: list[str]) -> tuple[list[str], int]:
    """Pages of a shared document come as `N、<page text>`, cut mid-sentence.

    The prefix is a page number, not a list item, when the numbers run 1, 2, 3 … and
    most pages begin where the previous one stopped mid-sentence. Pages are joined
    and the run-on text is split again before its section headings.
    """
    numbered = [
        (i, int(m.group(1)))
        for i, line in enumerate(lines)
        if (m := _PAGE_NO.match(line))
    ]
    if len(numbered) < 2 or [n for _, n in numbered] != list(
        range(1, len(numbered) + 1)
    ):
        return lines, 0
    breaks = [i for i, _ in numbered[1:]]
    mid_sentence = sum(1 for i in breaks if not _ends_sentence(lines[i - 1]))
    if mid_sentence * 2 < len(breaks) or any(
        numbered[k + 1][0] - numbered[k][0] != 1 for k in range(len(numbered) - 1)
    ):
        return lines, 0
    first, last = numbered[0][0], numbered[-1][0]
    text = "".join(_PAGE_NO.sub("", lines[i], count=1) for i in range(first, last + 1))
    paragraphs = [p.strip() for p in _INLINE_HEADING.split(text) if p.strip()]
    return lines[:first] + paragraphs + lines[last + 1 :], len(numbered)


def _parse_table(lines: list[str], zone: int = 40) -> tuple[dict[str, str], range]:
    """The portal's metadata table near the top, as {key: value} and its line range."""
    for start in range(min(zone, len(lines))):
        if not _LABEL_RE.match(lines[start]):
            continue
        end = start
        while end < len(lines) and _LABEL_RE.match(lines[end]):
            end += 1
        matches = [m for line in lines[start:end] for m in _LABEL_RE.finditer(line)]
        if len(matches) < 3:
            continue
        found: dict[str, str] = {}
        for line in lines[start:end]:
            ms = list(_LABEL_RE.finditer(line))
            for k, m in enumerate(ms):
                stop = ms[k + 1].start() if k + 1 < len(ms) else len(line)
                label = re.sub(r"\s+", "", m["label"])
                value = re.sub(r"\s+", " ", line[m.end() : stop]).strip()
                found.setdefault(_LABEL_KEY[label], value)
        return found, range(start, end)
    return {}, range(0)


def _normalise_metadata(raw: dict[str, str], warnings: list[str]) -> dict[str, str]:
    meta = dict.fromkeys(METADATA_KEYS, "")
    for key, value in raw.items():
        meta[key] = value.strip()
    if meta["doc_number"] and is_blank_doc_number(meta["doc_number"]):
        meta["doc_number"] = ""  # "〔〕号": the portal's empty template
    for key in _DATE_KEYS:
        if meta[key]:
            parsed = parse_date(meta[key])
            if parsed is None:
                warnings.append(f"无法识别的日期：{meta[key]}")
                meta[key] = ""
            else:
                meta[key] = parsed.isoformat()
    return meta


def _take_title(lines: list[str], start: int) -> tuple[str, int]:
    """Heading lines from `start` joined while the title is incomplete."""
    if start >= len(lines) or not _is_heading(lines[start]):
        return "", start
    title, end = lines[start], start + 1
    while (
        not _title_complete(title)
        and end < len(lines)
        and end - start < 4
        and _is_heading(lines[end])
    ):
        title += lines[end]
        end += 1
    return title, end


def _signature(lines: list[str]) -> tuple[str, dt.date | None, int]:
    """(agency, date, index of the date line) of the first 落款: name line, date line."""
    for i in range(1, len(lines)):
        if _is_date_line(lines[i]):
            prev = lines[i - 1].strip()
            if _AGENCY_LINE.match(prev) and not _is_addressee(prev):
                return re.sub(r"\s+", " ", prev), parse_date(lines[i]), i
    return "", None, -1


def extract(text: str) -> WebCopy:
    """Clean one web copy (plain text or HTML) into title, body and metadata."""
    warnings: list[str] = []
    text = _normalise(text or "")
    if looks_like_html(text):
        text = html_to_text(text)
    text = repair_mojibake(text)
    text, n_pinyin = remove_pinyin(text)
    if n_pinyin:
        warnings.append(f"已删除 {n_pinyin} 处拼音注音")
    text, n_frag = remove_stray_fragments(text)
    if n_frag:
        warnings.append(f"已删除 {n_frag} 处残缺标记片段")

    lines: list[str] = []
    for raw in text.split("\n"):
        line, ads = remove_ads(raw.strip())
        if ads:
            warnings.append("已删除插入的广告：" + "、".join(ads))
        line = line.strip()
        if line and not _SHARING_SITE.search(line):
            lines.append(line)
    lines = _strip_breadcrumbs(lines)
    lines = _cut_footer(lines)
    lines, pages = _join_glued_pages(lines)
    if pages:
        warnings.append(f"已去除正文中的 {pages} 个页码并接续断行")

    raw_meta, table = _parse_table(lines)
    meta = _normalise_metadata(raw_meta, warnings)
    header = lines[: table.start] if table else []
    if table:
        lines = lines[: table.start] + lines[table.stop :]

    # Title: the table's 名称, else the heading lines at the top, else (a notice that
    # begins with its addressee) the heading after the first signature block.
    title = ""
    if meta["title"]:
        title = meta["title"]
        for h in header:
            if clean_title(h) == clean_title(title):
                lines.remove(h)
                break
    else:
        title, end = _take_title(lines, 0)
        if title:
            del lines[:end]
        elif lines and _is_addressee(lines[0]):
            _, _, date_at = _signature(lines)
            at = date_at + 1
            while at < len(lines) and re.fullmatch(r"[(（].{2,12}[)）]", lines[at]):
                at += 1  # (此件公开发布)
            title, end = _take_title(lines, at)
            if title:
                lines[at:end] = [title]  # the attached document's heading, kept
                warnings.append("标题取自正文中所附文件的标题（网页未载明通知标题）")
    title = clean_title(title)
    if not title:
        warnings.append("未找到标题")

    # 文号 printed right under the title.
    if lines and is_valid_doc_number(lines[0]):
        if not meta["doc_number"]:
            meta["doc_number"] = lines[0].strip()
        del lines[0]

    agency, date, _ = _signature(lines)
    if not meta["agency"]:
        meta["agency"] = agency or (
            m["agency"] if (m := _TITLE_AGENCY.match(title)) else ""
        )
    if not meta["written"] and date:
        meta["written"] = date.isoformat()
    if not meta["agency"]:
        warnings.append("未找到发布机构")
    if not meta["written"] and not meta["published"]:
        warnings.append("未找到成文日期或发布日期")

    if lines and title:
        # The title repeated at the start of the text (shared-document copies).
        for i in range(min(2, len(lines))):
            if lines[i].startswith(title) and len(lines[i]) > len(title):
                lines[i] = lines[i][len(title) :].lstrip(" ：:")
                break
    if lines:
        lines[-1] = _END_MARK.sub("", lines[-1])
    lines = [ln for ln in lines if ln]

    body = "\n".join(lines)
    lost = _LOST_CHAR.findall(body + title)
    if lost:
        warnings.append(f"有 {len(lost)} 处字符在网页中已丢失（显示为“?”）")
    glued = sorted(set(_GLUED_LATIN.findall(body)))
    if glued:
        warnings.append("正文中夹杂可疑的外文片段：" + "、".join(glued))
    if not title and not body:
        raise NotADocument("去除网页内容后没有可发布的正文")
    return WebCopy(title=title, body_text=body, metadata=meta, warnings=tuple(warnings))
