import datetime as dt

import pytest

from gongkai.search.tests.factories import add, add_background, keys, run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _collection():
    add_background()


FILLER = "本办法自发布之日起施行。各部门应当按照职责分工做好相关工作。"


def test_title_match_ranks_above_body_match():
    add("关于加强档案管理工作的通知", FILLER + "做好政务公开工作。", key="body")
    add("政务公开工作要点", FILLER, key="title")
    assert keys(run("政务公开"))[:2] == ["title", "body"]


def test_exact_phrase_ranks_above_scattered_words():
    add("信息公开制度与年度报告编制说明", FILLER, key="scattered")
    add("政府信息公开年度报告", FILLER, key="phrase")
    assert keys(run("信息公开 年度报告"))[:2] == ["phrase", "scattered"]


def test_contiguous_term_ranks_above_its_words_apart():
    add("上海市生活垃圾管理条例，附分类目录", FILLER, key="apart")
    add("上海垃圾分类实施方案", FILLER, key="together")
    assert keys(run("上海垃圾分类")) == ["together", "apart"]


def test_valid_document_ranks_above_repealed_when_equally_relevant():
    add("城市供水管理办法", FILLER, key="old", validity="repealed")
    add("城市供水管理办法", FILLER, key="new", validity="valid")
    add("城市供水管理办法", FILLER, key="amended", validity="amended")
    assert keys(run("供水管理")) == ["new", "amended", "old"]


def test_sort_by_date_puts_newest_first():
    add("环境保护规定", FILLER, key="a", published_date=dt.date(2019, 1, 1))
    add("环境保护规定实施细则", FILLER, key="b", published_date=dt.date(2023, 1, 1))
    add("其他", "环境保护", key="c", published_date=dt.date(2021, 1, 1))
    assert keys(run("环境保护", sort="date")) == ["b", "c", "a"]


def test_title_only_mode_ignores_body_matches():
    add("政务公开工作要点", FILLER, key="title")
    add("档案管理办法", "做好政务公开工作", key="body")
    assert keys(run("政务公开", mode="title")) == ["title"]
    assert sorted(keys(run("政务公开"))) == ["body", "title"]


@pytest.mark.parametrize(
    "typed", ["国办发[2020]17号", "国办发（2020）17号", "国办发 2020 17"]
)
def test_whole_doc_number_ranks_its_document_above_passing_mentions(typed):
    mentions = "国务院办公厅国办发文件。2020年第17次会议。" * 20
    add(
        "国务院办公厅关于印发某方案的通知",
        mentions,
        key="mentions",
        doc_number="国办发〔2019〕4号",
    )
    add(
        "关于印发2020年政务公开工作要点的通知",
        FILLER,
        key="exact",
        doc_number="国办发〔2020〕17号",
    )
    assert keys(run(typed))[0] == "exact"
