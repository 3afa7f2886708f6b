"""信息处理费 (information processing fee) under 国办函〔2020〕109号
《政府信息公开信息处理费管理办法》.

第三条「信息处理费可以按件计收，也可以按量计收，均按照超额累进方式计算收费金额。行政机关对
每件申请可以根据实际情况选择适用其中一种标准，但不得同时按照两种标准重复计算。」 So a fee
is computed on exactly one `Basis`; there is no function that adds both.

Amounts are whole yuan (int); the schedules have no fractions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Basis(StrEnum):
    PER_APPLICATION = "per_application"  # 按件计收 (第四条)
    PER_PAGE = "per_page"  # 按量计收 (第五条)


# 第四条 按件计收: 同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；
# 11—30件（含30件）的部分：100元/件；31件以上的部分：以10件为一档，每增加一档，
# 收费标准提高100元/件。
FREE_APPLICATIONS_PER_MONTH = 10
# 第五条 按量计收: 30页以下（含30页）的，不收费；31—100页（含100页）的部分：10元/页；
# 101—200页（含200页）的部分：20元/页；201页以上的部分：40元/页。
PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)


def fee_for_nth_application(n: int) -> int:
    """Fee for the applicant's n-th application (1-based) in one calendar month."""
    if n < 1:
        raise ValueError("n must be at least 1")
    if n <= FREE_APPLICATIONS_PER_MONTH:
        return 0
    if n <= 30:
        return 100
    # 31–40 → 200, 41–50 → 300, …
    return 100 + 100 * ((n - 31) // 10 + 1)


def per_application_fee(prior_in_month: int, count: int = 1) -> int:
    """Fee for `count` applications (一事一申请 split) after `prior_in_month` earlier
    ones by the same applicant in the same calendar month."""
    if prior_in_month < 0 or count < 1:
        raise ValueError("prior_in_month ≥ 0 and count ≥ 1")
    return sum(
        fee_for_nth_application(n)
        for n in range(prior_in_month + 1, prior_in_month + count + 1)
    )


def per_page_fee(pages: int) -> int:
    """Fee for providing `pages` pages (paper, e-mail or copied electronic data)."""
    if pages < 0:
        raise ValueError("pages must not be negative")
    total = 0
    for low, high, rate in PAGE_BANDS:
        if pages < low:
            break
        top = pages if high is None else min(pages, high)
        total += (top - low + 1) * rate
    return total


@dataclass(frozen=True)
class FeeQuote:
    basis: Basis
    quantity: int  # applications or pages charged for
    amount: int  # 元


def quote(
    basis: Basis, *, pages: int = 0, prior_in_month: int = 0, count: int = 1
) -> FeeQuote:
    """The fee on one basis; the other basis is never added (第三条)."""
    if basis is Basis.PER_PAGE:
        return FeeQuote(basis, pages, per_page_fee(pages))
    return FeeQuote(basis, count, per_application_fee(prior_in_month, count))
