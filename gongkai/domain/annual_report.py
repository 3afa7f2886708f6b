"""政府信息公开工作年度报告: the prescribed tables and their consistency rules.

Format: 国办公开办函〔2021〕30号 (2021-09-26), issued under 《政府信息公开条例》第五十条:
"年度报告应当包括下列内容：（一）行政机关主动公开政府信息的情况；（二）行政机关收到和
处理政府信息公开申请的情况；（三）因政府信息公开工作被申请行政复议、提起行政诉讼的
情况；（四）政府信息公开工作存在的主要问题及改进情况，各级人民政府的政府信息公开工作
年度报告还应当包括工作考核、社会评议和责任追究结果情况；（五）其他需要报告的事项。"

Every cell of tables 三 and 四 is derived from case rows, never typed in. Each cell keeps
the ids of the cases behind it, so a violated rule names the cell *and* the cases.

Counting rules (统计期限为1月1日至12月31日):

* 一、本年新收: received (条例第三十一条 收到申请之日) within the year;
* 二、上年结转: received before the year and not replied before 1 January;
* 三、本年度办理结果: replied within the year, one final result per case, a partial
  disclosure only under （二） (条例第三十七条);
* 四、结转下年度继续办理: received by 31 December and not replied by then.

The official labels are part of the prescribed format and are kept next to the layout;
all other display text lives in the `reports` app.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol

from gongkai.domain.foi_codes import (
    APPLICANT_TYPE_LABELS,
    RESULT_GROUP,
    RESULT_GROUP_LABELS,
    RESULT_LABELS,
    ApplicantType,
    ResultCode,
    ResultGroup,
)

FORMAT_VERSION = "2021"  # 国办公开办函〔2021〕30号

# ---------------------------------------------------------------------------
# Layout of table 三 (收到和处理政府信息公开申请情况): 25 numeric rows × 7 columns
# (一, 二, the 22 rows of 三 including （七）总计, and 四).

NEW = "new"  # 一、本年新收政府信息公开申请数量
CARRIED_IN = "carried_in"  # 二、上年结转政府信息公开申请数量
RESULT_TOTAL = "result_total"  # 三、（七）总计
CARRIED_OUT = "carried_out"  # 四、结转下年度继续办理
TOTAL = "total"  # 总计 column

RESULT_ROWS: tuple[str, ...] = tuple(code.value for code in ResultCode)
T3_ROWS: tuple[str, ...] = (NEW, CARRIED_IN, *RESULT_ROWS, RESULT_TOTAL, CARRIED_OUT)
APPLICANT_COLUMNS: tuple[str, ...] = tuple(t.value for t in ApplicantType)
T3_COLUMNS: tuple[str, ...] = (*APPLICANT_COLUMNS, TOTAL)

T3_HEADER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_ROW_LABELS: dict[str, str] = {
    NEW: "一、本年新收政府信息公开申请数量",
    CARRIED_IN: "二、上年结转政府信息公开申请数量",
    **{code.value: RESULT_LABELS[code] for code in ResultCode},
    RESULT_TOTAL: "（七）总计",
    CARRIED_OUT: "四、结转下年度继续办理",
}
T3_RESULTS_LABEL = "三、本年度办理结果"
T3_COLUMN_LABELS: dict[str, str] = {
    **{t.value: APPLICANT_TYPE_LABELS[t] for t in ApplicantType},
    TOTAL: "总计",
}
T3_APPLICANT_LABEL = "申请人情况"
T3_LEGAL_PERSON_LABEL = "法人或其他组织"

# ---------------------------------------------------------------------------
# Layout of table 四 (政府信息公开行政复议、行政诉讼情况): 3 groups × 5.

REMEDY_KINDS: tuple[str, ...] = (
    "review",
    "litigation_direct",
    "litigation_after_review",
)
REMEDY_OUTCOMES: tuple[str, ...] = ("upheld", "corrected", "other", "pending")
T4_COLUMNS: tuple[str, ...] = (*REMEDY_OUTCOMES, TOTAL)
T4_KIND_LABELS: dict[str, str] = {
    "review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}
T4_LITIGATION_LABEL = "行政诉讼"
T4_COLUMN_LABELS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    TOTAL: "总计",
}

# ---------------------------------------------------------------------------
# Layout of table 二 (主动公开政府信息情况), 2021 version (the 2019 columns
# 本年新制作数量/本年新公开数量/对外公开总数量 and the 政府集中采购 row were dropped).

T2_NORMATIVE_ROWS: tuple[str, ...] = ("rules", "normative")
T2_NORMATIVE_COLUMNS: tuple[str, ...] = ("issued", "repealed", "in_force")
T2_DECISION_ROWS: tuple[str, ...] = ("licensing", "penalty", "coercion")
T2_ROW_LABELS: dict[str, str] = {
    "rules": "规章",
    "normative": "行政规范性文件",
    "licensing": "行政许可",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
}
T2_COLUMN_LABELS: dict[str, str] = {
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    "decisions": "本年处理决定数量",
    "fees": "本年收费金额（单位：万元）",
}
# 第二十条 items heading each block of table 二.
T2_BLOCKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("第二十条第（一）项", T2_NORMATIVE_ROWS),
    ("第二十条第（五）项", ("licensing",)),
    ("第二十条第（六）项", ("penalty", "coercion")),
    ("第二十条第（八）项", ("fees",)),
)
T2_CONTENT_LABEL = "信息内容"
FEE_DECIMAL_PLACES = 4  # 万元 to four places is one yuan

SECTION_TITLES: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def t3_cell_label(row: str, column: str) -> str:
    """「row」×「column」 with the official labels, for messages."""
    row_label = T3_ROW_LABELS[row]
    if row in RESULT_ROWS:
        group = RESULT_GROUP[ResultCode(row)]
        if group not in (ResultGroup.GRANTED, ResultGroup.PARTIAL):
            row_label = f"{RESULT_GROUP_LABELS[group]}{row_label}"
        row_label = f"三、{row_label}"
    elif row == RESULT_TOTAL:
        row_label = f"三、{row_label}"
    return f"表三「{row_label}」×「{T3_COLUMN_LABELS[column]}」"


def t4_cell_label(kind: str, column: str) -> str:
    group = T4_KIND_LABELS[kind]
    if kind != "review":
        group = f"{T4_LITIGATION_LABEL}·{group}"
    return f"表四「{group}」×「{T4_COLUMN_LABELS[column]}」"


def t2_cell_label(row: str, column: str) -> str:
    return f"表二「{T2_ROW_LABELS[row]}」×「{T2_COLUMN_LABELS[column]}」"


# ---------------------------------------------------------------------------
# Input rows. `gongkai.domain.foi_codes.CaseRow` and `RemedyRow` satisfy these.


class CaseLike(Protocol):
    case_id: Any
    applicant_type: ApplicantType | str
    received_date: dt.date | None
    replied_date: dt.date | None
    result: ResultCode | str | None


class RemedyLike(Protocol):
    kind: str
    outcome: str
    filed_date: dt.date
    decided_date: dt.date | None


@dataclass(frozen=True)
class NormativeCounts:
    """本年制发 / 本年废止 / 现行有效 for 规章 or 行政规范性文件."""

    issued: int = 0
    repealed: int = 0
    in_force: int = 0


@dataclass(frozen=True)
class Table2:
    rules: NormativeCounts = field(default_factory=NormativeCounts)  # 规章
    normative: NormativeCounts = field(
        default_factory=NormativeCounts
    )  # 行政规范性文件
    licensing: int = 0  # 行政许可 本年处理决定数量
    penalty: int = 0  # 行政处罚
    coercion: int = 0  # 行政强制
    fees: Decimal = Decimal(0)  # 行政事业性收费 本年收费金额（万元）

    def to_json(self) -> dict[str, Any]:
        return {
            "rules": _counts_json(self.rules),
            "normative": _counts_json(self.normative),
            "licensing": self.licensing,
            "penalty": self.penalty,
            "coercion": self.coercion,
            "fees": str(self.fees),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Table2:
        return cls(
            rules=NormativeCounts(**data["rules"]),
            normative=NormativeCounts(**data["normative"]),
            licensing=int(data["licensing"]),
            penalty=int(data["penalty"]),
            coercion=int(data["coercion"]),
            fees=Decimal(data["fees"]),
        )


def _counts_json(c: NormativeCounts) -> dict[str, int]:
    return {"issued": c.issued, "repealed": c.repealed, "in_force": c.in_force}


Cell = tuple[str, str]


@dataclass(frozen=True)
class Table3:
    """Counts per (row, column) and, when built from cases, the case ids behind each."""

    counts: Mapping[Cell, int]
    case_ids: Mapping[Cell, tuple[Any, ...]] = field(default_factory=dict)

    def cell(self, row: str, column: str = TOTAL) -> int:
        return self.counts.get((row, column), 0)

    def ids(self, row: str, column: str = TOTAL) -> tuple[Any, ...]:
        return self.case_ids.get((row, column), ())

    def grid(self) -> list[list[int]]:
        """26 rows × 7 columns in the official order."""
        return [[self.cell(r, c) for c in T3_COLUMNS] for r in T3_ROWS]

    def group_total(self, group: ResultGroup, column: str = TOTAL) -> int:
        return sum(
            self.cell(code.value, column)
            for code in ResultCode
            if RESULT_GROUP[code] is group
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "rows": list(T3_ROWS),
            "columns": list(T3_COLUMNS),
            "cells": self.grid(),
            # Frozen so next year's 上年结转 can name the cases that moved (C5).
            "carried_out_ids": {
                c: [_json_id(i) for i in self.ids(CARRIED_OUT, c)]
                for c in APPLICANT_COLUMNS
            },
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Table3:
        rows, columns = data["rows"], data["columns"]
        counts = {
            (r, c): int(v)
            for r, line in zip(rows, data["cells"], strict=True)
            for c, v in zip(columns, line, strict=True)
        }
        ids = {
            (CARRIED_OUT, c): tuple(v)
            for c, v in data.get("carried_out_ids", {}).items()
        }
        return cls(counts=counts, case_ids=ids)


def _json_id(value: Any) -> Any:
    return value if isinstance(value, int | str) else str(value)


@dataclass(frozen=True)
class Table4:
    counts: Mapping[Cell, int]
    case_ids: Mapping[Cell, tuple[Any, ...]] = field(default_factory=dict)

    def cell(self, kind: str, column: str) -> int:
        return self.counts.get((kind, column), 0)

    def ids(self, kind: str, column: str) -> tuple[Any, ...]:
        return self.case_ids.get((kind, column), ())

    def grid(self) -> list[list[int]]:
        """3 groups × 5 columns."""
        return [[self.cell(k, c) for c in T4_COLUMNS] for k in REMEDY_KINDS]

    def to_json(self) -> dict[str, Any]:
        return {
            "kinds": list(REMEDY_KINDS),
            "columns": list(T4_COLUMNS),
            "cells": self.grid(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Table4:
        counts = {
            (k, c): int(v)
            for k, line in zip(data["kinds"], data["cells"], strict=True)
            for c, v in zip(data["columns"], line, strict=True)
        }
        return cls(counts=counts)


@dataclass(frozen=True)
class ReportTables:
    year: int
    table2: Table2
    table3: Table3
    table4: Table4
    # Problems found while classifying rows (duplicates, impossible dates, unknown codes).
    anomalies: tuple[Violation, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "year": self.year,
            "table2": self.table2.to_json(),
            "table3": self.table3.to_json(),
            "table4": self.table4.to_json(),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ReportTables:
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"unsupported annual-report format {data.get('format')!r}")
        return cls(
            year=int(data["year"]),
            table2=Table2.from_json(data["table2"]),
            table3=Table3.from_json(data["table3"]),
            table4=Table4.from_json(data["table4"]),
        )


@dataclass(frozen=True)
class Violation:
    """One broken rule: which rule, which cells, which cases, and the two sides.

    `rule` is C1–C9 of the consistency table; `cells` are ("t3", row, column),
    ("t4", kind, column) or ("t2", row, column); `case_ids` are the cases (or remedy
    cases) whose classification makes the two sides differ.
    """

    rule: str
    cells: tuple[tuple[str, str, str], ...]
    expected: int | Decimal | None = None
    actual: int | Decimal | None = None
    case_ids: tuple[Any, ...] = ()
    detail: str = ""  # a code, e.g. "duplicate_case", "reply_before_receipt"
    quote: str = ""  # for C8, the narrative sentence


# ---------------------------------------------------------------------------
# Building.


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# StrEnum members hash and compare as their values, so one lookup serves both.
_TYPE_VALUES: dict[str, str] = {t.value: t.value for t in ApplicantType}
_RESULT_VALUES: dict[str, str] = {c.value: c.value for c in ResultCode}


def build_table3(
    cases: Iterable[CaseLike], year: int
) -> tuple[Table3, list[Violation]]:
    """Classify case rows into table 三 for `year`; anomalies come back as violations.

    Rows outside the year's scope (received after 31 December, or replied before
    1 January) are ignored, so callers may pass a superset.
    """
    start, end = _year_bounds(year)
    # One list per (row, applicant column); 总计 lists are joined at the end. The
    # loop is written for 100,000-row agencies: dict lookups, no per-row objects.
    ids: dict[Cell, list[Any]] = {
        (r, c): [] for r in T3_ROWS for c in APPLICANT_COLUMNS
    }
    seen: set[Any] = set()
    repeated: set[Any] = set()
    anomalies: list[Violation] = []
    bad_type: list[Any] = []
    bad_result: list[Any] = []
    reply_before_receipt: list[Any] = []
    result_without_reply: list[Any] = []
    missing_receipt: list[Any] = []
    type_of, result_of = _TYPE_VALUES.get, _RESULT_VALUES.get

    for case in cases:
        received, replied = case.received_date, case.replied_date
        cid = case.case_id
        if received is None:
            # Not yet received (条例第三十一条: online applications count from the
            # confirmation) and so not counted; answered without a receipt date is
            # a data error.
            if replied is not None:
                missing_receipt.append(cid)
            continue
        if received > end:
            continue
        if replied is not None:
            if replied < received:
                reply_before_receipt.append(cid)
            if replied < start:
                continue
        if cid in seen:
            repeated.add(cid)
        else:
            seen.add(cid)
        column = type_of(case.applicant_type)
        if column is None:
            bad_type.append(cid)
            continue
        raw_result = case.result
        result = result_of(raw_result) if raw_result is not None else None
        if result is None and raw_result not in (None, ""):
            bad_result.append(cid)
        ids[(NEW if received >= start else CARRIED_IN, column)].append(cid)
        if replied is not None and replied <= end:
            ids[(RESULT_TOTAL, column)].append(cid)
            if result is not None:
                ids[(result, column)].append(cid)
        else:
            if result is not None and replied is None:
                result_without_reply.append(cid)
            ids[(CARRIED_OUT, column)].append(cid)
    for row in T3_ROWS:
        ids[(row, TOTAL)] = [i for c in APPLICANT_COLUMNS for i in ids[(row, c)]]

    duplicates = sorted(repeated, key=str)
    if duplicates:
        dup = set(duplicates)
        cells = tuple(
            ("t3", r, c)
            for (r, c), v in sorted(ids.items(), key=lambda kv: _cell_order(kv[0]))
            if c != TOTAL and dup.intersection(v)
        )
        # C6: 一件申请只计一种办理结果; the same case twice would be counted twice.
        anomalies.append(
            Violation("C6", cells, case_ids=tuple(duplicates), detail="duplicate_case")
        )
    if bad_type:
        anomalies.append(
            Violation(
                "C7",
                (("t3", NEW, TOTAL),),
                case_ids=tuple(bad_type),
                detail="unknown_applicant_type",
            )
        )
    if bad_result:
        anomalies.append(
            Violation(
                "C2",
                (("t3", RESULT_TOTAL, TOTAL),),
                case_ids=tuple(bad_result),
                detail="unknown_result",
            )
        )
    if reply_before_receipt:
        anomalies.append(
            Violation(
                "C9",
                (("t3", NEW, TOTAL), ("t3", RESULT_TOTAL, TOTAL)),
                case_ids=tuple(reply_before_receipt),
                detail="reply_before_receipt",
            )
        )
    if missing_receipt:
        anomalies.append(
            Violation(
                "C9",
                (("t3", NEW, TOTAL),),
                case_ids=tuple(missing_receipt),
                detail="missing_receipt_date",
            )
        )
    if result_without_reply:
        anomalies.append(
            Violation(
                "C9",
                (("t3", CARRIED_OUT, TOTAL),),
                case_ids=tuple(result_without_reply),
                detail="result_without_reply_date",
            )
        )
    table = Table3(
        counts={cell: len(v) for cell, v in ids.items() if v},
        case_ids={cell: tuple(v) for cell, v in ids.items() if v},
    )
    return table, anomalies


def _cell_order(cell: Cell) -> tuple[int, int]:
    return T3_ROWS.index(cell[0]), T3_COLUMNS.index(cell[1])


def build_table4(
    remedies: Iterable[RemedyLike], year: int
) -> tuple[Table4, list[Violation]]:
    """Classify 行政复议/行政诉讼 cases into table 四 for `year`.

    A case counts when filed by 31 December and not decided before 1 January: by its
    outcome if decided within the year, as 尚未审结 if still open on 31 December.
    """
    start, end = _year_bounds(year)
    ids: dict[Cell, list[Any]] = defaultdict(list)
    unknown: list[Any] = []
    for remedy in remedies:
        filed, decided = remedy.filed_date, remedy.decided_date
        if filed > end or (decided is not None and decided < start):
            continue
        # RemedyRow carries no id; rows that do (case_id) are named in violations.
        rid = getattr(remedy, "case_id", None)
        kind = remedy.kind
        if kind not in REMEDY_KINDS:
            unknown.append(rid)
            continue
        ids[(kind, TOTAL)].append(rid)
        if decided is None or decided > end:
            ids[(kind, "pending")].append(rid)
        elif remedy.outcome in ("upheld", "corrected", "other"):
            ids[(kind, remedy.outcome)].append(rid)
        # Otherwise decided within the year without a usable outcome: counted in 总计
        # only, which C4 then reports against this case.
    anomalies: list[Violation] = []
    if unknown:
        anomalies.append(
            Violation(
                "C4",
                (("t4", "review", TOTAL),),
                case_ids=tuple(i for i in unknown if i is not None),
                detail="unknown_remedy_kind",
            )
        )
    table = Table4(
        counts={cell: len(v) for cell, v in ids.items()},
        case_ids={
            cell: tuple(i for i in v if i is not None) for cell, v in ids.items()
        },
    )
    return table, anomalies


def build_report(
    year: int,
    cases: Iterable[CaseLike],
    remedies: Iterable[RemedyLike] = (),
    table2: Table2 | None = None,
) -> ReportTables:
    """Tables 二, 三 and 四 for one agency and year (table 二 is passed in)."""
    t3, a3 = build_table3(cases, year)
    t4, a4 = build_table4(remedies, year)
    return ReportTables(
        year=year,
        table2=table2 or Table2(),
        table3=t3,
        table4=t4,
        anomalies=(*a3, *a4),
    )


# ---------------------------------------------------------------------------
# Checks.


def _diff_ids(left: Sequence[Any], right: Sequence[Any]) -> tuple[Any, ...]:
    """Cases on one side and not the other (as multisets), in a stable order."""
    lc, rc = Counter(left), Counter(right)
    out = (lc - rc) + (rc - lc)
    return tuple(sorted(out.elements(), key=lambda v: (str(type(v)), v)))


def check_table3(t3: Table3) -> list[Violation]:
    out: list[Violation] = []
    for col in T3_COLUMNS:
        # C1: 第一项加第二项之和，等于第三项加第四项之和.
        left = t3.cell(NEW, col) + t3.cell(CARRIED_IN, col)
        right = t3.cell(RESULT_TOTAL, col) + t3.cell(CARRIED_OUT, col)
        if left != right:
            out.append(
                Violation(
                    "C1",
                    tuple(
                        ("t3", r, col)
                        for r in (NEW, CARRIED_IN, RESULT_TOTAL, CARRIED_OUT)
                    ),
                    expected=left,
                    actual=right,
                    case_ids=_diff_ids(
                        [*t3.ids(NEW, col), *t3.ids(CARRIED_IN, col)],
                        [*t3.ids(RESULT_TOTAL, col), *t3.ids(CARRIED_OUT, col)],
                    ),
                )
            )
        # C2: （七）总计 = the sum of the 21 result rows.
        parts = sum(t3.cell(r, col) for r in RESULT_ROWS)
        if parts != t3.cell(RESULT_TOTAL, col):
            out.append(
                Violation(
                    "C2",
                    (("t3", RESULT_TOTAL, col),),
                    expected=parts,
                    actual=t3.cell(RESULT_TOTAL, col),
                    case_ids=_diff_ids(
                        [i for r in RESULT_ROWS for i in t3.ids(r, col)],
                        t3.ids(RESULT_TOTAL, col),
                    ),
                )
            )
    # C3: 总计 = 自然人 + the five 法人或其他组织 columns, every row.
    for row in T3_ROWS:
        parts = sum(t3.cell(row, c) for c in APPLICANT_COLUMNS)
        if parts != t3.cell(row, TOTAL):
            out.append(
                Violation(
                    "C3",
                    (("t3", row, TOTAL),),
                    expected=parts,
                    actual=t3.cell(row, TOTAL),
                    case_ids=_diff_ids(
                        [i for c in APPLICANT_COLUMNS for i in t3.ids(row, c)],
                        t3.ids(row, TOTAL),
                    ),
                )
            )
    # C6: a case appears under one result row only (部分公开 only under （二）).
    for col in APPLICANT_COLUMNS:
        counted = [i for r in RESULT_ROWS for i in t3.ids(r, col)]
        if len(counted) == len(set(counted)):
            continue
        rows_of: dict[Any, list[str]] = defaultdict(list)
        for r in RESULT_ROWS:
            for cid in t3.ids(r, col):
                rows_of[cid].append(r)
        multi = {cid: rs for cid, rs in rows_of.items() if len(set(rs)) > 1}
        if multi:
            cells = sorted({r for rs in multi.values() for r in rs}, key=T3_ROWS.index)
            out.append(
                Violation(
                    "C6",
                    tuple(("t3", r, col) for r in cells),
                    case_ids=tuple(sorted(multi, key=str)),
                    detail="several_results",
                )
            )
    # C7: counts are non-negative integers.
    negative = [cell for cell, v in t3.counts.items() if v < 0]
    if negative:
        out.append(
            Violation(
                "C7", tuple(("t3", r, c) for r, c in sorted(negative, key=_cell_order))
            )
        )
    return out


def check_table4(t4: Table4) -> list[Violation]:
    out: list[Violation] = []
    for kind in REMEDY_KINDS:
        # C4: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计.
        parts = sum(t4.cell(kind, o) for o in REMEDY_OUTCOMES)
        if parts != t4.cell(kind, TOTAL):
            out.append(
                Violation(
                    "C4",
                    (("t4", kind, TOTAL),),
                    expected=parts,
                    actual=t4.cell(kind, TOTAL),
                    case_ids=_diff_ids(
                        [i for o in REMEDY_OUTCOMES for i in t4.ids(kind, o)],
                        t4.ids(kind, TOTAL),
                    ),
                )
            )
        negative = [c for c in T4_COLUMNS if t4.cell(kind, c) < 0]
        if negative:
            out.append(Violation("C7", tuple(("t4", kind, c) for c in negative)))
    return out


def check_table2(t2: Table2) -> list[Violation]:
    """C7: counts are non-negative integers; fees are non-negative 万元, ≤ 4 places."""
    out: list[Violation] = []
    bad: list[tuple[str, str, str]] = []
    for row in T2_NORMATIVE_ROWS:
        counts: NormativeCounts = getattr(t2, row)
        for col in T2_NORMATIVE_COLUMNS:
            v = getattr(counts, col)
            if not isinstance(v, int) or v < 0:
                bad.append(("t2", row, col))
    for row in T2_DECISION_ROWS:
        v = getattr(t2, row)
        if not isinstance(v, int) or v < 0:
            bad.append(("t2", row, "decisions"))
    try:
        fees = Decimal(t2.fees)
        fees_ok = (
            fees.is_finite()
            and fees >= 0
            and -fees.as_tuple().exponent <= FEE_DECIMAL_PLACES
        )
    except (InvalidOperation, TypeError, ValueError):
        fees_ok = False
    if not fees_ok:
        bad.append(("t2", "fees", "fees"))
    if bad:
        out.append(Violation("C7", tuple(bad)))
    return out


@dataclass(frozen=True)
class PreviousCarryOver:
    """Last year's 四、结转下年度继续办理, per applicant column, and where it came from.

    `source` is "published" (frozen figures of last year's published report) or
    "derived" (last year's tables built from the case rows now).
    """

    counts: Mapping[str, int]
    case_ids: Mapping[str, tuple[Any, ...]] | None = None
    source: str = "derived"

    @classmethod
    def from_table3(cls, t3: Table3, source: str) -> PreviousCarryOver:
        counts = {c: t3.cell(CARRIED_OUT, c) for c in T3_COLUMNS}
        has_ids = (
            any(t3.ids(CARRIED_OUT, c) for c in APPLICANT_COLUMNS) or not counts[TOTAL]
        )
        ids = (
            {c: t3.ids(CARRIED_OUT, c) for c in APPLICANT_COLUMNS} if has_ids else None
        )
        return cls(counts=counts, case_ids=ids, source=source)


def check_carry_over(t3: Table3, previous: PreviousCarryOver) -> list[Violation]:
    """C5: this year's 二、上年结转 equals last year's 四、结转下年度继续办理, every column."""
    out: list[Violation] = []
    for col in T3_COLUMNS:
        now, before = t3.cell(CARRIED_IN, col), previous.counts.get(col, 0)
        if now == before:
            continue
        ids: tuple[Any, ...] = ()
        if previous.case_ids is not None:
            if col == TOTAL:
                prev_ids = [
                    i for c in APPLICANT_COLUMNS for i in previous.case_ids.get(c, ())
                ]
            else:
                prev_ids = list(previous.case_ids.get(col, ()))
            ids = _diff_ids(t3.ids(CARRIED_IN, col), prev_ids)
        out.append(
            Violation(
                "C5",
                (("t3", CARRIED_IN, col),),
                expected=before,
                actual=now,
                case_ids=ids,
                detail=previous.source,
            )
        )
    return out


# ---------------------------------------------------------------------------
# C8: figures quoted in the narrative (一、总体情况 etc.) against the tables.

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
              "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
_NUM = r"([0-9０-９][0-9０-９,，]*|[零〇一二两三四五六七八九十百千万]+)"
_GAP = r"[^0-9０-９。；;，,、\n零〇一二两三四五六七八九十百千]{0,24}?"


def parse_number(text: str) -> int | None:
    """Arabic (half- or full-width, with separators) or Chinese numerals; None if unsure."""
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    digits = text.replace(",", "").replace("，", "")
    if digits.isdigit():
        return int(digits)
    total, section, current = 0, 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        elif ch == "万":
            section = (section + current) * 10000
            total, section, current = total + section, 0, 0
        elif ch in _CN_UNITS:
            section += (current or 1) * _CN_UNITS[ch]
            current = 0
        else:
            return None
    return total + section + current


def _t3(row: str) -> Any:
    return (lambda t: t.table3.cell(row)), (("t3", row, TOTAL),)


def _t3_group(group: ResultGroup) -> Any:
    rows = tuple(c.value for c in ResultCode if RESULT_GROUP[c] is group)
    return (lambda t: t.table3.group_total(group)), tuple(
        ("t3", r, TOTAL) for r in rows
    )


def _t4(*kinds: str) -> Any:
    return (
        lambda t: sum(t.table4.cell(k, TOTAL) for k in kinds),
        tuple(("t4", k, TOTAL) for k in kinds),
    )


def _t2(row: str, col: str) -> Any:
    return (lambda t: getattr(getattr(t.table2, row), col)), (("t2", row, col),)


# (pattern with one number group, (value getter, cells)). The keyword comes first and
# the number follows within the same clause, as in "本年新收政府信息公开申请52件".
_QUOTE_RULES: tuple[tuple[re.Pattern[str], Any], ...] = tuple(
    (re.compile(p + _GAP + _NUM + r"\s*件"), target)
    for p, target in (
        (r"新收", _t3(NEW)),
        (r"上年结转", _t3(CARRIED_IN)),
        (r"结转(?:至|到)?下(?:一)?年度?", _t3(CARRIED_OUT)),
        (r"(?:办结|办理完毕|答复)", _t3(RESULT_TOTAL)),
        (r"予以公开", _t3(ResultCode.GRANTED.value)),
        (r"部分公开", _t3(ResultCode.PARTIAL.value)),
        (r"不予公开", _t3_group(ResultGroup.WITHHELD)),
        (r"无法提供", _t3_group(ResultGroup.UNABLE)),
        (r"不予处理", _t3_group(ResultGroup.NOT_PROCESSED)),
        (r"其他处理", _t3_group(ResultGroup.OTHER)),
        (r"行政复议", _t4("review")),
        (r"行政诉讼", _t4("litigation_direct", "litigation_after_review")),
        (r"(?:制发|印发|出台)(?:行政)?规范性文件", _t2("normative", "issued")),
        (r"废止(?:行政)?规范性文件", _t2("normative", "repealed")),
        (r"(?:制发|制定|出台)(?:政府)?规章", _t2("rules", "issued")),
    )
)


@dataclass(frozen=True)
class QuotedFigure:
    quote: str
    value: int
    expected: int
    cells: tuple[tuple[str, str, str], ...]


def quoted_figures(text: str, tables: ReportTables) -> list[QuotedFigure]:
    """Every figure the text quotes that maps to a table cell, with the table's value."""
    found: list[QuotedFigure] = []
    taken: set[tuple[int, int]] = set()
    for pattern, (getter, cells) in _QUOTE_RULES:
        for m in pattern.finditer(text):
            span = m.span(1)
            if span in taken:
                continue
            value = parse_number(m.group(1))
            if value is None:
                continue
            taken.add(span)
            found.append(
                QuotedFigure(
                    _sentence(text, m.start(), m.end()),
                    value,
                    int(getter(tables)),
                    cells,
                )
            )
    found.sort(key=lambda q: text.find(q.quote))
    return found


def _sentence(text: str, start: int, end: int) -> str:
    stops = "。；;\n"
    lo = max((text.rfind(s, 0, start) for s in stops), default=-1) + 1
    his = [i for i in (text.find(s, end) for s in stops) if i != -1]
    hi = min(his) + 1 if his else len(text)
    return text[lo:hi].strip()


def check_narrative(text: str, tables: ReportTables) -> list[Violation]:
    """C8: a number quoted in the text must equal the table cell it refers to."""
    return [
        Violation("C8", q.cells, expected=q.expected, actual=q.value, quote=q.quote)
        for q in quoted_figures(text, tables)
        if q.value != q.expected
    ]


def check_report(
    tables: ReportTables,
    *,
    previous: PreviousCarryOver | None = None,
    narrative: str = "",
) -> list[Violation]:
    """All consistency rules, C1–C9; an empty list means the report may be published."""
    out = list(tables.anomalies)
    out += check_table2(tables.table2)
    out += check_table3(tables.table3)
    out += check_table4(tables.table4)
    if previous is not None:
        out += check_carry_over(tables.table3, previous)
    if narrative:
        out += check_narrative(narrative, tables)
    return out
