"""Working days (工作日) under China's State Council holiday schedule.

A `WorkCalendar` holds the holidays, 调休 make-up workdays and closures that apply to
one agency, and the years whose official schedule (国务院办公厅关于YYYY年部分节假日
安排的通知) has been loaded. For a loaded year `is_workday` is exact; for any other year
it raises `UnknownCalendarYear`, because a guessed deadline must never pass for an
official one.

Pages and deadline clocks that must not crash use the `*_provisional` functions: for a
year that is not loaded they apply the provisional rule (weekends plus the statutory
holidays of 《全国年节及纪念日放假办法》) and report that they did so.

Counting follows 《中华人民共和国民法典》第二百零一条: “按照年、月、日计算期间的，
开始的当日不计入，自下一日开始计算。” So `add_workdays(cal, d, 20)` is the 20th working
day *after* d, whatever kind of day d is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

ONE_DAY = timedelta(days=1)


class UnknownCalendarYear(LookupError):
    """The official holiday schedule for `year` has not been loaded."""

    def __init__(self, year: int) -> None:
        super().__init__(year)
        self.year = year

    def __str__(self) -> str:
        return f"calendar year {self.year} is not loaded"


class DayKind(StrEnum):
    """What a day is for one agency. Display labels live in the app."""

    WORKDAY = "workday"  # 工作日
    WEEKEND = "weekend"  # 周末休息日
    HOLIDAY = "holiday"  # 法定节假日及调休放假日
    MAKEUP_WORKDAY = "makeup_workday"  # 调休上班的周末
    CLOSURE = "closure"  # 本机关或本地区停止办公

    @property
    def is_workday(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)


@dataclass(frozen=True)
class WorkCalendar:
    """The days that differ from a plain Monday–Friday week, for one agency.

    The three sets are normally disjoint (the app resolves national, regional and
    agency layers first). If a date is in more than one, a closure wins over a
    make-up workday, which wins over a holiday.
    """

    holidays: frozenset[date] = frozenset()  # 法定节假日及调休放假日
    extra_workdays: frozenset[date] = frozenset()  # 调休上班的周末
    closures: frozenset[date] = frozenset()  # 停止办公 (local, e.g. a typhoon)
    years: frozenset[int] = frozenset()  # years whose official notice is loaded

    def knows(self, year: int) -> bool:
        return year in self.years

    def day_kind(self, d: date) -> DayKind:
        """The kind of `d`; raises `UnknownCalendarYear` for a year not loaded."""
        if d.year not in self.years:
            raise UnknownCalendarYear(d.year)
        return self._recorded_kind(d) or _weekday_kind(d)

    def is_workday(self, d: date) -> bool:
        """Whether `d` is a working day; raises `UnknownCalendarYear` if unknown."""
        return self.day_kind(d).is_workday

    def _recorded_kind(self, d: date) -> DayKind | None:
        if d in self.closures:
            return DayKind.CLOSURE
        if d in self.extra_workdays:
            return DayKind.MAKEUP_WORKDAY
        if d in self.holidays:
            return DayKind.HOLIDAY
        return None


def _weekday_kind(d: date) -> DayKind:
    return DayKind.WORKDAY if d.weekday() < 5 else DayKind.WEEKEND


def add_workdays(cal: WorkCalendar, start: date, n: int) -> date:
    """The n-th working day after `start`; `start` itself is never counted.

    n = 0 returns `start`. Raises `UnknownCalendarYear` as soon as a day of an
    unloaded year would have to be looked at, and ValueError for a negative n.
    """
    _check_n(n)
    d = start
    counted = 0
    while counted < n:
        d += ONE_DAY
        if cal.is_workday(d):
            counted += 1
    return d


def workdays_between(cal: WorkCalendar, a: date, b: date) -> int:
    """Working days in the half-open interval (a, b]: a excluded, b included.

    This is the inverse of `add_workdays`: workdays_between(a, add_workdays(a, n))
    == n. If b < a the result is the negated count of (b, a]. Raises
    `UnknownCalendarYear` for a day of an unloaded year inside the interval.
    """
    if b < a:
        return -workdays_between(cal, b, a)
    count = 0
    d = a
    while d < b:
        d += ONE_DAY
        if cal.is_workday(d):
            count += 1
    return count


# --- Provisional rule for years without a loaded notice -------------------------


class Festival(StrEnum):
    NEW_YEAR = "new_year"  # 元旦
    SPRING_FESTIVAL = "spring_festival"  # 春节
    QINGMING = "qingming"  # 清明节
    LABOUR_DAY = "labour_day"  # 劳动节
    DRAGON_BOAT = "dragon_boat"  # 端午节
    MID_AUTUMN = "mid_autumn"  # 中秋节
    NATIONAL_DAY = "national_day"  # 国庆节
    IN_LIEU = "in_lieu"  # 补假 (第六条)


# 《全国年节及纪念日放假办法》(2024年11月10日第四次修订, 自2025年1月1日起施行)
# 第二条 全体公民放假的节日: (一)元旦，放假1天（1月1日）; (四)劳动节，放假2天
# （5月1日、2日）; (七)国庆节，放假3天（10月1日至3日）。
FIXED_DATE_HOLIDAYS: tuple[tuple[int, int, Festival], ...] = (
    (1, 1, Festival.NEW_YEAR),
    (5, 1, Festival.LABOUR_DAY),
    (5, 2, Festival.LABOUR_DAY),
    (10, 1, Festival.NATIONAL_DAY),
    (10, 2, Festival.NATIONAL_DAY),
    (10, 3, Festival.NATIONAL_DAY),
)

# The lunar and solar-term holidays of the same article, as Gregorian dates:
# 春节 正月初一 (放假4天: 农历除夕、正月初一至初三), 清明 (农历清明当日),
# 端午 (农历五月初五), 中秋 (农历八月十五), each as MMDD. Generated once from
# lunardate 0.3.0 (lunar dates) and chinese_calendar's solar-term table (清明);
# gongkai/domain/tests/test_workdays_festivals.py checks every row against both, so
# the domain needs no calendar library at run time.
_FESTIVAL_TABLE: dict[int, str] = {
    2004: "0122 0404 0622 0928",
    2005: "0209 0405 0611 0918",
    2006: "0129 0405 0531 1006",
    2007: "0218 0405 0619 0925",
    2008: "0207 0404 0608 0914",
    2009: "0126 0404 0528 1003",
    2010: "0214 0405 0616 0922",
    2011: "0203 0405 0606 0912",
    2012: "0123 0404 0623 0930",
    2013: "0210 0404 0612 0919",
    2014: "0131 0405 0602 0908",
    2015: "0219 0405 0620 0927",
    2016: "0208 0404 0609 0915",
    2017: "0128 0404 0530 1004",
    2018: "0216 0405 0618 0924",
    2019: "0205 0405 0607 0913",
    2020: "0125 0404 0625 1001",
    2021: "0212 0404 0614 0921",
    2022: "0201 0405 0603 0910",
    2023: "0122 0405 0622 0929",
    2024: "0210 0404 0610 0917",
    2025: "0129 0404 0531 1006",
    2026: "0217 0405 0619 0925",
    2027: "0206 0405 0609 0915",
    2028: "0126 0404 0528 1003",
    2029: "0213 0404 0616 0922",
    2030: "0203 0405 0605 0912",
    2031: "0123 0405 0624 1001",
    2032: "0211 0404 0612 0919",
    2033: "0131 0404 0601 0908",
    2034: "0219 0405 0620 0927",
    2035: "0208 0405 0610 0916",
    2036: "0128 0404 0530 1004",
    2037: "0215 0404 0618 0924",
    2038: "0204 0405 0607 0913",
    2039: "0124 0405 0527 1002",
    2040: "0212 0404 0614 0920",
    2041: "0201 0404 0603 0910",
    2042: "0122 0404 0622 0928",
    2043: "0210 0405 0611 0917",
    2044: "0130 0404 0531 1005",
    2045: "0217 0404 0619 0925",
    2046: "0206 0404 0608 0915",
    2047: "0126 0405 0529 1004",
    2048: "0214 0404 0615 0922",
    2049: "0202 0404 0604 0911",
    2050: "0123 0404 0623 0930",
    2051: "0211 0405 0613 0919",
    2052: "0201 0404 0601 0907",
    2053: "0219 0404 0620 0926",
    2054: "0208 0404 0610 0916",
    2055: "0128 0405 0530 1005",
    2056: "0215 0404 0617 0924",
    2057: "0204 0404 0606 0913",
    2058: "0124 0404 0625 1002",
    2059: "0212 0405 0614 0921",
    2060: "0202 0404 0603 0909",
    2061: "0121 0404 0622 0928",
    2062: "0209 0404 0611 0917",
    2063: "0129 0405 0601 1006",
    2064: "0217 0404 0619 0925",
    2065: "0205 0404 0608 0915",
    2066: "0126 0404 0528 1003",
    2067: "0214 0405 0616 0923",
    2068: "0203 0404 0604 0911",
    2069: "0123 0404 0623 0929",
    2070: "0211 0404 0613 0919",
    2071: "0131 0405 0602 0908",
    2072: "0219 0404 0620 0926",
    2073: "0207 0404 0610 0916",
    2074: "0127 0404 0530 1005",
    2075: "0215 0404 0617 0924",
    2076: "0205 0404 0606 0912",
    2077: "0124 0404 0624 1001",
    2078: "0212 0404 0614 0920",
    2079: "0202 0404 0604 0910",
    2080: "0122 0404 0622 0928",
    2081: "0209 0404 0611 0917",
    2082: "0129 0404 0601 1006",
    2083: "0217 0404 0619 0926",
    2084: "0206 0404 0607 0914",
    2085: "0126 0404 0527 1003",
    2086: "0214 0404 0615 0922",
    2087: "0203 0404 0605 0911",
    2088: "0124 0404 0623 0929",
    2089: "0210 0404 0613 0918",
    2090: "0130 0404 0602 0908",
    2091: "0218 0404 0621 0927",
    2092: "0207 0404 0609 0916",
    2093: "0127 0404 0529 1005",
    2094: "0215 0404 0617 0924",
    2095: "0205 0404 0606 0913",
    2096: "0125 0404 0624 0930",
    2097: "0212 0404 0614 0920",
    2098: "0201 0404 0604 0909",
    2099: "0121 0404 0623 0929",
}


def _mmdd(year: int, text: str) -> date:
    return date(year, int(text[:2]), int(text[2:]))


@dataclass(frozen=True)
class LunarFestivals:
    """Gregorian dates of the lunar and solar-term festivals in one year."""

    spring_festival: date  # 正月初一
    qingming: date
    dragon_boat: date  # 五月初五
    mid_autumn: date  # 八月十五


def lunar_festivals(year: int) -> LunarFestivals | None:
    """The festivals of `year`, or None outside the table (2004–2099)."""
    row = _FESTIVAL_TABLE.get(year)
    if row is None:
        return None
    a, b, c, d = (_mmdd(year, part) for part in row.split())
    return LunarFestivals(a, b, c, d)


def statutory_holidays(year: int) -> dict[date, Festival]:
    """The statutory days off of `year` by the 2024 放假办法, with 补假.

    第六条: “全体公民放假的假日，如果适逢周六、周日，应当在工作日补假。” Each
    statutory day on a weekend adds the next Monday–Friday day that is not already off.
    This is what the law guarantees, not the 调休 schedule the State Council will
    publish, which moves weekends around; results built on it are provisional.
    Outside 2004–2099 only the fixed-date holidays are known.
    """
    days: dict[date, Festival] = {
        date(year, m, d): festival for m, d, festival in FIXED_DATE_HOLIDAYS
    }
    lunar = lunar_festivals(year)
    if lunar is not None:
        # 春节 放假4天: 农历除夕、正月初一至初三. 除夕 may fall in the previous year;
        # it is kept with the year of 正月初一 so each year's set is self-contained.
        for offset in range(-1, 3):
            days[lunar.spring_festival + timedelta(days=offset)] = (
                Festival.SPRING_FESTIVAL
            )
        days[lunar.qingming] = Festival.QINGMING
        days[lunar.dragon_boat] = Festival.DRAGON_BOAT
        days[lunar.mid_autumn] = Festival.MID_AUTUMN
    in_lieu: dict[date, Festival] = {}
    for d in sorted(days):
        if d.weekday() >= 5:
            candidate = d + ONE_DAY
            while candidate.weekday() >= 5 or candidate in days or candidate in in_lieu:
                candidate += ONE_DAY
            in_lieu[candidate] = Festival.IN_LIEU
    days.update(in_lieu)
    return days


_STATUTORY_CACHE: dict[int, frozenset[date]] = {}


def _statutory_days_off(year: int) -> frozenset[date]:
    cached = _STATUTORY_CACHE.get(year)
    if cached is None:
        # A 除夕 or 补假 of one year can fall into the next (e.g. 除夕 on 31 Dec);
        # look at both neighbours so every date is judged by all rules touching it.
        found: set[date] = set()
        for y in (year - 1, year, year + 1):
            if date.min.year < y < date.max.year:
                found.update(d for d in statutory_holidays(y) if d.year == year)
        cached = frozenset(found)
        _STATUTORY_CACHE[year] = cached
    return cached


def day_kind_provisional(cal: WorkCalendar, d: date) -> tuple[DayKind, bool]:
    """The kind of `d`, and whether it came from the provisional rule. Never raises.

    In an unloaded year, entries the calendar does hold for that day (a regional
    festival or a closure already recorded) still apply; other days follow the
    statutory rule.
    """
    if d.year in cal.years:
        return cal.day_kind(d), False
    recorded = cal._recorded_kind(d)
    if recorded is not None:
        return recorded, True
    if d in _statutory_days_off(d.year):
        return DayKind.HOLIDAY, True
    return _weekday_kind(d), True


def is_workday_provisional(cal: WorkCalendar, d: date) -> tuple[bool, bool]:
    """(is working day, provisional). Never raises."""
    kind, provisional = day_kind_provisional(cal, d)
    return kind.is_workday, provisional


def add_workdays_provisional(
    cal: WorkCalendar, start: date, n: int
) -> tuple[date, bool]:
    """`add_workdays` that never raises for an unknown year.

    Returns (date, provisional); provisional is True when any day looked at lies in
    a year whose notice is not loaded. Only a negative n (a programming error)
    raises ValueError.
    """
    _check_n(n)
    d = start
    counted = 0
    provisional = False
    while counted < n:
        d += ONE_DAY
        workday, guessed = is_workday_provisional(cal, d)
        provisional = provisional or guessed
        if workday:
            counted += 1
    return d, provisional


def workdays_between_provisional(
    cal: WorkCalendar, a: date, b: date
) -> tuple[int, bool]:
    """`workdays_between` ((a, b], negated if b < a) that never raises."""
    if b < a:
        count, provisional = workdays_between_provisional(cal, b, a)
        return -count, provisional
    count = 0
    provisional = False
    d = a
    while d < b:
        d += ONE_DAY
        workday, guessed = is_workday_provisional(cal, d)
        provisional = provisional or guessed
        if workday:
            count += 1
    return count, provisional


def _check_n(n: int) -> None:
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")


# --- Building a calendar from layered entries -----------------------------------


@dataclass(frozen=True)
class Entry:
    """One recorded day: national, regional (by region-code prefix) or agency."""

    day: date
    kind: DayKind  # HOLIDAY, MAKEUP_WORKDAY or CLOSURE
    region_code: str = ""  # "" for national and agency entries
    agency: bool = False  # True for the agency's own entry
    name: str = ""


def normalize_region_code(code: str) -> str:
    """A GB/T 2260 code as a prefix: '540000' → '54', '652300' → '6523'.

    Six-digit codes end in 00 pairs for a province or prefecture; the stripped form
    matches every county below it by prefix.
    """
    code = code.strip()
    if not code.isascii() or not code.isdigit() or len(code) % 2 or len(code) > 12:
        raise ValueError(f"not a GB/T 2260 region code: {code!r}")
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def entry_applies(entry: Entry, agency_region: str) -> bool:
    if entry.agency or not entry.region_code:
        return True
    return bool(agency_region) and agency_region.startswith(entry.region_code)


def _precedence(entry: Entry) -> tuple[int, int]:
    # agency > longer region prefix > shorter region prefix > national
    if entry.agency:
        return (2, 0)
    if entry.region_code:
        return (1, len(entry.region_code))
    return (0, 0)


def build_calendar(
    entries: Iterable[Entry], years: Iterable[int], agency_region: str = ""
) -> WorkCalendar:
    """Resolve layered entries into one calendar: the most specific entry wins.

    `entries` are the national entries, regional ones and the agency's own; regional
    ones apply when `agency_region` (the agency's GB/T 2260 code) starts with their
    prefix. A region code is matched digit by digit, so normalise both sides first.
    """
    chosen: dict[date, Entry] = {}
    for entry in entries:
        if entry.kind not in (DayKind.HOLIDAY, DayKind.MAKEUP_WORKDAY, DayKind.CLOSURE):
            raise ValueError(f"an entry cannot record {entry.kind}")
        if not entry_applies(entry, agency_region):
            continue
        current = chosen.get(entry.day)
        if current is None or _precedence(entry) >= _precedence(current):
            chosen[entry.day] = entry
    buckets: dict[DayKind, set[date]] = {
        DayKind.HOLIDAY: set(),
        DayKind.MAKEUP_WORKDAY: set(),
        DayKind.CLOSURE: set(),
    }
    for day, entry in chosen.items():
        buckets[entry.kind].add(day)
    return WorkCalendar(
        holidays=frozenset(buckets[DayKind.HOLIDAY]),
        extra_workdays=frozenset(buckets[DayKind.MAKEUP_WORKDAY]),
        closures=frozenset(buckets[DayKind.CLOSURE]),
        years=frozenset(years),
    )


@dataclass(frozen=True)
class MonthGrid:
    """A month as weeks of (date or None, kind, provisional), Monday first."""

    year: int
    month: int
    weeks: tuple[tuple[tuple[date | None, DayKind | None, bool], ...], ...] = field(
        default_factory=tuple
    )


def month_grid(cal: WorkCalendar, year: int, month: int) -> MonthGrid:
    """The days of a month laid out Monday-first, each with its kind. Never raises."""
    first = date(year, month, 1)
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    cells: list[tuple[date | None, DayKind | None, bool]] = [
        (None, None, False)
    ] * first.weekday()
    d = first
    while d < nxt:
        kind, provisional = day_kind_provisional(cal, d)
        cells.append((d, kind, provisional))
        d += ONE_DAY
    while len(cells) % 7:
        cells.append((None, None, False))
    weeks = tuple(tuple(cells[i : i + 7]) for i in range(0, len(cells), 7))
    return MonthGrid(year, month, weeks)
