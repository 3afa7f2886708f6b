"""The standard 主动公开目录, seeded per agency, and its editing by agency admins."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gongkai.conftest import make_agency
from gongkai.core.models import Agency
from gongkai.publishing import actions
from gongkai.publishing.models import CatalogueNode, TopicCategory
from gongkai.publishing.standard_catalogue import ARTICLE_20, STANDARD_DOMAINS
from gongkai.publishing.tests.factories import make_document

pytestmark = pytest.mark.django_db


def names(agency, parent_slug=None):
    qs = CatalogueNode.objects.filter(agency=agency)
    qs = qs.filter(parent__slug=parent_slug) if parent_slug else qs.filter(parent=None)
    return list(qs.order_by("position").values_list("name", flat=True))


def test_a_county_gets_the_four_columns_and_the_26_standard_domains(agency_a):
    assert names(agency_a) == [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
        "基层政务公开标准目录",
    ]
    assert len(names(agency_a, "standard")) == 26 == len(STANDARD_DOMAINS)
    domain = CatalogueNode.objects.get(agency=agency_a, slug="std-fiscal-budget")
    assert domain.name == "财政预决算"
    assert "预算法" in domain.basis
    assert domain.time_limit == "信息形成或者变更之日起20个工作日内"
    assert domain.audience == "全社会"
    assert domain.channels
    annual = CatalogueNode.objects.get(agency=agency_a, slug="annual-report")
    assert annual.kind == CatalogueNode.Kind.ANNUAL_REPORT


def test_statutory_content_follows_article_20_items(agency_a):
    sub = names(agency_a, "statutory")
    assert sub[: len(ARTICLE_20)] == [name for _, name, _ in ARTICLE_20]
    assert len(ARTICLE_20) == 15
    first = CatalogueNode.objects.get(agency=agency_a, slug="statutory-rules")
    assert first.description == "（一）行政法规、规章和规范性文件"


def test_a_state_council_department_gets_no_grassroots_domains(db):
    ministry = make_agency(
        "某部", "000000001", level=Agency.Level.STATE_COUNCIL_DEPARTMENT
    )
    assert "基层政务公开标准目录" not in names(ministry)
    assert len(names(ministry, "statutory")) == 15


def test_seeding_again_changes_nothing_and_keeps_renamed_columns(agency_a, admin_a):
    node = CatalogueNode.objects.get(agency=agency_a, slug="system")
    actions.update_catalogue_node(node, by=admin_a, name="信息公开制度文件")
    before = CatalogueNode.objects.filter(agency=agency_a).count()
    assert actions.seed_catalogue(agency_a) == 0
    call_command("seed_catalogues")
    assert CatalogueNode.objects.filter(agency=agency_a).count() == before
    node.refresh_from_db()
    assert node.name == "信息公开制度文件"


def test_seed_command_fills_agencies_without_a_catalogue(agency_a):
    CatalogueNode.objects.filter(agency=agency_a).delete()
    call_command("seed_catalogues")
    assert CatalogueNode.objects.filter(agency=agency_a, slug="guide").exists()


def test_admin_adds_renames_reorders_and_removes_an_empty_column(agency_a, admin_a):
    statutory = CatalogueNode.objects.get(agency=agency_a, slug="statutory")
    node = actions.add_catalogue_node(
        agency_a, by=admin_a, name="人事信息", parent=statutory
    )
    assert names(agency_a, "statutory")[-1] == "人事信息"
    actions.move_catalogue_node(node, by=admin_a, up=True)
    assert names(agency_a, "statutory")[-2] == "人事信息"
    actions.update_catalogue_node(node, by=admin_a, name="人事任免")
    assert "人事任免" in names(agency_a, "statutory")
    actions.remove_catalogue_node(node, by=admin_a)
    assert "人事任免" not in names(agency_a, "statutory")


def test_columns_with_children_or_records_cannot_be_removed(
    agency_a, admin_a, drafter_a
):
    statutory = CatalogueNode.objects.get(agency=agency_a, slug="statutory")
    with pytest.raises(actions.WorkflowError, match="子栏目"):
        actions.remove_catalogue_node(statutory, by=admin_a)
    node = CatalogueNode.objects.get(agency=agency_a, slug="statutory-budget")
    make_document(agency_a, drafter_a, catalogue_nodes=[node])
    with pytest.raises(actions.WorkflowError, match="政府信息"):
        actions.remove_catalogue_node(node, by=admin_a)
    assert CatalogueNode.objects.filter(pk=node.pk).exists()


def test_only_agency_admins_edit_the_catalogue(agency_a, drafter_a, drafter_b):
    node = CatalogueNode.objects.get(agency=agency_a, slug="system")
    for user in (drafter_a, drafter_b):
        with pytest.raises(actions.WorkflowError, match="权限"):
            actions.update_catalogue_node(node, by=user, name="x")


def test_state_council_topic_classes_are_seeded_in_two_levels(db):
    top = TopicCategory.objects.filter(parent=None)
    assert top.count() == 22
    assert top.order_by("position").first().name == "国务院组织机构"
    names_ = set(top.values_list("name", flat=True))
    assert {
        "综合政务",
        "国民经济管理、国有资产监管",
        "财政、金融、审计",
        "其他",
    } <= names_
    public = TopicCategory.objects.get(name="政务公开", parent__name="综合政务")
    assert str(public) == "综合政务\\政务公开"
