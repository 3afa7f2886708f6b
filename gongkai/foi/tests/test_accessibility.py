"""In Chromium: axe-core finds no serious or critical problem on the applicant's
pages (guide, form with and without errors, submitted, track, case) and on the
staff console (home, case pages with every action form open, register)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from gongkai.conftest import PASSWORD
from gongkai.foi import actions
from gongkai.foi.tests.factories import PNG, application_data

AXE = Path(__file__).resolve().parents[2] / "portal" / "tests" / "vendor" / "axe.min.js"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _axe(page) -> list[dict]:  # type: ignore[no-untyped-def]
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
            }));
        }"""
    )


def _serious(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in ("serious", "critical")]


class Checker:
    def __init__(self, page) -> None:  # type: ignore[no-untyped-def]
        self.page = page
        self.problems: dict[str, list[dict]] = {}
        self.checked: list[str] = []

    def check(self, name: str, *, open_details: bool = False) -> None:
        if open_details:
            self.page.evaluate(
                "document.querySelectorAll('details').forEach(d => d.open = true)"
            )
        found = _serious(_axe(self.page))
        self.checked.append(name)
        if found:
            self.problems[name] = found

    def assert_clean(self) -> None:
        assert not self.problems, json.dumps(
            self.problems, ensure_ascii=False, indent=1
        )


@pytest.fixture
def cases(agency_a, drafter_a, approver_a):  # type: ignore[no-untyped-def]
    """One case in each state a page differs in, through the actions."""
    today = timezone.localdate()
    received = today - timedelta(days=7)

    def reg(**kw):  # type: ignore[no-untyped-def]
        return actions.register(
            agency_a,
            application_data(**kw),
            by=drafter_a,
            channel="in_person",
            received_on=received,
        )

    plain = reg(info_title="财政预算执行情况")
    waiting = reg(info_title="小区规划许可")
    actions.request_supplement(
        waiting.application,
        by=drafter_a,
        items="请写明形成时间",
        deadline=today + timedelta(days=15),
    )
    consulting = reg(info_title="中标合同")
    actions.start_consultation(
        consulting.application,
        by=drafter_a,
        party="third_party",
        party_name="某建材公司",
        matter="报价条款",
        sent_on=today,
    )
    answered = reg(info_title="河道整治方案")
    actions.draft_reply(
        answered.application, by=drafter_a, result="withheld_internal", reasons="内部"
    )
    actions.sign_reply(answered.application, by=approver_a)
    actions.mark_delivered(answered.application, by=drafter_a, on=today)
    actions.record_remedy(
        answered.application,
        by=drafter_a,
        kind="review",
        body="甲市人民政府",
        filed_date=today,
    )
    return {
        "plain": plain,
        "waiting": waiting,
        "consulting": consulting,
        "answered": answered,
    }


def _open_case(page, submitted) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{page.base_url}/foi/track/")
    page.fill("#id_tracking_number", submitted.application.tracking_number)
    page.fill("#id_access_code", submitted.access_code)
    page.click("main form button[type=submit]")
    page.wait_for_selector("#status")


def _applicant_pages(page, agency_a, cases, tmp_path) -> Checker:  # type: ignore[no-untyped-def]
    c = Checker(page)
    page.goto(f"{page.base_url}/foi/")
    c.check("index")
    page.goto(f"{page.base_url}/foi/apply/")
    c.check("apply form")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#form-errors")
    c.check("apply form with errors")
    proof = tmp_path / "id.png"
    proof.write_bytes(PNG)
    page.select_option("#id_agency", str(agency_a.pk))
    page.check("#id_applicant_type_0")
    page.fill("#id_applicant_name", "赵敏")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", "110101199003074514")
    page.fill("#id_phone", "13900139000")
    page.set_input_files("#id_id_proof_upload", str(proof))
    page.fill("#id_info_title", "政府工作报告")
    page.fill("#id_info_description", "全文")
    page.check("#id_form_1")
    page.check("#id_route_0")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#access-code")
    c.check("submitted")
    page.goto(f"{page.base_url}/foi/track/")
    c.check("track form")
    page.fill("#id_tracking_number", "YSQ-2000-000001")
    page.fill("#id_access_code", "WRONGCODE2")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#form-errors")
    c.check("track form with error")
    for name in ("plain", "waiting", "consulting", "answered"):
        _open_case(page, cases[name])
        c.check(f"case page ({name})")
    _open_case(page, cases["waiting"])
    page.click("#supplement button[type=submit]")
    page.wait_for_selector("#form-errors")
    c.check("case page with supplement error")
    page.click("main a:has-text('在线查看')")
    c.check("letter print page")
    return c


def test_applicant_pages_have_no_serious_violations(page, agency_a, cases, tmp_path):
    checker = _applicant_pages(page, agency_a, cases, tmp_path)
    checker.assert_clean()
    assert len(checker.checked) == 12
    # The check itself works: an unlabelled field is reported.
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input type=text>')"
    )
    assert "label" in {v["id"] for v in _serious(_axe(page))}


def test_applicant_pages_in_high_contrast_and_large_text(
    page, agency_a, cases, tmp_path
):
    page.context.add_cookies(
        [
            {"name": "gk_large_text", "value": "1", "url": page.base_url},
            {"name": "gk_contrast", "value": "1", "url": page.base_url},
        ]
    )
    _applicant_pages(page, agency_a, cases, tmp_path).assert_clean()


def test_staff_pages_have_no_serious_violations(page, cases, approver_a):
    c = Checker(page)
    page.goto(f"{page.base_url}/staff/login/?next=/foi/staff/")
    page.fill("#id_username", approver_a.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/foi/staff/")
    c.check("staff home")
    page.fill("#id_q", "YSQ-1999-000001")
    page.click("form.lookup button")
    c.check("staff home with lookup error")
    for name, submitted in cases.items():
        page.goto(f"{page.base_url}/foi/staff/case/{submitted.application.pk}/")
        c.check(f"staff case ({name})", open_details=True)
    # A refused action comes back with its form open and the error on top.
    page.goto(f"{page.base_url}/foi/staff/case/{cases['plain'].application.pk}/")
    page.evaluate("document.getElementById('extend').open = true")
    page.fill("#id_extend_days", "30")
    page.click("#extend button[type=submit]")
    page.wait_for_selector("#extend[open] .errorlist")
    c.check("staff case with a refused action", open_details=True)
    page.goto(f"{page.base_url}/foi/staff/register/")
    c.check("register form")
    page.click("main form button[type=submit]")
    page.wait_for_selector("#form-errors")
    c.check("register form with errors")
    page.goto(f"{page.base_url}/foi/staff/repeats/")
    c.check("repeats")
    c.assert_clean()
