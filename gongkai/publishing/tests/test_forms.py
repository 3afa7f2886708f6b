"""Bad input on the record form: a clear message and nothing changed."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.publishing import actions
from gongkai.publishing.forms import check_doc_number, parse_qa
from gongkai.publishing.models import Attachment, Document
from gongkai.publishing.tests.factories import exe_as_pdf, make_document, pdf, png
from gongkai.publishing.tests.test_views import form_data, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(agency_a, drafter_a):
    return make_document(agency_a, drafter_a, title="原来的标题")


def post_edit(user, doc, **overrides):
    data = form_data(doc.agency, **overrides)
    return login(user).post(reverse("publishing:document-edit", args=[doc.pk]), data)


def assert_unchanged(doc):
    rev = actions.open_revision(doc)
    assert rev.title == "原来的标题"
    assert not Attachment.objects.filter(revision=rev).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"doc_number": "国办发〔2020〕17号〕"}, "括号不成对"),
        ({"doc_number": "国办发【2020〕17号"}, "括号不成对"),
        ({"doc_number": "无"}, "没有文号的文件请将此栏留空"),
        ({"doc_number": "<b>国办发</b>"}, "尖括号"),
        (
            {
                "written_date": "2024-05-01",
                "effective_date": "2024-04-01",
                "is_normative": "on",
            },
            "施行日期不能早于成文日期",
        ),
        (
            {
                "effective_date": "2024-05-01",
                "expiry_date": "2024-04-01",
                "is_normative": "on",
            },
            "失效日期须晚于",
        ),
        ({"formed_date": "2999-01-01"}, "不能晚于今天"),
        ({"title": "通知<script>alert(1)</script>"}, "标题只能是纯文本"),
        ({"title": "通知&lt;b&gt;"}, "标题只能是纯文本"),
        ({"disclosure": "withheld"}, "必须填写理由"),
        ({"is_normative": "on", "effective_date": ""}, "规范性文件须填写施行日期"),
        ({"formed_date": ""}, "信息形成或变更日期"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_changes(
    draft, drafter_a, overrides, message
):
    data = dict(overrides)
    response = post_edit(drafter_a, draft, title=data.pop("title", "新标题"), **data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert "error-summary" in page
    assert 'aria-invalid="true"' in page
    assert_unchanged(draft)


def test_exe_renamed_pdf_is_refused_and_nothing_is_saved(draft, drafter_a):
    response = post_edit(drafter_a, draft, title="新标题", attachment=exe_as_pdf())
    assert response.status_code == 200
    assert "文件类型不符合要求" in response.content.decode()
    assert_unchanged(draft)


def test_oversized_upload_is_refused_and_nothing_is_saved(draft, drafter_a, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile(
        "大文件.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10), "application/pdf"
    )
    response = post_edit(drafter_a, draft, title="新标题", attachment=big)
    assert response.status_code == 200
    assert "文件过大" in response.content.decode()
    assert_unchanged(draft)


def test_diagram_must_be_an_image(draft, drafter_a):
    response = post_edit(
        drafter_a, draft, title="新标题", attachment=pdf(), attachment_kind="diagram"
    )
    assert "图解须为图片文件" in response.content.decode()
    assert_unchanged(draft)


def test_good_upload_is_saved_with_the_draft(draft, drafter_a):
    response = post_edit(
        drafter_a, draft, title="新标题", attachment=png(), attachment_kind="diagram"
    )
    assert response.status_code == 302
    rev = actions.open_revision(draft)
    assert rev.title == "新标题"
    att = rev.attachments.get()
    assert (att.kind, att.content_type) == ("diagram", "image/png")


def test_separate_upload_form_refuses_disguised_file(draft, drafter_a):
    response = login(drafter_a).post(
        reverse("publishing:attachment-add", args=[draft.pk]),
        {"file": exe_as_pdf(), "kind": "attachment"},
        follow=True,
    )
    assert "附件未上传" in response.content.decode()
    assert not Attachment.objects.exists()


def test_unusual_doc_number_is_saved_with_a_warning(draft, drafter_a):
    response = post_edit(drafter_a, draft, doc_number="甲政规字第三号文")
    assert response.status_code == 302
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("已按原样保存，请核对" in w for w in warnings)
    assert actions.open_revision(draft).doc_number == "甲政规字第三号文"


def test_script_in_body_is_removed_with_a_warning(draft, drafter_a):
    response = post_edit(
        drafter_a,
        draft,
        body_html='<p>正文</p><script>alert(1)</script><img src=x onerror="y()">',
    )
    assert response.status_code == 302
    body = actions.open_revision(draft).body_html
    assert "<script" not in body and "onerror" not in body and "正文" in body
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("不安全内容已被移除" in w for w in warnings)


def test_create_with_bad_upload_creates_nothing(agency_a, drafter_a):
    response = login(drafter_a).post(
        reverse("publishing:document-create"),
        form_data(agency_a, attachment=exe_as_pdf()),
    )
    assert response.status_code == 200
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("text", "warns"),
    [
        ("国办发〔2020〕17号", False),
        ("国办发[2020]17号", False),
        ("国务院令第711号", False),
        ("阳府办函〔2021〕9号", False),
        ("甲政规字第三号文", True),
        ("国办发〔1800〕1号", True),
    ],
)
def test_doc_number_check_accepts_plausible_numbers(text, warns):
    assert bool(check_doc_number(text)) is warns


def test_qa_answer_without_question_is_refused():
    with pytest.raises(ValidationError, match="须先写问题"):
        parse_qa("答：没有问题")
    with pytest.raises(ValidationError, match="没有对应的回答"):
        parse_qa("问：只有问题")


def test_qa_parses_question_and_answer_pairs():
    assert parse_qa("问：一？\n答：甲。\n补充说明\n问：二？\n答：乙。") == [
        {"q": "一？", "a": "甲。\n补充说明"},
        {"q": "二？", "a": "乙。"},
    ]
