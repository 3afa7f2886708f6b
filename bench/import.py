"""Benchmark: importing the corpus (3,517 documents) on SQLite and PostgreSQL.

    python bench/import.py                            # both backends
    python bench/import.py --db sqlite --repeats 3
    python bench/import.py --db postgres --pg-url postgres://gongkai:gongkai@127.0.0.1:55432/gk_bench_import
    python bench/import.py --corpus /work/shared/corpus/documents.jsonl --sample 150 --jobs 1 2

What is measured (wall clock, medians of --repeats runs, each on a fresh database):

* fast: `publishing.importing.import_jsonl` over the whole corpus into one owner
  agency (`gongkai import-documents FILE --agency CODE`): parse and validate each
  line, text → HTML, one transaction per 500 records with bulk inserts, 索引号,
  有效性, one audit event per record, and the search index (word segmentation of
  20 million characters) in the same transactions. `--jobs` is the number of worker
  processes segmenting text for the search index.
* reimport: the same file imported again into the filled database; every record
  is compared and found unchanged (the idempotent second run).
* baseline: what a developer would otherwise write — each record through the
  ordinary per-record workflow: `actions.create_document`, `submit_for_review`,
  `pass_review`, `approve_and_publish` (which takes the 索引号 and indexes the
  record one at a time). It is run on an evenly spaced sample of --sample records
  and extrapolated to the corpus by its per-record time; the fast path is timed on
  the same sample for a like-for-like ratio.

Each measurement runs in a child process (`--worker`) so every run starts from an
empty, freshly migrated database. The machine is shared: the load average is
printed with the results.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "_data" / "import"
DEFAULT_CORPUS = Path("/work/shared/corpus/documents.jsonl")
DEFAULT_PG = "postgres://gongkai:gongkai@127.0.0.1:55432/gk_bench_import"
OWNER_CODE = "BENCH-IMPORT"


# --- child process ------------------------------------------------------------------


def _reset_pg(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _setup(db: str, pg_url: str) -> Path | None:
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    home = DATA / f"run-{uuid.uuid4().hex[:8]}"
    home.mkdir(parents=True)
    os.environ["GONGKAI_DATA_DIR"] = str(home)
    if db == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    else:
        os.environ["DATABASE_URL"] = pg_url
        _reset_pg(pg_url)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return home


def _owner():  # type: ignore[no-untyped-def]
    from gongkai.core.models import Agency, Membership, Role, User

    owner = Agency.objects.create(
        name="基准测试县人民政府",
        code=OWNER_CODE,
        slug="bench-import",
        level=Agency.Level.COUNTY,
    )
    user = User.objects.create(username="bench")
    for role in (Role.DRAFTER, Role.REVIEWER, Role.APPROVER):
        Membership.objects.create(user=user, agency=owner, role=role)
    return owner, user


def _cpu() -> float:
    """CPU seconds of this process and its finished children (user + system)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _sample_lines(corpus: Path, n: int) -> list[tuple[int, bytes]]:
    with open(corpus, "rb") as fh:
        lines = [line for line in fh if line.strip()]
    step = max(1, len(lines) // n)
    return [(i + 1, lines[i]) for i in range(0, len(lines), step)][:n]


def worker(args: argparse.Namespace) -> dict[str, object]:
    home = _setup(args.db, args.pg_url)
    try:
        from gongkai.publishing import importing

        owner, user = _owner()
        if args.mode == "fast":
            t0, c0 = time.perf_counter(), _cpu()
            s = importing.import_jsonl(args.corpus, owner=owner, jobs=args.jobs)
            t1, c1 = time.perf_counter(), _cpu()
            again = importing.import_jsonl(args.corpus, owner=owner)
            t2 = time.perf_counter()
            return {
                "seconds": t1 - t0,
                "cpu": c1 - c0,
                "created": s.created,
                "rejected": len(s.rejected),
                "reimport_seconds": t2 - t1,
                "unchanged": again.unchanged,
            }
        sample = _sample_lines(args.corpus, args.sample)
        if args.mode == "fast-sample":
            t0, c0 = time.perf_counter(), _cpu()
            seen: dict[str, int] = {}
            items = [importing._parse_line(raw, n, seen) for n, raw in sample]
            s = importing.Importer(owner=owner, jobs=args.jobs).run(items)
            return {
                "seconds": time.perf_counter() - t0,
                "cpu": _cpu() - c0,
                "n": s.created,
            }
        # baseline: the ordinary per-record workflow
        import json as _json

        from gongkai.lib.html import text_to_html
        from gongkai.publishing import actions

        t0, c0 = time.perf_counter(), _cpu()
        for n, raw in sample:
            obj = _json.loads(raw)
            rec = importing.parse_record(obj, n)
            fields = rec.fields()
            fields.pop("doc_number_normalized")
            fields["body_html"] = text_to_html(obj["body"])
            doc = actions.create_document(
                agency=owner, by=user, external_id=rec.external_id, **fields
            )
            rev = doc.revisions.get()
            actions.submit_for_review(rev, by=user)
            actions.pass_review(rev, by=user)
            actions.approve_and_publish(rev, by=user)
        return {
            "seconds": time.perf_counter() - t0,
            "cpu": _cpu() - c0,
            "n": len(sample),
        }
    finally:
        if home is not None:
            shutil.rmtree(home, ignore_errors=True)


# --- parent process -----------------------------------------------------------------


def run_child(db: str, mode: str, args: argparse.Namespace, jobs: int = 1) -> dict:  # type: ignore[type-arg]
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        "--db",
        db,
        "--mode",
        mode,
        "--corpus",
        str(args.corpus),
        "--pg-url",
        args.pg_url,
        "--sample",
        str(args.sample),
        "--jobs",
        str(jobs),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"worker failed: {' '.join(cmd)}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_average() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import sqlite3

    load = load_average()
    return (
        f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}; load average at start {load}"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    p.add_argument("--pg-url", default=DEFAULT_PG)
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--sample", type=int, default=150)
    p.add_argument("--jobs", type=int, nargs="+", default=[1])
    p.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--mode", default="fast", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.worker:
        args.jobs = args.jobs[0]
        print(json.dumps(worker(args)))
        return

    with open(args.corpus, "rb") as fh:
        total = sum(1 for line in fh if line.strip())
    print(f"# import benchmark — {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"machine: {machine()}")
    print(f"command: python bench/import.py {' '.join(sys.argv[1:])}".rstrip())
    print(f"corpus: {args.corpus} ({total} records); repeats: {args.repeats}")
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for db in dbs:
        print(f"\n## {db}")
        for jobs in args.jobs:
            runs = [run_child(db, "fast", args, jobs) for _ in range(args.repeats)]
            fast = statistics.median(r["seconds"] for r in runs)
            each = ", ".join(f"{r['seconds']:.1f}" for r in runs)
            cpu = statistics.median(r["cpu"] for r in runs)
            re_run = statistics.median(r["reimport_seconds"] for r in runs)
            print(
                f"fast path, --jobs {jobs}: median {fast:.1f} s for {runs[0]['created']} "
                f"documents ({runs[0]['created'] / fast:.0f} docs/s; runs "
                f"{each} s); CPU time median {cpu:.1f} s"
            )
            print(
                f"re-import (all unchanged): median {re_run:.1f} s "
                f"({runs[0]['unchanged']} unchanged)"
            )
        print(f"(load average now {load_average()})")
        base = [run_child(db, "baseline", args) for _ in range(args.repeats)]
        same = [run_child(db, "fast-sample", args) for _ in range(args.repeats)]
        n = base[0]["n"]
        per_base = statistics.median(r["seconds"] for r in base) / n
        per_fast = statistics.median(r["seconds"] for r in same) / same[0]["n"]
        cpu_base = statistics.median(r["cpu"] for r in base) / n
        cpu_fast = statistics.median(r["cpu"] for r in same) / same[0]["n"]
        print(
            f"baseline (per-record workflow) on an evenly spaced sample of {n}: "
            f"median {per_base * 1000:.0f} ms/record → extrapolated to {total}: "
            f"{per_base * total:.0f} s (CPU {cpu_base * 1000:.0f} ms/record → "
            f"{cpu_base * total:.0f} s)"
        )
        print(
            f"fast path on the same sample: {per_fast * 1000:.0f} ms/record "
            f"(CPU {cpu_fast * 1000:.0f} ms/record); "
            f"ratio baseline/fast on the sample: {per_base / per_fast:.1f}×"
        )
        print(
            f"ratio extrapolated baseline / measured full fast import: "
            f"{per_base * total / fast:.1f}×"
        )


if __name__ == "__main__":
    main()
