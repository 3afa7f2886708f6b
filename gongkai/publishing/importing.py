"""Importing already-published documents: JSONL records and cleaned web copies.

Imported records were published by their issuers, so they do not walk through
起草 → 保密审查 → 审核签发 one by one. They take a fast path that writes the same
rows the workflow would leave behind — a `Document` in 已发布 with its first
`Revision` in 已发布, 索引号 from the owner's template (`actions.assign_index_number`),
有效性 derived from the source's statement, one audit event per created or updated
record, and the search entries — in one transaction per batch.

* Each record's `id` is kept as `Document.external_id`: a second import updates the
  record (a new published revision, the old one superseded) instead of duplicating
  it, and a record whose fields are all the same is counted as unchanged.
* A line that cannot be imported is rejected with its line number and a reason; it
  never stops the others and nothing of it is written. If the database refuses a
  batch, the batch is retried record by record so only the culprit is rejected.
* Batches commit one after the other: an interrupted import is resumed by running
  it again (committed batches come out unchanged).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import hashlib
import html
import json
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.db import DatabaseError, transaction
from django.db.models import Max
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.models import Agency, AuditEvent
from gongkai.domain.docnumber import normalize_doc_number
from gongkai.domain.index_number import IndexTemplateError, format_index_number
from gongkai.domain.validity import ValidityFacts, derive_validity
from gongkai.domain.webcopy import NotADocument, WebCopy, extract
from gongkai.lib.html import text_to_html
from gongkai.publishing import actions
from gongkai.publishing.models import (
    Disclosure,
    Document,
    Genre,
    IndexSequence,
    Revision,
    Validity,
)
from gongkai.search import index as search_index

# --- limits, taken from the models so a record that passes fits its columns ---------


def _max(model: type, name: str) -> int:
    return int(model._meta.get_field(name).max_length)


MAX_ID = _max(Document, "external_id")
MAX_TITLE = _max(Document, "title")
MAX_DOC_NUMBER = _max(Document, "doc_number")
MAX_SOURCE = _max(Document, "source")
MAX_KEYWORDS = _max(Document, "keywords")
MAX_AGENCY_NAME = _max(Agency, "name")
MAX_INDEX_NUMBER = _max(Document, "index_number")
MAX_BODY = 2_000_000  # characters; the longest corpus body is 107,574
DEFAULT_BATCH_SIZE = 500

# 效力级别 / document type of the corpus (see the corpus README) → 体裁.
CATEGORY_GENRES: dict[str, str] = {
    "宪法": Genre.CONSTITUTION,
    "法律": Genre.LAW,
    "行政法规": Genre.ADMIN_REGULATION,
    "部门规章": Genre.DEPARTMENT_RULE,
    "地方性法规": Genre.LOCAL_REGULATION,
    "地方政府规章": Genre.LOCAL_RULE,
    "司法解释": Genre.JUDICIAL_INTERPRETATION,
    "行政规范性文件": Genre.NORMATIVE,
    "规范性文件": Genre.NORMATIVE,
    "案例": Genre.CASE,
    "其他": Genre.OTHER,
}
# 国务院文件 takes its 体裁 from the 文种 that ends its title (…的通知 → 通知).
GENRE_FROM_TITLE = "国务院文件"
# Categories that carry 有效性 (法律法规规章、规范性文件).
NORMATIVE_GENRES = frozenset(
    {
        Genre.CONSTITUTION,
        Genre.LAW,
        Genre.ADMIN_REGULATION,
        Genre.DEPARTMENT_RULE,
        Genre.LOCAL_REGULATION,
        Genre.LOCAL_RULE,
        Genre.JUDICIAL_INTERPRETATION,
        Genre.NORMATIVE,
    }
)
VALIDITY_WORDS: dict[str, str] = {
    "有效": Validity.VALID,
    "现行有效": Validity.VALID,
    "已修改": Validity.AMENDED,
    "已修正": Validity.AMENDED,
    "尚未生效": Validity.NOT_YET_EFFECTIVE,
    "失效": Validity.EXPIRED,
    "已失效": Validity.EXPIRED,
    "废止": Validity.REPEALED,
    "已废止": Validity.REPEALED,
}
# 文种 at the end of a title → 体裁 (党政机关公文处理工作条例 第八条 lists the 15 kinds).
_TITLE_GENRES: tuple[tuple[str, str], ...] = (
    ("通知", Genre.NOTICE),
    ("通报", Genre.CIRCULAR),
    ("意见", Genre.OPINION),
    ("决定", Genre.RESOLUTION),
    ("决议", Genre.DECISION),
    ("公报", Genre.BULLETIN),
    ("公告", Genre.ANNOUNCEMENT),
    ("通告", Genre.NOTICE_PUBLIC),
    ("报告", Genre.REPORT),
    ("请示", Genre.REQUEST),
    ("批复", Genre.REPLY),
    ("议案", Genre.MOTION),
    ("纪要", Genre.MINUTES),
    ("函", Genre.LETTER),
    ("命令", Genre.ORDER),
    ("规划", Genre.PLAN),
    ("计划", Genre.PLAN),
    ("方案", Genre.PLAN),
    ("要点", Genre.PLAN),
)


def genre_from_title(title: str) -> str:
    t = re.sub(r"[（(][^（()）]*[)）]$", "", title.strip())  # …通知（试行）
    for word, genre in _TITLE_GENRES:
        if t.endswith(word):
            return str(genre)
    return str(Genre.OTHER)


# --- records ------------------------------------------------------------------------


class RecordError(ValueError):
    """Why one input record cannot be imported; shown to the user as is."""


@dataclass(frozen=True)
class Record:
    """One validated record, ready to be written."""

    line: int
    external_id: str
    title: str
    body_html: str
    doc_number: str = ""
    genre: str = Genre.OTHER
    written_date: dt.date | None = None  # 成文日期
    published_date: dt.date | None = None  # 发布日期
    is_normative: bool = False
    declared_validity: str = ""
    source: str = ""
    keywords: str = ""
    agency_names: tuple[str, ...] = ()  # 发布机构, first = 主办
    index_number: str = ""  # 索引号 already given by the issuer (web copies)
    notes: tuple[str, ...] = ()  # cleaning warnings, kept in the audit event
    body_text: str = field(default="", repr=False, compare=False)  # for search

    def fields(self) -> dict[str, Any]:
        """The metadata fields this record sets, as stored."""
        return {
            "title": self.title,
            "doc_number": self.doc_number,
            "doc_number_normalized": normalize_doc_number(self.doc_number),
            "genre": self.genre,
            "written_date": self.written_date,
            "source": self.source,
            "keywords": self.keywords,
            "body_html": self.body_html,
            "is_normative": self.is_normative,
            "declared_validity": self.declared_validity,
            "disclosure": Disclosure.PROACTIVE,
        }


@dataclass(frozen=True)
class Rejection:
    line: int
    external_id: str
    reason: str

    def __str__(self) -> str:
        where = f"第{self.line}行" if self.line else "输入"
        ident = f"（id {self.external_id}）" if self.external_id else ""
        return f"{where}{ident}：{self.reason}"


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    skipped: list[Rejection] = field(default_factory=list)  # valid, but left alone
    agencies_created: list[str] = field(default_factory=list)
    undated: int = 0  # records without a date: 发布日期 is the import time
    dry_run: bool = False
    seconds: float = 0.0
    document_ids: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def merge(self, other: Summary) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected += other.rejected
        self.skipped += other.skipped
        self.undated += other.undated
        self.document_ids += other.document_ids

    def lines(self) -> list[str]:
        head = "（演练，未写入任何数据）" if self.dry_run else ""
        out = [
            f"{head}新建 {self.created} 条，更新 {self.updated} 条，"
            f"未变 {self.unchanged} 条，拒绝 {len(self.rejected)} 条，"
            f"跳过 {len(self.skipped)} 条（用时 {self.seconds:.1f} 秒）"
        ]
        if not self.changed and self.unchanged and not self.dry_run:
            out.append("没有任何变化：所有记录与库中一致。")
        if self.agencies_created:
            verb = "将新建" if self.dry_run else "新建"
            names = "、".join(self.agencies_created[:20])
            more = " 等" if len(self.agencies_created) > 20 else ""
            out.append(f"{verb}机关 {len(self.agencies_created)} 个：{names}{more}")
        if self.undated:
            out.append(f"{self.undated} 条记录没有日期，发布日期记为导入时间。")
        for title, items in (("拒绝", self.rejected), ("跳过", self.skipped)):
            if items:
                out.append(f"{title}：")
                out.extend(f"  {item}" for item in items)
        return out


def _text(obj: dict[str, Any], key: str, *, required: bool, limit: int) -> str:
    value = obj.get(key)
    if value is None:
        if required:
            raise RecordError(f"缺少字段 {key}")
        return ""
    if not isinstance(value, str):
        raise RecordError(f"字段 {key} 必须是字符串")
    if "\x00" in value:
        raise RecordError(f"字段 {key} 含有空字符（NUL）")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise RecordError(f"字段 {key} 含有无法存储的字符（孤立的代理码位）") from None
    value = value.strip()
    if required and not value:
        raise RecordError(f"字段 {key} 为空")
    if len(value) > limit:
        raise RecordError(f"字段 {key} 过长（{len(value)} 个字符，上限 {limit}）")
    return value


def _date(value: str, key: str) -> dt.date | None:
    if not value:
        return None
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        raise RecordError(
            f"字段 {key} 日期无效：{value[:40]}（应为 YYYY-MM-DD）"
        ) from None
    if not 1900 <= parsed.year <= 2100:
        raise RecordError(f"字段 {key} 日期超出范围：{value}")
    return parsed


def split_agencies(value: str) -> tuple[str, ...]:
    """`最高人民法院、最高人民检察院` → both; joint issuers are listed with 、."""
    names = [re.sub(r"\s+", "", n) for n in re.split(r"[、，,；;]", value)]
    return tuple(dict.fromkeys(n for n in names if n))


_DEEP_HEADING = re.compile(r"^(#{4,6})\s+(.+)$")
_HEADING_MARK = re.compile(r"^#{2,6}\s+")


def body_to_html(text: str) -> str:
    """Text (one paragraph per line, Markdown `##` headings) as safe HTML.

    `text_to_html` renders paragraphs and `##`/`###`; deeper headings of the corpus
    (`####` sections of standards) become h4–h6 here.
    """
    if "####" not in text:
        return text_to_html(text)
    out: list[str] = []
    run: list[str] = []
    for line in text.splitlines():
        m = _DEEP_HEADING.match(line.strip())
        if m:
            if run:
                out.append(text_to_html("\n".join(run)))
                run = []
            level = len(m.group(1))
            out.append(f"<h{level}>{html.escape(m.group(2).strip())}</h{level}>")
        else:
            run.append(line)
    if run:
        out.append(text_to_html("\n".join(run)))
    return "\n".join(part for part in out if part)


def search_text(text: str) -> str:
    """The plain text `html_to_text(body_to_html(text))` gives, without the round trip."""
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(
        _HEADING_MARK.sub("", line) if line.startswith("#") else line
        for line in lines
        if line
    )


def parse_record(obj: Any, line: int = 0) -> Record:
    """A JSONL object of the corpus format as a `Record`; raises `RecordError`."""
    if not isinstance(obj, dict):
        raise RecordError("每行必须是一个 JSON 对象")
    external_id = _text(obj, "id", required=True, limit=MAX_ID)
    title = re.sub(r"\s+", " ", _text(obj, "title", required=True, limit=MAX_TITLE))
    body = _text(obj, "body", required=True, limit=MAX_BODY)
    doc_number = _text(obj, "doc_number", required=False, limit=MAX_DOC_NUMBER)
    if len(normalize_doc_number(doc_number)) > MAX_DOC_NUMBER:
        raise RecordError("字段 doc_number 过长")
    agency = _text(obj, "agency", required=False, limit=10 * MAX_AGENCY_NAME)
    names = split_agencies(agency)
    for name in names:
        if len(name) > MAX_AGENCY_NAME:
            raise RecordError(f"发布机构名称过长（{len(name)} 个字符）")
    category = _text(obj, "category", required=False, limit=40)
    if not category:
        genre = Genre.OTHER
    elif category == GENRE_FROM_TITLE:
        genre = genre_from_title(title)
    elif category in CATEGORY_GENRES:
        genre = CATEGORY_GENRES[category]
    elif category in Genre.values:
        genre = category
    else:
        known = "、".join([*CATEGORY_GENRES, GENRE_FROM_TITLE])
        raise RecordError(
            f"未知的类别 category：{category}（可用：{known}，或体裁名称）"
        )
    published = _date(_text(obj, "published", required=False, limit=40), "published")
    validity = _text(obj, "validity", required=False, limit=20)
    if validity and validity not in VALIDITY_WORDS:
        raise RecordError(
            f"未知的有效性 validity：{validity}（可用：{'、'.join(VALIDITY_WORDS)}）"
        )
    source = _text(obj, "source", required=False, limit=MAX_SOURCE)
    return Record(
        line=line,
        external_id=external_id,
        title=title,
        body_html=body_to_html(body),
        doc_number=doc_number,
        genre=str(genre),
        written_date=published,
        published_date=published,
        is_normative=bool(validity) or genre in NORMATIVE_GENRES,
        declared_validity=VALIDITY_WORDS.get(validity, ""),
        source=source,
        agency_names=names,
        body_text=search_text(body),
    )


Item = Record | Rejection


def open_input(path: Path | str) -> IO[bytes]:
    """A JSONL file, gzip-compressed when its name ends in .gz."""
    if str(path).endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def read_jsonl(path: Path | str, *, limit: int | None = None) -> Iterator[Item]:
    """Records and rejections of a JSONL file, in order; later duplicates rejected."""
    seen: dict[str, int] = {}
    count = 0
    with open_input(path) as fh:
        for number, raw in enumerate(fh, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            if limit is not None and count >= limit:
                return
            count += 1
            yield _parse_line(raw, number, seen)


def _parse_line(raw: bytes, number: int, seen: dict[str, int]) -> Item:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejection(number, "", f"不是 UTF-8 编码（第 {exc.start + 1} 字节）")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejection(number, "", f"不是合法的 JSON（{exc.msg}，第 {exc.colno} 列）")
    ident = obj.get("id") if isinstance(obj, dict) else None
    ident = ident if isinstance(ident, str) else ""
    try:
        record = parse_record(obj, number)
    except RecordError as exc:
        return Rejection(number, ident[:MAX_ID], str(exc))
    first = seen.setdefault(record.external_id, number)
    if first != number:
        return Rejection(number, record.external_id, f"id 与第{first}行重复")
    return record


# --- agencies -------------------------------------------------------------------------

_NATIONAL_PREFIX = re.compile(
    r"^(?:国务院|全国人民代表大会|最高人民|中华人民共和国|中共中央|中央|国家|中国)"
)
_PLACE_UNIT = re.compile(
    r"^[\u4e00-\u9fff]{1,10}?"
    r"(?P<unit>特别行政区|自治区|自治州|自治县|地区|街道|省|州|盟|市|县|旗|区|镇|乡)"
)
_MUNICIPALITIES = ("北京市", "上海市", "天津市", "重庆市")
_UNIT_LEVEL = {
    "省": Agency.Level.PROVINCE,
    "自治区": Agency.Level.PROVINCE,
    "特别行政区": Agency.Level.PROVINCE,
    "市": Agency.Level.CITY,
    "自治州": Agency.Level.CITY,
    "州": Agency.Level.CITY,
    "地区": Agency.Level.CITY,
    "盟": Agency.Level.CITY,
    "县": Agency.Level.COUNTY,
    "自治县": Agency.Level.COUNTY,
    "旗": Agency.Level.COUNTY,
    "区": Agency.Level.COUNTY,
    "镇": Agency.Level.TOWNSHIP,
    "乡": Agency.Level.TOWNSHIP,
    "街道": Agency.Level.TOWNSHIP,
}


def infer_level(name: str) -> str:
    """层级 from an organ's name: the most local place unit it names.

    National organs have no place: 国务院 and its departments (国家…, ministries named
    without a place such as 公安部) are 国务院部门; 全国人大, 最高人民法院, 中共中央 and
    the like are 中央国家机关.
    """
    if _NATIONAL_PREFIX.match(name):
        if name == "国务院" or infer_kind(name) == Agency.Kind.OTHER:
            return Agency.Level.NATIONAL
        return Agency.Level.STATE_COUNCIL_DEPARTMENT
    level = ""
    rest, first = name, True
    while m := _PLACE_UNIT.match(rest):
        unit = m["unit"]
        if first and unit == "市" and name.startswith(_MUNICIPALITIES):
            level = Agency.Level.PROVINCE  # 直辖市
        else:
            level = _UNIT_LEVEL[unit]
        rest, first = rest[m.end() :], False
    if level:
        return level
    return (
        Agency.Level.NATIONAL
        if infer_kind(name) == Agency.Kind.OTHER
        else Agency.Level.STATE_COUNCIL_DEPARTMENT
    )


def infer_kind(name: str) -> str:
    if name == "国务院" or name.endswith("人民政府"):
        return Agency.Kind.GOVERNMENT
    if re.search(r"人民代表大会|常务委员会|法院|检察院|军事委员会|中共|党委", name):
        return Agency.Kind.OTHER
    return Agency.Kind.DEPARTMENT


def agency_code(name: str, length: int = 10) -> str:
    """A deterministic 机构代码 for an agency created by an import (GK + hash)."""
    return "GK" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:length].upper()  # noqa: S324


class AgencyResolver:
    """Finds 发布机构 by name; creates the missing ones (unless it is a dry run)."""

    def __init__(self, *, dry_run: bool = False) -> None:
        self.dry_run = dry_run
        self.cache: dict[str, Agency | None] = {}
        self.created: list[str] = []

    def resolve(self, names: Iterable[str]) -> list[Agency | None]:
        missing = [n for n in names if n not in self.cache]
        if missing:
            for agency in Agency.objects.filter(name__in=missing):
                self.cache[agency.name] = agency
            for name in missing:
                if name not in self.cache:
                    self.cache[name] = None if self.dry_run else self._create(name)
                    self.created.append(name)
        return [self.cache[n] for n in names]

    @transaction.atomic
    def _create(self, name: str) -> Agency:
        parent = None
        m = re.match(r"^(.+?)(?:办公厅|办公室)$", name)
        if m:
            parent = Agency.objects.filter(name=m.group(1)).first()
        length = 10
        while Agency.objects.filter(code=agency_code(name, length)).exists():
            length += 2  # a hash prefix collision with another name
        code = agency_code(name, length)
        agency, _ = Agency.objects.get_or_create(
            name=name,
            defaults={
                "code": code,
                "slug": code.lower(),
                "level": parent.level if parent else infer_level(name),
                "kind": Agency.Kind.DEPARTMENT if parent else infer_kind(name),
                "parent": parent,
            },
        )
        return agency


# --- writing --------------------------------------------------------------------------


def imported_event(doc: Document, data: dict[str, Any]) -> AuditEvent:
    """The event `audit.record(doc, "publishing.imported", actor=None, …)` writes.

    Built unsaved so a batch of them goes in one INSERT; one round trip per record
    was a third of the import time on PostgreSQL.
    """
    return audit.build(
        doc,
        "publishing.imported",
        actor=None,
        to_state=Document.Status.PUBLISHED,
        data=data,
    )


def assign_index_numbers(docs: list[Document], *, reserved: set[str]) -> None:
    """索引号 for many new records at once, as `actions.assign_index_number` gives them.

    Per owner and year the sequence row is locked once and the serials are taken in
    a run; numbers already used (or `reserved` in this batch) are skipped, exactly as
    the one-at-a-time helper skips them.
    """
    groups: dict[tuple[int, int], list[Document]] = defaultdict(list)
    for doc in docs:
        year = timezone.localtime(doc.published_at).year
        groups[(doc.agency.pk, year)].append(doc)
    for (_, year), group in groups.items():
        agency = group[0].agency
        seq, _ = IndexSequence.objects.select_for_update().get_or_create(
            agency=agency, year=year
        )
        numbers: list[str] = []
        while len(numbers) < len(group):
            need = len(group) - len(numbers)
            candidates = [
                format_index_number(
                    agency.index_template, org_code=agency.code, year=year, seq=n
                )
                for n in range(seq.last + 1, seq.last + need + 1)
            ]
            seq.last += need
            used = set(
                Document.objects.filter(index_number__in=candidates).values_list(
                    "index_number", flat=True
                )
            )
            numbers += [c for c in candidates if c not in used and c not in reserved]
        seq.save(update_fields=["last"])
        for doc, number in zip(group, numbers, strict=True):
            doc.index_number = number


def _published_at(record: Record, now: dt.datetime) -> dt.datetime:
    day = record.published_date or record.written_date
    if day is None:
        return now
    return dt.datetime.combine(
        day, dt.time(0, 0), tzinfo=timezone.get_current_timezone()
    )


def _same(doc: Document, record: Record, issuer_ids: list[int]) -> bool:
    for name, value in record.fields().items():
        if getattr(doc, name) != value:
            return False
    if sorted(a.pk for a in doc.issuing_agencies.all()) != sorted(issuer_ids):
        return False
    day = record.published_date or record.written_date
    return day is None or (
        doc.published_at is not None
        and timezone.localtime(doc.published_at).date() == day
    )


class Importer:
    """Writes records in batches; one transaction per batch."""

    def __init__(
        self,
        *,
        owner: Agency | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        dry_run: bool = False,
        source_label: str = "",
        progress: Callable[[int], None] | None = None,
        jobs: int = 1,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.owner = owner
        self.batch_size = batch_size
        self.dry_run = dry_run
        self.source_label = source_label
        self.progress = progress or (lambda n: None)
        self.jobs = jobs  # worker processes segmenting text for the search index
        self.agencies = AgencyResolver(dry_run=dry_run)
        self.summary = Summary(dry_run=dry_run)

    def run(self, items: Iterable[Item]) -> Summary:
        started = time.perf_counter()
        batch: list[Record] = []
        for item in items:
            if isinstance(item, Rejection):
                self.summary.rejected.append(item)
                self.progress(1)
                continue
            batch.append(item)
            if len(batch) >= self.batch_size:
                self._flush(batch)
                batch = []
        if batch:
            self._flush(batch)
        self.summary.agencies_created = list(self.agencies.created)
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    # A batch either commits whole or, if the database refuses it, is retried one
    # record at a time so that only the refused record is rejected.
    def _flush(self, batch: list[Record]) -> None:
        ready, issuers = self._resolve(batch)
        try:
            result = self._write_atomic(ready, issuers)
        except (DatabaseError, IndexTemplateError):
            result = Summary()
            for record in ready:
                try:
                    result.merge(self._write_atomic([record], issuers))
                except IndexTemplateError as exc:
                    reason = f"主办机关的索引号模板有误：{exc}"
                    result.rejected.append(
                        Rejection(record.line, record.external_id, reason)
                    )
                except DatabaseError as exc:
                    reason = f"数据库拒绝写入：{exc}"
                    result.rejected.append(
                        Rejection(record.line, record.external_id, reason)
                    )
        self.summary.merge(result)
        self.progress(len(batch))

    def _resolve(
        self, batch: list[Record]
    ) -> tuple[list[Record], dict[str, list[Agency]]]:
        names = sorted({n for r in batch for n in r.agency_names})
        by_name = dict(zip(names, self.agencies.resolve(names), strict=True))
        ready: list[Record] = []
        issuers: dict[str, list[Agency]] = {}
        for record in batch:
            found = [by_name[n] for n in record.agency_names]
            if not record.agency_names and self.owner is None:
                self.summary.rejected.append(
                    Rejection(
                        record.line,
                        record.external_id,
                        "缺少发布机构（agency），请用 --agency 指定主办机关",
                    )
                )
                continue
            issuers[record.external_id] = [a for a in found if a is not None]
            ready.append(record)
        return ready, issuers

    def _write_atomic(
        self, records: list[Record], issuers: dict[str, list[Agency]]
    ) -> Summary:
        with transaction.atomic():
            return self._write(records, issuers)

    def _write(
        self, records: list[Record], issuers: dict[str, list[Agency]]
    ) -> Summary:
        result = Summary()
        existing = {
            d.external_id: d
            for d in Document.objects.filter(
                external_id__in=[r.external_id for r in records]
            ).prefetch_related("issuing_agencies")
        }
        new: list[Record] = []
        changed: list[tuple[Record, Document]] = []
        for record in records:
            doc = existing.get(record.external_id)
            ids = [a.pk for a in issuers[record.external_id]]
            if doc is None:
                new.append(record)
            elif doc.status != Document.Status.PUBLISHED:
                result.skipped.append(
                    Rejection(
                        record.line,
                        record.external_id,
                        f"该信息在本平台为“{doc.get_status_display()}”状态，导入不会重新发布它",
                    )
                )
            elif _same(doc, record, ids):
                result.unchanged += 1
            else:
                changed.append((record, doc))
        if self.dry_run:
            result.created, result.updated = len(new), len(changed)
            result.undated = sum(
                1 for r in new if not (r.published_date or r.written_date)
            )
            return result
        now = timezone.now()
        created = self._create(new, issuers, now, result)
        texts = {pk: r.body_text for pk, r in zip(created, new, strict=True)}
        for record, doc in changed:
            texts[self._update(record, doc, issuers[record.external_id], now)] = (
                record.body_text
            )
            result.updated += 1
        self._index(texts)
        result.document_ids = list(texts)
        return result

    def _create(
        self,
        records: list[Record],
        issuers: dict[str, list[Agency]],
        now: dt.datetime,
        result: Summary,
    ) -> list[int]:
        if not records:
            return []
        today = timezone.localdate(now)
        wanted = [r.index_number for r in records if r.index_number]
        taken = set(
            Document.objects.filter(index_number__in=wanted).values_list(
                "index_number", flat=True
            )
        )
        docs: list[Document] = []
        for record in records:
            owner = self.owner or issuers[record.external_id][0]
            fields = record.fields()
            doc = Document(
                agency=owner,
                external_id=record.external_id,
                status=Document.Status.PUBLISHED,
                published_at=_published_at(record, now),
                updated_at=now,
                **fields,
            )
            if not (record.published_date or record.written_date):
                result.undated += 1
            if record.index_number and record.index_number not in taken:
                doc.index_number = record.index_number  # the issuer's own 索引号
                taken.add(record.index_number)
            facts = ValidityFacts(
                is_normative=doc.is_normative, declared=doc.declared_validity
            )
            doc.validity = str(derive_validity(facts, today))
            docs.append(doc)
        assign_index_numbers([d for d in docs if not d.index_number], reserved=taken)
        Document.objects.bulk_create(docs)
        revisions = [
            Revision(
                document=doc,
                number=1,
                status=Revision.Status.PUBLISHED,
                approved_at=now,
                change_note=self._note(record),
                **record.fields(),
            )
            for doc, record in zip(docs, records, strict=True)
        ]
        Revision.objects.bulk_create(revisions)
        for doc, rev in zip(docs, revisions, strict=True):
            doc.live_revision = rev
        Document.objects.bulk_update(docs, ["live_revision"])
        doc_links = Document.issuing_agencies.through
        rev_links = Revision.issuing_agencies.through
        doc_links.objects.bulk_create(
            doc_links(document_id=doc.pk, agency_id=agency.pk)
            for doc, record in zip(docs, records, strict=True)
            for agency in issuers[record.external_id]
        )
        rev_links.objects.bulk_create(
            rev_links(revision_id=rev.pk, agency_id=agency.pk)
            for rev, record in zip(revisions, records, strict=True)
            for agency in issuers[record.external_id]
        )
        AuditEvent.objects.bulk_create(
            imported_event(doc, self._audit_data(record, doc.index_number))
            for doc, record in zip(docs, records, strict=True)
        )
        result.created += len(docs)
        return [doc.pk for doc in docs]

    def _update(
        self, record: Record, doc: Document, issuers: list[Agency], now: dt.datetime
    ) -> int:
        doc = Document.objects.select_for_update().get(pk=doc.pk)
        before = {name: getattr(doc, name) for name in record.fields()}
        number = (doc.revisions.aggregate(n=Max("number"))["n"] or 0) + 1
        rev = Revision(
            document=doc,
            number=number,
            status=Revision.Status.PUBLISHED,
            approved_at=now,
            change_note=self._note(record),
        )
        actions.copy_metadata(doc, rev)  # keeps what staff added: 主题分类, 目录栏目 …
        for name, value in record.fields().items():
            setattr(rev, name, value)
        rev.save()
        rev.issuing_agencies.set(issuers)
        rev.catalogue_nodes.set(rev._pending_m2m["catalogue_nodes"])  # type: ignore[attr-defined]
        if doc.live_revision_id:
            Revision.objects.filter(pk=doc.live_revision_id).update(
                status=Revision.Status.SUPERSEDED
            )
        for name, value in record.fields().items():
            setattr(doc, name, value)
        if record.published_date or record.written_date:
            doc.published_at = _published_at(record, now)
        doc.updated_at = now
        doc.live_revision = rev
        doc.validity = actions._derive_validity(doc, timezone.localdate(now))
        doc.save()
        doc.issuing_agencies.set(issuers)
        data = self._audit_data(record, doc.index_number or "")
        data["revision"] = number
        data["changed"] = sorted(n for n, v in before.items() if getattr(doc, n) != v)
        audit.record(
            doc,
            "publishing.import_updated",
            actor=None,
            from_state=Document.Status.PUBLISHED,
            to_state=Document.Status.PUBLISHED,
            data=data,
        )
        return doc.pk

    def _index(self, texts: dict[int, str]) -> None:
        """Search entries for the written records, in the batch's transaction.

        `actions.search_entry` builds each entry; its body is the record's own text
        rather than the stored HTML parsed back to text (same words, no round trip).
        """
        if not texts:
            return
        docs = (
            Document.objects.filter(pk__in=list(texts))
            .select_related("agency", "topic")
            .prefetch_related("issuing_agencies", "catalogue_nodes")
        )
        entries = []
        for doc in docs:
            if doc.is_public:
                doc.body_html = ""  # in memory only: the text is passed below
                entry = actions.search_entry(doc)
                entries.append(dataclasses.replace(entry, body=texts[doc.pk]))
        bulk = getattr(search_index, "index_entries", None)
        if bulk is not None:
            bulk(entries, jobs=self.jobs) if self.jobs > 1 else bulk(entries)
        else:
            for entry in entries:
                search_index.index_entry(entry)

    def _note(self, record: Record) -> str:
        label = self.source_label or "导入"
        return f"导入：{label} 第{record.line}行"[:300] if record.line else label[:300]

    def _audit_data(self, record: Record, index_number: str) -> dict[str, Any]:
        data: dict[str, Any] = {
            "external_id": record.external_id,
            "index_number": index_number,
        }
        if self.source_label:
            data["source_file"] = self.source_label
        if record.line:
            data["line"] = record.line
        if record.notes:
            data["notes"] = list(record.notes)
        return data


def import_jsonl(
    path: Path | str,
    *,
    owner: Agency | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    limit: int | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    jobs: int = 1,
) -> Summary:
    """Import a JSONL file of the corpus format (see the corpus README)."""
    importer = Importer(
        owner=owner,
        batch_size=batch_size,
        dry_run=dry_run,
        source_label=Path(path).name,
        progress=progress,
        jobs=jobs,
    )
    return importer.run(read_jsonl(path, limit=limit))


# --- web copies -----------------------------------------------------------------------


def read_text_file(path: Path | str) -> str:
    """A web copy's text: UTF-8 (with or without BOM), else GB18030 (GBK pages)."""
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RecordError("文件既不是 UTF-8 也不是 GB18030 编码")


def webcopy_external_id(copy: WebCopy, owner: Agency | None) -> str:
    """Stable id of a web copy: the issuer and its 文号 (or title)."""
    issuer = copy.agency or (owner.code if owner else "")
    key = normalize_doc_number(copy.doc_number) if copy.doc_number else copy.title
    digest = hashlib.sha1(f"{issuer}|{key}".encode()).hexdigest()[:16]  # noqa: S324
    return f"webcopy-{digest}"


def record_from_webcopy(
    copy: WebCopy,
    *,
    owner: Agency | None = None,
    supplement: dict[str, str] | None = None,
) -> Record:
    """A cleaned web copy as a `Record`; `supplement` fills metadata the copy lacks."""
    meta = dict(copy.metadata)
    for key, value in (supplement or {}).items():
        if value and not meta.get(key):
            meta[key] = value
    copy = WebCopy(copy.title, copy.body_text, meta, copy.warnings)
    if not copy.title:
        raise RecordError("未找到标题")
    if not copy.body_text:
        raise RecordError("没有正文")
    if len(copy.title) > MAX_TITLE:
        raise RecordError(f"标题过长（{len(copy.title)} 个字符）")
    if len(copy.doc_number) > MAX_DOC_NUMBER:
        raise RecordError("文号过长")
    names = split_agencies(copy.agency)
    if any(len(n) > MAX_AGENCY_NAME for n in names):
        raise RecordError("发布机构名称过长")
    if not names and owner is None:
        raise RecordError("网页中没有发布机构，请用 --agency 指定主办机关")
    validity = meta.get("validity", "")
    index_number = meta.get("index_number", "")
    return Record(
        line=0,
        external_id=webcopy_external_id(copy, owner),
        title=copy.title,
        body_html=text_to_html(copy.body_text),
        doc_number=copy.doc_number,
        genre=genre_from_title(copy.title),
        written_date=copy.written_date,
        published_date=copy.published_date or copy.written_date,
        is_normative=validity in VALIDITY_WORDS,
        declared_validity=VALIDITY_WORDS.get(validity, ""),
        source=meta.get("source", "")[:MAX_SOURCE],
        keywords=meta.get("keywords", "")[:MAX_KEYWORDS],
        agency_names=names,
        index_number=index_number if len(index_number) <= MAX_INDEX_NUMBER else "",
        notes=copy.warnings,
        body_text=search_text(copy.body_text),
    )


@dataclass
class WebCopyResult:
    path: str
    copy: WebCopy | None
    summary: Summary


def import_webcopy(
    path: Path | str,
    *,
    owner: Agency | None = None,
    dry_run: bool = False,
    supplement: dict[str, str] | None = None,
) -> WebCopyResult:
    """Clean one HTML or text web copy and import it as a published record."""
    label = Path(path).name
    importer = Importer(owner=owner, dry_run=dry_run, source_label=label)
    try:
        copy = extract(read_text_file(path))
        record = record_from_webcopy(copy, owner=owner, supplement=supplement)
    except (NotADocument, RecordError) as exc:
        summary = importer.run([Rejection(0, "", f"{label}：{exc}")])
        return WebCopyResult(str(path), None, summary)
    return WebCopyResult(str(path), copy, importer.run([record]))
