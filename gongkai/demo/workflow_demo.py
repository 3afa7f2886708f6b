"""Records of the demo agency in every workflow state, made through the actions.

A newcomer then finds something in each staff queue (待我审查, 待我签发, 退回给我,
已逾期) and, on the portal, a policy beside its interpretation, a repealed normative
document marked on its page, and a withdrawn record answering 410.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongkai.core.models import Agency, User
from gongkai.publishing import actions
from gongkai.publishing.models import (
    CatalogueNode,
    Disclosure,
    DocumentKind,
    DocumentRelation,
    Genre,
    TopicCategory,
)


def _node(agency: Agency, slug: str) -> list[CatalogueNode]:
    return list(CatalogueNode.objects.filter(agency=agency, slug=slug))


def _topic(name: str) -> TopicCategory | None:
    return TopicCategory.objects.filter(name=name, parent__isnull=False).first()


def _paragraphs(*texts: str) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def _publish(doc: Any, reviewer: User, approver: User) -> Any:
    rev = actions.open_revision(doc)
    actions.submit_for_review(rev, by=doc.created_by)
    actions.pass_review(rev, by=reviewer)
    return actions.approve_and_publish(rev, by=approver)


def load(stdout: Any, *, agency: Agency) -> None:
    drafter = User.objects.get(username="drafter")
    reviewer = User.objects.get(username="reviewer")
    approver = User.objects.get(username="approver")
    today = timezone.localdate()
    rules = _node(agency, "statutory-rules")
    common = {"issuing_agencies": [agency], "source": agency.name}

    # A normative document, then its replacement that repeals it.
    old = actions.create_document(
        agency=agency,
        by=drafter,
        title="乌恰县政务公开工作考核办法（试行）",
        doc_number="乌政发〔2019〕12号",
        genre=Genre.NORMATIVE,
        is_normative=True,
        written_date=dt.date(2019, 3, 8),
        effective_date=dt.date(2019, 4, 1),
        topic=_topic("政务公开"),
        catalogue_nodes=rules,
        body_html=_paragraphs(
            "第一条 为推进全县政务公开工作，制定本办法。",
            "第二条 县人民政府办公室负责组织实施政务公开工作考核。",
        ),
        **common,
    )
    old = _publish(old, reviewer, approver)
    new = actions.create_document(
        agency=agency,
        by=drafter,
        title="乌恰县政务公开工作考核办法",
        doc_number="乌政发〔2024〕5号",
        genre=Genre.NORMATIVE,
        is_normative=True,
        written_date=dt.date(2024, 2, 20),
        effective_date=dt.date(2024, 3, 1),
        topic=_topic("政务公开"),
        catalogue_nodes=rules,
        body_html=_paragraphs(
            "第一条 为推进全县政务公开标准化规范化，制定本办法。",
            "第二条 本办法自2024年3月1日起施行。《乌恰县政务公开工作考核办法（试行）》"
            "（乌政发〔2019〕12号）同时废止。",
        ),
        **common,
    )
    new = _publish(new, reviewer, approver)
    actions.add_relation(
        new,
        old,
        DocumentRelation.Kind.REPEALS,
        by=approver,
        effective_date=dt.date(2024, 3, 1),
    )

    # A policy with its interpretation (谁起草谁解读), published together.
    policy = actions.create_document(
        agency=agency,
        by=drafter,
        title="乌恰县优化营商环境若干措施",
        doc_number="乌政办发〔2025〕9号",
        kind=DocumentKind.POLICY,
        genre=Genre.NOTICE,
        written_date=dt.date(2025, 5, 6),
        topic=_topic("其他") or None,
        catalogue_nodes=rules,
        body_html=_paragraphs(
            "一、推行涉企事项“一网通办”，企业开办时间压缩至1个工作日以内。",
            "二、建立惠企政策“免申即享”清单，每季度向社会公开。",
        ),
        **common,
    )
    interpretation = actions.create_document(
        agency=agency,
        by=drafter,
        interprets=policy,
        title="《乌恰县优化营商环境若干措施》政策解读",
        genre=Genre.INTERPRETATION,
        body_html=_paragraphs(
            "一、制定背景：落实国务院关于优化营商环境的部署。",
            "二、主要内容：一网通办、免申即享、涉企收费公示。",
        ),
        qa=[
            {"q": "企业开办需要多长时间？", "a": "材料齐全的，1个工作日内办结。"},
            {
                "q": "免申即享清单在哪里查看？",
                "a": "在本平台法定主动公开内容栏目按季度公布。",
            },
        ],
        **common,
    )
    for doc in (interpretation, policy):
        rev = actions.open_revision(doc)
        actions.submit_for_review(rev, by=drafter)
        actions.pass_review(rev, by=reviewer)
    actions.approve_and_publish(actions.open_revision(policy), by=approver)

    # A record withdrawn from the site: its page answers 410 with the reason.
    wrong = actions.create_document(
        agency=agency,
        by=drafter,
        title="关于2025年春季学期中小学开学时间的通知",
        doc_number="乌教发〔2025〕2号",
        genre=Genre.NOTICE,
        written_date=dt.date(2025, 2, 10),
        body_html=_paragraphs("全县中小学2025年春季学期于2月17日开学。"),
        **common,
    )
    wrong = _publish(wrong, reviewer, approver)
    actions.withdraw(wrong, by=approver, reason="开学日期有误，已另行发布更正通知")

    # The queues: in review, awaiting approval, returned, and one past Art. 26.
    in_review = actions.create_document(
        agency=agency,
        by=drafter,
        title="乌恰县2026年重点民生实事项目清单",
        genre=Genre.NOTICE,
        formed_date=today - dt.timedelta(days=5),
        body_html=_paragraphs("一、新建农村公路30公里。", "二、改造城镇老旧小区5个。"),
        **common,
    )
    actions.submit_for_review(actions.open_revision(in_review), by=drafter)
    awaiting = actions.create_document(
        agency=agency,
        by=drafter,
        title="乌恰县2026年第三季度财政预算执行情况",
        genre=Genre.REPORT,
        formed_date=today - dt.timedelta(days=10),
        body_html=_paragraphs("全县一般公共预算收入完成年度预算的76%。"),
        **common,
    )
    rev = actions.open_revision(awaiting)
    actions.submit_for_review(rev, by=drafter)
    actions.pass_review(rev, by=reviewer, note="不涉及国家秘密和工作秘密")
    returned = actions.create_document(
        agency=agency,
        by=drafter,
        title="关于调整城乡居民医疗保险缴费标准的通知",
        genre=Genre.NOTICE,
        formed_date=today - dt.timedelta(days=8),
        body_html=_paragraphs(
            "2026年城乡居民医疗保险个人缴费标准调整为每人每年400元。"
        ),
        **common,
    )
    rev = actions.open_revision(returned)
    actions.submit_for_review(rev, by=drafter)
    actions.return_revision(
        rev, by=reviewer, reason="附件缺少缴费标准测算说明，请补充后重新报送"
    )
    actions.create_document(
        agency=agency,
        by=drafter,
        title="乌恰县2026年上半年行政许可办理情况",
        genre=Genre.REPORT,
        formed_date=today - dt.timedelta(days=45),
        body_html=_paragraphs("上半年共受理行政许可申请1,326件，办结1,318件。"),
        **common,
    )
    actions.create_document(
        agency=agency,
        by=drafter,
        title="乌恰县公共资源交易目录（内部征求意见稿）",
        genre=Genre.OTHER,
        disclosure=Disclosure.WITHHELD,
        disclosure_reason="属于过程性信息（《政府信息公开条例》第十六条第二款）",
        body_html=_paragraphs("征求意见稿。"),
        **common,
    )
    stdout.write(
        "主动公开流程：已发布、已废止、已撤回各1件，政策文件与解读同步发布，"
        "待审查、待签发、已退回、已逾期各1件"
    )
