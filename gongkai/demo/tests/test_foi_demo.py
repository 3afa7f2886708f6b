"""The 依申请公开 demo fills every row of the annual report consistently."""

from __future__ import annotations

import io

import pytest
from django.utils import timezone

from gongkai.demo import foi_demo
from gongkai.domain import annual_report
from gongkai.domain.foi_codes import ResultCode
from gongkai.foi import clock, queries
from gongkai.foi.models import Application

pytestmark = pytest.mark.django_db


def test_demo_year_covers_every_result_code_and_passes_the_report_checks(agency_a):
    year = timezone.localdate().year - 1
    out = io.StringIO()
    foi_demo.load(out, agency=agency_a, year=year)
    assert "演示申请" in out.getvalue()
    rows = queries.report_rows(agency_a.pk, year)
    replied_in_year = {
        r.result for r in rows if r.replied_date and r.replied_date.year == year
    }
    assert replied_in_year == set(ResultCode)
    assert any(r.received_date.year == year - 1 for r in rows)  # carried in
    assert any(r.result is None for r in rows)  # carried out
    remedies = queries.review_rows(agency_a.pk, year)
    assert {r.kind for r in remedies} == {
        "review",
        "litigation_direct",
        "litigation_after_review",
    }
    assert {r.outcome for r in remedies} == {"upheld", "corrected", "other", "pending"}
    report = annual_report.build_report(year, rows, remedies)
    assert report.anomalies == ()
    assert annual_report.check_table3(report.table3) == []
    assert annual_report.check_table4(report.table4) == []
    for app in Application.objects.all():
        assert app.due_date == clock.compute_for(app).due_date, app.tracking_number
