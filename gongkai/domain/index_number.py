"""索引号: built from an agency's template when a record is first published."""

from __future__ import annotations

import re

_ALLOWED = re.compile(r"^[^{}]*(\{(org_code|year|seq(:0?\d+d)?)\}[^{}]*)+$")


class IndexTemplateError(ValueError):
    pass


def validate_template(template: str) -> None:
    if not _ALLOWED.match(template) or "{seq" not in template:
        raise IndexTemplateError(
            "索引号模板只能使用 {org_code}、{year}、{seq}（可写成 {seq:05d}），且必须包含 {seq}"
        )


def format_index_number(template: str, *, org_code: str, year: int, seq: int) -> str:
    validate_template(template)
    return template.format(org_code=org_code, year=year, seq=seq)
