"""The applicant journey in Chromium: apply online, then open the tracking page."""

from __future__ import annotations

import re

import pytest

from gongkai.foi.tests.factories import PNG

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_applicant_applies_online_and_tracks_the_case(page, agency_a, tmp_path):
    proof = tmp_path / "id.png"
    proof.write_bytes(PNG)
    page.goto(f"{page.base_url}/foi/apply/")
    page.select_option("#id_agency", str(agency_a.pk))
    page.check("#id_applicant_type_0")
    page.fill("#id_applicant_name", "赵敏")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", "110101199003074514")
    page.fill("#id_phone", "13900139000")
    page.set_input_files("#id_id_proof_upload", str(proof))
    page.fill("#id_info_title", "甲县2025年政府工作报告")
    # Forget the description: the form comes back with the error and keeps the rest.
    page.check("#id_form_1")
    page.check("#id_route_0")
    page.click("main button:has-text('提交申请')")
    assert "请填写文号或特征性描述" in page.content()
    assert page.input_value("#id_applicant_name") == "赵敏"
    page.fill("#id_info_description", "全文")
    page.set_input_files("#id_id_proof_upload", str(proof))
    page.click("main button:has-text('提交申请')")
    page.wait_for_selector("#access-code")
    tracking = page.inner_text("#tracking-number")
    code = page.inner_text("#access-code")
    assert re.fullmatch(r"YSQ-\d{4}-\d{6}", tracking)
    page.screenshot(path=str(tmp_path / "submitted.png"), full_page=True)
    # A fresh browser session proves the code on the tracking form.
    page.context.clear_cookies()
    page.goto(f"{page.base_url}/foi/track/")
    page.fill("#id_tracking_number", tracking)
    page.fill("#id_access_code", code)
    page.click("main button:has-text('查询')")
    page.wait_for_selector("#status")
    assert page.inner_text("#status") == "待确认"
    assert "赵敏" not in page.content()
