"""Records in any state, reached through the real actions."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.models import Agency, User
from gongkai.publishing import actions
from gongkai.publishing.models import Document, DocumentKind

# A minimal valid PDF: enough for the type sniffer.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A 1x1 PNG.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def pdf(name: str = "附件.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def png(name: str = "图解.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def exe_as_pdf(name: str = "通知.pdf") -> SimpleUploadedFile:
    """A Windows executable renamed .pdf (MZ header)."""
    body = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx_bytes() -> bytes:
    import docx

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph("附件内容")
    d.save(buf)
    return buf.getvalue()


def fields(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "关于做好2024年政务公开工作的通知",
        "body_html": "<p>各乡镇人民政府，县政府各部门：</p><p>现将有关事项通知如下。</p>",
        "doc_number": "甲政办发〔2024〕3号",
        "written_date": dt.date(2024, 3, 1),
        "formed_date": dt.date(2024, 3, 1),
        "genre": "通知",
    }
    data.update(overrides)
    return data


def make_document(agency: Agency, by: User, **overrides: Any) -> Document:
    return actions.create_document(agency=agency, by=by, **fields(**overrides))


def submit(doc: Document, by: User) -> None:
    actions.submit_for_review(actions.open_revision(doc), by=by)


def review(doc: Document, by: User) -> None:
    actions.pass_review(actions.open_revision(doc), by=by)


def publish(
    doc: Document,
    *,
    drafter: User,
    reviewer: User,
    approver: User,
    now: dt.datetime | None = None,
) -> Document:
    """起草 → 保密审查 → 审核签发 for a general record."""
    submit(doc, drafter)
    review(doc, reviewer)
    return actions.approve_and_publish(actions.open_revision(doc), by=approver, now=now)


def make_policy_with_interpretation(
    agency: Agency, drafter: User, reviewer: User, **overrides: Any
) -> tuple[Document, Document]:
    """A policy and its interpretation, both through 保密审查 and awaiting 签发."""
    policy = make_document(agency, drafter, kind=DocumentKind.POLICY, **overrides)
    interp = actions.create_document(
        agency=agency,
        by=drafter,
        interprets=policy,
        title="一图读懂：政务公开工作通知",
        body_html="<p>解读正文</p>",
        formed_date=dt.date(2024, 3, 1),
        qa=[{"q": "适用范围？", "a": "全县各部门。"}],
    )
    submit(interp, drafter)
    review(interp, reviewer)
    submit(policy, drafter)
    review(policy, reviewer)
    return policy, interp
