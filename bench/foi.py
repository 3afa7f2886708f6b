"""Benchmarks of the annual report and the FOI overdue list, on SQLite and PostgreSQL.

    python bench/foi.py                       # both backends, one after the other
    python bench/foi.py --db sqlite           # one backend
    python bench/foi.py --db postgres --pg-url postgres://gongkai:gongkai@127.0.0.1:55432/gk_bench

What is measured (medians of --repeats runs, wall clock, warm database):

* report_one: one agency's 2024 report over 100,000 applications, through the path
  the report page and the submission use: `reports.queries.build_tables` (which calls
  `foi.queries.report_rows`, `review_rows` and `publishing.queries
  .count_normative_documents`), `reports.queries.previous_carry_over` (last year's
  结转下年度, from `foi.queries.carried_out_rows`) and
  `domain.annual_report.check_report` (C1–C7, C5). Target < 2 s.
* report_province: the same for each of 1,000 agencies holding 1,000,000
  applications between them. Target < 30 s.
* overdue: `foi.queries.list_overdue(today, agency_ids=[one agency])`, evaluated in
  full (a staff member's queue), over random agencies; and the platform-wide first
  page (count + 50 rows), which reads the partial index `foi_open_due`, on SQLite
  also without ANALYZE statistics (as a deployment runs). p50 and p95; target
  p95 < 200 ms. 1,100,000 open and closed cases in the database.

Baselines, measured in the same run, are what a developer would otherwise write:
one ORM COUNT per table cell (25 rows × 7 columns of table 三, 15 cells of table 四,
7 cells of last year's 结转), and for the overdue list loading the agency's cases and
filtering in Python.

Generated data lives in bench/_data/ (SQLite file) or the named PostgreSQL database
and is reused when present (delete bench/_data/ or drop the database to regenerate);
reused data is ANALYZEd again before measuring.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "_data"
DEFAULT_PG = "postgres://gongkai:gongkai@127.0.0.1:55432/gk_bench"
YEAR = 2024
TODAY = dt.date(2025, 1, 20)
BIG_CODE = "BENCH-BIG"
PROVINCE_PREFIX = "BENCH-P-"


def setup_django(db: str, pg_url: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    if db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
        os.environ["GONGKAI_DATA_DIR"] = str(DATA / "sqlite")
    else:
        os.environ["DATABASE_URL"] = pg_url
        os.environ["GONGKAI_DATA_DIR"] = str(DATA / "pg-home")
        _create_pg_database(pg_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _create_pg_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (name,)
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


# ---------------------------------------------------------------------------
# Data.

RESULT_WEIGHTS = {
    "granted": 40,
    "partial": 12,
    "withheld_state_secret": 1,
    "withheld_law_forbids": 1,
    "withheld_security": 1,
    "withheld_third_party": 3,
    "withheld_internal": 2,
    "withheld_process": 3,
    "withheld_enforcement": 2,
    "withheld_admin_query": 2,
    "unable_not_held": 18,
    "unable_needs_creation": 3,
    "unable_still_unclear": 1,
    "not_processed_petition": 2,
    "not_processed_repeat": 2,
    "not_processed_publication": 1,
    "not_processed_excessive": 1,
    "not_processed_confirm": 1,
    "other_no_supplement": 2,
    "other_fee_unpaid": 1,
    "other": 3,
}
TYPES = ["natural_person"] * 80 + [
    "commercial",
    "commercial",
    "commercial",
    "commercial",
    "commercial",
    "commercial",
    "commercial",
    "commercial",
    "research",
    "nonprofit",
    "nonprofit",
    "legal_service",
    "legal_service",
    "legal_service",
    "legal_service",
    "legal_service",
    "other_org",
    "other_org",
    "other_org",
    "other_org",
]


def _applications(agency_id: int, code: str, n: int, rng: random.Random):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from gongkai.foi.models import Application

    codes = list(RESULT_WEIGHTS)
    weights = list(RESULT_WEIGHTS.values())
    first = dt.date(YEAR - 1, 10, 1)
    span = (dt.date(YEAR + 1, 1, 15) - first).days
    closed = {"other_no_supplement", "other_fee_unpaid", "other"}
    tz = timezone.get_current_timezone()
    for i in range(n):
        received = first + dt.timedelta(days=rng.randrange(span))
        # Most cases are answered within about 20 working days; some stay open,
        # and a few of those are overdue.
        open_case = rng.random() < (0.5 if received > dt.date(YEAR, 12, 15) else 0.02)
        result = replied = None
        if open_case:
            status = Application.Status.RECEIVED
        else:
            result = rng.choices(codes, weights)[0]
            replied = received + dt.timedelta(days=rng.randrange(1, 35))
            status = (
                Application.Status.CLOSED
                if result in closed
                else Application.Status.REPLIED
            )
        yield Application(
            agency_id=agency_id,
            status=status,
            tracking_number=f"{code[-6:]}{i:07d}",
            access_code_hash="-",
            applicant_type=rng.choice(TYPES),
            applicant_name="测试申请人",
            id_type="resident_id",
            id_number="110101199003074514",
            phone="13800138000",
            applicant_key=f"k{rng.randrange(50000)}",
            info_title="某某政府信息",
            info_key=f"某某政府信息{rng.randrange(5000)}",
            form="electronic",
            route="online",
            channel="in_person",
            submitted_at=dt.datetime.combine(received, dt.time(9), tz),
            received_date=received,
            due_date=received + dt.timedelta(days=28),
            result=result,
            replied_date=replied,
        )


def ensure_data(big: int, agencies: int, per_agency: int) -> dict[str, int]:
    from django.db import transaction

    from gongkai.core.models import Agency
    from gongkai.foi.models import Application, Remedy

    expected = big + agencies * per_agency
    have = Application.objects.filter(agency__code__startswith="BENCH-").count()
    if have == expected:
        return {"applications": have, "generated": 0}
    if have:
        raise SystemExit(
            f"bench database holds {have} bench applications, expected {expected}: "
            "delete bench/_data/ (SQLite) or drop the PostgreSQL database and rerun"
        )
    rng = random.Random(20240101)
    t0 = time.perf_counter()
    plan = [(BIG_CODE, "基准测试大机关", big)] + [
        (f"{PROVINCE_PREFIX}{i:04d}", f"基准测试机关{i:04d}", per_agency)
        for i in range(1, agencies + 1)
    ]
    total = 0
    for code, name, n in plan:
        with transaction.atomic():
            agency = Agency.objects.create(
                name=name, code=code, slug=code.lower(), level=Agency.Level.COUNTY
            )
            batch = []
            for app in _applications(agency.pk, code, n, rng):
                batch.append(app)
                if len(batch) == 20000:
                    _insert(batch)
                    batch = []
            if batch:
                _insert(batch)
            answered = list(
                Application.objects.filter(agency=agency, result__isnull=False)
                .values_list("pk", "replied_date")
                .order_by("pk")
            )
            remedies = []
            for pk, replied in rng.sample(answered, max(1, len(answered) // 200)):
                filed = replied + dt.timedelta(days=rng.randrange(5, 60))
                outcome = rng.choice(["upheld", "corrected", "other", "pending"])
                decided = (
                    None if outcome == "pending" else filed + dt.timedelta(days=60)
                )
                remedies.append(
                    Remedy(
                        application_id=pk,
                        kind=rng.choice(
                            ["review", "litigation_direct", "litigation_after_review"]
                        ),
                        body="复议机关",
                        filed_date=filed,
                        outcome=outcome,
                        decided_date=decided,
                    )
                )
            Remedy.objects.bulk_create(remedies)
        total += n
        if total % 100_000 < n:
            print(
                f"  generated {total:,} applications ({time.perf_counter() - t0:.0f} s)"
            )
    _analyze()
    return {"applications": total, "generated": total}


def _insert(objs: list) -> None:  # type: ignore[type-arg]
    """bulk_create, or COPY on PostgreSQL (several times faster for a million rows)."""
    from django.db import connection

    model = type(objs[0])
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objs, batch_size=5000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    for obj in objs:
        for f in fields:
            if getattr(f, "auto_now_add", False):
                setattr(obj, f.attname, f.pre_save(obj, add=True))
    sql = (
        f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN"
    )
    with connection.cursor() as cur, cur.cursor.copy(sql) as copy:
        for obj in objs:
            copy.write_row(
                [
                    f.get_db_prep_save(getattr(obj, f.attname), connection)
                    for f in fields
                ]
            )


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE")


# ---------------------------------------------------------------------------
# What is measured.


def report_via_app(agency_id: int) -> int:
    """The app's path: derived tables, last year's carry-over, all table checks."""
    from gongkai.domain import annual_report as ar
    from gongkai.reports import queries

    tables = queries.build_tables(agency_id, YEAR)
    violations = ar.check_report(
        tables, previous=queries.previous_carry_over(agency_id, YEAR)
    )
    if violations:
        raise AssertionError(f"unexpected violations: {violations[:3]}")
    return tables.table3.cell(ar.NEW)


def report_naive(agency_id: int) -> list[list[int]]:
    """One COUNT per cell, the way a report is often first written."""
    from django.db.models import Q

    from gongkai.domain import annual_report as ar
    from gongkai.foi.models import Application, Remedy

    first, last = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    base = Application.objects.filter(kind="disclosure", agency_id=agency_id).exclude(
        status="submitted"
    )
    not_replied_by = lambda d: Q(replied_date__isnull=True) | Q(replied_date__gt=d)  # noqa: E731
    row_filters = {
        ar.NEW: Q(received_date__gte=first, received_date__lte=last),
        ar.CARRIED_IN: Q(received_date__lt=first)
        & not_replied_by(first - dt.timedelta(1)),
        ar.RESULT_TOTAL: Q(replied_date__gte=first, replied_date__lte=last),
        ar.CARRIED_OUT: Q(received_date__lte=last) & not_replied_by(last),
    }
    for code in ar.RESULT_ROWS:
        row_filters[code] = Q(
            replied_date__gte=first, replied_date__lte=last, result=code
        )
    grid = []
    for row in ar.T3_ROWS:
        line = []
        for col in ar.T3_COLUMNS:
            qs = base.filter(row_filters[row])
            if col != ar.TOTAL:
                qs = qs.filter(applicant_type=col)
            line.append(qs.count())
        grid.append(line)
    remedies = Remedy.objects.filter(
        application__agency_id=agency_id, filed_date__lte=last
    )
    remedies = remedies.filter(
        Q(decided_date__isnull=True) | Q(decided_date__gte=first)
    )
    for kind in ar.REMEDY_KINDS:
        for outcome in ar.T4_COLUMNS:
            qs = remedies.filter(kind=kind)
            if outcome == "pending":
                qs = qs.filter(Q(decided_date__isnull=True) | Q(decided_date__gt=last))
            elif outcome != ar.TOTAL:
                qs = qs.filter(outcome=outcome, decided_date__lte=last)
            qs.count()
    prev_last = dt.date(YEAR - 1, 12, 31)
    for col in ar.T3_COLUMNS:
        qs = base.filter(Q(received_date__lte=prev_last) & not_replied_by(prev_last))
        if col != ar.TOTAL:
            qs = qs.filter(applicant_type=col)
        qs.count()
    return grid


def overdue_app(agency_id: int | None) -> int:
    from gongkai.foi import queries

    if agency_id is None:
        qs = queries.list_overdue(TODAY)
        return qs.count() + len(list(qs[:50]))
    return len(list(queries.list_overdue(TODAY, agency_ids=[agency_id])))


def overdue_naive(agency_id: int) -> int:
    from gongkai.foi.models import Application

    rows = [
        a
        for a in Application.objects.filter(agency_id=agency_id).select_related(
            "agency"
        )
        if a.status in Application.OPEN_STATUSES and a.due_date and a.due_date < TODAY
    ]
    rows.sort(key=lambda a: (a.due_date, a.pk))
    return len(rows)


def timed(fn, *args, repeats: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn(*args)
        out.append(time.perf_counter() - t0)
    return out


def p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def run(db: str, args: argparse.Namespace) -> dict[str, object]:
    setup_django(db, args.pg_url)
    from django.db import connection

    from gongkai.core.models import Agency

    t0 = time.perf_counter()
    info = ensure_data(args.big, args.agencies, args.per_agency)
    if not info["generated"]:
        # Statistics as right after generation: a migration applied since may
        # have added an index, or rebuilt a table, which on SQLite drops its
        # statistics and leaves the planner guessing for that table alone.
        _analyze()
    gen = time.perf_counter() - t0
    big = Agency.objects.get(code=BIG_CODE).pk
    province = list(
        Agency.objects.filter(code__startswith=PROVINCE_PREFIX)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    out: dict[str, object] = {
        "db": f"{connection.vendor} {connection.Database.sqlite_version if db == 'sqlite' else connection.pg_version}",
        "applications": info["applications"],
        "generation_s": round(gen, 1),
    }
    print(f"[{db}] {info['applications']:,} applications ready ({gen:.0f} s)")

    # Correctness first: the app path and the naive path agree.
    from gongkai.reports import queries

    assert queries.build_tables(big, YEAR).table3.grid() == report_naive(big)
    report_via_app(big)  # warm

    one = timed(report_via_app, big, repeats=args.repeats)
    one_naive = timed(report_naive, big, repeats=max(1, args.repeats // 2))
    out["report_one_median_s"] = statistics.median(one)
    out["report_one_naive_median_s"] = statistics.median(one_naive)
    print(
        f"[{db}] report, 1 agency × {args.big:,} applications: median "
        f"{statistics.median(one):.3f} s (naive per-cell COUNT {statistics.median(one_naive):.3f} s,"
        f" ×{statistics.median(one_naive) / statistics.median(one):.1f})"
    )

    def province_app() -> None:
        for pk in province:
            report_via_app(pk)

    naive_sample = province[: args.naive_sample] if args.naive_sample else province

    def province_naive() -> None:
        for pk in naive_sample:
            report_naive(pk)

    prov = timed(province_app, repeats=args.province_repeats)
    # The naive baseline takes minutes per run: it runs once, on the first
    # --naive-sample agencies, and is scaled to all agencies (said in the output).
    scale = len(province) / len(naive_sample)
    prov_naive = [t * scale for t in timed(province_naive, repeats=1)]
    out["report_province_median_s"] = statistics.median(prov)
    out["report_province_naive_s"] = prov_naive[0]
    out["report_province_naive_agencies_measured"] = len(naive_sample)
    ratio = f", ×{prov_naive[0] / statistics.median(prov):.1f}"
    naive_txt = f"{prov_naive[0]:.1f} s"
    if scale != 1:
        naive_txt += f" extrapolated from {len(naive_sample)} agencies"
    print(
        f"[{db}] reports, {len(province):,} agencies × {args.per_agency:,} applications: "
        f"median {statistics.median(prov):.2f} s (naive per-cell COUNT {naive_txt}{ratio})"
    )

    rng = random.Random(7)
    sample = [rng.choice(province) for _ in range(args.overdue_samples)]
    for pk in sample[:5]:
        overdue_app(pk)
    per_agency = [timed(overdue_app, pk, repeats=1)[0] for pk in sample]
    per_agency_naive = [timed(overdue_naive, pk, repeats=1)[0] for pk in sample]
    platform = timed(overdue_app, None, repeats=max(10, args.overdue_samples // 10))
    for name, values in (
        ("overdue_agency", per_agency),
        ("overdue_agency_naive", per_agency_naive),
        ("overdue_platform_page", platform),
    ):
        out[f"{name}_p50_ms"] = round(statistics.median(values) * 1000, 2)
        out[f"{name}_p95_ms"] = round(p95(values) * 1000, 2)
    print(
        f"[{db}] overdue list, one agency: p50 {out['overdue_agency_p50_ms']} ms, "
        f"p95 {out['overdue_agency_p95_ms']} ms (naive Python filter p95 "
        f"{out['overdue_agency_naive_p95_ms']} ms); platform-wide count + first 50: "
        f"p50 {out['overdue_platform_page_p50_ms']} ms, p95 {out['overdue_platform_page_p95_ms']} ms"
    )
    if db == "sqlite":
        # A deployment's SQLite file has no statistics unless someone runs
        # ANALYZE: the platform-wide page must not depend on them.
        with connection.cursor() as cur:
            cur.execute("DELETE FROM sqlite_stat1")
        connection.close()  # statistics are read when a connection opens
        overdue_app(None)  # warm
        bare = timed(overdue_app, None, repeats=max(10, args.overdue_samples // 10))
        _analyze()
        connection.close()
        out["overdue_platform_page_unanalyzed_p50_ms"] = round(
            statistics.median(bare) * 1000, 2
        )
        out["overdue_platform_page_unanalyzed_p95_ms"] = round(p95(bare) * 1000, 2)
        print(
            f"[{db}] platform-wide count + first 50 without ANALYZE statistics: "
            f"p50 {out['overdue_platform_page_unanalyzed_p50_ms']} ms, "
            f"p95 {out['overdue_platform_page_unanalyzed_p95_ms']} ms"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"])
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_PG))
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--agencies", type=int, default=1_000)
    parser.add_argument("--per-agency", type=int, default=1_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--province-repeats", type=int, default=3)
    parser.add_argument("--overdue-samples", type=int, default=200)
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=50,
        help="agencies the naive province baseline runs on (0 = all)",
    )
    args = parser.parse_args()
    if args.db is None:
        # Django configures one database per process: one child per backend.
        for db in ("sqlite", "postgres"):
            cmd = [sys.executable, __file__, "--db", db, *sys.argv[1:]]
            subprocess.run(cmd, check=True)
        return
    DATA.mkdir(parents=True, exist_ok=True)
    print(f"$ python bench/foi.py {' '.join(sys.argv[1:])}")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    result = run(args.db, args)
    print("RESULT " + json.dumps(result, ensure_ascii=False, default=str))


if __name__ == "__main__":
    main()
