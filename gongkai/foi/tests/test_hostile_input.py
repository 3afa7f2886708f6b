"""Hostile and careless input on every FOI form: script is shown as text everywhere
(pages, letters, DOCX), limits give named errors, files are judged by their bytes,
typos in dates are caught, sending a form twice makes one case, a missing CSRF token
gets the friendly page, and nothing answers 500."""

from __future__ import annotations

import io
import re
import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx

from gongkai.conftest import PASSWORD
from gongkai.core.models import AuditEvent
from gongkai.foi import actions, letters
from gongkai.foi.models import Application, Letter
from gongkai.foi.tests.factories import PDF, PNG, application_data, make_received

pytestmark = pytest.mark.django_db
SCRIPT = '<script>alert("x")</script>'
TEXT_FIELDS = (
    "applicant_name",
    "legal_representative",
    "contact_person",
    "address",
    "info_title",
    "info_doc_number",
    "info_description",
    "proactive_proposal",
)


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


def submit(client, agency, **overrides):
    response = client.post(reverse("foi:apply"), apply_post(agency, **overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    html = client.get(response["Location"]).content.decode()
    tracking = re.search(r"YSQ-\d{4}-\d{6}", html).group(0)
    code = re.search(r'id="access-code">([A-Z0-9]{10})<', html).group(1)
    return Application.objects.get(tracking_number=tracking), code


def assert_escaped(html: str) -> None:
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


# --- script in every text field -------------------------------------------------------


def test_script_in_every_text_field_is_text_on_every_page_letter_and_docx(
    client, agency_a, drafter_a, approver_a
):
    hostile = {name: f"{name}{SCRIPT}" for name in TEXT_FIELDS}
    app, _code = submit(client, agency_a, **hostile)
    for name in TEXT_FIELDS:
        assert getattr(app, name) == f"{name}{SCRIPT}"  # stored as typed
    assert_escaped(
        client.get(reverse("foi:case", args=[app.tracking_number])).content.decode()
    )

    staff = login(Client(), drafter_a)
    assert_escaped(staff.get(reverse("foi:staff-home")).content.decode())
    actions.confirm_receipt(app, by=drafter_a)
    actions.request_supplement(
        app, by=drafter_a, items=SCRIPT, deadline=timezone.localdate() + timedelta(10)
    )
    answer = client.post(
        reverse("foi:answer-supplement", args=[app.tracking_number]),
        {"answer": f"答复{SCRIPT}"},
    )
    assert answer.status_code == 302
    actions.draft_reply(
        app,
        by=drafter_a,
        result="partial",
        reasons=f"理由{SCRIPT}",
        provision=f"方式{SCRIPT}",
        other_agency=SCRIPT,
    )
    actions.sign_reply(app, by=approver_a)
    actions.mark_delivered(app, by=drafter_a, method=SCRIPT)
    actions.record_remedy(
        app,
        by=drafter_a,
        kind="review",
        body=f"机关{SCRIPT}",
        filed_date=timezone.localdate(),
        case_number=SCRIPT,
    )

    pages = [
        staff.get(reverse("foi:staff-case", args=[app.pk])),
        staff.get(reverse("foi:staff-applicant", args=[app.pk])),
        client.get(reverse("foi:case", args=[app.tracking_number])),
    ]
    for letter in app.letters.all():
        pages.append(staff.get(reverse("foi:staff-letter", args=[letter.pk, "html"])))
        pages.append(
            client.get(
                reverse("foi:letter", args=[app.tracking_number, letter.pk, "html"])
            )
        )
    for response in pages:
        assert response.status_code == 200
        assert_escaped(response.content.decode())
    repeats = staff.get(reverse("foi:staff-repeats")).content.decode()
    assert "<script>alert" not in repeats

    reply = app.letters.get(kind=Letter.Kind.REPLY)
    docx = staff.get(reverse("foi:staff-letter", args=[reply.pk, "docx"]))
    text = "\n".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)
    assert f"理由{SCRIPT}" in text  # literal text in the document, not markup
    assert f"info_title{SCRIPT}" in text
    assert b"<script>" not in docx.content  # DOCX XML escapes it
    assert f"理由{SCRIPT}" in "".join(letters.render(reply).paragraphs)


def test_script_in_staff_forms_and_file_names_is_text(client, agency_a, drafter_a):
    app = make_received(agency_a, drafter_a, timezone.localdate() - timedelta(2))
    login(client, drafter_a)
    upload = SimpleUploadedFile(f"{SCRIPT}.pdf", PDF, content_type="application/pdf")
    assert (
        client.post(
            reverse("foi:staff-action", args=[app.pk, "release"]), {"file": upload}
        ).status_code
        == 302
    )
    consult = client.post(
        reverse("foi:staff-action", args=[app.pk, "consult"]),
        {
            "party": "third_party",
            "party_name": SCRIPT,
            "party_address": SCRIPT,
            "matter": SCRIPT,
            "sent_on": timezone.localdate().isoformat(),
        },
    )
    assert consult.status_code == 302
    html = client.get(reverse("foi:staff-case", args=[app.pk])).content.decode()
    assert_escaped(html)
    assert ">script.pdf</a>" in html  # the file name lost its markup and path


# --- limits -----------------------------------------------------------------------------


def test_over_long_fields_get_named_errors_and_keep_the_rest(client, agency_a):
    response = client.post(
        reverse("foi:apply"),
        apply_post(
            agency_a,
            applicant_name="名" * 201,
            info_title="题" * 301,
            info_description="述" * 5001,
            proactive_proposal="议" * 2001,
            phone="1" * 41,
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "姓名或名称最多 200 个字（已填写 201 个）" in html
    assert "所需信息名称最多 300 个字" in html
    assert "特征性描述最多 5000 个字" in html
    assert "最多 2000 个字" in html
    assert 'href="#id_applicant_name"' in html  # the summary links to the field
    assert "述" * 5001 in html  # nothing typed is lost
    assert not Application.objects.exists()


def test_null_bytes_and_unknown_choices_are_errors(client, agency_a):
    response = client.post(
        reverse("foi:apply"),
        apply_post(
            agency_a,
            applicant_name="张\x00三",
            applicant_type="robot",
            form="telepathy",
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "申请人类型" in html and "提供形式" in html
    assert not Application.objects.exists()
    bad_agency = apply_post(agency_a)
    bad_agency["agency"] = "9" * 30
    response = client.post(reverse("foi:apply"), bad_agency)
    assert response.status_code == 400
    assert "所选机关不存在" in response.content.decode()


def test_missing_fields_say_what_to_fill_in_and_link_radio_groups(client):
    html = client.post(reverse("foi:apply"), {}).content.decode()
    assert "请选择受理机关。" in html
    assert "请填写姓名或名称。" in html
    assert "请上传身份证明。" in html
    assert "这个字段是必填项" not in html
    # a radio group's summary link lands on its first option
    assert 'href="#id_applicant_type_0"' in html
    assert 'id="id_applicant_type_0"' in html


# --- uploads ----------------------------------------------------------------------------


def test_exe_renamed_to_pdf_is_refused_on_apply_and_release(
    client, agency_a, drafter_a
):
    exe = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200
    data = apply_post(agency_a)
    data["id_proof_upload"] = SimpleUploadedFile(
        "身份证.pdf", exe, content_type="application/pdf"
    )
    response = client.post(reverse("foi:apply"), data)
    assert response.status_code == 400
    assert "文件类型不符合要求" in response.content.decode()
    assert not Application.objects.exists()

    app = make_received(agency_a, drafter_a, timezone.localdate())
    login(client, drafter_a)
    response = client.post(
        reverse("foi:staff-action", args=[app.pk, "release"]),
        {"file": SimpleUploadedFile("答复.pdf", exe, content_type="application/pdf")},
    )
    assert response.status_code == 400
    assert "文件类型不符合要求" in response.content.decode()
    assert not app.released_files.exists()


def test_oversized_id_proof_is_refused_with_its_size(client, agency_a):
    big = PNG + b"\x00" * (10 * 1024 * 1024 + 1)
    data = apply_post(agency_a)
    data["id_proof_upload"] = SimpleUploadedFile(
        "大.png", big, content_type="image/png"
    )
    response = client.post(reverse("foi:apply"), data)
    assert response.status_code == 400
    assert "文件过大" in response.content.decode()
    assert not Application.objects.exists()


# --- staff dates and numbers -----------------------------------------------------------

BAD_DATES = ["2026-13-45", "20255-01-01", "0202-01-01", "9999-12-30", "abc", ""]


@pytest.mark.parametrize(
    ("action", "field", "extra"),
    [
        ("confirm", "on", {}),
        ("supplement", "deadline", {"items": "请写明年度"}),
        (
            "consult",
            "sent_on",
            {"party": "agency", "party_name": "甲县财政局", "matter": "是否公开"},
        ),
        ("defer", "until", {"reason": "数量大"}),
        ("deliver", "on", {"method": "网上送达"}),
        ("remedy", "filed_date", {"kind": "review", "body": "甲市人民政府"}),
    ],
)
def test_malformed_staff_dates_are_errors_and_change_nothing(
    client, agency_a, drafter_a, approver_a, action, field, extra
):
    today = timezone.localdate()
    if action == "confirm":
        app = actions.submit_online(
            agency_a, application_data(), id_proof=None
        ).application
    else:
        app = make_received(agency_a, approver_a, today - timedelta(days=2))
    if action in ("deliver", "remedy"):
        actions.draft_reply(app, by=drafter_a, result="granted", provision="附件")
        actions.sign_reply(app, by=approver_a)
    login(client, approver_a)
    before = (app.status, app.due_date, app.letters.count())
    for value in BAD_DATES:
        response = client.post(
            reverse("foi:staff-action", args=[app.pk, action]), {**extra, field: value}
        )
        assert response.status_code == 400, (action, value)
        html = response.content.decode()
        assert "未办理，请修改以下问题" in html, (action, value)
        app.refresh_from_db()
        assert (app.status, app.due_date, app.letters.count()) == before
    # a date that has not happened yet is refused where it records an event
    if action in ("confirm", "consult", "deliver", "remedy"):
        tomorrow = (today + timedelta(days=1)).isoformat()
        response = client.post(
            reverse("foi:staff-action", args=[app.pk, action]),
            {**extra, field: tomorrow},
        )
        assert response.status_code == 400
        assert "不能晚于今天" in response.content.decode()


def test_huge_numbers_and_foreign_ids_in_staff_forms(client, agency_a, approver_a):
    app = make_received(agency_a, approver_a, timezone.localdate() - timedelta(days=1))
    login(client, approver_a)
    huge = "9" * 30
    posts = [
        ("fee", {"basis": "per_page", "pages": huge, "count": "1"}, 400),
        ("fee", {"basis": "per_page", "pages": "2000000000", "count": "1"}, 400),
        ("extend", {"days": huge, "reason": "多"}, 400),
        (
            "consult_reply",
            {"consultation": huge, "opinion": "consent", "on": "2026-01-05"},
            404,
        ),
        ("fee_paid", {"notice": huge, "on": ""}, 404),
        (
            "remedy_decision",
            {"remedy": huge, "outcome": "upheld", "decided_date": ""},
            404,
        ),
        ("assign", {"to": huge}, 400),
    ]
    for name, data, status in posts:
        response = client.post(reverse("foi:staff-action", args=[app.pk, name]), data)
        assert response.status_code == status, (name, data, response.status_code)
    assert client.get(f"/foi/staff/case/{huge}/").status_code == 404
    assert client.get(f"/foi/staff/letters/{huge}.html").status_code == 404
    response = client.post(
        reverse("foi:staff-repeats"),
        {"agency": huge, "case_ids": f"{huge},1", "title": "t"},
    )
    assert response.status_code == 200
    response = client.post(
        reverse("foi:staff-repeats"),
        {"agency": str(agency_a.pk), "case_ids": f"{huge},{app.pk}", "title": "t"},
    )
    assert response.status_code == 200
    assert "未能创建主动公开草稿" in response.content.decode()
    app.refresh_from_db()
    assert app.status == Application.Status.RECEIVED and not app.fee_notices.exists()


def test_staff_register_bad_dates_and_double_click(client, agency_a, drafter_a):
    login(client, drafter_a)
    form = client.get(reverse("foi:staff-register")).content.decode()
    key = re.search(r'name="submission" value="([^"]+)"', form).group(1)
    data = application_data()
    data.update(
        agency=agency_a.pk, channel="in_person", kind="disclosure", submission=key
    )
    for bad in (
        "0202-03-01",
        "2026-02-30",
        (timezone.localdate() + timedelta(1)).isoformat(),
    ):
        response = client.post(
            reverse("foi:staff-register"), {**data, "received_on": bad}
        )
        assert response.status_code == 400, bad
    assert not Application.objects.exists()
    data["received_on"] = timezone.localdate().isoformat()
    first = client.post(reverse("foi:staff-register"), data)
    assert first.status_code == 200 and "查询码" in first.content.decode()
    again = client.post(reverse("foi:staff-register"), data)
    assert again.status_code == 302
    assert Application.objects.count() == 1
    assert "未重复登记" in client.get(again["Location"]).content.decode()


# --- double submission ------------------------------------------------------------------


def _form_key(client) -> str:
    html = client.get(reverse("foi:apply")).content.decode()
    return re.search(r'name="submission" value="([^"]+)"', html).group(1)


def test_sending_the_apply_form_twice_makes_one_case(client, agency_a):
    key = _form_key(client)
    first = client.post(
        reverse("foi:apply"), {**apply_post(agency_a), "submission": key}
    )
    second = client.post(
        reverse("foi:apply"), {**apply_post(agency_a), "submission": key}
    )
    assert first.status_code == second.status_code == 302
    assert Application.objects.count() == 1
    # the code not yet seen is shown once, to whichever answer arrives
    page = client.get(second["Location"]).content.decode()
    assert 'id="access-code"' in page
    # after the code was seen, a third send opens the case instead
    third = client.post(
        reverse("foi:apply"), {**apply_post(agency_a), "submission": key}
    )
    assert third.status_code == 302 and "/foi/case/" in third["Location"]
    assert "未重复提交" in client.get(third["Location"]).content.decode()
    assert Application.objects.count() == 1


def test_a_lost_first_answer_gets_a_fresh_code_and_the_old_one_stops(agency_a):
    first_tab, second_tab = Client(), Client()
    key = _form_key(first_tab)
    app, old_code = submit(first_tab, agency_a, submission=key)
    # the same form arrives from a browser that never saw the first answer
    response = second_tab.post(
        reverse("foi:apply"), {**apply_post(agency_a), "submission": key}
    )
    assert response.status_code == 302
    html = second_tab.get(response["Location"]).content.decode()
    assert "此前显示的查询码已作废" in html
    new_code = re.search(r'id="access-code">([A-Z0-9]{10})<', html).group(1)
    app.refresh_from_db()
    assert actions.check_access_code(app, new_code)
    assert not actions.check_access_code(app, old_code)
    assert Application.objects.count() == 1
    assert AuditEvent.objects.filter(action="foi.access_code_reset").count() == 1


def test_an_old_form_sent_again_later_is_refused_without_a_new_case(agency_a):
    key = "k" * 32
    submitted = actions.submit_online(
        agency_a,
        application_data(),
        id_proof=None,
        submission_key=key,
        now=timezone.now() - timedelta(hours=2),
    )
    response = Client().post(
        reverse("foi:apply"), {**apply_post(agency_a), "submission": key}
    )
    assert response.status_code == 400
    assert "未重复提交" in response.content.decode()
    assert "联系受理机关重置" in response.content.decode()
    app = submitted.application
    app.refresh_from_db()
    assert actions.check_access_code(app, submitted.access_code)
    assert Application.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sends_of_one_form_make_one_case(agency_a):
    key = "c" * 32
    barrier = threading.Barrier(2)
    results: list[int] = []

    def send() -> None:
        try:
            barrier.wait(timeout=10)
            response = Client().post(
                reverse("foi:apply"), {**apply_post(agency_a), "submission": key}
            )
            results.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results) == [302, 302]
    assert Application.objects.filter(submission_key=key).count() == 1


# --- CSRF, methods ------------------------------------------------------------------------


def test_missing_or_wrong_csrf_token_gets_the_friendly_page(agency_a):
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("foi:apply"))
    for extra in ({}, {"csrfmiddlewaretoken": "x" * 64}):
        response = browser.post(reverse("foi:apply"), {**apply_post(agency_a), **extra})
        assert response.status_code == 403
        html = response.content.decode()
        assert "页面已过期" in html and "请重新提交" in html
        assert "CSRF" not in html and "Forbidden" not in html
    assert not Application.objects.exists()


def test_get_on_post_only_addresses_leads_back_to_the_page(client, agency_a, drafter_a):
    app = make_received(agency_a, drafter_a, timezone.localdate())
    login(client, drafter_a)
    response = client.get(reverse("foi:staff-action", args=[app.pk, "extend"]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"/foi/staff/case/{app.pk}/#extend")
    response = client.get(reverse("foi:staff-reset-code", args=[app.pk]))
    assert response.status_code == 302


def test_tracking_form_survives_junk(client):
    for data in (
        {"tracking_number": "Y" * 5000, "access_code": "\x00"},
        {"tracking_number": "", "access_code": ""},
        {"tracking_number": "YSQ-2026-000001\x00", "access_code": "A" * 30},
    ):
        response = client.post(reverse("foi:track"), data)
        assert response.status_code == 400
    assert client.get("/foi/case/" + "x" * 3000 + "/").status_code == 404
    assert client.get(reverse("foi:apply") + "?agency=" + "9" * 40).status_code == 200
