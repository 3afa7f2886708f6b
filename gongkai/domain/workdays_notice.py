"""Reading a year's holiday schedule from the State Council notice or a CSV file.

The notice (国务院办公厅关于YYYY年部分节假日安排的通知) lists one festival per
numbered item, for example::

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。
    六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、
    10月11日（周六）上班。

Older notices write 星期日 instead of 周日, omit the weekday, or start the 元旦
holiday in December of the previous year with an explicit year (2018年12月30日至
2019年1月1日). Sentences beginning with 鼓励 are recommendations (e.g. 2024: 鼓励……
安排职工在除夕（2月9日）休息) and create no days off.

Parsing is strict: every date in an item must be understood, a weekday written next
to a date must match it, and 共N天 must match the range, so a wrong year or a typo
fails loudly instead of loading a wrong calendar. Errors carry a code, a line number
and the offending text; the app words them for people.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from gongkai.domain.workdays import DayKind


class NoticeErrorCode(StrEnum):
    EMPTY = "empty"  # nothing to read
    WRONG_YEAR = "wrong_year"  # the notice is for another year
    NO_ITEMS = "no_items"  # no numbered festival item found
    BAD_DATE = "bad_date"  # a date that does not exist
    UNREADABLE = "unreadable"  # a sentence with dates but no 放假/上班
    WEEKDAY_MISMATCH = "weekday_mismatch"  # （周四） next to a Wednesday
    COUNT_MISMATCH = "count_mismatch"  # 共N天 differs from the range
    OUT_OF_YEAR = "out_of_year"  # a date far from the notice's year
    MAKEUP_NOT_WEEKEND = "makeup_not_weekend"  # 上班 on a Monday–Friday day
    CONFLICT = "conflict"  # a day both off and working
    CSV_HEADER = "csv_header"  # wrong column names
    CSV_COLUMNS = "csv_columns"  # a row without 3 columns
    CSV_KIND = "csv_kind"  # unknown kind


class NoticeError(ValueError):
    def __init__(self, code: NoticeErrorCode, line: int | None, text: str = "") -> None:
        super().__init__(f"{code} (line {line}): {text}")
        self.code = code
        self.line = line
        self.text = text


@dataclass(frozen=True, order=True)
class NoticeDay:
    day: date
    kind: DayKind  # HOLIDAY or MAKEUP_WORKDAY
    name: str  # the festival as the notice names it, e.g. 国庆节、中秋节


_NUMERALS = "一二三四五六七八九十"
_ITEM = re.compile(rf"^\s*[{_NUMERALS}]+\s*、\s*([^:]{{1,30}}?)\s*:(.*)$")
# 2018年12月30日 / 12月30日 / 30日, each optionally followed by (…周四…)
_DATE = re.compile(
    r"(?:(?P<y>\d{4})\s*年\s*)?(?:(?P<m>\d{1,2})\s*月\s*)?(?P<d>\d{1,2})\s*日"
    r"(?:\s*\((?P<note>[^)]*)\))?"
)
_RANGE = re.compile(
    rf"(?P<a>{_DATE.pattern})\s*(?:至|-|~|—)\s*(?P<b>[^,、]*?日(?:\s*\([^)]*\))?)"
)
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天])")
_WEEKDAY_INDEX = {
    "一": 0,
    "二": 1,
    "三": 2,
    "四": 3,
    "五": 4,
    "六": 5,
    "日": 6,
    "天": 6,
}
_TOTAL = re.compile(r"共\s*(\d+)\s*天")
_NOTICE_YEAR = re.compile(r"(?:关于|现将)\s*(\d{4})\s*年")


def _normalise(text: str) -> str:
    # NFKC turns full-width ：（），０-９ into ASCII so one pattern reads both styles;
    # the Chinese comma ， becomes "," as well.
    return unicodedata.normalize("NFKC", text).replace("\u3000", " ")


def _strip_notes(text: str) -> str:
    return re.sub(r"\([^)]*\)", "", text)


def _read_date(match: re.Match[str], year: int, start: date | None, line: int) -> date:
    """A date; `start` is the first day of a range whose end this is.

    The end of a range inherits year and month from its start (至3日), and a month
    smaller than the start's means the next year (12月31日至1月2日). A lone date
    without a year belongs to the notice's year.
    """
    y, m, d = match.group("y"), match.group("m"), match.group("d")
    if y:
        year = int(y)
    elif start is not None:
        year = start.year + (1 if m and int(m) < start.month else 0)
    if m:
        month = int(m)
    elif start is not None:
        month = start.month
    else:
        raise NoticeError(NoticeErrorCode.BAD_DATE, line, match.group(0))
    try:
        value = date(year, month, int(d))
    except ValueError:
        raise NoticeError(NoticeErrorCode.BAD_DATE, line, match.group(0)) from None
    weekday = _WEEKDAY.search(match.group("note") or "")
    if weekday and _WEEKDAY_INDEX[weekday.group(1)] != value.weekday():
        raise NoticeError(NoticeErrorCode.WEEKDAY_MISMATCH, line, match.group(0))
    return value


def _dates_in(sentence: str, year: int, line: int) -> list[tuple[date, date]]:
    """Single dates and ranges in a sentence, as (first, last) pairs."""
    spans: list[tuple[date, date]] = []
    pos = 0
    while (single := _DATE.search(sentence, pos)) is not None:
        rng = _RANGE.match(sentence, single.start())
        if rng is None:
            day = _read_date(single, year, None, line)
            spans.append((day, day))
            pos = single.end()
            continue
        start_match = _DATE.fullmatch(rng.group("a"))
        end_match = _DATE.fullmatch(rng.group("b").strip())
        if start_match is None or end_match is None:
            raise NoticeError(NoticeErrorCode.BAD_DATE, line, rng.group(0))
        first = _read_date(start_match, year, None, line)
        end_month = end_match.group("m")
        if not start_match.group("y") and end_month and int(end_month) < first.month:
            # 12月30日至1月1日 in the notice for year Y starts in December of Y-1.
            first = _read_date(start_match, year - 1, None, line)
        last = _read_date(end_match, year, first, line)
        if last < first or (last - first).days > 31:
            raise NoticeError(NoticeErrorCode.BAD_DATE, line, rng.group(0))
        spans.append((first, last))
        pos = rng.end()
    return spans


def _days(spans: list[tuple[date, date]]) -> list[date]:
    out: list[date] = []
    for first, last in spans:
        d = first
        while d <= last:
            out.append(d)
            d += timedelta(days=1)
    return out


def parse_notice(text: str, year: int) -> list[NoticeDay]:
    """The holidays and make-up workdays a notice for `year` announces.

    Raises NoticeError if anything in a numbered item cannot be read exactly.
    """
    text = _normalise(text or "")
    if not text.strip():
        raise NoticeError(NoticeErrorCode.EMPTY, None)
    stated = _NOTICE_YEAR.search(text)
    if stated and int(stated.group(1)) != year:
        raise NoticeError(NoticeErrorCode.WRONG_YEAR, None, stated.group(0))
    days: list[NoticeDay] = []
    items = 0
    for number, raw_line in enumerate(text.splitlines(), start=1):
        item = _ITEM.match(raw_line)
        if item is None:
            continue
        items += 1
        name = item.group(1).replace(",", "、").strip()
        for sentence in re.split(r"[。;]", item.group(2)):
            sentence = sentence.strip()
            if not sentence or sentence.startswith("鼓励"):
                continue
            spans = _dates_in(sentence, year, number)
            if not spans:
                continue
            plain = _strip_notes(sentence)
            if "上班" in plain and "放假" not in plain:
                kind = DayKind.MAKEUP_WORKDAY
            elif "放假" in plain and "上班" not in plain:
                kind = DayKind.HOLIDAY
                total = _TOTAL.search(plain)
                if total and int(total.group(1)) != len(_days(spans)):
                    raise NoticeError(NoticeErrorCode.COUNT_MISMATCH, number, sentence)
            else:
                raise NoticeError(NoticeErrorCode.UNREADABLE, number, sentence)
            days.extend(NoticeDay(d, kind, name) for d in _days(spans))
    if not items:
        raise NoticeError(NoticeErrorCode.NO_ITEMS, None)
    return _validated(days, year)


_CSV_KINDS = {
    "holiday": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "makeup_workday": DayKind.MAKEUP_WORKDAY,
    "workday": DayKind.MAKEUP_WORKDAY,
    "上班": DayKind.MAKEUP_WORKDAY,
    "班": DayKind.MAKEUP_WORKDAY,
}


def parse_csv(text: str, year: int) -> list[NoticeDay]:
    """Rows `date,kind,name` (header optional): kind is holiday or makeup_workday.

    Dates are ISO (2027-02-06); the Chinese 放假/上班 are accepted as kinds.
    """
    text = (text or "").lstrip("\ufeff")
    if not text.strip():
        raise NoticeError(NoticeErrorCode.EMPTY, None)
    days: list[NoticeDay] = []
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in row]
        if not any(cells) or cells[0].startswith("#"):
            continue
        if number == 1 and cells and cells[0].lower() in ("date", "日期"):
            if [c.lower() for c in cells[:3]] not in (
                ["date", "kind", "name"],
                ["日期", "类型", "名称"],
            ):
                raise NoticeError(NoticeErrorCode.CSV_HEADER, number, ",".join(row))
            continue
        if len(cells) != 3:
            raise NoticeError(NoticeErrorCode.CSV_COLUMNS, number, ",".join(row))
        raw_date, raw_kind, name = cells
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            raise NoticeError(NoticeErrorCode.BAD_DATE, number, raw_date) from None
        kind = _CSV_KINDS.get(raw_kind.lower())
        if kind is None:
            raise NoticeError(NoticeErrorCode.CSV_KIND, number, raw_kind)
        days.append(NoticeDay(day, kind, name[:60]))
    if not days:
        raise NoticeError(NoticeErrorCode.EMPTY, None)
    return _validated(days, year)


def _validated(days: list[NoticeDay], year: int) -> list[NoticeDay]:
    by_day: dict[date, NoticeDay] = {}
    for entry in days:
        # A notice may start 元旦 in late December of the year before (2019, 2023).
        if entry.day.year != year and not (
            entry.day.year == year - 1 and entry.day.month == 12
        ):
            raise NoticeError(NoticeErrorCode.OUT_OF_YEAR, None, entry.day.isoformat())
        if entry.kind is DayKind.MAKEUP_WORKDAY and entry.day.weekday() < 5:
            raise NoticeError(
                NoticeErrorCode.MAKEUP_NOT_WEEKEND, None, entry.day.isoformat()
            )
        seen = by_day.get(entry.day)
        if seen is not None and seen.kind is not entry.kind:
            raise NoticeError(NoticeErrorCode.CONFLICT, None, entry.day.isoformat())
        by_day.setdefault(entry.day, entry)
    return sorted(by_day.values())
