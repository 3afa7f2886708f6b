"""`gongkai calendar …` and `gongkai workdays …` through call_command."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from gongkai.conftest import make_agency
from gongkai.core.models import AuditEvent
from gongkai.workdays import queries
from gongkai.workdays.models import CalendarEntry, CalendarYear

pytestmark = pytest.mark.django_db

NOTICES = Path(__file__).resolve().parents[2] / "domain" / "tests" / "notices"


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def snapshot() -> list[tuple]:
    return list(
        CalendarEntry.objects.order_by("date", "scope", "pk").values_list(
            "date", "kind", "scope", "name", "source"
        )
    ) + list(
        CalendarYear.objects.order_by("year").values_list("year", "source", "title")
    )


def notice_for_2027(tmp_path: Path) -> Path:
    """The 2026 notice rewritten as a plausible 2027 one (dates checked by weekday)."""
    text = (
        "国务院办公厅关于2027年部分节假日安排的通知\n"
        "现将2027年元旦、春节放假调休日期的具体安排通知如下。\n"
        "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
        "二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。"
        "2月20日（周六）上班。\n"
    )
    path = tmp_path / "2027.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_calendar_load_reads_a_notice_and_records_who_and_what(tmp_path):
    out, _ = run("calendar", "load", "2027", str(notice_for_2027(tmp_path)))
    assert "已载入2027年：放假11天，调休上班1天" in out
    year = CalendarYear.objects.get(year=2027)
    assert year.source == CalendarEntry.Source.NOTICE
    assert "2027年部分节假日安排" in year.text
    cal = queries.work_calendar()
    assert not cal.is_workday(date(2027, 2, 8))
    assert cal.is_workday(date(2027, 2, 20))
    event = AuditEvent.objects.get(
        action="workdays.year_loaded", subject_id=str(year.pk)
    )
    assert event.data["year"] == 2027
    assert "2027-02-05" in event.data["added"]


def test_calendar_load_accepts_the_real_2026_notice_in_gbk(tmp_path):
    path = tmp_path / "2026.txt"
    path.write_bytes((NOTICES / "2026.txt").read_text(encoding="utf-8").encode("gbk"))
    before = {d for d in queries.work_calendar().holidays if d.year == 2026}
    out, _ = run(
        "calendar", "load", "2026", str(path), "--title", "国办发明电〔2025〕7号"
    )
    assert "放假33天，调休上班6天" in out
    assert {d for d in queries.work_calendar().holidays if d.year == 2026} == before
    assert CalendarYear.objects.get(year=2026).title == "国办发明电〔2025〕7号"


def test_calendar_load_reads_a_csv(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-20,makeup_workday,春节\n",
        encoding="utf-8",
    )
    out, _ = run("calendar", "load", "2027", str(path))
    assert "放假1天，调休上班1天" in out
    assert CalendarYear.objects.get(year=2027).source == CalendarEntry.Source.CSV
    assert queries.work_calendar().is_workday(date(2027, 2, 20))


def test_calendar_load_dry_run_saves_nothing(tmp_path):
    before = snapshot()
    out, _ = run(
        "calendar", "load", "2027", str(notice_for_2027(tmp_path)), "--dry-run"
    )
    assert "检查通过" in out
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("date,kind,name\n2027-01-01,holiday\n", "第2行"),
        ("date,kind,name\n2027-13-01,holiday,元旦\n", "无法识别的日期"),
        ("2027-01-04,makeup_workday,元旦\n", "调休上班日应为周六或周日"),
        ("一、元旦：1月1日（周四）放假。\n", "日期与所注星期不符"),
        ("这不是通知。\n", "未找到"),
        ("", "没有可读取的日期"),
    ],
)
def test_calendar_load_refuses_a_bad_file_and_changes_nothing(
    tmp_path, content, message
):
    path = tmp_path / ("bad.csv" if content.startswith(("date", "2027")) else "bad.txt")
    path.write_text(content, encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError) as caught:
        run("calendar", "load", "2027", str(path))
    assert message in str(caught.value)
    assert "未作任何更改" in str(caught.value)
    assert snapshot() == before


def test_calendar_load_refuses_a_notice_for_another_year():
    before = snapshot()
    with pytest.raises(CommandError, match="年份与指定年份不符"):
        run("calendar", "load", "2027", str(NOTICES / "2026.txt"))
    assert snapshot() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("calendar", "load", "20x7", "f.txt"), "年份应为四位数字"),
        (("calendar", "load", "1999", "f.txt"), "年份超出范围"),
        (("calendar", "load", "2027", "/nonexistent/notice.txt"), "无法读取文件"),
    ],
)
def test_calendar_load_explains_bad_arguments(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_calendar_load_refuses_a_binary_file(tmp_path):
    path = tmp_path / "notice.txt"
    path.write_bytes(b"%PDF-1.7\x00\x01\x02")
    with pytest.raises(CommandError, match="不是纯文本"):
        run("calendar", "load", "2027", str(path))


def test_calendar_status_lists_years_and_warns_about_a_missing_one(time_machine):
    time_machine.move_to("2026-11-02T09:00:00+08:00", tick=False)
    out, err = run("calendar", "status")
    assert out.splitlines()[0].startswith("2004")
    assert "2026" in out
    assert "2027年的节假日安排尚未载入" in err


def test_calendar_seed_restores_library_years_but_keeps_notice_years(tmp_path):
    CalendarEntry.objects.filter(date__year=2010).delete()
    run("calendar", "load", "2026", str(NOTICES / "2026.txt"))
    out, _ = run("calendar", "seed")
    assert "跳过1个由通知载入的年度" in out
    assert CalendarEntry.objects.filter(date__year=2010).count() > 20
    assert CalendarYear.objects.get(year=2026).source == CalendarEntry.Source.NOTICE
    out, _ = run("calendar", "seed", "--force")
    assert CalendarYear.objects.get(year=2026).source == CalendarEntry.Source.SEED
    before = snapshot()
    out, _ = run("calendar", "seed")
    assert "更新0个年度" in out
    assert snapshot() == before


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("add", "2025-09-30", "20"), "2025-11-04"),
        (("add", "2025-10-04", "20"), "2025-11-04"),
        (("add", "2025-09-26", "1"), "2025-09-28"),
        (("add", "2025-03-03", "0"), "2025-03-03"),
        (("between", "2025-09-30", "2025-11-04"), "20"),
        (("between", "2025-11-04", "2025-09-30"), "-20"),
    ],
)
def test_workdays_command_reads_the_database_calendar(args, expected):
    out, err = run("workdays", *args)
    assert out.strip() == expected
    assert err == ""


def test_workdays_add_flags_a_provisional_result():
    out, err = run("workdays", "add", "2026-12-15", "20")
    assert out.strip() == "2027-01-13"
    assert "临时推算" in err


def test_workdays_add_uses_the_agency_overrides(platform_admin):
    agency = make_agency("甲县人民政府", "11A000001")
    from gongkai.workdays import actions

    actions.add_entry(
        actor=platform_admin,
        day=date(2025, 10, 9),
        kind=CalendarEntry.Kind.CLOSURE,
        scope=CalendarEntry.Scope.AGENCY,
        agency=agency,
        reason="台风停止办公",
    )
    assert run("workdays", "add", "2025-09-30", "1")[0].strip() == "2025-10-09"
    out, _ = run("workdays", "add", "2025-09-30", "1", "--agency", "11A000001")
    assert out.strip() == "2025-10-10"
    out, _ = run(
        "workdays", "between", "2025-09-30", "2025-10-10", "--agency", "11A000001"
    )
    assert out.strip() == "1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2025/09/30", "20"), "日期格式应为"),
        (("add", "2025-09-30", "x"), "N 应为整数"),
        (("add", "2025-09-30", "-1"), "N 应在0到10000之间"),
        (("between", "2025-09-30", "tomorrow"), "日期格式应为"),
        (("add", "2025-09-30", "1", "--agency", "NOPE"), "未找到机构代码为 NOPE"),
    ],
)
def test_workdays_command_explains_bad_input(args, message):
    with pytest.raises(CommandError, match=message):
        run("workdays", *args)
