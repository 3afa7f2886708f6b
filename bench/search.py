"""Search speed: gongkai on SQLite and PostgreSQL against SQLite FTS5 `trigram`.

    python bench/search.py --scales 3517,150000,1000000 \
        --pg-url postgres://gongkai:gongkai@127.0.0.1:55432/gk_search_bench

Data: /work/shared/corpus/documents.jsonl (or --corpus) at three scales:
  * 3517 documents as they are;
  * article-level passages: each body split at lines matching
    ^第[一二三四五六七八九十百千零〇]+条 (about 150,000 passages);
  * 1,000,000 rows: the passages replicated with distinct keys (speed only). The
    replicas are copied by SQL from the indexed passages, so that scale reports
    index size and query latency, not indexing throughput.

For each backend, in one run on the same data:
  * index build time and throughput (MB of UTF-8 title+body per second, word
    segmentation and bigrams included; gongkai uses 2 worker processes);
  * index size on disk;
  * latency p50/p95/p99 of a fixed mix of queries (single words, two-character
    words, multi-word, title fragments, 文号 in several bracket styles, no-hit
    queries), each run as the portal runs it: total count, facet counts, the first
    page of 10 ranked hits with highlighted snippets.

The baseline is what a developer gets for free: an FTS5 table with the built-in
trigram tokenizer over the raw title and body, queried with each space-separated
term as a quoted phrase, bm25 order, the same facet GROUP BYs and FTS5 snippet().

Each backend runs in its own process (`--worker`), the parent prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "_data"
CORPUS = Path("/work/shared/corpus/documents.jsonl")
ARTICLE = re.compile(r"^第[一二三四五六七八九十百千零〇]+条", re.M)
VALIDITY = {"有效": "valid", "已修改": "amended", "尚未生效": "not_yet_effective"}
SEED = 20240601


# --- data ---------------------------------------------------------------------------


def load_documents(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def split_passages(doc: dict) -> list[dict]:
    body = doc["body"]
    starts = [m.start() for m in ARTICLE.finditer(body)]
    if not starts:
        return [dict(doc, id=f"{doc['id']}#a0")]
    cuts = [0, *starts] if starts[0] > 0 else starts
    out = []
    for n, (a, b) in enumerate(zip(cuts, [*cuts[1:], len(body)], strict=True)):
        text = body[a:b].strip()
        if text:
            out.append(dict(doc, id=f"{doc['id']}#a{n}", body=text))
    return out


def rows_for_scale(docs: list[dict], scale: int) -> tuple[list[dict], int]:
    """(distinct rows to index, replicas per row to add by SQL copy)."""
    if scale <= len(docs):
        return docs[:scale], 0
    passages = [p for d in docs for p in split_passages(d)]
    if scale <= len(passages) * 1.2:
        return passages[:scale], 0
    return passages, max(0, round(scale / len(passages)) - 1)


def entry_of(row: dict):  # type: ignore[no-untyped-def]
    import datetime as dt

    from gongkai.search.entry import Entry

    published = (
        dt.date.fromisoformat(row["published"]) if row.get("published") else None
    )
    return Entry(
        kind="passage" if "#" in row["id"] else "document",
        key=row["id"],
        title=row["title"],
        body=row["body"],
        url=f"/documents/{row['id']}/",
        external_id=row["id"],
        doc_number=row.get("doc_number") or "",
        agency=row.get("agency") or "",
        genre=row.get("category") or "",
        validity=VALIDITY.get(row.get("validity") or "", ""),
        published_date=published,
    )


# --- the query mix --------------------------------------------------------------------

SINGLE_WORDS = [
    "政务公开",
    "行政处罚",
    "行政许可",
    "环境保护",
    "安全生产",
    "食品安全",
    "个人信息",
    "劳动合同",
    "社会保险",
    "土地管理",
    "税收征收",
    "消费者权益",
    "知识产权",
    "未成年人",
    "城乡规划",
    "文物保护",
    "突发事件",
    "公共卫生",
    "道路交通",
    "营商环境",
    "乡村振兴",
    "数据安全",
    "应急管理",
    "信息公开",
    "住房公积金",
    "医疗保障",
    "义务教育",
    "生态环境",
    "行政复议",
    "国家赔偿",
    "市场监督",
    "残疾人",
    "野生动物",
    "水污染",
    "网络安全",
    "审计监督",
    "统计调查",
    "广告",
    "烟草专卖",
    "人民调解",
]
TWO_CHAR = [
    "税收",
    "土地",
    "医保",
    "社保",
    "环保",
    "教育",
    "公开",
    "审计",
    "统计",
    "消防",
    "海关",
    "邮政",
    "森林",
    "草原",
    "渔业",
    "矿产",
    "港口",
    "铁路",
    "航空",
    "电力",
    "煤炭",
    "气象",
    "测绘",
    "档案",
    "保密",
    "宗教",
    "民族",
    "侨务",
    "国防",
    "兵役",
]
NO_HIT = [
    "量子纠缠火星殖民",
    "区块链元宇宙币",
    "星际航行许可证",
    "外星人登记办法",
    "时空穿越管理",
    "恐龙保护条例",
    "魔法学校招生",
    "龙宫建设规划",
    "月球房地产税",
    "独角兽饲养",
    "xyzzy plugh",
    "qwertyuiop",
    "火锅底料配方大全",
    "量子计算机彩票",
    "黑洞排污许可",
    "星际快递条例",
    "机器人选举法",
    "平行宇宙公证",
    "蓬莱仙境开发",
    "反重力交通规则",
]


def query_mix(
    docs: list[dict], n_fragments: int = 40, n_doc_numbers: int = 40
) -> list[tuple[str, str]]:
    """(kind, query) pairs, deterministic for a given corpus."""
    rng = random.Random(SEED)
    mix: list[tuple[str, str]] = [("word", w) for w in SINGLE_WORDS]
    mix += [("two_char", w) for w in TWO_CHAR]
    pairs = list(zip(SINGLE_WORDS, reversed(TWO_CHAR), strict=False))
    mix += [("multi_word", f"{a} {b}") for a, b in pairs[:30]]
    titles = [d["title"] for d in docs if len(d["title"]) >= 10]
    for _ in range(n_fragments):
        t = rng.choice(titles)
        size = rng.randint(4, 8)
        start = rng.randint(0, len(t) - size)
        mix.append(("title_fragment", t[start : start + size]))
    numbered = [
        d["doc_number"] for d in docs if d.get("doc_number") and "〔" in d["doc_number"]
    ]
    styles = [
        lambda s: s,
        lambda s: s.replace("〔", "[").replace("〕", "]"),
        lambda s: s.replace("〔", "(").replace("〕", ")"),
        lambda s: s.replace("〔", "【").replace("〕", "】"),
        lambda s: re.sub(r"〔(\d+)〕(\d+)号", r" \1 \2", s),
    ]
    for i in range(n_doc_numbers):
        mix.append(("doc_number", styles[i % len(styles)](rng.choice(numbered))))
    mix += [("no_hit", q) for q in NO_HIT]
    return mix


# --- workers ----------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict[str, float]:
    s = sorted(values)

    def pct(p: float) -> float:
        k = min(len(s) - 1, max(0, round(p / 100 * (len(s) - 1))))
        return round(s[k] * 1000, 2)

    return {
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "mean": round(statistics.mean(s) * 1000, 2),
    }


def text_mb(rows: list[dict]) -> float:
    return sum(len(r["title"].encode()) + len(r["body"].encode()) for r in rows) / 1e6


def setup_django(db_url: str | None, data_dir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    if db_url:
        os.environ["DATABASE_URL"] = db_url
    else:
        os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def worker_gongkai(backend: str, scale: int, args: argparse.Namespace) -> dict:
    data_dir = DATA / f"{backend}-{scale}"
    reuse = args.reuse and (data_dir / "built").exists()
    if not reuse:
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
    db_url = None
    if backend == "gongkai-pg":
        import psycopg

        base, _, name = args.pg_url.rpartition("/")
        name = f"{name}_{scale}"
        db_url = f"{base}/{name}"
        if not reuse:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
                conn.execute(f'CREATE DATABASE "{name}"')
    setup_django(db_url, data_dir)
    from django.core.management import call_command
    from django.db import connection

    from gongkai.search import index
    from gongkai.search.params import SearchParams
    from gongkai.search.queries import search

    docs = load_documents(args.corpus)
    if reuse:  # query the index built by an earlier run (latency only)
        result = json.loads((data_dir / "built").read_text(encoding="utf-8"))
        return {**result, **run_queries(docs, search, SearchParams)}
    call_command("migrate", verbosity=0)
    rows, replicas = rows_for_scale(docs, scale)
    entries = [entry_of(r) for r in rows]
    mb = text_mb(rows)
    index.register_source(entries[0].kind, lambda: entries)
    started = time.perf_counter()
    index.rebuild(jobs=args.jobs)
    build = time.perf_counter() - started
    result = {
        "backend": backend,
        "scale": scale,
        "rows": len(rows) * (replicas + 1),
        "text_mb": round(mb * (replicas + 1), 1),
        "build_s": round(build, 1),
        "mb_per_s": round(mb / build, 2),
    }
    if replicas:
        started = time.perf_counter()
        replicate(connection, replicas)
        result["replicate_s"] = round(time.perf_counter() - started, 1)
        result["build_s"] = None
        result["mb_per_s"] = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE search_searchentry")
            cur.execute("VACUUM ANALYZE search_entrytext")
            cur.execute(
                "SELECT pg_total_relation_size('search_searchentry') "
                "+ pg_total_relation_size('search_facetset') "
                "+ pg_total_relation_size('search_facetsetvalue') "
                "+ pg_total_relation_size('search_entrytext'), "
                "pg_relation_size('search_entry_vec')"
            )
            total, gin = cur.fetchone()
        result["size_mb"] = round(total / 1e6, 1)
        result["fulltext_mb"] = round(gin / 1e6, 1)
    else:
        with connection.cursor() as cur:
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.execute("VACUUM")
        db_file = Path(connection.settings_dict["NAME"])
        result["size_mb"] = round(db_file.stat().st_size / 1e6, 1)
        result["fulltext_mb"] = fts_size(db_file)
    (data_dir / "built").write_text(json.dumps(result), encoding="utf-8")
    return {**result, **run_queries(docs, search, SearchParams)}


def run_queries(docs: list[dict], search, SearchParams) -> dict:  # type: ignore[no-untyped-def]
    """Latency of the query mix, each query run twice, the second run timed."""
    mix = query_mix(docs)
    latencies: dict[str, list[float]] = {}
    totals = []
    result: dict = {}
    for q_round in range(2):  # the first round warms caches
        for kind, q in mix:
            params = SearchParams(q=q, page_size=10)
            t0 = time.perf_counter()
            res = search(params)
            elapsed = time.perf_counter() - t0
            if q_round:
                latencies.setdefault(kind, []).append(elapsed)
                totals.append(res.total)
    every = [x for v in latencies.values() for x in v]
    result["queries"] = len(every)
    result["latency_ms"] = percentiles(every)
    result["by_kind_p95_ms"] = {k: percentiles(v)["p95"] for k, v in latencies.items()}
    result["zero_hit_queries"] = sum(1 for t in totals if t == 0)
    return result


def replicate(connection, replicas: int) -> None:  # type: ignore[no-untyped-def]
    """Copy every indexed row `replicas` times with keys <key>~k (speed tests only)."""
    cols = (
        "kind, facet_set_id, title_key, doc_number_key, written_date, "
        "published_date, boost, indexed_at"
    )
    text_cols = (
        "title_words, body_words, exact_keys, external_id, title, url, doc_number, "
        "index_number, agency, topic, genre, validity, body"
    )
    if connection.vendor == "sqlite":
        from gongkai.domain.tokenizer import default_tokenizer

        connection.ensure_connection()
        connection.connection.create_function(
            "gk_bigrams", 1, default_tokenizer().bigrams_text, deterministic=True
        )
        # as index.rebuild does for bulk writes: the default 2 MB page cache makes
        # copying a million rows and merging their segments take far longer
        connection.connection.execute("PRAGMA cache_size = -262144")
    with connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM search_searchentry")
        top = cur.fetchone()[0]
        for k in range(1, replicas + 1):
            offset = top * k
            vec = ", vec" if connection.vendor == "postgresql" else ""
            cur.execute(
                f"INSERT INTO search_searchentry (id, key, {cols}{vec}) "
                f"SELECT id + %s, key || '~{k}', {cols}{vec} FROM search_searchentry "
                "WHERE id <= %s",
                [offset, top],
            )
            cur.execute(
                f"INSERT INTO search_entrytext (entry_id, {text_cols}) "
                f"SELECT entry_id + %s, {text_cols} FROM search_entrytext "
                "WHERE entry_id <= %s",
                [offset, top],
            )
            if connection.vendor == "sqlite":
                # the FTS5 table keeps no text: word streams from EntryText, the
                # bigrams made again from the stored title and body
                cur.execute(
                    "INSERT INTO search_fts (rowid, tw, tb, bw, bb, ex) "
                    "SELECT entry_id + %s, title_words, gk_bigrams(title), "
                    "body_words, gk_bigrams(body), exact_keys FROM search_entrytext "
                    "WHERE entry_id <= %s",
                    [offset, top],
                )
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT setval(pg_get_serial_sequence('search_searchentry', 'id'), "
                "(SELECT max(id) FROM search_searchentry))"
            )
        else:
            cur.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


def fts_size(db_file: Path) -> float | None:
    conn = sqlite3.connect(db_file)
    try:
        rows = conn.execute(
            "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_fts%' OR name LIKE 'trigram%'"
        ).fetchone()
        return round((rows[0] or 0) / 1e6, 1)
    except sqlite3.OperationalError:  # dbstat not compiled in
        return None
    finally:
        conn.close()


# --- baseline: FTS5 trigram on the raw text ---------------------------------------------


def trigram_match(q: str) -> str | None:
    terms = [t for t in q.split() if t]
    if not terms:
        return None
    return " AND ".join('"' + t.replace('"', '""') + '"' for t in terms)


def worker_trigram(scale: int, args: argparse.Namespace) -> dict:
    data_dir = DATA / f"trigram-{scale}"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    db_file = data_dir / "trigram.sqlite3"
    conn = sqlite3.connect(db_file, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(
        "CREATE TABLE entry (id INTEGER PRIMARY KEY, key TEXT, title TEXT, url TEXT, "
        "doc_number TEXT, agency TEXT, genre TEXT, validity TEXT, year INTEGER, "
        "published_date TEXT)"
    )
    conn.execute(
        "CREATE VIRTUAL TABLE trigram USING fts5(title, body, tokenize='trigram')"
    )
    docs = load_documents(args.corpus)
    rows, replicas = rows_for_scale(docs, scale)
    mb = text_mb(rows)
    started = time.perf_counter()
    conn.execute("BEGIN")
    for i, r in enumerate(rows, 1):
        conn.execute(
            "INSERT INTO entry VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                i,
                r["id"],
                r["title"],
                f"/documents/{r['id']}/",
                r.get("doc_number") or "",
                r.get("agency") or "",
                r.get("category") or "",
                VALIDITY.get(r.get("validity") or "", ""),
                int(r["published"][:4]) if r.get("published") else None,
                r.get("published"),
            ),
        )
        conn.execute(
            "INSERT INTO trigram (rowid, title, body) VALUES (?, ?, ?)",
            (i, r["title"], r["body"]),
        )
    conn.execute("INSERT INTO trigram(trigram) VALUES ('optimize')")
    conn.execute("COMMIT")
    build = time.perf_counter() - started
    result = {
        "backend": "trigram",
        "scale": scale,
        "rows": len(rows) * (replicas + 1),
        "text_mb": round(mb * (replicas + 1), 1),
        "build_s": round(build, 1),
        "mb_per_s": round(mb / build, 2),
    }
    if replicas:
        started = time.perf_counter()
        top = len(rows)
        conn.execute("BEGIN")
        for k in range(1, replicas + 1):
            conn.execute(
                "INSERT INTO entry SELECT id + ?, key || '~' || ?, title, url, doc_number, agency, "
                "genre, validity, year, published_date FROM entry WHERE id <= ?",
                (top * k, k, top),
            )
            conn.execute(
                "INSERT INTO trigram (rowid, title, body) SELECT rowid + ?, title, body "
                "FROM trigram WHERE rowid <= ?",
                (top * k, top),
            )
        conn.execute("INSERT INTO trigram(trigram) VALUES ('optimize')")
        conn.execute("COMMIT")
        result["replicate_s"] = round(time.perf_counter() - started, 1)
        result["build_s"] = None
        result["mb_per_s"] = None
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    result["size_mb"] = round(db_file.stat().st_size / 1e6, 1)
    result["fulltext_mb"] = fts_size(db_file)
    mix = query_mix(docs)
    latencies: dict[str, list[float]] = {}
    totals = []
    for q_round in range(2):
        for kind, q in mix:
            t0 = time.perf_counter()
            total = trigram_search(conn, q)
            elapsed = time.perf_counter() - t0
            if q_round:
                latencies.setdefault(kind, []).append(elapsed)
                totals.append(total)
    every = [x for v in latencies.values() for x in v]
    result["queries"] = len(every)
    result["latency_ms"] = percentiles(every)
    result["by_kind_p95_ms"] = {k: percentiles(v)["p95"] for k, v in latencies.items()}
    result["zero_hit_queries"] = sum(1 for t in totals if t == 0)
    conn.close()
    return result


def trigram_search(conn: sqlite3.Connection, q: str, limit: int = 10) -> int:
    """Count, facets, first page with snippets: what the portal page needs."""
    match = trigram_match(q)
    if match is None:
        return 0
    src = "FROM trigram JOIN entry e ON e.id = trigram.rowid WHERE trigram MATCH ?"
    total = 0
    for (n,) in conn.execute(f"SELECT COUNT(*) {src}", (match,)):
        total = n
    if not total:
        return 0
    conn.execute(
        f"SELECT e.genre, e.validity, e.year, COUNT(*) {src} GROUP BY 1, 2, 3", (match,)
    ).fetchall()
    conn.execute(f"SELECT e.agency, COUNT(*) {src} GROUP BY 1", (match,)).fetchall()
    conn.execute(
        f"SELECT e.id, e.title, snippet(trigram, 1, '<mark>', '</mark>', '…', 40) {src} "
        "ORDER BY rank LIMIT ?",
        (match, limit),
    ).fetchall()
    return total


def trigram_rank(conn: sqlite3.Connection, q: str, limit: int = 10) -> list[str]:
    """Top keys in bm25 order (for bench/search_quality.py)."""
    match = trigram_match(q)
    if match is None:
        return []
    return [
        k
        for (k,) in conn.execute(
            "SELECT e.key FROM trigram JOIN entry e ON e.id = trigram.rowid "
            "WHERE trigram MATCH ? ORDER BY rank LIMIT ?",
            (match, limit),
        )
    ]


# --- parent -----------------------------------------------------------------------------

BACKENDS = ("gongkai-sqlite", "gongkai-pg", "trigram")


def run_worker(backend: str, scale: int, args: argparse.Namespace) -> dict:
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        backend,
        "--scales",
        str(scale),
        "--corpus",
        str(args.corpus),
        "--jobs",
        str(args.jobs),
    ]
    if args.pg_url:
        cmd += ["--pg-url", args.pg_url]
    if args.reuse:
        cmd.append("--reuse")
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def fmt(v: object) -> str:
    return "—" if v is None else str(v)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", default="3517,150000,1000000")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--pg-url", default=os.environ.get("BENCH_PG_URL", ""))
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument(
        "--jobs", type=int, default=2, help="segmentation worker processes"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="query an index built by an earlier run (no build figures)",
    )
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--json-out", type=Path, default=DATA / "search-results.json")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    if args.worker:
        if args.worker == "trigram":
            res = worker_trigram(scales[0], args)
        else:
            res = worker_gongkai(args.worker, scales[0], args)
        print(json.dumps(res, ensure_ascii=False))
        return
    backends = [b for b in args.backends.split(",") if b]
    if "gongkai-pg" in backends and not args.pg_url:
        backends.remove("gongkai-pg")
        print("gongkai-pg skipped: no --pg-url", file=sys.stderr)
    print(f"# {' '.join([Path(sys.argv[0]).name, *sys.argv[1:]])}")
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}  {machine()}")
    results = []
    header = "| scale | backend | rows | build s | MB/s | size MB | FTS MB | p50 ms | p95 ms | p99 ms | zero-hit queries |"
    print(header)
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for scale in scales:
        for backend in backends:
            r = run_worker(backend, scale, args)
            results.append(r)
            lat = r["latency_ms"]
            print(
                f"| {scale} | {backend} | {r['rows']} | {fmt(r['build_s'])} | {fmt(r['mb_per_s'])} | "
                f"{r['size_mb']} | {fmt(r['fulltext_mb'])} | {lat['p50']} | {lat['p95']} | "
                f"{lat['p99']} | {r['zero_hit_queries']}/{r['queries']} |",
                flush=True,
            )
    for r in results:
        print(f"# {r['scale']} {r['backend']} p95 by kind (ms): {r['by_kind_p95_ms']}")
    args.json_out.parent.mkdir(parents=True, exist_ok=True)
    args.json_out.write_text(
        json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8"
    )


def machine() -> str:
    import platform

    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )


if __name__ == "__main__":
    main()
