"""Display helpers for the clock explanation; `domain.foi_clock` returns codes only."""

from __future__ import annotations

from datetime import date

from django import template

from gongkai.domain.foi_clock import Step, StepKind
from gongkai.foi.letters import cn_date as _cn_date

register = template.Library()


@register.filter
def cn_date(value: date | str | None) -> str:
    return _cn_date(value)


@register.filter
def step_text(step: Step) -> str:
    d = _cn_date
    if step.kind is StepKind.START:
        return (
            f"{d(step.on)}收到申请，自次日起计算{step.value}个工作日"
            "（条例第三十三条第二款）"
        )
    if step.kind is StepKind.RESTART:
        return (
            f"{d(step.on)}收到补正材料，自次日起重新计算{step.value}个工作日"
            "（条例第三十条）"
        )
    if step.kind is StepKind.SUPPLEMENT_WAIT:
        return f"{d(step.on)}告知补正，等待补正期间答复期限停止计算（条例第三十条）"
    if step.kind is StepKind.PAUSE:
        return (
            f"{d(step.on)}至{d(step.until)}征求意见或者等待缴费，其间{step.value}个工作日"
            "不计算在答复期限内（条例第三十三条第三款；国办函〔2020〕109号）"
        )
    if step.kind is StepKind.OPEN_PAUSE:
        return f"自{d(step.on)}起暂停计算，尚余{step.value}个工作日"
    if step.kind is StepKind.EXTENSION:
        return (
            f"{d(step.on)}经信息公开工作机构负责人同意，延长{step.value}个工作日"
            "（条例第三十三条第二款）"
        )
    if step.kind is StepKind.DEFERRAL:
        return f"{d(step.on)}确定延迟答复期限至{d(step.until)}（条例第三十五条）"
    if step.kind is StepKind.LATE_PAUSE:
        return f"{d(step.on)}开始的暂停发生在期限届满之后，不影响答复期限"
    if step.kind is StepKind.DUE:
        return f"答复期限为{d(step.on)}"
    return ""
