"""信息处理费 schedules of 国办函〔2020〕109号."""

from __future__ import annotations

import pytest

from gongkai.domain import fees
from gongkai.domain.fees import Basis


@pytest.mark.parametrize(
    ("n", "fee"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (51, 400)],
)
def test_nth_application_in_a_month(n, fee):
    assert fees.fee_for_nth_application(n) == fee


def test_per_application_fee_is_progressive_over_the_month():
    # 9 earlier this month; the next 3 are the 10th (free), 11th and 12th.
    assert fees.per_application_fee(9, 3) == 200
    assert fees.per_application_fee(0, 1) == 0
    assert fees.per_application_fee(29, 2) == 300  # 30th: 100, 31st: 200


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (250, 2700 + 50 * 40),
    ],
)
def test_per_page_fee_bands(pages, fee):
    assert fees.per_page_fee(pages) == fee


def test_a_quote_uses_one_basis_never_both():
    by_page = fees.quote(Basis.PER_PAGE, pages=150, prior_in_month=40)
    assert by_page.amount == fees.per_page_fee(150)
    by_count = fees.quote(Basis.PER_APPLICATION, pages=150, prior_in_month=40)
    assert by_count.amount == 300


@pytest.mark.parametrize("bad", [-1])
def test_negative_quantities_are_rejected(bad):
    with pytest.raises(ValueError):
        fees.per_page_fee(bad)
    with pytest.raises(ValueError):
        fees.per_application_fee(bad)
