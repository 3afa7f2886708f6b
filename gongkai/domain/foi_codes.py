"""Codes shared by 依申请公开 cases and the annual report.

The result codes are the rows of table 三「本年度办理结果」 in the 2021 annual-report
format (国办公开办函〔2021〕30号); the applicant types are its columns. Every
answered application carries exactly one result code. Display labels are the
official row and column labels, kept here because the report must reproduce them
verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ApplicantType(StrEnum):
    """申请人情况 columns of table 三."""

    NATURAL_PERSON = "natural_person"  # 自然人
    COMMERCIAL = "commercial"  # 法人或其他组织: 商业企业
    RESEARCH = "research"  # 科研机构
    NONPROFIT = "nonprofit"  # 社会公益组织
    LEGAL_SERVICE = "legal_service"  # 法律服务机构
    OTHER_ORG = "other_org"  # 其他


APPLICANT_TYPE_LABELS: dict[ApplicantType, str] = {
    ApplicantType.NATURAL_PERSON: "自然人",
    ApplicantType.COMMERCIAL: "商业企业",
    ApplicantType.RESEARCH: "科研机构",
    ApplicantType.NONPROFIT: "社会公益组织",
    ApplicantType.LEGAL_SERVICE: "法律服务机构",
    ApplicantType.OTHER_ORG: "其他",
}


class ResultGroup(StrEnum):
    GRANTED = "granted"  # （一）予以公开
    PARTIAL = "partial"  # （二）部分公开
    WITHHELD = "withheld"  # （三）不予公开
    UNABLE = "unable"  # （四）无法提供
    NOT_PROCESSED = "not_processed"  # （五）不予处理
    OTHER = "other"  # （六）其他处理


class ResultCode(StrEnum):
    """One final result per application (2021 format, 22 rows less the total)."""

    GRANTED = "granted"  # 予以公开 (条例第三十六条第一、二项)
    PARTIAL = "partial"  # 部分公开 (第三十七条); counted only here
    WITHHELD_STATE_SECRET = "withheld_state_secret"  # noqa: S105  属于国家秘密 (第十四条)
    WITHHELD_LAW_FORBIDS = "withheld_law_forbids"  # 其他法律行政法规禁止公开 (第十四条)
    WITHHELD_SECURITY = "withheld_security"  # 危及"三安全一稳定" (第十四条)
    WITHHELD_THIRD_PARTY = "withheld_third_party"  # 保护第三方合法权益 (第十五条)
    WITHHELD_INTERNAL = "withheld_internal"  # 属于三类内部事务信息 (第十六条第一款)
    WITHHELD_PROCESS = "withheld_process"  # 属于四类过程性信息 (第十六条第二款)
    WITHHELD_ENFORCEMENT = "withheld_enforcement"  # 属于行政执法案卷 (第十六条第二款)
    WITHHELD_ADMIN_QUERY = "withheld_admin_query"  # 属于行政查询事项 (第三十六条第七项)
    UNABLE_NOT_HELD = (
        "unable_not_held"  # 本机关不掌握相关政府信息 (第三十六条第四、五项)
    )
    UNABLE_NEEDS_CREATION = (
        "unable_needs_creation"  # 没有现成信息需要另行制作 (第三十八条)
    )
    UNABLE_STILL_UNCLEAR = "unable_still_unclear"  # 补正后申请内容仍不明确 (第三十条)
    NOT_PROCESSED_PETITION = (
        "not_processed_petition"  # 信访举报投诉类申请 (第三十九条第一款)
    )
    NOT_PROCESSED_REPEAT = "not_processed_repeat"  # 重复申请 (第三十六条第六项)
    NOT_PROCESSED_PUBLICATION = (
        "not_processed_publication"  # 要求提供公开出版物 (第三十九条第二款)
    )
    NOT_PROCESSED_EXCESSIVE = (
        "not_processed_excessive"  # 无正当理由大量反复申请 (第三十五条)
    )
    NOT_PROCESSED_CONFIRM = (
        "not_processed_confirm"  # 要求行政机关确认或重新出具已获取信息
    )
    OTHER_NO_SUPPLEMENT = "other_no_supplement"  # 逾期不补正 (第三十条)
    OTHER_FEE_UNPAID = "other_fee_unpaid"  # 逾期未缴纳信息处理费 (国办函〔2020〕109号)
    OTHER = "other"  # 其他 (e.g. 申请人撤回申请)


RESULT_GROUP: dict[ResultCode, ResultGroup] = {
    code: (
        ResultGroup.GRANTED
        if code is ResultCode.GRANTED
        else ResultGroup.PARTIAL
        if code is ResultCode.PARTIAL
        else ResultGroup.WITHHELD
        if code.value.startswith("withheld_")
        else ResultGroup.UNABLE
        if code.value.startswith("unable_")
        else ResultGroup.NOT_PROCESSED
        if code.value.startswith("not_processed_")
        else ResultGroup.OTHER
    )
    for code in ResultCode
}

# Official row labels of table 三, in report order.
RESULT_LABELS: dict[ResultCode, str] = {
    ResultCode.GRANTED: "（一）予以公开",
    ResultCode.PARTIAL: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    ResultCode.WITHHELD_STATE_SECRET: "1.属于国家秘密",
    ResultCode.WITHHELD_LAW_FORBIDS: "2.其他法律行政法规禁止公开",
    ResultCode.WITHHELD_SECURITY: "3.危及“三安全一稳定”",
    ResultCode.WITHHELD_THIRD_PARTY: "4.保护第三方合法权益",
    ResultCode.WITHHELD_INTERNAL: "5.属于三类内部事务信息",
    ResultCode.WITHHELD_PROCESS: "6.属于四类过程性信息",
    ResultCode.WITHHELD_ENFORCEMENT: "7.属于行政执法案卷",
    ResultCode.WITHHELD_ADMIN_QUERY: "8.属于行政查询事项",
    ResultCode.UNABLE_NOT_HELD: "1.本机关不掌握相关政府信息",
    ResultCode.UNABLE_NEEDS_CREATION: "2.没有现成信息需要另行制作",
    ResultCode.UNABLE_STILL_UNCLEAR: "3.补正后申请内容仍不明确",
    ResultCode.NOT_PROCESSED_PETITION: "1.信访举报投诉类申请",
    ResultCode.NOT_PROCESSED_REPEAT: "2.重复申请",
    ResultCode.NOT_PROCESSED_PUBLICATION: "3.要求提供公开出版物",
    ResultCode.NOT_PROCESSED_EXCESSIVE: "4.无正当理由大量反复申请",
    ResultCode.NOT_PROCESSED_CONFIRM: "5.要求行政机关确认或重新出具已获取信息",
    ResultCode.OTHER_NO_SUPPLEMENT: (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    ),
    ResultCode.OTHER_FEE_UNPAID: (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    ),
    ResultCode.OTHER: "3.其他",
}

RESULT_GROUP_LABELS: dict[ResultGroup, str] = {
    ResultGroup.GRANTED: "（一）予以公开",
    ResultGroup.PARTIAL: "（二）部分公开",
    ResultGroup.WITHHELD: "（三）不予公开",
    ResultGroup.UNABLE: "（四）无法提供",
    ResultGroup.NOT_PROCESSED: "（五）不予处理",
    ResultGroup.OTHER: "（六）其他处理",
}


@dataclass(frozen=True)
class CaseRow:
    """One application as the annual report counts it (foi.queries.report_rows)."""

    case_id: int
    applicant_type: ApplicantType
    received_date: date | None  # 收到申请之日 (条例第三十一条)
    replied_date: date | None  # date of the final reply or closure; None while open
    result: ResultCode | None  # None while open


@dataclass(frozen=True)
class RemedyRow:
    """One 行政复议 or 行政诉讼 about a disclosure decision (table 四)."""

    kind: str  # "review" | "litigation_direct" | "litigation_after_review"
    outcome: str  # "upheld" | "corrected" | "other" | "pending"
    filed_date: date
    decided_date: date | None
