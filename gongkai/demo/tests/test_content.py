"""The shipped demo content: seeds through the cleaner, the corpus subset through JSONL."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from io import StringIO

from gongkai.core.models import Agency
from gongkai.demo import agencies as demo_agencies
from gongkai.demo import content
from gongkai.publishing.models import Document, Genre

SEED_TITLES = {
    "關于全面推進政務公開工作的意見",
    "乌恰县2017年政府政务公开实施方案",
    "新闻出版广电总局贯彻落实国务院办公厅《<关于全面推进政务公开工作的意见>实施细则》方案",
    "国务院办公厅关于印发2020年政务公开工作要点的通知",
    "关于全面推进政务公开工作的意见实施细则",
}


def subset() -> list[dict]:  # type: ignore[type-arg]
    with gzip.open(content.CORPUS_SUBSET, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_shipped_files_are_small_and_documented():
    assert content.CORPUS_SUBSET.stat().st_size < 3_000_000
    rows = subset()
    assert 250 <= len(rows) <= 350
    assert sum(r["category"] == "国务院文件" for r in rows) == 58
    assert len({r["id"] for r in rows}) == len(rows)
    notes = (content.DATA_DIR / "PROVENANCE.txt").read_text(encoding="utf-8")
    for needle in ("2f4c5c23716267af9dbebbbbd6cbbf732b101981", "Article 5", "第五条"):
        assert needle in notes
    manifest = json.loads(content.SEED_MANIFEST.read_text(encoding="utf-8"))
    files = sorted(p.name for p in content.SEEDS_DIR.glob("*.txt"))
    assert [e["file"] for e in manifest["seeds"]] == files


def test_subset_rules_spread_over_years_and_provinces():
    def row(i, category, year, province="", **kw):  # type: ignore[no-untyped-def]
        r = {
            "id": f"{category}-{i}",
            "category": category,
            "agency": "某机关",
            "published": f"{year}-01-01",
            "validity": "有效",
            "body": "正文",
            "source": f"LawRefBook/Laws:DLC/{province}/x.md" if province else "x",
        }
        r.update(kw)
        return r

    laws = [row(i, "法律", 1980 + i) for i in range(100)]
    local = [row(i, "地方性法规", 2000 + i % 20, f"省{i % 7}") for i in range(140)]
    old = [row(i, "行政法规", 2000, validity="已修改") for i in range(5)]
    huge = [row(0, "部门规章", 2001, body="长" * (content.MAX_BODY_CHARS + 1))]
    chosen = content.select_subset(laws + local + old + huge)
    picked_laws = [r for r in chosen if r["category"] == "法律"]
    assert len(picked_laws) == 60
    assert picked_laws[0]["published"] == "1980-01-01"
    assert picked_laws[-1]["published"] == "2079-01-01"
    picked_local = [r for r in chosen if r["category"] == "地方性法规"]
    assert len(picked_local) == 63
    assert {r["source"].split(":")[1].split("/")[1] for r in picked_local} == {
        f"省{i}" for i in range(7)
    }
    assert not [r for r in chosen if r["category"] in ("行政法规", "部门规章")]
    assert content.select_subset(laws + local) == chosen  # deterministic


def test_load_imports_seeds_and_corpus_and_can_run_again(db):
    tree = demo_agencies.load_agencies()
    out = StringIO()
    content.load(out, agency=tree[demo_agencies.DEMO_AGENCY])
    text = out.getvalue()
    assert "拒绝 0 条" in text
    docs = Document.objects.all()
    assert docs.count() == len(subset()) + 5
    assert set(docs.values_list("title", flat=True)) >= SEED_TITLES

    yijian = Document.objects.get(title="關于全面推進政務公開工作的意見")
    assert yijian.agency.slug == "gwyb"
    assert yijian.doc_number_normalized == "中办发〔2016〕8号"
    assert yijian.written_date == dt.date(2016, 2, 17)
    assert sorted(a.name for a in yijian.issuing_agencies.all()) == [
        "中共中央办公厅",
        "国务院办公厅",
    ]
    wuqia = Document.objects.get(title="乌恰县2017年政府政务公开实施方案")
    assert wuqia.agency.slug == "wuqia"  # found by name in the demo tree
    assert wuqia.index_number == "WQX001-2018-000060"
    assert (
        Document.objects.get(title="关于全面推进政务公开工作的意见实施细则").agency.slug
        == "dalian"
    )
    assert Document.objects.filter(genre=Genre.LOCAL_REGULATION).count() == 63
    assert Agency.objects.filter(name="全国人民代表大会常务委员会").exists()

    again = StringIO()
    content.load(again, agency=tree[demo_agencies.DEMO_AGENCY])
    assert "没有任何变化" in again.getvalue()
    assert again.getvalue().count("（未变）") == 5
    assert Document.objects.count() == len(subset()) + 5
