"""`calendar_changed`: the one place where the calendar calls upward.

`workdays` sits below `foi` and `publishing` and must not import them, yet their open
cases must be recomputed when a year's calendar is loaded or edited. So every calendar
write sends this signal after its transaction commits, and the apps above connect a
receiver (in their AppConfig.ready). No other inversion exists; everything else is a
plain call downward.

Keyword arguments sent:
    years        frozenset[int]: calendar years whose days changed
    agency_id    int | None: set when only one agency's own entries changed
    region_code  str: set ("54") when only a region's entries changed, else ""

A receiver should recompute every open case whose clock looked at a day of `years`
(limited to that agency or region when given), and treat the call as idempotent.
"""

from __future__ import annotations

from django.dispatch import Signal

calendar_changed = Signal()
