import io
import json

import pytest
from django.core.management import CommandError, call_command

from gongkai.search.params import SearchParams
from gongkai.search.queries import search
from gongkai.search.tests.factories import add, make_entry

pytestmark = pytest.mark.django_db


def test_search_command_prints_titles_and_urls():
    add("优化营商环境条例", "营商环境", key="a", external_id="ext-a")
    out = io.StringIO()
    call_command("search", "营商环境", stdout=out)
    text = out.getvalue()
    assert "共 1 条" in text and "优化营商环境条例" in text and "/documents/a/" in text


def test_search_command_json_carries_external_id_title_score_and_url():
    add("优化营商环境条例", "营商环境", key="a", external_id="ext-a")
    out = io.StringIO()
    call_command("search", "营商环境", "--json", "--limit", "5", stdout=out)
    hit = json.loads(out.getvalue())["hits"][0]
    assert hit["external_id"] == "ext-a"
    assert hit["title"] == "优化营商环境条例"
    assert hit["score"] > 0
    assert hit["url"].endswith("/documents/a/")


def test_search_command_reads_one_query_per_line_from_stdin_in_order():
    add("优化营商环境条例", "营商环境", key="a")
    add("政府信息公开条例", "信息公开", key="b")
    out = io.StringIO()
    call_command(
        "search",
        "-",
        "--json",
        stdin=io.StringIO("信息公开\n营商环境\n\n不存在的词\n"),
        stdout=out,
    )
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [x["q"] for x in lines] == ["信息公开", "营商环境", "", "不存在的词"]
    assert [x["total"] for x in lines] == [1, 1, 2, 0]
    assert lines[0]["hits"][0]["key"] == "b"


def test_search_command_rejects_a_bad_limit():
    with pytest.raises(CommandError):
        call_command("search", "x", "--limit", "0")


def test_rebuild_reads_registered_sources_and_drops_stale_entries(sources):
    add("旧条目", "过期内容", key="stale")
    sources.register_source(
        "document", lambda: [make_entry("政府信息公开条例", "信息公开", key="1")]
    )
    out = io.StringIO()
    call_command("rebuild_search_index", "--jobs", "1", "--no-progress", stdout=out)
    assert "已重建 1 条" in out.getvalue()
    assert search(SearchParams(q="过期内容")).total == 0
    assert search(SearchParams(q="信息公开")).total == 1


def test_rebuild_with_worker_processes_gives_the_same_index(sources):
    entries = [
        make_entry(f"第{i}号通知", "政务公开" * i, key=str(i)) for i in range(1, 30)
    ]
    sources.register_source("document", lambda: entries)
    call_command(
        "rebuild_search_index", "--jobs", "2", "--no-progress", stdout=io.StringIO()
    )
    assert search(SearchParams(q="政务公开")).total == 29


def test_rebuild_of_an_unknown_kind_is_refused(sources):
    sources.register_source("document", lambda: [])
    with pytest.raises(CommandError):
        call_command("rebuild_search_index", "--kind", "nope", "--no-progress")
