"""`gongkai import-documents` and `gongkai import-webcopy` through call_command."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from gongkai.core.models import Agency, AuditEvent
from gongkai.publishing.models import Document, Genre
from gongkai.search.params import SearchParams
from gongkai.search.queries import search

SEEDS = Path(__file__).resolve().parents[2] / "demo" / "data" / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return str(path)


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def jsonl(tmp_path) -> Path:  # type: ignore[no-untyped-def]
    rows = [
        {
            "id": f"cmd-{i}",
            "title": f"某市政务公开规定（第{i}号）",
            "body": "第一条 为了推进政务公开，制定本规定。\n第二条 本规定自公布之日起施行。",
            "agency": "某市人民代表大会常务委员会",
            "doc_number": f"某市人民代表大会常务委员会公告第{i}号",
            "category": "地方性法规",
            "published": "2021-03-0" + str(i),
            "validity": "有效",
            "source": "example:path",
        }
        for i in range(1, 4)
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8"
    )
    return path


def test_import_documents_reports_and_is_idempotent(db, jsonl):
    out = run("import_documents", str(jsonl))
    assert "新建 3 条，更新 0 条，未变 0 条，拒绝 0 条" in out
    assert "新建机关 1 个：某市人民代表大会常务委员会" in out
    assert Document.objects.filter(genre=Genre.LOCAL_REGULATION).count() == 3
    agency = Agency.objects.get(name="某市人民代表大会常务委员会")
    assert (agency.level, agency.kind) == (Agency.Level.CITY, Agency.Kind.OTHER)
    out = run("import_documents", str(jsonl))
    assert "新建 0 条，更新 0 条，未变 3 条" in out
    assert "没有任何变化" in out
    assert Document.objects.count() == 3


def test_import_documents_with_owner_batch_size_and_limit(db, jsonl, agency_a):
    out = run(
        "import_documents",
        str(jsonl),
        "--agency",
        agency_a.code,
        "--batch-size",
        "1",
        "--limit",
        "2",
    )
    assert "新建 2 条" in out
    assert set(Document.objects.values_list("agency", flat=True)) == {agency_a.pk}
    assert sorted(Document.objects.values_list("index_number", flat=True)) == [
        "11A000001/2021-00001",
        "11A000001/2021-00002",
    ]


def test_import_documents_dry_run(db, jsonl):
    out = run("import_documents", str(jsonl), "--dry-run")
    assert "（演练，未写入任何数据）新建 3 条" in out
    assert "将新建机关 1 个" in out
    assert not Document.objects.exists()
    assert not Agency.objects.exists()


def test_rejected_lines_are_listed_and_the_exit_status_says_so(db, jsonl):
    with jsonl.open("a", encoding="utf-8") as fh:
        fh.write('\n{"id": "cmd-x", "title": "无正文"}\n{broken\n')
    out = StringIO()
    with pytest.raises(CommandError) as err:
        call_command("import_documents", str(jsonl), stdout=out, stderr=StringIO())
    assert err.value.returncode == 2
    text = out.getvalue()
    assert "新建 3 条，更新 0 条，未变 0 条，拒绝 2 条" in text
    assert "第4行（id cmd-x）：缺少字段 body" in text
    assert "第5行：不是合法的 JSON" in text
    assert Document.objects.count() == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl"], "文件不存在"),
        (["{file}", "--agency", "NOPE"], "未找到机构代码（或网址标识）为 NOPE 的机关"),
        (["{file}", "--batch-size", "0"], "--batch-size 必须是正整数"),
        (["{file}", "--jobs", "0"], "--jobs 必须是正整数"),
    ],
)
def test_import_documents_refuses_bad_options(db, jsonl, args, message):
    args = [a.replace("{file}", str(jsonl)) for a in args]
    with pytest.raises(CommandError, match=message):
        run("import_documents", *args)
    assert not Document.objects.exists()


# --- web copies ---------------------------------------------------------------------


def test_seed_web_copies_import_to_clean_records(db):
    out = run("import_webcopy", seed("001"), seed("002"), seed("003"))
    assert "标题：国务院办公厅关于印发2020年政务公开工作要点的通知" in out
    assert "说明：已删除插入的广告：欧博allbet" in out

    notice = Document.objects.get(
        title="国务院办公厅关于印发2020年政务公开工作要点的通知"
    )
    assert notice.doc_number_normalized == "国办发〔2020〕17号"
    assert notice.agency.name == "国务院办公厅"
    assert notice.written_date == dt.date(2020, 6, 21)
    assert timezone.localtime(notice.published_at).date() == dt.date(2020, 6, 21)
    assert notice.genre == Genre.NOTICE
    assert "欧博" not in notice.body_html and "allbet" not in notice.body_html
    assert "<p>(此件公开发布)</p>" in notice.body_html

    plan = Document.objects.get(title="乌恰县2017年政府政务公开实施方案")
    assert plan.index_number == "WQX001-2018-000060"  # the county's own 索引号
    assert timezone.localtime(plan.published_at).date() == dt.date(2018, 5, 22)
    assert plan.written_date is None
    assert plan.source == "乌恰县人民政府"
    assert plan.doc_number == ""
    assert plan.genre == Genre.PLAN
    assert plan.agency.level == Agency.Level.COUNTY
    assert "索引号" not in plan.body_html and "首页" not in plan.body_html

    sapprft = Document.objects.get(
        external_id__startswith="webcopy-",
        genre=Genre.PLAN,
        agency__name__contains="广电",
    )
    assert sapprft.agency.name == "国家新闻出版广电总局办公厅"
    assert sapprft.written_date == dt.date(2017, 6, 2)

    event = AuditEvent.objects.get(
        action="publishing.imported", subject_id=str(notice.pk)
    )
    assert "已删除插入的广告：欧博allbet" in event.data["notes"]
    hits = search(SearchParams(q="国办发〔2020〕17号")).hits
    assert hits and hits[0].key == str(notice.pk)

    out = run("import_webcopy", seed("001"), seed("002"), seed("003"))
    assert out.count("新建 0 条，更新 0 条，未变 1 条") == 3
    assert Document.objects.count() == 3


def test_copy_without_an_issuer_needs_an_agency(db, agency_a):
    out = StringIO()
    with pytest.raises(CommandError) as err:
        call_command("import_webcopy", seed("000"), stdout=out, stderr=StringIO())
    assert err.value.returncode == 2
    assert "网页中没有发布机构，请用 --agency 指定主办机关" in out.getvalue()
    assert not Document.objects.exists()

    run("import_webcopy", seed("000"), "--agency", agency_a.code)
    doc = Document.objects.get()
    assert doc.title == "關于全面推進政務公開工作的意見"  # traditional kept
    assert doc.agency == agency_a
    assert "政府數據開放" in doc.body_html
    assert "(guān)" not in doc.body_html and "(jìn)" not in doc.body_html
    # search folds traditional to simplified itself
    hits = search(SearchParams(q="全面推进政务公开工作的意见")).hits
    assert [h.key for h in hits] == [str(doc.pk)]


def test_html_and_gb18030_copies(db, tmp_path, agency_a):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>某县政府网</title></head><body>"
        "<div class='crumb'>首页 &gt; 政务公开 &gt; 通知公告</div>"
        "<h1>某县人民政府关于做好防汛工作的通知</h1><p>某政发〔2023〕5号</p>"
        "<p>各乡镇人民政府，县直各部门：</p><p>现就做好防汛工作通知如下。</p>"
        "<p>某县人民政府</p><p>2023年5月8日</p></body></html>",
        encoding="utf-8",
    )
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(
        "某县教育局关于招生工作的通知\n各学校：\n请做好招生工作。".encode("gb18030")
    )
    out = run("import_webcopy", str(page), str(gbk), "--agency", agency_a.code)
    assert out.count("新建 1 条") == 2
    flood = Document.objects.get(doc_number_normalized="某政发〔2023〕5号")
    assert flood.title == "某县人民政府关于做好防汛工作的通知"
    assert flood.issuing_agencies.get().name == "某县人民政府"
    assert flood.agency == agency_a
    assert flood.written_date == dt.date(2023, 5, 8)
    assert "首页" not in flood.body_html
    assert Document.objects.filter(title="某县教育局关于招生工作的通知").exists()


def test_empty_or_undecodable_copies_are_rejected(db, tmp_path, agency_a):
    empty = tmp_path / "empty.txt"
    empty.write_text("首页 > 政务公开\n【打印本页】", encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_webcopy", str(empty), "--agency", agency_a.code, stdout=out
        )
    assert "empty.txt：去除网页内容后没有可发布的正文" in out.getvalue()
    assert not Document.objects.exists()
