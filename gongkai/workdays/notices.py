"""Turning an uploaded or given file into a year's schedule, with errors in Chinese.

Shared by the upload page and `gongkai calendar load`, so both accept the same files
and say the same thing about a bad one.
"""

from __future__ import annotations

from gongkai.domain.workdays_notice import (
    NoticeDay,
    NoticeError,
    NoticeErrorCode,
    parse_csv,
    parse_notice,
)
from gongkai.workdays.models import CalendarEntry

MAX_BYTES = 512 * 1024  # a notice is about 2 KB; anything this large is a wrong file

FORMAT_AUTO = "auto"
FORMAT_NOTICE = "notice"
FORMAT_CSV = "csv"
FORMATS = (FORMAT_AUTO, FORMAT_NOTICE, FORMAT_CSV)

_MESSAGES = {
    NoticeErrorCode.EMPTY: "文件中没有可读取的日期。",
    NoticeErrorCode.WRONG_YEAR: "通知的年份与指定年份不符（{text}）。",
    NoticeErrorCode.NO_ITEMS: "未找到“一、元旦：……”形式的放假安排条目，请确认是国务院办公厅通知正文。",
    NoticeErrorCode.BAD_DATE: "无法识别的日期：{text}",
    NoticeErrorCode.UNREADABLE: "无法判断是放假还是上班：{text}",
    NoticeErrorCode.WEEKDAY_MISMATCH: "日期与所注星期不符：{text}",
    NoticeErrorCode.COUNT_MISMATCH: "“共N天”与起止日期不符：{text}",
    NoticeErrorCode.OUT_OF_YEAR: "日期不属于该年度：{text}",
    NoticeErrorCode.MAKEUP_NOT_WEEKEND: "调休上班日应为周六或周日：{text}",
    NoticeErrorCode.CONFLICT: "同一天既放假又上班：{text}",
    NoticeErrorCode.CSV_HEADER: "CSV 表头应为 date,kind,name：{text}",
    NoticeErrorCode.CSV_COLUMNS: "CSV 每行应有3列（date,kind,name）：{text}",
    NoticeErrorCode.CSV_KIND: "类型应为 holiday（放假）或 makeup_workday（上班）：{text}",
}


class FileProblem(ValueError):
    """A file that cannot be loaded; str() is the message for people."""


def error_message(err: NoticeError) -> str:
    message = _MESSAGES[err.code].format(text=err.text)
    return f"第{err.line}行：{message}" if err.line else message


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, which covers GBK files."""
    if len(raw) > MAX_BYTES:
        raise FileProblem(
            f"文件过大（超过{MAX_BYTES // 1024} KB），请上传通知正文或 CSV。"
        )
    if b"\x00" in raw:
        raise FileProblem("文件不是纯文本，请上传 .txt 或 .csv 文件。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileProblem("无法识别文件编码，请保存为 UTF-8 后重试。")


def detect_format(text: str, filename: str = "") -> str:
    if filename.lower().endswith(".csv"):
        return FORMAT_CSV
    first = next(
        (line for line in text.lstrip("\ufeff").splitlines() if line.strip()), ""
    ).strip()
    if first.lower().startswith(("date,", "日期,")):
        return FORMAT_CSV
    # A headerless CSV starts with an ISO date: 2027-02-06,holiday,春节
    if first[:4].isdigit() and first[4:5] == "-" and "," in first:
        return FORMAT_CSV
    return FORMAT_NOTICE


def parse(
    text: str, year: int, fmt: str = FORMAT_AUTO, filename: str = ""
) -> tuple[list[NoticeDay], str]:
    """The days of the file and the source (notice or csv); FileProblem if bad."""
    if fmt not in FORMATS:
        raise FileProblem(f"未知格式：{fmt}")
    if fmt == FORMAT_AUTO:
        fmt = detect_format(text, filename)
    try:
        if fmt == FORMAT_CSV:
            return parse_csv(text, year), CalendarEntry.Source.CSV
        return parse_notice(text, year), CalendarEntry.Source.NOTICE
    except NoticeError as err:
        raise FileProblem(error_message(err)) from err
