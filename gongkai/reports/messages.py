"""Chinese wording of consistency violations: the rule, the cells and the cases."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.domain import annual_report as ar

RULES: dict[str, str] = {
    "C1": "第一项加第二项之和应等于第三项加第四项之和",
    "C2": "“（七）总计”应等于各项办理结果之和",
    "C3": "“总计”列应等于自然人与法人或其他组织各列之和",
    "C4": "结果维持、结果纠正、其他结果、尚未审结之和应等于总计",
    "C5": "本年“上年结转”应等于上年“结转下年度继续办理”",
    "C6": "一件申请只计一种办理结果（区分处理的只计“部分公开”）",
    "C7": "数据应为非负整数，收费金额为非负数且最多四位小数",
    "C8": "正文引用的数字应与表格一致",
    "C9": "申请的日期不合逻辑",
    "N1": "正文尚未写完",
}

DETAILS: dict[str, str] = {
    "duplicate_case": "同一申请出现多次",
    "several_results": "同一申请计入了多种办理结果",
    "unknown_result": "办理结果代码无法识别",
    "unknown_applicant_type": "申请人类型无法识别",
    "unknown_remedy_kind": "复议诉讼类型无法识别",
    "reply_before_receipt": "答复日期早于收到申请之日",
    "result_without_reply_date": "已有办理结果但没有答复日期",
    "missing_receipt_date": "已答复但没有收到申请之日",
    "published": "与上年已公开的年度报告不一致",
    "derived": "与按上年申请数据统计的结果不一致",
    "placeholder": "仍有“【待补充】”内容",
    "empty": "内容为空",
}

SECTION_FIELDS: dict[str, str] = {
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}

MAX_CASES = 20


def cell_label(cell: tuple[str, str, str]) -> str:
    table, row, column = cell
    if table == "t3":
        return ar.t3_cell_label(row, column)
    if table == "t4":
        return ar.t4_cell_label(row, column)
    if table == "t2":
        return ar.t2_cell_label(row, column)
    return f"“{SECTION_FIELDS.get(row, row)}”"


def _number(value: int | Decimal | None) -> str:
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


@dataclass(frozen=True)
class CaseRef:
    case_id: Any
    label: str
    url: str


@dataclass(frozen=True)
class Message:
    rule: str
    text: str
    cells: tuple[str, ...]
    cases: tuple[CaseRef, ...]
    more_cases: int
    quote: str


def describe(
    v: ar.Violation, labels: dict[Any, tuple[str, str]] | None = None
) -> Message:
    """The violation in words, naming each cell and (up to 20) cases by 申请编号."""
    labels = labels or {}
    parts = [f"{v.rule}：{RULES.get(v.rule, v.rule)}"]
    if v.detail in DETAILS:
        parts.append(DETAILS[v.detail])
    cells = tuple(cell_label(c) for c in v.cells)
    if v.expected is not None or v.actual is not None:
        if v.rule == "C8":
            parts.append(
                f"正文写的是{_number(v.actual)}，表格中为{_number(v.expected)}"
            )
        elif v.rule == "C5":
            parts.append(f"本年为{_number(v.actual)}，上年为{_number(v.expected)}")
        else:
            parts.append(f"应为{_number(v.expected)}，实为{_number(v.actual)}")
    cases = tuple(
        CaseRef(cid, labels.get(cid, (f"#{cid}", ""))[0], labels.get(cid, ("", ""))[1])
        for cid in v.case_ids[:MAX_CASES]
    )
    text = "；".join(parts)
    if cells:
        text += "。单元格：" + "、".join(cells)
    if cases:
        more = len(v.case_ids) - len(cases)
        text += "。涉及申请：" + "、".join(c.label for c in cases)
        if more > 0:
            text += f"等{len(v.case_ids)}件"
    return Message(
        rule=v.rule,
        text=text,
        cells=cells,
        cases=cases,
        more_cases=max(len(v.case_ids) - MAX_CASES, 0),
        quote=v.quote,
    )


def violation_json(
    v: ar.Violation, labels: dict[Any, tuple[str, str]]
) -> dict[str, Any]:
    m = describe(v, labels)
    return {
        "rule": v.rule,
        "cells": [list(c) for c in v.cells],
        "expected": None if v.expected is None else _number(v.expected),
        "actual": None if v.actual is None else _number(v.actual),
        "case_ids": [c if isinstance(c, int | str) else str(c) for c in v.case_ids],
        "detail": v.detail,
        "quote": v.quote,
        "message": m.text,
    }
