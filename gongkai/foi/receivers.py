"""Recompute open cases when the working-day calendar changes (alaveteli #7292)."""

from __future__ import annotations

from typing import Any

from gongkai.foi import actions, queries


def on_calendar_changed(
    sender: Any,
    *,
    years: frozenset[int],
    agency_id: int | None = None,
    region_code: str = "",
    **kwargs: Any,
) -> int:
    """Replay every open case whose clock looked at a day of `years`; returns how
    many due dates moved. Idempotent: a second call finds nothing to change."""
    moved = 0
    cases = queries.open_cases(
        None if agency_id is None else [agency_id]
    ).select_related("agency")
    if region_code:
        cases = cases.filter(agency__region_code__startswith=region_code)
    reason = f"工作日历调整（{'、'.join(str(y) for y in sorted(years))}年）"
    for app in cases.only(
        "pk", "clock_years", "agency", "due_date", "due_provisional"
    ).iterator():
        touched = set(app.clock_years or [])
        if app.received_date:
            touched.add(app.received_date.year)
        if not touched & set(years):
            continue
        old, new = actions.recompute_due_date(app, reason=reason)
        moved += old != new
    return moved
