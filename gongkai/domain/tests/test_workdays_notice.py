"""Reading the State Council holiday notice and the CSV format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import chinese_calendar
import pytest

from gongkai.domain.workdays import DayKind
from gongkai.domain.workdays_notice import (
    NoticeDay,
    NoticeError,
    NoticeErrorCode,
    parse_csv,
    parse_notice,
)

NOTICES = Path(__file__).parent / "notices"
D = date


def notice(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def split(days: list[NoticeDay]) -> tuple[set[date], set[date]]:
    holidays = {d.day for d in days if d.kind is DayKind.HOLIDAY}
    workdays = {d.day for d in days if d.kind is DayKind.MAKEUP_WORKDAY}
    return holidays, workdays


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_real_notices_give_the_published_schedule(year):
    holidays, workdays = split(parse_notice(notice(year), year))
    assert holidays == {
        d for d in chinese_calendar.constants.holidays if d.year == year
    }
    assert workdays == {
        d for d in chinese_calendar.constants.workdays if d.year == year
    }


def test_notice_2025_names_the_merged_national_day_and_mid_autumn_holiday():
    days = {d.day: d for d in parse_notice(notice(2025), 2025)}
    assert days[D(2025, 10, 6)].name == "国庆节、中秋节"
    assert days[D(2025, 10, 11)] == NoticeDay(
        D(2025, 10, 11), DayKind.MAKEUP_WORKDAY, "国庆节、中秋节"
    )
    assert days[D(2025, 1, 28)].name == "春节"


def test_the_2024_advice_to_rest_on_chuxi_is_not_a_holiday():
    holidays, _ = split(parse_notice(notice(2024), 2024))
    assert D(2024, 2, 9) not in holidays  # 鼓励……安排职工在除夕（2月9日）休息


def test_half_width_punctuation_and_no_line_breaks_between_sentences():
    text = (
        "现将2026年元旦放假安排通知如下。\n"
        "一、元旦:1月1日(周四)至3日(周六)放假调休,共3天。1月4日(周日)上班。"
    )
    holidays, workdays = split(parse_notice(text, 2026))
    assert holidays == {D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3)}
    assert workdays == {D(2026, 1, 4)}


def test_a_new_year_holiday_starting_in_december_keeps_its_explicit_years():
    text = (
        "一、元旦：2018年12月30日至2019年1月1日放假调休，共3天。"
        "2018年12月29日（星期六）上班。\n"
        "二、春节：2月4日至10日放假调休，共7天。2月2日（星期六）、2月3日（星期日）上班。"
    )
    holidays, workdays = split(parse_notice(text, 2019))
    assert {D(2018, 12, 30), D(2018, 12, 31), D(2019, 1, 1)} <= holidays
    assert workdays == {D(2018, 12, 29), D(2019, 2, 2), D(2019, 2, 3)}


def test_a_range_across_new_year_without_years_runs_into_the_next_year():
    text = "一、元旦：12月30日至1月1日放假调休，共3天。"
    holidays, _ = split(parse_notice(text, 2019))
    assert holidays == {D(2018, 12, 30), D(2018, 12, 31), D(2019, 1, 1)}


@pytest.mark.parametrize(
    ("text", "year", "code"),
    [
        ("", 2026, NoticeErrorCode.EMPTY),
        ("   \n ", 2026, NoticeErrorCode.EMPTY),
        (notice(2025), 2026, NoticeErrorCode.WRONG_YEAR),
        ("放假安排另行通知。", 2026, NoticeErrorCode.NO_ITEMS),
        (
            "一、元旦：1月1日（周三）至3日（周六）放假调休，共3天。",
            2026,
            NoticeErrorCode.WEEKDAY_MISMATCH,
        ),
        (
            "一、元旦：1月1日至3日放假调休，共4天。",
            2026,
            NoticeErrorCode.COUNT_MISMATCH,
        ),
        ("一、元旦：2月30日放假。", 2026, NoticeErrorCode.BAD_DATE),
        ("一、元旦：1月1日至3日待定。", 2026, NoticeErrorCode.UNREADABLE),
        ("一、元旦：1月5日（周一）上班。", 2026, NoticeErrorCode.MAKEUP_NOT_WEEKEND),
        ("一、元旦：2024年1月1日放假。", 2026, NoticeErrorCode.OUT_OF_YEAR),
        (
            "一、元旦：1月1日至3日放假。\n二、补充：1月3日（周六）上班。",
            2026,
            NoticeErrorCode.CONFLICT,
        ),
    ],
)
def test_a_notice_that_cannot_be_read_exactly_is_refused(text, year, code):
    with pytest.raises(NoticeError) as caught:
        parse_notice(text, year)
    assert caught.value.code is code


def test_errors_point_at_the_line():
    text = "通知\n\n一、元旦：1月1日（周四）放假。\n二、春节：2月31日放假。"
    with pytest.raises(NoticeError) as caught:
        parse_notice(text, 2026)
    assert caught.value.line == 4
    assert "2月31日" in caught.value.text


def test_csv_with_header_and_chinese_kinds():
    text = (
        "\ufeffdate,kind,name\n"
        "2027-01-01,holiday,元旦\n"
        "2027-02-20,上班,春节\n"
        "# 注释行\n"
        "\n"
        "2027-02-06,放假,春节\n"
    )
    days = parse_csv(text, 2027)
    assert days == [
        NoticeDay(D(2027, 1, 1), DayKind.HOLIDAY, "元旦"),
        NoticeDay(D(2027, 2, 6), DayKind.HOLIDAY, "春节"),
        NoticeDay(D(2027, 2, 20), DayKind.MAKEUP_WORKDAY, "春节"),
    ]


def test_csv_without_header():
    assert parse_csv("2027-10-01,holiday,国庆节", 2027) == [
        NoticeDay(D(2027, 10, 1), DayKind.HOLIDAY, "国庆节")
    ]


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("", NoticeErrorCode.EMPTY, None),
        ("date,kind,name\n", NoticeErrorCode.EMPTY, None),
        ("date,type,label\n2027-01-01,holiday,元旦", NoticeErrorCode.CSV_HEADER, 1),
        ("date,kind,name\n2027-01-01,holiday", NoticeErrorCode.CSV_COLUMNS, 2),
        ("date,kind,name\n2027/01/01,holiday,元旦", NoticeErrorCode.BAD_DATE, 2),
        ("date,kind,name\n2027-01-01,vacation,元旦", NoticeErrorCode.CSV_KIND, 2),
        ("2026-01-01,holiday,元旦", NoticeErrorCode.OUT_OF_YEAR, None),
        ("2027-01-04,makeup_workday,元旦", NoticeErrorCode.MAKEUP_NOT_WEEKEND, None),
        (
            "2027-01-02,holiday,元旦\n2027-01-02,makeup_workday,元旦",
            NoticeErrorCode.CONFLICT,
            None,
        ),
    ],
)
def test_a_bad_csv_is_refused(text, code, line):
    with pytest.raises(NoticeError) as caught:
        parse_csv(text, 2027)
    assert caught.value.code is code
    assert caught.value.line == line
