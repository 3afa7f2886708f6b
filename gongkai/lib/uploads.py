"""Checks every uploaded file: real type sniffed from its bytes, size limit, safe name.

The browser's content type and the file extension are claims; the magic bytes decide.
"""

from __future__ import annotations

import os
import re
import uuid
import zipfile
from dataclasses import dataclass
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

# sniffed MIME type -> canonical extension
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}
ID_PROOF_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

_OOXML_MARKERS = {
    "word/document.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class CheckedUpload:
    name: str  # cleaned original name, for display
    storage_name: str  # random name with the sniffed extension
    content_type: str
    size: int


def _sniff(upload: Any) -> str | None:
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None:
        return None
    mime = kind.mime
    if mime == "application/zip" or mime in _OOXML_MARKERS.values():
        # DOCX and XLSX are ZIP containers; look inside rather than trust the name.
        try:
            with zipfile.ZipFile(upload) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        for marker, ooxml in _OOXML_MARKERS.items():
            if marker in names:
                return ooxml
        return None
    return mime


def clean_filename(name: str) -> str:
    name = os.path.basename((name or "").replace("\\", "/"))
    name = re.sub(r"[\x00-\x1f\x7f<>:\"/\\|?*]", "", name).strip(" .")
    return name[:200] or "附件"


def check_upload(
    upload: Any, *, allowed: dict[str, str] | None = None, max_bytes: int | None = None
) -> CheckedUpload:
    """Raise ValidationError with a message for the user, or describe the file."""
    allowed = allowed or DOCUMENT_TYPES
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise ValidationError("文件为空，请重新选择。")
    if size > max_bytes:
        raise ValidationError(
            f"文件过大（{size / 1024 / 1024:.1f} MB），单个文件不能超过 {max_bytes // 1024 // 1024} MB。"
        )
    mime = _sniff(upload)
    if mime is None or mime not in allowed:
        kinds = "、".join(sorted({ext.upper() for ext in allowed.values()}))
        raise ValidationError(
            f"文件类型不符合要求：只接受 {kinds} 文件，且内容须与类型一致。"
        )
    ext = allowed[mime]
    name = clean_filename(getattr(upload, "name", ""))
    stem = os.path.splitext(name)[0] or "附件"
    return CheckedUpload(
        name=f"{stem}.{ext}",
        storage_name=f"{uuid.uuid4().hex}.{ext}",
        content_type=mime,
        size=size,
    )
