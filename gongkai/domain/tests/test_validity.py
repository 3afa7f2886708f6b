import datetime as dt

import pytest

from gongkai.domain.validity import (
    ValidityFacts,
    ValidityStatus,
    check_dates,
    derive_validity,
)

D = dt.date
TODAY = D(2026, 6, 1)


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        (ValidityFacts(False), ValidityStatus.NOT_APPLICABLE),
        (ValidityFacts(True), ValidityStatus.VALID),
        (
            ValidityFacts(True, effective_date=D(2026, 7, 1)),
            ValidityStatus.NOT_YET_EFFECTIVE,
        ),
        (ValidityFacts(True, expiry_date=D(2026, 6, 1)), ValidityStatus.EXPIRED),
        (ValidityFacts(True, expiry_date=D(2026, 6, 2)), ValidityStatus.VALID),
        (ValidityFacts(True, amended_on=D(2026, 1, 1)), ValidityStatus.AMENDED),
        (ValidityFacts(True, amended_on=D(2026, 9, 1)), ValidityStatus.VALID),
        (
            ValidityFacts(True, amended_on=D(2025, 1, 1), repealed_on=D(2026, 5, 1)),
            ValidityStatus.REPEALED,
        ),
        (ValidityFacts(False, declared="amended"), ValidityStatus.AMENDED),
        (ValidityFacts(True, declared="bogus"), ValidityStatus.VALID),
        (
            ValidityFacts(
                True, effective_date=D(2026, 1, 1), declared="not_yet_effective"
            ),
            ValidityStatus.VALID,
        ),
    ],
)
def test_status_follows_from_dates_and_links(facts, expected):
    assert derive_validity(facts, TODAY) is expected


def test_dates_out_of_order_are_named():
    assert check_dates(D(2026, 1, 2), D(2026, 1, 1), None) == ["effective_date"]
    assert check_dates(None, D(2026, 1, 1), D(2025, 1, 1)) == ["expiry_date"]
    assert check_dates(D(2026, 1, 1), D(2026, 2, 1), D(2027, 1, 1)) == []
