"""A year of 依申请公开 cases for one agency, made through `gongkai.foi.actions`.

Every result code of the annual report appears at least once; some cases are
carried over from the previous year, some into the next, and several decisions
went to 行政复议 or court, so tables 三 and 四 of the report are full and add up.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from gongkai.core.models import Agency, Membership, Role, User
from gongkai.domain.foi_codes import ApplicantType, ResultCode
from gongkai.foi import actions, clock
from gongkai.foi.models import Application

_PEOPLE = [
    ("natural_person", "王建国", "resident_id", "110101198001010016"),
    ("natural_person", "李秀英", "resident_id", "11010119850202002X"),
    ("commercial", "甲县宏达建材有限公司", "credit_code", "91000000MA0000001X"),
    ("research", "甲省社会科学院", "credit_code", "12000000400000002Y"),
    ("nonprofit", "甲县绿色家园环保协会", "credit_code", "51000000500000003Z"),
    ("legal_service", "甲县明理律师事务所", "credit_code", "31000000600000004A"),
    ("other_org", "甲县人民路社区居民委员会", "credit_code", "55000000700000005B"),
]

_REQUESTS = [
    ("{y}年度部门预算及“三公”经费预算", "", "预算公开文本"),
    ("城区老旧小区改造项目实施方案", "", "含资金来源和改造清单"),
    ("关于印发河道整治工作方案的通知", "甲政办发〔{y}〕12号", ""),
    ("{y}年第二季度环境空气质量监测数据", "", "各监测点位原始数据"),
    ("人民路拓宽工程征收补偿安置方案", "", "含补偿标准"),
    ("全县义务教育学校划片招生范围", "", ""),
]


def _staff(agency: Agency) -> tuple[User, User]:
    """A handler and a signer of the agency; demo accounts are created if none."""

    def holder(role: str, username: str, name: str) -> User:
        membership = (
            Membership.objects.filter(agency=agency, role=role)
            .select_related("user")
            .first()
        )
        if membership:
            return membership.user
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={"display_name": name, "password": make_password(None)},
        )
        Membership.objects.get_or_create(user=user, agency=agency, role=role)
        return user

    return (
        holder(Role.DRAFTER, f"foi-demo-{agency.pk}-clerk", "依申请公开经办人"),
        holder(Role.APPROVER, f"foi-demo-{agency.pk}-head", "信息公开工作机构负责人"),
    )


class _Maker:
    def __init__(self, agency: Agency, clerk: User, head: User) -> None:
        self.agency, self.clerk, self.head = agency, clerk, head
        self.n = 0

    def wd(self, start: date, n: int) -> date:
        return clock.add_workdays(self.agency, start, n)[0]

    def receive(
        self, on: date, *, person: int | None = None, **overrides: Any
    ) -> Application:
        self.n += 1
        kind, name, id_type, id_number = _PEOPLE[
            (person if person is not None else self.n) % len(_PEOPLE)
        ]
        title, number, desc = _REQUESTS[self.n % len(_REQUESTS)]
        data = {
            "applicant_type": kind,
            "applicant_name": name,
            "id_type": id_type,
            "id_number": id_number,
            "contact_person": "" if kind == ApplicantType.NATURAL_PERSON else "张经理",
            "phone": "0731-8888" + f"{self.n:04d}",
            "email": "",
            "address": "甲县人民路8号",
            "postcode": "410000",
            "info_title": title.format(y=on.year),
            "info_doc_number": number.format(y=on.year),
            "info_description": desc or "请提供全文",
            "form": "electronic",
            "route": "post",
            "proactive_proposal": "",
        }
        data.update(overrides)
        channel = ["in_person", "post_signed", "post_unsigned", "fax", "oral"][
            self.n % 5
        ]
        return actions.register(
            self.agency, data, by=self.clerk, channel=channel, received_on=on
        ).application

    def answer(
        self, app: Application, code: ResultCode, on: date, **kw: Any
    ) -> Application:
        reasons = kw.get("reasons", "")
        if not reasons and (
            code is ResultCode.PARTIAL or code.value.startswith("withheld_")
        ):
            reasons = "经审查，所涉内容符合上述不予公开情形。"
        actions.draft_reply(
            app,
            by=self.clerk,
            result=code.value,
            reasons=reasons,
            provision=kw.get("provision", "随本答复书以电子邮件方式提供"),
            other_agency=kw.get("other_agency", ""),
        )
        actions.sign_reply(app, by=self.head, today=on)
        actions.mark_delivered(app, by=self.clerk, on=self.wd(on, 2), method="邮寄送达")
        return app


def load(stdout: Any, *, agency: Agency, year: int) -> None:
    """Create the demo cases for `agency` in `year` (needs year < this year)."""
    today = timezone.localdate()
    if year >= today.year:
        raise ValueError("演示年度应早于今年，以免出现未来日期")
    clerk, head = _staff(agency)
    m = _Maker(agency, clerk, head)

    # Carried over from the previous year: received in December, answered in January.
    for i, code in enumerate([ResultCode.GRANTED, ResultCode.UNABLE_NOT_HELD]):
        app = m.receive(date(year - 1, 12, 18 + i))
        m.answer(app, code, date(year, 1, 8 + i))

    month_day = [(mo, d) for mo in range(1, 11) for d in (5, 14, 23)]
    slots = iter(month_day)

    def next_day() -> date:
        mo, d = next(slots)
        return date(year, mo, d)

    simple = [
        ResultCode.GRANTED,
        ResultCode.GRANTED,
        ResultCode.WITHHELD_STATE_SECRET,
        ResultCode.WITHHELD_LAW_FORBIDS,
        ResultCode.WITHHELD_SECURITY,
        ResultCode.WITHHELD_INTERNAL,
        ResultCode.WITHHELD_PROCESS,
        ResultCode.WITHHELD_ENFORCEMENT,
        ResultCode.WITHHELD_ADMIN_QUERY,
        ResultCode.UNABLE_NOT_HELD,
        ResultCode.UNABLE_NEEDS_CREATION,
        ResultCode.NOT_PROCESSED_PETITION,
        ResultCode.NOT_PROCESSED_REPEAT,
        ResultCode.NOT_PROCESSED_PUBLICATION,
        ResultCode.NOT_PROCESSED_CONFIRM,
    ]
    answered: dict[ResultCode, Application] = {}
    for code in simple:
        received = next_day()
        app = m.receive(received)
        m.answer(
            app,
            code,
            m.wd(received, 12),
            other_agency="甲县自然资源局（电话 0731-88880000）"
            if code is ResultCode.UNABLE_NOT_HELD and received.month % 2
            else "",
        )
        answered[code] = app

    # 部分公开 after a third-party consultation and an extension.
    received = next_day()
    app = m.receive(received, person=2)
    c = actions.start_consultation(
        app,
        by=clerk,
        party="third_party",
        party_name="甲县宏达建材有限公司",
        matter="合同中的报价条款",
        sent_on=m.wd(received, 3),
    )
    actions.record_consultation_reply(
        c, by=clerk, opinion="object", text="涉及商业秘密", on=m.wd(received, 10)
    )
    actions.extend(
        app, by=head, days=15, reason="需对材料进行区分处理", today=m.wd(received, 18)
    )
    m.answer(
        app,
        ResultCode.PARTIAL,
        m.wd(received, 30),
        reasons="报价条款涉及商业秘密，依第十五条不予公开。",
    )
    answered[ResultCode.PARTIAL] = app

    # 保护第三方合法权益 after the third party objected.
    received = next_day()
    app = m.receive(received, person=1)
    c = actions.start_consultation(
        app,
        by=clerk,
        party="third_party",
        party_name="某住户",
        matter="个人住房信息",
        sent_on=m.wd(received, 2),
    )
    actions.record_consultation_reply(
        c, by=clerk, opinion="object", text="不同意公开", on=m.wd(received, 9)
    )
    m.answer(
        app,
        ResultCode.WITHHELD_THIRD_PARTY,
        m.wd(received, 15),
        reasons="涉及个人隐私。",
    )
    answered[ResultCode.WITHHELD_THIRD_PARTY] = app

    # Co-producing agency silent: deemed consent (第三十四条), then granted.
    received = next_day()
    app = m.receive(received)
    c = actions.start_consultation(
        app,
        by=clerk,
        party="agency",
        party_name="甲县财政局",
        matter="联合印发的资金管理办法",
        sent_on=m.wd(received, 2),
    )
    actions.record_consultation_reply(
        c, by=clerk, opinion="silent", on=m.wd(c.reply_due, 1)
    )
    m.answer(app, ResultCode.GRANTED, m.wd(received, 12))

    # 补正 answered, still unclear.
    received = next_day()
    app = m.receive(received)
    actions.request_supplement(
        app,
        by=clerk,
        items="请写明所需信息的时间范围",
        deadline=received + timedelta(days=20),
        today=m.wd(received, 3),
    )
    actions.receive_supplement(app, answer="近几年的", by=clerk, on=m.wd(received, 8))
    m.answer(app, ResultCode.UNABLE_STILL_UNCLEAR, m.wd(received, 15))

    # 补正 never answered: abandoned.
    received = next_day()
    app = m.receive(received)
    deadline = received + timedelta(days=15)
    actions.request_supplement(
        app,
        by=clerk,
        items="请提供身份证明",
        deadline=deadline,
        today=m.wd(received, 2),
    )
    actions.abandon_without_supplement(
        app, by=clerk, today=deadline + timedelta(days=1)
    )

    # Fee unpaid: abandoned.
    received = next_day()
    app = m.receive(received, person=5)
    notice = actions.issue_fee_notice(
        app, by=head, basis="per_page", pages=260, today=m.wd(received, 3)
    )
    actions.lapse_fee(notice, by=clerk, today=notice.pay_by + timedelta(days=1))

    # Fee paid, then granted.
    received = next_day()
    app = m.receive(received, person=3)
    notice = actions.issue_fee_notice(
        app, by=head, basis="per_page", pages=80, today=m.wd(received, 2)
    )
    actions.record_payment(notice, by=clerk, on=m.wd(notice.notified_on, 5))
    m.answer(app, ResultCode.GRANTED, m.wd(received, 18))

    # Excessive requests: reasons asked, then not processed.
    received = next_day()
    app = m.receive(received, person=6)
    actions.request_reasons(
        app, by=clerk, note="请说明一次申请200项信息的用途", today=m.wd(received, 2)
    )
    m.answer(app, ResultCode.NOT_PROCESSED_EXCESSIVE, m.wd(received, 15))

    # Withdrawn (其他处理 3).
    received = next_day()
    app = m.receive(received)
    actions.withdraw(
        app, by=clerk, reason="申请人书面撤回申请。", today=m.wd(received, 4)
    )

    # One Art. 41 correction (not an FOI case in the report).
    received = next_day()
    app = m.receive(
        received,
        person=0,
        kind="correction",
        info_title="更正本人低保档案中的家庭人口信息",
    )
    actions.record_correction_outcome(
        app, by=head, outcome="corrected", note="已核实并更正", today=m.wd(received, 10)
    )

    # Three applicants, same 文号: an Art. 44 candidate.
    for person in (0, 1, 2):
        received = next_day()
        app = m.receive(
            received,
            person=person,
            info_title="甲县城市总体规划",
            info_doc_number=f"甲政发〔{year}〕3号",
        )
        m.answer(app, ResultCode.GRANTED, m.wd(received, 10))

    # Carried into next year: received late December, still being handled.
    for i in range(2):
        m.receive(date(year, 12, 22 + i), person=3 + i)

    # Remedies (table 四).
    remedies = [
        (answered[ResultCode.WITHHELD_INTERNAL], "review", "upheld"),
        (answered[ResultCode.WITHHELD_PROCESS], "review", "corrected"),
        (answered[ResultCode.PARTIAL], "review", "other"),
        (answered[ResultCode.WITHHELD_ENFORCEMENT], "review", "pending"),
        (answered[ResultCode.UNABLE_NOT_HELD], "litigation_direct", "upheld"),
        (answered[ResultCode.NOT_PROCESSED_REPEAT], "litigation_direct", "pending"),
        (answered[ResultCode.WITHHELD_INTERNAL], "litigation_after_review", "upheld"),
    ]
    for app, kind, outcome in remedies:
        app.refresh_from_db()
        filed = m.wd(app.delivered_date or app.replied_date, 10)
        body = "甲县人民法院" if kind.startswith("litigation") else "上一级人民政府"
        remedy = actions.record_remedy(
            app,
            by=clerk,
            kind=kind,
            body=body,
            filed_date=filed,
            case_number=f"（{year}）第{app.pk}号",
        )
        if outcome != "pending":
            decided = min(filed + timedelta(days=50), date(year, 12, 31))
            actions.decide_remedy(
                remedy, by=clerk, outcome=outcome, decided_date=decided
            )

    total = Application.objects.filter(agency=agency).count()
    stdout.write(f"依申请公开：{agency.name} 共 {total} 件演示申请（{year}年，含结转）")
