"""有效性 of normative documents, derived from dates and amend/repeal links.

政府网站发展指引 (国办发〔2017〕47号): 修改、废止、失效 must be disclosed and marked on the
original document. The status is never typed in: it follows from the facts below.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class ValidityStatus(StrEnum):
    NOT_APPLICABLE = ""
    NOT_YET_EFFECTIVE = "not_yet_effective"  # 尚未生效
    VALID = "valid"  # 有效
    AMENDED = "amended"  # 已修改
    REPEALED = "repealed"  # 已废止
    EXPIRED = "expired"  # 失效


@dataclass(frozen=True)
class ValidityFacts:
    is_normative: bool
    effective_date: dt.date | None = None
    expiry_date: dt.date | None = None
    repealed_on: dt.date | None = (
        None  # earliest effective repeal by a published document
    )
    amended_on: dt.date | None = None  # earliest effective amendment
    declared: str = ""  # status stated by an imported source, used when no fact decides


def derive_validity(facts: ValidityFacts, today: dt.date) -> ValidityStatus:
    if not facts.is_normative and not facts.declared:
        return ValidityStatus.NOT_APPLICABLE
    if facts.repealed_on is not None and facts.repealed_on <= today:
        return ValidityStatus.REPEALED
    if facts.expiry_date is not None and facts.expiry_date <= today:
        return ValidityStatus.EXPIRED
    if facts.effective_date is not None and facts.effective_date > today:
        return ValidityStatus.NOT_YET_EFFECTIVE
    if facts.amended_on is not None and facts.amended_on <= today:
        return ValidityStatus.AMENDED
    if facts.declared:
        try:
            declared = ValidityStatus(facts.declared)
        except ValueError:
            declared = ValidityStatus.VALID
        # A source that said "not yet effective" is overtaken by its own date.
        if declared is ValidityStatus.NOT_YET_EFFECTIVE and facts.effective_date:
            return ValidityStatus.VALID
        return declared
    return ValidityStatus.VALID


def check_dates(
    written: dt.date | None,
    effective: dt.date | None,
    expiry: dt.date | None,
) -> list[str]:
    """Field names whose dates are out of order (成文 ≤ 施行 < 失效)."""
    problems: list[str] = []
    if effective and expiry and expiry <= effective:
        problems.append("expiry_date")
    if written and effective and effective < written:
        problems.append("effective_date")
    if written and expiry and expiry <= written:
        problems.append("expiry_date")
    return sorted(set(problems))
