"""What each page tells its reader: the deadline in every clock state, the next step
for the applicant, remedies after a reply, and on the staff console only the
actions the case allows today, with the reason for those it does not."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.conftest import PASSWORD
from gongkai.core.models import AuditEvent
from gongkai.foi import actions
from gongkai.foi.models import Application
from gongkai.foi.tests.factories import application_data, make_received

pytestmark = pytest.mark.django_db
D = date


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def applicant(submitted) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    response = c.post(
        reverse("foi:track"),
        {
            "tracking_number": submitted.application.tracking_number,
            "access_code": submitted.access_code,
        },
    )
    assert response.status_code == 302
    return c


def case_html(c: Client, app: Application) -> str:
    return c.get(reverse("foi:case", args=[app.tracking_number])).content.decode()


def text(html: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def register(agency, by, on, **kw):  # type: ignore[no-untyped-def]
    return actions.register(
        agency, application_data(**kw), by=by, channel="in_person", received_on=on
    )


def test_deadline_is_explained_in_every_clock_state(agency_a, drafter_a, approver_a):
    online = actions.submit_online(agency_a, application_data(), id_proof=None)
    page = text(case_html(applicant(online), online.application))
    assert "答复期限尚未开始计算" in page and "第三十一条第三项" in page

    today = timezone.localdate()
    running = register(agency_a, drafter_a, today)
    page = text(case_html(applicant(running), running.application))
    assert "收到申请，自次日起计算20个工作日（条例第三十三条第二款）" in page
    assert "《中华人民共和国民法典》第二百零一条" in page
    assert "还有20个工作日" in page

    waiting = register(agency_a, drafter_a, today)
    actions.request_supplement(
        waiting.application,
        by=drafter_a,
        items="写明年度",
        deadline=today + timedelta(9),
    )
    page = text(case_html(applicant(waiting), waiting.application))
    assert "等待补正，答复期限暂停" in page
    assert "需要您补正" in page and "视为放弃申请（条例第三十条）" in page

    paused = register(agency_a, drafter_a, today)
    actions.start_consultation(
        paused.application,
        by=drafter_a,
        party="agency",
        party_name="甲县财政局",
        matter="是否公开",
        sent_on=today,
    )
    page = text(case_html(applicant(paused), paused.application))
    assert "答复期限暂停计算，尚余20个工作日" in page
    assert "条例第三十三条第三款" in page


def test_overdue_case_says_so_in_words_and_names_the_remedy(agency_a, drafter_a):
    late = register(agency_a, drafter_a, timezone.localdate() - timedelta(days=60))
    page = text(case_html(applicant(late), late.application))
    assert "已超过答复期限" in page and "个工作日" in page
    assert "条例第五十一条" in page


def test_answered_case_shows_result_and_remedy_from_the_letter(
    agency_a, drafter_a, approver_a
):
    case = register(agency_a, drafter_a, D(2025, 3, 3))
    actions.draft_reply(
        case.application, by=drafter_a, result="withheld_internal", reasons="内部"
    )
    actions.sign_reply(case.application, by=approver_a, today=D(2025, 3, 20))
    page = text(case_html(applicant(case), case.application))
    assert "受理机关已于2025年3月20日作出答复" in page
    assert "如对答复不服" in page and "应当先申请行政复议" in page
    assert "答复期限还有" not in page


def test_submitted_page_explains_the_code_and_what_comes_next(client, agency_a):
    from gongkai.foi.tests.test_hostile_input import apply_post

    response = client.post(reverse("foi:apply"), apply_post(agency_a))
    page = text(client.get(response["Location"]).content.decode())
    assert "查询码只显示这一次" in page
    assert "无法再次显示" in page and "重置" in page
    assert agency_a.name in page and "接下来会怎样" in page
    # Coming back to the address later opens the case, with a word on the code.
    again = client.get(reverse("foi:submitted"))
    assert again.status_code == 302 and "/foi/case/" in again["Location"]
    assert "查询码只在提交后显示一次" in client.get(again["Location"]).content.decode()


def test_letter_page_links_back_and_to_the_word_file(agency_a, drafter_a):
    case = register(agency_a, drafter_a, D(2025, 3, 3))
    c = applicant(case)
    letter = case.application.letters.get()
    html = c.get(
        reverse(
            "foi:letter", args=[case.application.tracking_number, letter.pk, "html"]
        )
    ).content.decode()
    assert reverse("foi:case", args=[case.application.tracking_number]) in html
    assert (
        reverse(
            "foi:letter", args=[case.application.tracking_number, letter.pk, "docx"]
        )
        in html
    )


def test_supplement_page_get_goes_back_to_the_case(agency_a, drafter_a):
    case = register(agency_a, drafter_a, D(2025, 3, 3))
    c = applicant(case)
    url = reverse("foi:answer-supplement", args=[case.application.tracking_number])
    response = c.get(url)
    assert response.status_code == 302 and response["Location"].endswith("#supplement")


# --- staff console: offered == allowed ----------------------------------------------


def forms_on(html: str) -> set[str]:
    return set(re.findall(r'/do/([a-z_]+)/"', html))


def test_case_page_offers_only_what_the_actions_accept(
    client, agency_a, drafter_a, approver_a
):
    today = timezone.localdate()
    case = register(agency_a, drafter_a, today - timedelta(days=1)).application
    login(client, drafter_a)
    html = client.get(reverse("foi:staff-case", args=[case.pk])).content.decode()
    offered = forms_on(html)
    assert {
        "draft",
        "supplement",
        "consult",
        "reasons",
        "withdraw",
        "assign",
    } <= offered
    # a drafter is told why fee, extension and deferral are not theirs to do
    assert not {"fee", "extend", "defer", "sign"} & offered
    assert "须由审核签发人" in html

    client.logout()
    login(client, approver_a)
    html = client.get(reverse("foi:staff-case", args=[case.pk])).content.decode()
    assert {"fee", "extend"} <= forms_on(html)
    assert "defer" not in forms_on(html)
    assert "须先要求申请人说明理由" in html
    actions.extend(case, by=approver_a, days=5, reason="档案多")
    html = client.get(reverse("foi:staff-case", args=[case.pk])).content.decode()
    assert "extend" not in forms_on(html) and "答复期限只能延长一次" in html
    actions.request_reasons(case, by=approver_a, note="数量大")
    assert "defer" in forms_on(
        client.get(reverse("foi:staff-case", args=[case.pk])).content.decode()
    )


def test_supplement_is_not_offered_after_seven_working_days(
    client, agency_a, drafter_a
):
    case = make_received(agency_a, drafter_a, D(2025, 3, 3))
    login(client, drafter_a)
    html = client.get(reverse("foi:staff-case", args=[case.pk])).content.decode()
    assert "supplement" not in forms_on(html)
    assert "已超过收到申请之日起7个工作日的补正告知期限" in html


def test_a_refused_action_posted_from_a_stale_page_shows_its_error(
    client, agency_a, drafter_a, approver_a
):
    case = make_received(agency_a, drafter_a, timezone.localdate())
    actions.extend(case, by=approver_a, days=5, reason="档案多")
    login(client, approver_a)
    response = client.post(
        reverse("foi:staff-action", args=[case.pk, "extend"]),
        {"days": "3", "reason": "又多"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="extend" class="action" open' in html
    assert "答复期限只能延长一次" in html
    assert "又多</textarea>" in html  # what was typed comes back


def test_withdraw_is_offered_while_waiting_for_a_supplement(
    client, agency_a, drafter_a
):
    today = timezone.localdate()
    case = make_received(agency_a, drafter_a, today)
    actions.request_supplement(
        case, by=drafter_a, items="年度", deadline=today + timedelta(5)
    )
    login(client, drafter_a)
    html = client.get(reverse("foi:staff-case", args=[case.pk])).content.decode()
    assert {"withdraw", "supplement_answer"} <= forms_on(html)
    assert "abandon" not in forms_on(html)


def test_staff_reset_the_access_code_once_and_it_is_logged(client, agency_a, drafter_a):
    submitted = register(agency_a, drafter_a, D(2025, 3, 3))
    app = submitted.application
    login(client, drafter_a)
    response = client.post(reverse("foi:staff-reset-code", args=[app.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    code = re.search(r'id="access-code">([A-Z0-9]{10})<', response.content.decode())
    app.refresh_from_db()
    assert actions.check_access_code(app, code.group(1))
    assert not actions.check_access_code(app, submitted.access_code)
    event = AuditEvent.objects.get(action="foi.access_code_reset")
    assert event.actor == drafter_a


def test_staff_of_another_agency_cannot_reset_the_code(
    client, agency_a, drafter_a, drafter_b
):
    submitted = register(agency_a, drafter_a, D(2025, 3, 3))
    login(client, drafter_b)
    response = client.post(
        reverse("foi:staff-reset-code", args=[submitted.application.pk])
    )
    assert response.status_code == 404
    submitted.application.refresh_from_db()
    assert actions.check_access_code(submitted.application, submitted.access_code)


def test_staff_find_a_case_by_its_number(client, agency_a, drafter_a, drafter_b):
    case = make_received(agency_a, drafter_a, D(2025, 3, 3))
    login(client, drafter_a)
    url = reverse("foi:staff-home")
    found = client.get(url, {"q": case.tracking_number.lower()})
    assert found.status_code == 302
    assert found["Location"] == reverse("foi:staff-case", args=[case.pk])
    missing = client.get(url, {"q": "YSQ-1999-000001"})
    assert missing.status_code == 400
    assert "没有申请编号为 YSQ-1999-000001 的申请" in missing.content.decode()
    client.logout()
    login(client, drafter_b)
    assert client.get(url, {"q": case.tracking_number}).status_code == 400


def test_registered_page_offers_the_receipt_and_the_next_registration(
    client, agency_a, drafter_a
):
    login(client, drafter_a)
    data = application_data()
    data.update(
        agency=agency_a.pk,
        channel="in_person",
        kind="disclosure",
        received_on=timezone.localdate().isoformat(),
    )
    html = client.post(reverse("foi:staff-register"), data).content.decode()
    assert "打印登记回执" in html and "继续登记下一件" in html
    assert "查询码只显示这一次" in html


def test_repeats_page_names_cases_by_number_and_asks_the_right_role(
    client, agency_a, drafter_a, approver_a
):
    first = make_received(agency_a, drafter_a, D(2025, 3, 3))
    make_received(
        agency_a,
        drafter_a,
        D(2025, 3, 4),
        applicant_name="李四",
        id_number="11010119900307001X",
    )
    login(client, approver_a)
    html = client.get(reverse("foi:staff-repeats")).content.decode()
    assert first.tracking_number in html
    assert "起草人或机关管理员" in html and "在主动公开中起草</button>" not in html
    client.logout()
    login(client, drafter_a)
    html = client.get(reverse("foi:staff-repeats")).content.decode()
    assert "在主动公开中起草</button>" in html


def test_proposing_a_repeated_request_opens_the_new_draft(client, agency_a, drafter_a):
    first = make_received(agency_a, drafter_a, D(2025, 3, 3))
    second = make_received(
        agency_a,
        drafter_a,
        D(2025, 3, 4),
        applicant_name="李四",
        id_number="11010119900307001X",
    )
    login(client, drafter_a)
    response = client.post(
        reverse("foi:staff-repeats"),
        {
            "agency": str(agency_a.pk),
            "case_ids": f"{first.pk},{second.pk}",
            "title": "2025年度财政预算执行情况",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/publishing/documents/")
    assert client.get(response["Location"]).status_code == 200


def test_after_the_supplement_deadline_the_applicant_is_told_instead_of_given_a_form(
    agency_a, drafter_a
):
    case = register(agency_a, drafter_a, D(2025, 3, 3))
    actions.request_supplement(
        case.application,
        by=drafter_a,
        items="写明年度",
        deadline=D(2025, 3, 10),
        today=D(2025, 3, 4),
    )
    html = case_html(applicant(case), case.application)
    assert "补正期限已过，网上不能再提交补正材料" in html
    assert "answer-supplement" not in html and "/supplement/" not in html
