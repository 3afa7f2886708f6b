"""An agency admin records a closure in Chromium, without JavaScript."""

from __future__ import annotations

import pytest

from gongkai.conftest import PASSWORD
from gongkai.workdays.models import CalendarEntry

# The shared conftest puts the seeded calendar back after earlier flushes.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_agency_admin_records_a_closure_from_the_month_grid(page, admin_a, agency_a):
    page.goto(f"{page.base_url}/staff/login/")
    page.fill("input[name=username]", admin_a.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.goto(f"{page.base_url}/staff/calendar/2025/")
    assert page.locator("table.wd-month caption").count() == 12
    october = page.locator("table.wd-month", has_text="2025年10月")
    assert "调休上班" in october.locator("td.wd-makeup_workday").first.inner_text()
    # Every day links to the form with the date filled in.
    page.click("table.wd-month a[href*='date=2025-07-07']")
    assert page.input_value("#id_date") == "2025-07-07"
    page.fill("#id_reason", "办公楼检修，暂停对外办公")
    page.click("main button[type=submit]")
    page.wait_for_selector("table.wd-entries")
    assert "办公楼检修" in page.inner_text("table.wd-entries")
    cell = page.locator("table.wd-month a[href*='date=2025-07-07']")
    assert "停止办公" in cell.inner_text()
    entry = CalendarEntry.objects.get(date="2025-07-07")
    assert entry.agency == agency_a
