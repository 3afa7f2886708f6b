"""The applicant site and the staff console over HTTP, with agency B refused."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document as Docx

from gongkai.conftest import PASSWORD
from gongkai.core.models import AuditEvent
from gongkai.foi import actions
from gongkai.foi.models import Application, LookupAttempt
from gongkai.foi.tests.factories import PNG, application_data, make_received

pytestmark = pytest.mark.django_db
D = date


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def apply_post(agency, **overrides):
    data = application_data(**overrides)
    data["agency"] = agency.pk
    data["id_proof_upload"] = SimpleUploadedFile(
        "身份证.png", PNG, content_type="image/png"
    )
    return data


def test_applicant_applies_and_sees_the_tracking_page_without_personal_data(
    client, agency_a
):
    response = client.post(reverse("foi:apply"), apply_post(agency_a))
    assert response.status_code == 302
    done = client.get(response["Location"])
    html = done.content.decode()
    tracking = re.search(r"YSQ-\d{4}-\d{6}", html).group(0)
    code = re.search(r'id="access-code">([A-Z0-9]{10})<', html).group(1)
    # shown once
    assert client.get(reverse("foi:submitted")).status_code == 302
    page = client.get(reverse("foi:case", args=[tracking])).content.decode()
    assert "待确认" in page
    assert "张三丰" not in page and "110101199003074514" not in page
    app = Application.objects.get(tracking_number=tracking)
    assert app.id_proof_type == "image/png"
    assert actions.check_access_code(app, code)


def test_bad_input_keeps_what_was_typed_and_names_the_field(client, agency_a):
    data = apply_post(agency_a, id_number="110101199003074515", info_description="")
    data["id_proof_upload"] = SimpleUploadedFile("x.exe", b"MZ\x90\x00" * 20)
    response = client.post(reverse("foi:apply"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "校验位" in html
    assert "文件类型不符合要求" in html
    assert "请填写文号或特征性描述" in html
    assert 'value="张三丰"' in html
    assert "2025年度甲县财政预算执行情况" in html
    assert not Application.objects.exists()


def test_wrong_code_and_missing_case_get_the_same_answer(client, agency_a):
    app = actions.submit_online(agency_a, application_data(), id_proof=None).application
    wrong = client.post(
        reverse("foi:track"),
        {"tracking_number": app.tracking_number, "access_code": "AAAAAAAAAA"},
    )
    missing = client.post(
        reverse("foi:track"),
        {"tracking_number": "YSQ-2099-000001", "access_code": "AAAAAAAAAA"},
    )
    assert wrong.status_code == missing.status_code == 400
    assert "申请编号或查询码不正确" in wrong.content.decode()
    assert "申请编号或查询码不正确" in missing.content.decode()
    assert (
        client.get(reverse("foi:case", args=[app.tracking_number])).status_code == 404
    )
    assert client.get(reverse("foi:case", args=["YSQ-2099-000001"])).status_code == 404


def test_guessing_is_throttled_even_with_the_right_code_afterwards(client, agency_a):
    submitted = actions.submit_online(agency_a, application_data(), id_proof=None)
    number = submitted.application.tracking_number
    for _ in range(5):
        client.post(
            reverse("foi:track"),
            {"tracking_number": number, "access_code": "BADBADBAD2"},
        )
    response = client.post(
        reverse("foi:track"),
        {"tracking_number": number, "access_code": submitted.access_code},
    )
    assert response.status_code == 400
    assert LookupAttempt.objects.filter(tracking_number=number).count() >= 5


def test_right_code_opens_case_and_applicant_answers_supplement(
    client, agency_a, drafter_a
):
    submitted = actions.register(
        agency_a,
        application_data(),
        by=drafter_a,
        channel="in_person",
        received_on=D(2025, 3, 3),
    )
    app = submitted.application
    actions.request_supplement(
        app,
        by=drafter_a,
        items="请写明年度",
        deadline=date.today().replace(year=2099),
        today=D(2025, 3, 4),
    )
    response = client.post(
        reverse("foi:track"),
        {
            "tracking_number": app.tracking_number.lower(),
            "access_code": submitted.access_code,
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "请写明年度" in page
    empty = client.post(
        reverse("foi:answer-supplement", args=[app.tracking_number]), {"answer": ""}
    )
    assert empty.status_code == 400
    client.post(
        reverse("foi:answer-supplement", args=[app.tracking_number]),
        {"answer": "2025年度"},
    )
    app.refresh_from_db()
    assert app.status == Application.Status.RECEIVED


def test_staff_of_agency_b_cannot_see_or_change_agency_a_cases(
    client, agency_a, drafter_a, drafter_b
):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    login(client, drafter_b)
    for url in [
        reverse("foi:staff-case", args=[app.pk]),
        reverse("foi:staff-applicant", args=[app.pk]),
        reverse("foi:staff-id-proof", args=[app.pk]),
        reverse("foi:staff-letter", args=[app.letters.first().pk, "docx"]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("foi:staff-action", args=[app.pk, "withdraw"]), {"reason": "x"}
    )
    assert response.status_code == 404
    home = client.get(reverse("foi:staff-home")).content.decode()
    assert app.tracking_number not in home
    app.refresh_from_db()
    assert app.status == Application.Status.RECEIVED
    assert not AuditEvent.objects.filter(action="foi.pii_viewed").exists()


def test_anonymous_users_are_sent_to_login(client, agency_a, drafter_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    response = client.get(reverse("foi:staff-case", args=[app.pk]))
    assert response.status_code == 302 and "/staff/login/" in response["Location"]


def test_every_staff_view_of_personal_data_is_logged(client, agency_a, drafter_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    login(client, drafter_a)
    case = client.get(reverse("foi:staff-case", args=[app.pk])).content.decode()
    assert "110101199003074514" not in case
    assert "张**" in case
    page = client.get(reverse("foi:staff-applicant", args=[app.pk])).content.decode()
    assert "110101199003074514" in page
    client.get(reverse("foi:staff-applicant", args=[app.pk]))
    views = AuditEvent.objects.filter(action="foi.pii_viewed", actor=drafter_a)
    assert views.count() == 2


def test_staff_register_confirm_and_answer_through_the_console(
    client, agency_a, drafter_a, approver_a
):
    login(client, drafter_a)
    data = application_data(
        applicant_type="commercial",
        id_type="credit_code",
        id_number="91110000X",
        contact_person="李四",
    )
    data.update(
        agency=agency_a.pk,
        channel="post_signed",
        received_on="2025-03-03",
        kind="disclosure",
    )
    response = client.post(reverse("foi:staff-register"), data)
    assert response.status_code == 200, response.content.decode()[:3000]
    app = Application.objects.get()
    assert app.registered_by == drafter_a and app.due_date == D(2025, 3, 31)
    bad = client.post(
        reverse("foi:staff-action", args=[app.pk, "draft"]),
        {"result": "withheld_process"},
    )
    assert bad.status_code == 400 and "须说明理由" in bad.content.decode()
    client.post(
        reverse("foi:staff-action", args=[app.pk, "draft"]),
        {
            "result": "partial",
            "reasons": "第3页含个人隐私，依第十五条不予公开。",
            "provision": "电子邮件发送可公开部分",
        },
    )
    forbidden = client.post(reverse("foi:staff-action", args=[app.pk, "sign"]))
    assert forbidden.status_code == 302
    app.refresh_from_db()
    assert app.status == Application.Status.RECEIVED
    client.logout()
    login(client, approver_a)
    client.post(reverse("foi:staff-action", args=[app.pk, "sign"]))
    app.refresh_from_db()
    assert app.status == Application.Status.REPLIED and app.result == "partial"


def test_reply_letter_contains_every_required_part(
    client, agency_a, drafter_a, approver_a
):
    parent = agency_a.__class__.objects.create(
        name="甲市人民政府", code="CITY1", slug="city1", level="city"
    )
    agency_a.parent = parent
    agency_a.save()
    app = make_received(
        agency_a, drafter_a, D(2025, 3, 3), info_doc_number="甲政发〔2025〕3号"
    )
    actions.extend(
        app, by=approver_a, days=10, reason="需调阅档案", today=D(2025, 3, 20)
    )
    actions.draft_reply(
        app, by=drafter_a, result="withheld_process", reasons="系讨论记录。"
    )
    letter = actions.sign_reply(app, by=approver_a, today=D(2025, 4, 2))
    login(client, drafter_a)
    docx = client.get(reverse("foi:staff-letter", args=[letter.pk, "docx"]))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)
    for part in [
        "甲县人民政府",  # agency
        "政府信息公开申请答复书",
        "〔2025〕1号",  # letter number per agency per year
        "张三丰：",  # addressee
        "2025年3月3日收到",  # receipt date
        "2025年度甲县财政预算执行情况",  # request
        "甲政发〔2025〕3号",
        "延长答复期限10个工作日",
        "第三十六条第三项",  # decision with 2019 article numbers
        "第十六条第二款",
        "60日内向甲市人民政府申请行政复议",  # 2023 复议法第二十四条: the county's parent
        "应当先申请行政复议",  # 复议前置 for 不予公开
        "2025年4月2日",
    ]:
        assert part in text, part
    assert "6个月" not in text  # no direct litigation offered
    html = client.get(
        reverse("foi:staff-letter", args=[letter.pk, "html"])
    ).content.decode()
    assert "60日内向甲市人民政府申请行政复议" in html


def test_granted_reply_offers_review_or_litigation(agency_a, drafter_a, approver_a):
    from gongkai.foi import letters

    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    actions.draft_reply(
        app, by=drafter_a, result="granted", provision="随本答复书附送电子文本"
    )
    letter = actions.sign_reply(app, by=approver_a, today=D(2025, 3, 10))
    text = "".join(letters.render(letter).paragraphs)
    assert (
        "第三十六条第二项" in text
        and "6个月内" in text
        and "随本答复书附送电子文本" in text
    )


def test_api_status_shows_progress_without_personal_data(client, agency_a, drafter_a):
    submitted = actions.register(
        agency_a,
        application_data(),
        by=drafter_a,
        channel="in_person",
        received_on=D(2025, 3, 3),
    )
    url = "/api/foi/status"
    ok = client.post(
        url,
        {
            "tracking_number": submitted.application.tracking_number,
            "access_code": submitted.access_code,
        },
        content_type="application/json",
    )
    assert ok.status_code == 200
    body = ok.json()
    assert body["due_date"] == "2025-03-31" and body["status"] == "received"
    assert "张三丰" not in ok.content.decode()
    bad = client.post(
        url,
        {
            "tracking_number": submitted.application.tracking_number,
            "access_code": "NOPE",
        },
        content_type="application/json",
    )
    assert bad.status_code == 404
