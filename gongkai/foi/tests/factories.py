"""Cases reached through the real actions, never by poking fields."""

from __future__ import annotations

from datetime import date
from typing import Any

from gongkai.core.models import Agency, User
from gongkai.foi import actions
from gongkai.foi.models import Application

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def application_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "applicant_type": "natural_person",
        "applicant_name": "张三丰",
        "id_type": "resident_id",
        "id_number": "110101199003074514",
        "phone": "13800138000",
        "email": "zhang@example.cn",
        "address": "甲县人民路1号",
        "postcode": "100000",
        "info_title": "2025年度甲县财政预算执行情况",
        "info_doc_number": "",
        "info_description": "全年预算执行报告全文",
        "form": "electronic",
        "route": "online",
        "proactive_proposal": "",
    }
    data.update(overrides)
    return data


def make_received(
    agency: Agency, by: User, on: date, channel: str = "in_person", **overrides: Any
) -> Application:
    submitted = actions.register(
        agency, application_data(**overrides), by=by, channel=channel, received_on=on
    )
    return submitted.application
