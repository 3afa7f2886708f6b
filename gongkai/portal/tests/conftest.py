"""A small published corpus in agency A, built through the real workflow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from gongkai.core.models import Agency
from gongkai.portal.tests import factories as f
from gongkai.publishing import actions
from gongkai.publishing.models import (
    CatalogueNode,
    Document,
    DocumentKind,
    DocumentRelation,
    Genre,
)


@pytest.fixture
def staff(drafter_a, reviewer_a, approver_a) -> f.Staff:  # type: ignore[no-untyped-def]
    return f.Staff(drafter_a, reviewer_a, approver_a)


@dataclass
class Corpus:
    agency: Agency
    rules: CatalogueNode  # 法定主动公开内容 › 法规文件
    annual: CatalogueNode
    policy: Document
    interpretation: Document
    repealed: Document
    report: Document
    on_request: Document
    draft: Document
    withdrawn: Document

    @property
    def public(self) -> list[Document]:
        return [self.policy, self.interpretation, self.repealed, self.report]

    @property
    def hidden(self) -> list[Document]:
        return [self.on_request, self.draft, self.withdrawn]


@pytest.fixture
def corpus(staff, agency_a) -> Corpus:  # type: ignore[no-untyped-def]
    agency_a.office_phone = "0908-5921234"
    agency_a.office_address = "迎宾路1号"
    agency_a.guide_html = "<h2>一、主动公开</h2><p>本机关主动公开机构职能等信息。</p>"
    agency_a.show_publish_statement = True
    agency_a.save()
    rules = CatalogueNode.objects.get(agency=agency_a, slug="statutory-rules")
    annual = CatalogueNode.objects.get(agency=agency_a, slug="annual-report")
    finance = f.topic("0401")
    repealed = f.publish(
        staff,
        agency_a,
        now=f.at(2023, 3, 1),
        title="甲县村级公益事业建设一事一议财政奖补办法",
        doc_number="甲政规〔2023〕1号",
        genre=Genre.NORMATIVE,
        is_normative=True,
        effective_date=dt.date(2023, 3, 1),
        written_date=dt.date(2023, 2, 20),
        topic=finance,
        catalogue_nodes=[rules],
        body_html="<p>旧办法正文。</p>",
    )
    policy = f.publish(
        staff,
        agency_a,
        now=f.at(2025, 6, 2),
        kind=DocumentKind.POLICY,
        title="甲县促进民营经济高质量发展若干措施",
        doc_number="甲政规〔2025〕2号",
        genre=Genre.NORMATIVE,
        is_normative=True,
        effective_date=dt.date(2025, 6, 10),
        written_date=dt.date(2025, 5, 28),
        keywords="民营经济 营商环境",
        source="甲县人民政府办公室",
        topic=finance,
        catalogue_nodes=[rules],
        body_html="<p>为进一步优化营商环境，制定以下措施。</p>",
        attachments=[("附件1 申报表.pdf", f.PDF_BYTES)],
        interpretation={
            "title": "一图读懂甲县促进民营经济若干措施",
            "body_html": "<p>解读正文。</p>",
            "qa": [{"q": "哪些企业可以申报？", "a": "在本县登记的民营企业。"}],
        },
    )
    actions.add_relation(
        policy,
        repealed,
        DocumentRelation.Kind.REPEALS,
        by=staff.approver,
        effective_date=dt.date(2025, 6, 10),
    )
    repealed.refresh_from_db()
    report = f.publish(
        staff,
        agency_a,
        now=f.at(2025, 1, 20),
        title="甲县人民政府2024年政府信息公开工作年度报告",
        genre=Genre.ANNUAL_REPORT,
        catalogue_nodes=[annual],
    )
    on_request = f.not_public(
        staff,
        agency_a,
        now=f.at(2025, 2, 1),
        title="依申请公开的内部管理信息",
        catalogue_nodes=[rules],
    )
    draft = f.draft(staff, agency_a, title="尚在起草的通知", catalogue_nodes=[rules])
    withdrawn = f.publish(
        staff,
        agency_a,
        now=f.at(2024, 5, 5),
        title="关于某项目的公示",
        doc_number="甲政公〔2024〕3号",
        catalogue_nodes=[rules],
    )
    actions.withdraw(
        withdrawn,
        by=staff.approver,
        reason="公示内容有误，已另行发布更正后的公示。",
        now=f.at(2024, 6, 1),
    )
    withdrawn.refresh_from_db()
    # The daily job brings 有效性 up to today (施行 dates have passed).
    actions.refresh_all_validity()
    policy.refresh_from_db()
    return Corpus(
        agency=agency_a,
        rules=rules,
        annual=annual,
        policy=policy,
        interpretation=policy.interpretations.get(),
        repealed=repealed,
        report=report,
        on_request=on_request,
        draft=draft,
        withdrawn=withdrawn,
    )
