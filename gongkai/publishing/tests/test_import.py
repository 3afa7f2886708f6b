"""Importing JSONL records: created, updated, unchanged, rejected, resumed; on both DBs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.utils import timezone

from gongkai.conftest import make_agency
from gongkai.core import audit
from gongkai.core.models import Agency, AuditEvent
from gongkai.publishing import importing
from gongkai.publishing.importing import (
    Record,
    Rejection,
    agency_code,
    import_jsonl,
    infer_kind,
    infer_level,
    parse_record,
)
from gongkai.publishing.models import (
    Document,
    Genre,
    IndexSequence,
    Revision,
    Validity,
)
from gongkai.search.params import SearchParams
from gongkai.search.queries import search

L = Agency.Level


def rec(ident: str, **kw) -> dict:  # type: ignore[no-untyped-def]
    base = {
        "id": ident,
        "title": f"关于{ident}的通知",
        "body": f"## 第一章 总则\n\n第一条 为了规范{ident}工作，制定本办法。\n\n第二条 本办法自公布之日起施行。",
        "agency": "国务院办公厅",
        "doc_number": None,
        "category": "国务院文件",
        "published": "2020-06-21",
        "validity": None,
    }
    base.update(kw)
    return base


def write_jsonl(path: Path, rows: list) -> Path:  # type: ignore[type-arg]
    lines = [
        r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def corpus(tmp_path) -> Path:  # type: ignore[no-untyped-def]
    return write_jsonl(
        tmp_path / "docs.jsonl",
        [
            rec("gov-1", doc_number="国办发[2020]17号"),
            rec(
                "law-1",
                title="中华人民共和国政府信息公开条例",
                agency="国务院",
                category="行政法规",
                doc_number="中华人民共和国国务院令第711号",
                published="2019-04-03",
                validity="有效",
            ),
            rec(
                "sp-1",
                title="最高人民法院 最高人民检察院关于办理案件的解释",
                agency="最高人民法院、最高人民检察院",
                category="司法解释",
                doc_number="法释〔2023〕12号",
                published="2023-08-15",
                validity="已修改",
            ),
        ],
    )


def test_import_creates_published_records_with_metadata(db, corpus):
    summary = import_jsonl(corpus)
    assert (summary.created, summary.updated, summary.unchanged) == (3, 0, 0)
    assert summary.rejected == []
    doc = Document.objects.get(external_id="gov-1")
    assert doc.status == Document.Status.PUBLISHED and doc.is_public
    assert doc.title == "关于gov-1的通知"
    assert doc.doc_number == "国办发[2020]17号"  # as printed
    assert doc.doc_number_normalized == "国办发〔2020〕17号"
    assert doc.genre == Genre.NOTICE
    assert doc.written_date == dt.date(2020, 6, 21)
    assert timezone.localtime(doc.published_at).date() == dt.date(2020, 6, 21)
    assert "<h2>第一章 总则</h2>" in doc.body_html
    assert "<p>第一条 为了规范gov-1工作，制定本办法。</p>" in doc.body_html
    assert doc.agency.name == "国务院办公厅"
    assert [a.name for a in doc.issuing_agencies.all()] == ["国务院办公厅"]
    assert doc.index_number == f"{doc.agency.code}/2020-00001"
    assert (doc.is_normative, doc.validity) == (False, "")
    rev = doc.live_revision
    assert (rev.number, rev.status, rev.title) == (
        1,
        Revision.Status.PUBLISHED,
        doc.title,
    )
    assert rev.body_html == doc.body_html
    assert list(rev.issuing_agencies.all()) == list(doc.issuing_agencies.all())

    law = Document.objects.get(external_id="law-1")
    assert law.genre == Genre.ADMIN_REGULATION
    assert (law.is_normative, law.declared_validity, law.validity) == (
        True,
        Validity.VALID,
        Validity.VALID,
    )
    assert law.doc_number_normalized == "国令第711号"

    joint = Document.objects.get(external_id="sp-1")
    assert joint.validity == Validity.AMENDED
    assert sorted(a.name for a in joint.issuing_agencies.all()) == [
        "最高人民检察院",
        "最高人民法院",
    ]
    assert joint.agency.name == "最高人民法院"  # the first issuer owns the record

    events = AuditEvent.objects.filter(action="publishing.imported")
    assert events.count() == 3
    event = events.get(subject_id=str(doc.pk))
    assert event.data["external_id"] == "gov-1"
    assert event.data["index_number"] == doc.index_number
    assert event.data["line"] == 1
    # the same row audit.record writes, so the record's history shows it
    assert (event.subject_type, event.subject_label) == (
        "publishing.document",
        doc.title,
    )
    assert (event.agency, event.actor, event.to_state) == (
        doc.agency,
        None,
        "published",
    )
    assert event.at is not None
    assert list(audit.events_for(doc)) == [event]


def test_imported_records_are_searchable(db, corpus):
    import_jsonl(corpus)
    result = search(SearchParams(q="政府信息公开条例"))
    keys = [h.key for h in result.hits]
    assert str(Document.objects.get(external_id="law-1").pk) in keys
    by_number = search(SearchParams(q="法释〔2023〕12号"))
    assert [h.external_id for h in by_number.hits][:1] == ["sp-1"]


def test_second_identical_import_changes_nothing_and_says_so(db, corpus):
    import_jsonl(corpus)
    events = AuditEvent.objects.count()
    revisions = Revision.objects.count()
    again = import_jsonl(corpus)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert "没有任何变化：所有记录与库中一致。" in again.lines()
    assert Document.objects.count() == 3
    assert AuditEvent.objects.count() == events
    assert Revision.objects.count() == revisions


def test_changed_record_is_updated_not_duplicated(db, corpus, tmp_path):
    import_jsonl(corpus)
    doc = Document.objects.get(external_id="law-1")
    first_rev, index_number = doc.live_revision, doc.index_number
    rows = [json.loads(line) for line in corpus.read_text("utf-8").splitlines()]
    rows[1]["title"] = "中华人民共和国政府信息公开条例（2019年修订）"
    rows[1]["validity"] = "已修改"
    summary = import_jsonl(write_jsonl(tmp_path / "v2.jsonl", rows))
    assert (summary.created, summary.updated, summary.unchanged) == (0, 1, 2)
    doc.refresh_from_db()
    assert Document.objects.filter(external_id="law-1").count() == 1
    assert doc.title == "中华人民共和国政府信息公开条例（2019年修订）"
    assert doc.validity == Validity.AMENDED
    assert doc.index_number == index_number  # 索引号 never changes
    assert doc.live_revision.number == 2
    first_rev.refresh_from_db()
    assert first_rev.status == Revision.Status.SUPERSEDED
    event = AuditEvent.objects.get(action="publishing.import_updated")
    assert event.subject_id == str(doc.pk)
    assert event.data["changed"] == ["declared_validity", "title"]
    hits = search(SearchParams(q="2019年修订")).hits
    assert [h.key for h in hits] == [str(doc.pk)]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{not json", "不是合法的 JSON"),
        ('["a list"]', "每行必须是一个 JSON 对象"),
        (json.dumps(rec("x-title", title="")), "字段 title 为空"),
        (
            json.dumps({k: v for k, v in rec("x-notitle").items() if k != "title"}),
            "缺少字段 title",
        ),
        (json.dumps(rec("x-body", body="   ")), "字段 body 为空"),
        (json.dumps(rec("x-date", published="2020-13-01")), "日期无效"),
        (json.dumps(rec("x-date2", published="2020年6月21日")), "日期无效"),
        (
            json.dumps(rec("x-long", title="长" * 501)),
            "字段 title 过长（501 个字符，上限 500）",
        ),
        (json.dumps(rec("x-num", doc_number="号" * 121)), "字段 doc_number 过长"),
        (json.dumps(rec("x-cat", category="小说")), "未知的类别 category：小说"),
        (
            json.dumps(rec("x-val", validity="大概有效")),
            "未知的有效性 validity：大概有效",
        ),
        (json.dumps(rec("x-nul", title="标题\u0000")), "含有空字符（NUL）"),
        (json.dumps(rec("x-type", title=["标题"])), "字段 title 必须是字符串"),
        ('{"id": "x-sur", "title": "\\ud800", "body": "正文"}', "孤立的代理码位"),
        (json.dumps(rec("x-id", id="i" * 121)), "字段 id 过长"),
        (json.dumps(rec("x-ag", agency="机" * 201)), "发布机构名称过长"),
    ],
)
def test_bad_lines_are_rejected_with_reasons_and_the_rest_imported(
    db, tmp_path, line, reason
):
    path = write_jsonl(tmp_path / "bad.jsonl", [rec("ok-1"), line, rec("ok-2")])
    summary = import_jsonl(path)
    assert summary.created == 2
    assert len(summary.rejected) == 1
    rejection = summary.rejected[0]
    assert rejection.line == 2
    assert reason in rejection.reason
    assert "第2行" in str(rejection)
    assert sorted(Document.objects.values_list("external_id", flat=True)) == [
        "ok-1",
        "ok-2",
    ]
    assert Revision.objects.count() == 2
    assert AuditEvent.objects.filter(action="publishing.imported").count() == 2


def test_invalid_utf8_and_duplicate_ids_are_rejected(db, tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = json.dumps(rec("dup"), ensure_ascii=False).encode()
    path.write_bytes(good + b"\n\xff\xfe garbage\n" + good + b"\n\n")
    summary = import_jsonl(path)
    assert summary.created == 1
    assert [(r.line, r.reason) for r in summary.rejected] == [
        (2, "不是 UTF-8 编码（第 1 字节）"),
        (3, "id 与第1行重复"),
    ]


def test_record_without_agency_needs_an_owner(db, tmp_path, agency_a):
    path = write_jsonl(tmp_path / "a.jsonl", [rec("no-agency", agency=None)])
    summary = import_jsonl(path)
    assert summary.created == 0
    assert "请用 --agency 指定主办机关" in summary.rejected[0].reason
    summary = import_jsonl(path, owner=agency_a)
    assert summary.created == 1
    doc = Document.objects.get(external_id="no-agency")
    assert doc.agency == agency_a
    assert doc.index_number == "11A000001/2020-00001"


def test_owner_agency_keeps_issuers_and_numbers_the_records(db, corpus, agency_a):
    import_jsonl(corpus, owner=agency_a)
    docs = Document.objects.order_by("index_number")
    assert {d.agency for d in docs} == {agency_a}
    assert [d.index_number for d in docs] == [
        "11A000001/2019-00001",
        "11A000001/2020-00001",
        "11A000001/2023-00001",
    ]
    assert docs[0].issuing_agencies.get().name == "国务院"
    assert IndexSequence.objects.get(agency=agency_a, year=2020).last == 1


def test_index_numbers_skip_numbers_already_taken(db, tmp_path, agency_a):
    Document.objects.create(
        agency=agency_a, title="已有", index_number="11A000001/2020-00002"
    )
    path = write_jsonl(tmp_path / "n.jsonl", [rec(f"n-{i}") for i in range(3)])
    import_jsonl(path, owner=agency_a)
    numbers = sorted(
        Document.objects.filter(external_id__startswith="n-").values_list(
            "index_number", flat=True
        )
    )
    assert numbers == [
        "11A000001/2020-00001",
        "11A000001/2020-00003",
        "11A000001/2020-00004",
    ]


def test_agencies_are_created_once_with_deterministic_codes(db, corpus):
    import_jsonl(corpus)
    court = Agency.objects.get(name="最高人民法院")
    assert court.code == agency_code("最高人民法院")
    assert (court.level, court.kind) == (L.NATIONAL, Agency.Kind.OTHER)
    count = Agency.objects.count()
    import_jsonl(corpus)
    assert Agency.objects.count() == count


def test_an_office_of_a_known_agency_is_filed_under_it(db, tmp_path):
    ministry = make_agency(
        "国家新闻出版广电总局", "000019191", level=L.STATE_COUNCIL_DEPARTMENT
    )
    path = write_jsonl(
        tmp_path / "o.jsonl", [rec("o-1", agency="国家新闻出版广电总局办公厅")]
    )
    import_jsonl(path)
    office = Agency.objects.get(name="国家新闻出版广电总局办公厅")
    assert office.parent == ministry
    assert (office.level, office.kind) == (ministry.level, Agency.Kind.DEPARTMENT)


@pytest.mark.parametrize(
    ("name", "level", "kind"),
    [
        ("国务院", L.NATIONAL, Agency.Kind.GOVERNMENT),
        ("国务院办公厅", L.STATE_COUNCIL_DEPARTMENT, Agency.Kind.DEPARTMENT),
        ("全国人民代表大会常务委员会", L.NATIONAL, Agency.Kind.OTHER),
        ("国家市场监督管理总局", L.STATE_COUNCIL_DEPARTMENT, Agency.Kind.DEPARTMENT),
        ("公安部", L.STATE_COUNCIL_DEPARTMENT, Agency.Kind.DEPARTMENT),
        ("浙江省人民代表大会常务委员会", L.PROVINCE, Agency.Kind.OTHER),
        ("北京市人民代表大会常务委员会", L.PROVINCE, Agency.Kind.OTHER),
        ("新疆维吾尔自治区人民政府", L.PROVINCE, Agency.Kind.GOVERNMENT),
        ("杭州市第十二届人民代表大会常务委员会", L.CITY, Agency.Kind.OTHER),
        ("克孜勒苏柯尔克孜自治州人民政府", L.CITY, Agency.Kind.GOVERNMENT),
        ("乌恰县人民政府", L.COUNTY, Agency.Kind.GOVERNMENT),
        ("乌恰县教育局", L.COUNTY, Agency.Kind.DEPARTMENT),
        ("景宁畲族自治县人民代表大会常务委员会", L.COUNTY, Agency.Kind.OTHER),
        ("北京市朝阳区人民政府", L.COUNTY, Agency.Kind.GOVERNMENT),
        ("乌恰县乌恰镇人民政府", L.TOWNSHIP, Agency.Kind.GOVERNMENT),
    ],
)
def test_level_and_kind_are_inferred_from_the_name(name, level, kind):
    assert (infer_level(name), infer_kind(name)) == (level, kind)


def test_dry_run_writes_nothing(db, corpus):
    summary = import_jsonl(corpus, dry_run=True)
    assert (summary.created, summary.dry_run) == (3, True)
    assert "最高人民法院" in summary.agencies_created
    assert Document.objects.count() == 0
    assert not Agency.objects.filter(name="最高人民法院").exists()
    assert summary.lines()[0].startswith("（演练，未写入任何数据）")


def test_limit_stops_after_n_records(db, corpus):
    summary = import_jsonl(corpus, limit=2)
    assert summary.created == 2
    assert not Document.objects.filter(external_id="sp-1").exists()


def test_interrupted_import_resumes_without_duplicates(db, tmp_path, monkeypatch):
    path = write_jsonl(tmp_path / "r.jsonl", [rec(f"r-{i}") for i in range(5)])
    real_index = importing.search_index.index_entries
    calls = {"n": 0}

    def interrupt_second_batch(entries, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 2:  # the second batch's rows are written, not committed
            raise KeyboardInterrupt
        return real_index(entries, **kwargs)

    monkeypatch.setattr(importing.search_index, "index_entries", interrupt_second_batch)
    with pytest.raises(KeyboardInterrupt):
        import_jsonl(path, batch_size=2)
    # the first batch is committed whole, the interrupted one not at all
    assert sorted(Document.objects.values_list("external_id", flat=True)) == [
        "r-0",
        "r-1",
    ]
    assert Revision.objects.count() == 2
    assert AuditEvent.objects.filter(action="publishing.imported").count() == 2
    assert IndexSequence.objects.get().last == 2
    monkeypatch.setattr(importing.search_index, "index_entries", real_index)
    summary = import_jsonl(path, batch_size=2)
    assert (summary.created, summary.unchanged) == (3, 2)
    assert Document.objects.count() == 5
    numbers = sorted(Document.objects.values_list("index_number", flat=True))
    assert [n[-5:] for n in numbers] == ["00001", "00002", "00003", "00004", "00005"]


def test_a_batch_the_database_refuses_is_retried_record_by_record(db, tmp_path):
    broken = make_agency("某县人民政府", "BROKEN01")
    Agency.objects.filter(pk=broken.pk).update(index_template="no-serial")
    rows = [rec("ok-1"), rec("bad-1", agency="某县人民政府"), rec("ok-2")]
    summary = import_jsonl(write_jsonl(tmp_path / "b.jsonl", rows), batch_size=10)
    assert summary.created == 2
    assert [(r.line, r.external_id) for r in summary.rejected] == [(2, "bad-1")]
    assert summary.rejected[0].reason.startswith("主办机关的索引号模板有误：")
    assert not Document.objects.filter(external_id="bad-1").exists()


def test_withdrawn_records_are_not_republished(db, corpus):
    import_jsonl(corpus)
    Document.objects.filter(external_id="gov-1").update(
        status=Document.Status.WITHDRAWN
    )
    summary = import_jsonl(corpus)
    assert summary.unchanged == 2
    assert [r.external_id for r in summary.skipped] == ["gov-1"]
    assert Document.objects.get(external_id="gov-1").status == Document.Status.WITHDRAWN


def test_corpus_categories_and_validity_map_to_the_model():
    parsed = parse_record(
        rec("c-1", title="国务院关于加强政务公开的意见", category="国务院文件"), 7
    )
    assert isinstance(parsed, Record)
    assert (parsed.line, parsed.genre, parsed.is_normative) == (7, Genre.OPINION, False)
    for category, genre in importing.CATEGORY_GENRES.items():
        parsed = parse_record(rec("c", category=category, validity="尚未生效"))
        assert parsed.genre == genre
        assert parsed.declared_validity == Validity.NOT_YET_EFFECTIVE
    case = parse_record(rec("c", category="案例", validity=None))
    assert (case.is_normative, case.declared_validity) == (False, "")
    law = parse_record(rec("c", category="法律", validity=None))
    assert (law.is_normative, law.declared_validity) == (True, "")


def test_rejection_text_names_the_line_and_id():
    assert (
        str(Rejection(12, "lrb-1", "字段 title 为空"))
        == "第12行（id lrb-1）：字段 title 为空"
    )
