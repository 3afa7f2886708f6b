"""Letters of a 依申请公开 case: 答复书 (one template per result type), 登记回执,
补正告知书, 延期答复告知书, 征求意见函, 收费通知书 and the Art. 35 notices.

A letter is issued once with a frozen JSON `context`; its text comes from the
template *version* recorded on it, so a reprint reads as the original did even
after the templates change. Both the DOCX and the print-ready HTML are built
from the same `LetterDoc`.

Article numbers are those of the 2019 条例 (国务院令第711号); the remedy notice
follows the 2023 《行政复议法》 (in force 2024-01-01) for letters dated from then.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from gongkai.core.models import Agency
from gongkai.domain.foi_codes import RESULT_GROUP, ResultCode, ResultGroup
from gongkai.foi.models import AgencySettings, Reply, Supplement

TIAOLI = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
# 2023 《行政复议法》 in force (第九十条: 本法自2024年1月1日起施行).
REVIEW_LAW_2023_FROM = date(2024, 1, 1)
# 行政复议法第二十条: 自知道或者应当知道该行政行为之日起六十日内提出行政复议申请
REVIEW_DAYS = 60
# 行政诉讼法第四十六条: 应当自知道或者应当知道作出行政行为之日起六个月内提出
LITIGATION_MONTHS = 6

# Results the 条例 requires reasons for (第三十六条第三项「并说明理由」, 第三十七条).
REASONS_REQUIRED = frozenset(
    {code for code in ResultCode if RESULT_GROUP[code] is ResultGroup.WITHHELD}
    | {ResultCode.PARTIAL}
)
# 行政复议法(2023)第二十三条第一款第四项「申请政府信息公开，行政机关不予公开」: 复议前置.
REVIEW_FIRST = REASONS_REQUIRED

_KIND_SUFFIX = {
    "receipt": "依申收",
    "supplement": "依申补",
    "extension": "依申延",
    "consultation": "依申征",
    "fee": "依申费",
    "reason": "依申说",
    "deferral": "依申迟",
    "reply": "依申复",
}


def cn_date(value: date | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return f"{value.year}年{value.month}月{value.day}日"


def format_number(agency: Agency, kind: str, year: int, serial: int) -> str:
    """甲县政府依申复〔2026〕12号: agency code word, kind, year, serial."""
    settings = _settings(agency)
    prefix = (
        (settings.letter_prefix if settings else "") or agency.short_name or agency.name
    )
    return f"{prefix}{_KIND_SUFFIX.get(kind, '依申')}〔{year}〕{serial}号"


def _settings(agency: Agency) -> AgencySettings | None:
    return AgencySettings.objects.filter(agency=agency).first()


# --- 复议机关 (行政复议法 2023 第二十四条、第二十五条、第二十七条) ---------------------------


@dataclass(frozen=True)
class RemedyNotice:
    review_body: str
    review_first: bool  # 复议前置: no direct litigation offered
    basis: str  # which article chose the body, for staff


def _nearest_government(agency: Agency) -> Agency | None:
    node = agency.parent
    depth = 0
    while node is not None and depth < 20:
        if node.kind == Agency.Kind.GOVERNMENT:
            return node
        node, depth = node.parent, depth + 1
    return None


def review_body(agency: Agency, on: date) -> tuple[str, str]:
    """(复议机关, basis) for a decision of `agency` made on `on`."""
    settings = _settings(agency)
    if settings and settings.review_body:
        return settings.review_body, "机关设置"
    if on < REVIEW_LAW_2023_FROM:
        # 2017 行政复议法第十二条: 本级人民政府或者上一级主管部门, at the applicant's choice.
        if agency.kind == Agency.Kind.GOVERNMENT:
            parent = _nearest_government(agency)
            return (
                parent.name if parent else "上一级人民政府"
            ), "2017年行政复议法第十三条"
        gov = _nearest_government(agency)
        return (
            f"{gov.name if gov else '本级人民政府'}或者上一级主管部门",
            "2017年行政复议法第十二条",
        )
    if settings and settings.vertical_management:
        # 第二十七条: 海关、金融、外汇管理等实行垂直领导的行政机关、税务和国家安全机关 → 上一级主管部门
        return (
            agency.parent.name if agency.parent else "上一级主管部门"
        ), "行政复议法第二十七条"
    if agency.level in (Agency.Level.STATE_COUNCIL_DEPARTMENT, Agency.Level.NATIONAL):
        # 第二十五条第一项: 国务院部门管辖对本部门作出的行政行为不服的案件
        return agency.name, "行政复议法第二十五条第一项"
    if agency.kind == Agency.Kind.GOVERNMENT:
        if agency.level == Agency.Level.PROVINCE:
            # 第二十四条第二款: 省级人民政府同时管辖对本机关作出的行政行为不服的案件
            return agency.name, "行政复议法第二十四条第二款"
        parent = _nearest_government(agency)
        # 第二十四条第一款第二项: 对下一级人民政府作出的行政行为不服的
        return (
            parent.name if parent else "上一级人民政府"
        ), "行政复议法第二十四条第一款第二项"
    gov = _nearest_government(agency)
    # 第二十四条第一款第一项: 对本级人民政府工作部门作出的行政行为不服的
    return (gov.name if gov else "本级人民政府"), "行政复议法第二十四条第一款第一项"


def remedy_for(agency: Agency, result: ResultCode | None, on: date) -> RemedyNotice:
    body, basis = review_body(agency, on)
    first = on >= REVIEW_LAW_2023_FROM and result in REVIEW_FIRST
    return RemedyNotice(body, first, basis)


def remedy_paragraph(ctx: dict[str, Any]) -> str:
    body = ctx["review_body"]
    if ctx.get("review_first"):
        return (
            f"如您对本答复不服，可以自收到本答复书之日起{REVIEW_DAYS}日内向{body}申请行政复议；"
            "对行政复议决定不服的，可以依法向人民法院提起行政诉讼。根据《中华人民共和国行政复议法》"
            "第二十三条第一款第四项的规定，对政府信息公开申请不予公开决定不服的，应当先申请行政复议。"
        )
    return (
        f"如您对本答复不服，可以自收到本答复书之日起{REVIEW_DAYS}日内向{body}申请行政复议，"
        f"或者自收到本答复书之日起{LITIGATION_MONTHS}个月内依法向{ctx.get('court') or '有管辖权的人民法院'}"
        "提起行政诉讼。"
    )


# --- context --------------------------------------------------------------------------


def build_context(
    app: Any, kind: str, on: date, extra: dict[str, Any]
) -> dict[str, Any]:
    """Everything a letter prints, frozen at issue (JSON-safe)."""
    agency: Agency = app.agency
    settings = _settings(agency)
    ctx: dict[str, Any] = {
        "agency_name": agency.name,
        "office_name": agency.office_name,
        "office_address": agency.office_address,
        "office_phone": agency.office_phone,
        "office_postcode": agency.office_postcode,
        "applicant_name": app.applicant_name,
        "applicant_address": app.address,
        "tracking_number": app.tracking_number,
        "received_date": app.received_date.isoformat() if app.received_date else "",
        "info_title": app.info_title,
        "info_doc_number": app.info_doc_number,
        "info_description": app.info_description,
        "due_date": app.due_date.isoformat() if app.due_date else "",
        "due_provisional": app.due_provisional,
        "issued_on": on.isoformat(),
        "court": settings.court if settings else "",
    }
    if kind == "reply":
        result = ResultCode(extra["result"])
        notice = remedy_for(agency, result, on)
        ctx.update(review_body=notice.review_body, review_first=notice.review_first)
        ctx["history"] = _history(app)
    elif kind in ("supplement", "extension", "fee", "deferral"):
        notice = remedy_for(agency, None, on)
        ctx.update(review_body=notice.review_body, review_first=False)
    ctx.update(extra)
    return ctx


def _history(app: Any) -> dict[str, Any]:
    hist: dict[str, Any] = {}
    supplement = Supplement.objects.filter(application=app).first()
    if supplement is not None:
        hist["supplement_requested"] = supplement.requested_on.isoformat()
        hist["supplement_deadline"] = supplement.deadline.isoformat()
        if supplement.answered_on:
            hist["supplement_received"] = supplement.answered_on.isoformat()
    extension = app.clock_events.filter(kind="extended").first()
    if extension is not None:
        hist["extended_on"] = extension.on.isoformat()
        hist["extended_days"] = extension.days
    if app.consultations.exists():
        hist["consulted"] = sorted(
            {c.get_party_display() for c in app.consultations.all()}
        )
    fee = app.fee_notices.order_by("-notified_on").first()
    if fee is not None:
        hist["fee_notified"] = fee.notified_on.isoformat()
        hist["fee_pay_by"] = fee.pay_by.isoformat()
    return hist


# --- templates ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterDoc:
    title: str
    number: str
    addressee: str
    paragraphs: tuple[str, ...]
    signature: str
    date_text: str
    note: str = ""


@dataclass(frozen=True)
class Template:
    key: str
    version: str
    title: str
    body: Callable[[dict[str, Any]], list[str]]
    addressee: Callable[[dict[str, Any]], str] = lambda ctx: ctx["applicant_name"]


def _request_line(ctx: dict[str, Any]) -> str:
    what = f"“{ctx['info_title']}”"
    if ctx.get("info_doc_number"):
        what += f"（文号：{ctx['info_doc_number']}）"
    return (
        f"本机关于{cn_date(ctx['received_date'])}收到您提出的政府信息公开申请"
        f"（申请编号：{ctx['tracking_number']}），申请获取{what}。"
    )


def _history_lines(ctx: dict[str, Any]) -> list[str]:
    h = ctx.get("history") or {}
    lines = []
    if h.get("supplement_requested"):
        line = f"本机关于{cn_date(h['supplement_requested'])}向您发出补正告知"
        if h.get("supplement_received"):
            line += f"，于{cn_date(h['supplement_received'])}收到补正后的申请"
        lines.append(line + "。")
    if h.get("consulted"):
        lines.append(
            f"本机关就该申请征求了{'、'.join(h['consulted'])}的意见，"
            f"根据{TIAOLI}第三十三条第三款，征求意见所需时间不计算在答复期限内。"
        )
    if h.get("extended_on"):
        lines.append(
            f"经政府信息公开工作机构负责人同意，本机关于{cn_date(h['extended_on'])}告知您"
            f"延长答复期限{h['extended_days']}个工作日。"
        )
    return lines


_WITHHELD_REASON = {
    ResultCode.WITHHELD_STATE_SECRET: "该信息经依法确定为国家秘密，属于{t}第十四条规定的不予公开的政府信息。",
    ResultCode.WITHHELD_LAW_FORBIDS: "法律、行政法规禁止公开该信息，属于{t}第十四条规定的不予公开的政府信息。",
    ResultCode.WITHHELD_SECURITY: (
        "该信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，"
        "属于{t}第十四条规定的不予公开的政府信息。"
    ),
    ResultCode.WITHHELD_THIRD_PARTY: (
        "该信息涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的内容，第三方不同意公开，"
        "且不公开不会对公共利益造成重大影响，根据{t}第十五条、第三十二条的规定，不予公开。"
    ),
    ResultCode.WITHHELD_INTERNAL: (
        "该信息属于人事管理、后勤管理、内部工作流程等内部事务信息，"
        "根据{t}第十六条第一款的规定，可以不予公开。"
    ),
    ResultCode.WITHHELD_PROCESS: (
        "该信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
        "请示报告等过程性信息，根据{t}第十六条第二款的规定，可以不予公开。"
    ),
    ResultCode.WITHHELD_ENFORCEMENT: (
        "该信息属于行政执法案卷信息，根据{t}第十六条第二款的规定，可以不予公开。"
    ),
}


def _decision(code: ResultCode, ctx: dict[str, Any]) -> list[str]:
    t = TIAOLI
    reasons = (ctx.get("reasons") or "").strip()
    provision = (ctx.get("provision") or "").strip()
    h = ctx.get("history") or {}
    if code is ResultCode.GRANTED:
        return [
            f"您申请获取的政府信息属于公开范围。根据{t}第三十六条第二项、第四十条的规定，"
            f"本机关予以公开，提供方式如下：{provision}",
            *([reasons] if reasons else []),
        ]
    if code is ResultCode.PARTIAL:
        return [
            f"您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。根据{t}第三十七条的规定，"
            f"本机关向您提供可以公开的部分，提供方式如下：{provision}",
            f"不予公开部分的理由及依据：{reasons}",
        ]
    if code is ResultCode.WITHHELD_ADMIN_QUERY:
        return [
            "您申请获取的信息属于工商、不动产登记资料等信息，有关法律、行政法规对其获取有特别规定。"
            f"根据{t}第三十六条第七项的规定，请您按照有关法律、行政法规的规定办理。",
            *([reasons] if reasons else []),
        ]
    if code in _WITHHELD_REASON:
        return [
            f"根据{t}第三十六条第三项的规定，本机关决定不予公开，理由如下："
            + _WITHHELD_REASON[code].format(t=t),
            *([reasons] if reasons else []),
        ]
    if code is ResultCode.UNABLE_NOT_HELD:
        if ctx.get("other_agency"):
            return [
                f"经核实，您申请获取的政府信息不属于本机关负责公开。根据{t}第三十六条第五项的规定，"
                f"该信息由{ctx['other_agency']}负责公开，请您向该机关提出申请。",
                *([reasons] if reasons else []),
            ]
        return [
            "经检索，本机关未制作或者获取您申请的政府信息。"
            f"根据{t}第三十六条第四项的规定，告知您该政府信息不存在。",
            *([reasons] if reasons else []),
        ]
    if code is ResultCode.UNABLE_NEEDS_CREATION:
        return [
            "本机关未保存您所申请的现成信息，提供该信息需要对现有政府信息进行加工、分析。"
            f"根据{t}第三十八条的规定，本机关不予提供。",
            *([reasons] if reasons else []),
        ]
    if code is ResultCode.UNABLE_STILL_UNCLEAR:
        return [
            "您补正后的申请内容仍不明确，本机关无法据此确定您所需要的政府信息。"
            f"根据{t}第三十条的规定，本机关无法提供。",
            *([reasons] if reasons else []),
        ]
    if code is ResultCode.NOT_PROCESSED_PETITION:
        return [
            "您提出的申请实质是信访、投诉、举报等诉求。根据"
            f"{t}第三十九条第一款的规定，本机关不作为政府信息公开申请处理，"
            "请您通过信访、投诉、举报等相应渠道提出。",
            *([reasons] if reasons else []),
        ]
    if code is ResultCode.NOT_PROCESSED_REPEAT:
        return [
            "您曾就同一政府信息向本机关提出公开申请，本机关已依法作出答复。"
            f"您重复申请公开相同的政府信息，根据{t}第三十六条第六项的规定，本机关不予重复处理。",
            *([reasons] if reasons else []),
        ]
    if code is ResultCode.NOT_PROCESSED_PUBLICATION:
        return [
            "您申请获取的信息属于政府公报、报刊、书籍等公开出版物。"
            f"根据{t}第三十九条第二款的规定，告知您获取的途径：{provision or reasons}",
        ]
    if code is ResultCode.NOT_PROCESSED_EXCESSIVE:
        return [
            "您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，"
            f"本机关认为申请理由不合理。根据{t}第三十五条的规定，本机关不予处理。",
            *([reasons] if reasons else []),
        ]
    if code is ResultCode.NOT_PROCESSED_CONFIRM:
        return [
            "您的申请系要求本机关确认或者重新出具您已获取的信息，"
            f"不属于{t}第二条所称的获取政府信息，本机关不作为政府信息公开申请处理。",
            *([reasons] if reasons else []),
        ]
    if code is ResultCode.OTHER_NO_SUPPLEMENT:
        return [
            f"本机关于{cn_date(h.get('supplement_requested'))}告知您补正申请，"
            f"补正期限至{cn_date(h.get('supplement_deadline'))}。您无正当理由逾期未补正，根据"
            f"{t}第三十条的规定，视为放弃申请，本机关不再处理该政府信息公开申请。"
        ]
    if code is ResultCode.OTHER_FEE_UNPAID:
        return [
            f"本机关于{cn_date(h.get('fee_notified'))}向您发出信息处理费收费通知，"
            f"缴费期限至{cn_date(h.get('fee_pay_by'))}。您逾期未缴纳，根据{FEE_RULES}的规定，"
            "视为放弃申请，本机关不再处理该政府信息公开申请。"
        ]
    return [reasons or "您已撤回政府信息公开申请，本机关终止办理。"]


def _reply_body(code: ResultCode) -> Callable[[dict[str, Any]], list[str]]:
    def body(ctx: dict[str, Any]) -> list[str]:
        return [
            _request_line(ctx),
            *_history_lines(ctx),
            "经审查，现答复如下：",
            *_decision(code, ctx),
            remedy_paragraph(ctx),
            _contact(ctx),
        ]

    return body


def _contact(ctx: dict[str, Any]) -> str:
    parts = [ctx.get("office_name") or ctx["agency_name"]]
    if ctx.get("office_address"):
        parts.append(f"地址：{ctx['office_address']}")
    if ctx.get("office_postcode"):
        parts.append(f"邮编：{ctx['office_postcode']}")
    if ctx.get("office_phone"):
        parts.append(f"电话：{ctx['office_phone']}")
    return "联系单位：" + "，".join(parts) + "。"


def _receipt(ctx: dict[str, Any]) -> list[str]:
    due = cn_date(ctx.get("due_date"))
    lines = [_request_line(ctx)]
    if due:
        lines.append(
            f"根据{TIAOLI}第三十三条的规定，本机关将在收到申请之日起20个工作日内，即{due}前"
            "作出答复（依法需要补正、征求意见、收费或者经批准延长的，按有关规定计算）。"
        )
    lines.append("您可以凭申请编号和查询码在网上查询办理进度、下载答复文书。")
    lines.append(_contact(ctx))
    return lines


def _supplement(ctx: dict[str, Any]) -> list[str]:
    return [
        _request_line(ctx),
        f"经审查，您的申请内容不够明确。根据{TIAOLI}第三十条的规定，现一次性告知您在"
        f"{cn_date(ctx['deadline'])}前补正以下事项：",
        ctx["items"],
        "答复期限自本机关收到补正的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，"
        "本机关不再处理该政府信息公开申请。",
        _contact(ctx),
    ]


def _extension(ctx: dict[str, Any]) -> list[str]:
    return [
        _request_line(ctx),
        f"因{ctx['reason']}，本机关不能在{TIAOLI}第三十三条第二款规定的期限内作出答复。"
        f"经政府信息公开工作机构负责人同意，答复期限延长{ctx['days']}个工作日，"
        f"延长后的答复期限为{cn_date(ctx['new_due'])}。",
        _contact(ctx),
    ]


def _consultation(ctx: dict[str, Any]) -> list[str]:
    # No applicant details: a consulted party learns only what the request concerns.
    article = "第三十四条" if ctx.get("party") == "agency" else "第三十二条"
    silence = (
        "逾期未提出意见的，视为同意公开。"
        if ctx.get("party") == "agency"
        else "逾期未提出意见的，由本机关依照《条例》的规定决定是否公开。"
    )
    return [
        f"本机关收到一件政府信息公开申请，申请公开的政府信息涉及：{ctx['matter']}。",
        f"根据{TIAOLI}{article}的规定，现书面征求你方意见。请于收到本函之日起15个工作日内"
        f"（{cn_date(ctx['reply_due'])}前）书面提出是否同意公开的意见；不同意公开的，请说明理由。"
        + silence,
        _contact(ctx),
    ]


def _fee(ctx: dict[str, Any]) -> list[str]:
    basis = "按件" if ctx["basis"] == "per_application" else "按量"
    unit = "件" if ctx["basis"] == "per_application" else "页"
    return [
        _request_line(ctx),
        f"根据{FEE_RULES}，您的申请{basis}计收信息处理费，计费数量{ctx['quantity']}{unit}，"
        f"金额人民币{ctx['amount']}元。",
        f"请于{cn_date(ctx['pay_by'])}前缴纳。自本机关发出收费通知至您缴纳费用的时间不计算在答复期限内；"
        "逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。",
        _contact(ctx),
    ]


def _reason(ctx: dict[str, Any]) -> list[str]:
    return [
        _request_line(ctx),
        f"您申请公开政府信息的数量、频次明显超过合理范围。根据{TIAOLI}第三十五条的规定，请您说明理由。",
        *([ctx["note"]] if ctx.get("note") else []),
        "本机关认为申请理由不合理的，将告知您不予处理；认为申请理由合理，但是无法在"
        f"{TIAOLI}第三十三条规定的期限内答复的，将确定延迟答复的合理期限并告知您。",
        _contact(ctx),
    ]


def _deferral(ctx: dict[str, Any]) -> list[str]:
    return [
        _request_line(ctx),
        f"本机关认为您的申请理由合理，但无法在{TIAOLI}第三十三条规定的期限内答复。"
        f"根据{TIAOLI}第三十五条的规定，确定延迟答复的期限为{cn_date(ctx['until'])}。"
        f"理由：{ctx['reason']}",
        _contact(ctx),
    ]


def _consultation_addressee(ctx: dict[str, Any]) -> str:
    return ctx["party_name"]


REPLY_TITLE = "政府信息公开申请答复书"
# key → versions, oldest first. Add a version, never edit an issued one.
TEMPLATES: dict[str, list[Template]] = {
    "receipt": [Template("receipt", "2019.1", "政府信息公开申请登记回执", _receipt)],
    "supplement": [
        Template("supplement", "2019.1", "政府信息公开申请补正告知书", _supplement)
    ],
    "extension": [
        Template("extension", "2019.1", "政府信息公开申请延期答复告知书", _extension)
    ],
    "consultation": [
        Template(
            "consultation",
            "2019.1",
            "政府信息公开征求意见函",
            _consultation,
            _consultation_addressee,
        )
    ],
    "fee": [Template("fee", "2020.1", "政府信息公开信息处理费收费通知书", _fee)],
    "reason": [Template("reason", "2019.1", "政府信息公开申请说明理由告知书", _reason)],
    "deferral": [
        Template("deferral", "2019.1", "政府信息公开申请延迟答复告知书", _deferral)
    ],
}
for _code in ResultCode:
    TEMPLATES[f"reply.{_code.value}"] = [
        Template(f"reply.{_code.value}", "2024.1", REPLY_TITLE, _reply_body(_code))
    ]


def template_for(kind: str, app: Any) -> Template:
    key = kind
    if kind == "reply":
        key = f"reply.{Reply.objects.get(application=app).result}"
    return TEMPLATES[key][-1]


def _find(key: str, version: str) -> Template:
    for template in TEMPLATES.get(key, []):
        if template.version == version:
            return template
    raise LookupError(f"letter template {key} {version} not found")


def render(letter: Any) -> LetterDoc:
    """The letter as issued: its template version applied to its frozen context."""
    ctx = dict(letter.context)
    template = _find(letter.template, letter.template_version)
    return LetterDoc(
        title=f"{ctx['agency_name']}\n{template.title}",
        number=letter.number,
        addressee=template.addressee(ctx),
        paragraphs=tuple(p for p in template.body(ctx) if p),
        signature=ctx["agency_name"],
        date_text=cn_date(ctx["issued_on"]),
        note="（此件加盖政府信息公开专用章）",
    )


def _set_font(run: Any, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(rfonts)
    rfonts.set(qn("w:eastAsia"), name)


def to_docx(doc: LetterDoc) -> bytes:
    """A4, 仿宋三号 body, 小标宋二号 title, as GB/T 9704 公文 are typeset."""
    d = DocxDocument()
    section = d.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    for line in doc.title.split("\n"):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(p.add_run(line), "方正小标宋简体", 22)
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(p.add_run(doc.number), "仿宋_GB2312", 16)
    p = d.add_paragraph()
    _set_font(p.add_run(f"{doc.addressee}："), "仿宋_GB2312", 16)
    for i, text in enumerate(doc.paragraphs, start=1):
        p = d.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        p.paragraph_format.line_spacing = Pt(28)
        # The last paragraph stays on the page of the signature and date.
        p.paragraph_format.keep_with_next = i == len(doc.paragraphs)
        _set_font(p.add_run(text), "仿宋_GB2312", 16)
    for text in (doc.signature, doc.date_text):
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.keep_with_next = bool(doc.note) or text == doc.signature
        _set_font(p.add_run(text), "仿宋_GB2312", 16)
    if doc.note:
        p = d.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _set_font(p.add_run(doc.note), "仿宋_GB2312", 12)
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()
