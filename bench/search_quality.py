"""Search quality: MRR@10 and Recall@10 of gongkai and SQLite FTS5 trigram, per kind.

    python bench/search_quality.py [--corpus documents.jsonl] [--pg-url URL]

Both indexes hold the 3,517 corpus documents (no passages, no replicas: duplicates
would distort the metrics). Queries are built from the corpus by the rules below,
with a fixed seed, so every run judges the same queries.

Kinds and how their queries and relevant sets are made:

* title_fragment (50): a random 5–8 character substring of a random title (any
  offset, so usually not on word boundaries). Relevant: every document whose title
  contains the fragment; fragments found in more than 5 titles are skipped (a
  known-item search, not a topic).
* doc_number (50): the 文号 of a document with a bracketed number, written in one of
  six styles in turn: 〔〕, [], (), 【】, （） and the loose `国办发 2020 17`.
  Relevant: the documents whose 文号 normalises to the same number.
* word_pair (30): two different words (2+ characters, not stopwords) of one title,
  separated by a space. Relevant: documents whose title contains both words; pairs
  with more than 20 such titles are skipped.
* traditional (30): a title fragment as above converted to traditional characters
  with OpenCC s2t (skipped if unchanged). Relevant: as for its simplified fragment.
* abbreviation (up to 30): for each synonym group in gongkai/domain/data/synonyms.txt
  and each title containing a longer member F, the title's F plus the next 2–4
  characters, with F replaced by the shortest member (个人所得税法 → 个税法).
  Relevant: documents whose title contains the unabbreviated fragment.

MRR@10: mean of 1/rank of the first relevant document in the top 10 (0 if none).
Recall@10: mean of |relevant ∩ top 10| / min(|relevant|, 10).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search import (  # bench/search.py
    CORPUS,
    DATA,
    entry_of,
    load_documents,
    machine,
    setup_django,
    trigram_rank,
)

SEED = 7
MAX_FRAGMENT_TITLES = 5
MAX_PAIR_TITLES = 20


def build_queries(docs: list[dict]) -> list[dict]:
    import opencc

    from gongkai.domain.docnumber import normalize_doc_number
    from gongkai.domain.searchquery import load_synonym_groups
    from gongkai.domain.tokenizer import STOPWORDS, tokenize

    rng = random.Random(SEED)
    titles = [(d["id"], d["title"]) for d in docs]
    queries: list[dict] = []

    def containing(*parts: str) -> list[str]:
        return [i for i, t in titles if all(p in t for p in parts)]

    def fragments(n: int) -> list[tuple[str, list[str]]]:
        out: list[tuple[str, list[str]]] = []
        seen = set()
        while len(out) < n:
            _, title = rng.choice(titles)
            if len(title) < 8:
                continue
            size = rng.randint(5, 8)
            start = rng.randint(0, len(title) - size)
            frag = title[start : start + size].strip()
            if len(frag) < 5 or frag in seen or " " in frag:
                continue
            rel = containing(frag)
            if 0 < len(rel) <= MAX_FRAGMENT_TITLES:
                seen.add(frag)
                out.append((frag, rel))
        return out

    for frag, rel in fragments(50):
        queries.append({"kind": "title_fragment", "q": frag, "relevant": rel})

    s2t = opencc.OpenCC("s2t")
    trad = 0
    for frag, rel in fragments(200):
        converted = s2t.convert(frag)
        if converted != frag:
            queries.append({"kind": "traditional", "q": converted, "relevant": rel})
            trad += 1
            if trad == 30:
                break

    by_number: dict[str, list[str]] = {}
    for d in docs:
        if d.get("doc_number"):
            by_number.setdefault(normalize_doc_number(d["doc_number"]), []).append(
                d["id"]
            )
    numbered = sorted(k for k in by_number if "〔" in k)
    styles = [
        lambda s: s,
        lambda s: s.replace("〔", "[").replace("〕", "]"),
        lambda s: s.replace("〔", "(").replace("〕", ")"),
        lambda s: s.replace("〔", "【").replace("〕", "】"),
        lambda s: s.replace("〔", "（").replace("〕", "）"),
        lambda s: s.replace("〔", " ").replace("〕", " ").replace("号", ""),
    ]
    for i, key in enumerate(rng.sample(numbered, min(50, len(numbered)))):
        queries.append(
            {
                "kind": "doc_number",
                "q": styles[i % len(styles)](key),
                "relevant": by_number[key],
            }
        )

    pairs = 0
    attempts = 0
    while pairs < 30 and attempts < 5000:
        attempts += 1
        _, title = rng.choice(titles)
        words = [
            w
            for w in dict.fromkeys(tokenize(title))
            if len(w) >= 2 and w not in STOPWORDS and not w.isdigit()
        ]
        if len(words) < 2:
            continue
        a, b = rng.sample(words, 2)
        rel = containing(a, b)
        if 0 < len(rel) <= MAX_PAIR_TITLES:
            queries.append({"kind": "word_pair", "q": f"{a} {b}", "relevant": rel})
            pairs += 1

    abbreviations = 0
    for group in load_synonym_groups():
        short = min(group, key=len)
        for full in group:
            if full == short or len(full) <= len(short) or "、" in full:
                continue
            hits = [(i, t) for i, t in titles if full in t]
            rng.shuffle(hits)
            for _, title in hits[:2]:
                at = title.index(full)
                frag = title[at : at + len(full) + rng.randint(2, 4)]
                rel = containing(frag)
                if 0 < len(rel) <= MAX_FRAGMENT_TITLES * 2:
                    q = frag.replace(full, short)
                    queries.append({"kind": "abbreviation", "q": q, "relevant": rel})
                    abbreviations += 1
            if abbreviations >= 30:
                break
        if abbreviations >= 30:
            break
    return queries


def score(ranked: list[str], relevant: list[str]) -> tuple[float, float]:
    rel = set(relevant)
    rr = next((1 / (i + 1) for i, k in enumerate(ranked[:10]) if k in rel), 0.0)
    recall = len(rel & set(ranked[:10])) / min(len(rel), 10)
    return rr, recall


def build_trigram(docs: list[dict], path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("CREATE TABLE entry (id INTEGER PRIMARY KEY, key TEXT)")
    conn.execute(
        "CREATE VIRTUAL TABLE trigram USING fts5(title, body, tokenize='trigram')"
    )
    conn.execute("BEGIN")
    for i, d in enumerate(docs, 1):
        conn.execute("INSERT INTO entry VALUES (?, ?)", (i, d["id"]))
        conn.execute(
            "INSERT INTO trigram (rowid, title, body) VALUES (?, ?, ?)",
            (i, d["title"], d["body"]),
        )
    conn.execute("COMMIT")
    return conn


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--pg-url", default="", help="also judge gongkai on PostgreSQL")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()

    work = DATA / "quality"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    db_url = None
    if args.pg_url:
        import psycopg

        base, _, name = args.pg_url.rpartition("/")
        name = f"{name}_quality"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        db_url = f"{base}/{name}"
    setup_django(db_url, work)
    from django.core.management import call_command
    from django.db import connection

    from gongkai.search import index
    from gongkai.search.params import SearchParams
    from gongkai.search.queries import search

    docs = load_documents(args.corpus)
    queries = build_queries(docs)
    call_command("migrate", verbosity=0)
    entries = [entry_of(d) for d in docs]
    index.register_source("document", lambda: entries)
    index.rebuild(jobs=args.jobs)
    trigram = build_trigram(docs, work / "trigram.sqlite3")

    systems = {
        f"gongkai-{connection.vendor}": lambda q: [
            h.key
            for h in search(
                SearchParams(q=q, page_size=10, facets=False, snippets=False)
            ).hits
        ],
        "trigram": lambda q: trigram_rank(trigram, q),
    }
    kinds = list(dict.fromkeys(q["kind"] for q in queries))
    table: dict[str, dict[str, tuple[float, float]]] = {}
    for name, run in systems.items():
        per_kind: dict[str, list[tuple[float, float]]] = {k: [] for k in kinds}
        for item in queries:
            ranked = run(item["q"])
            rr, recall = score(ranked, item["relevant"])
            per_kind[item["kind"]].append((rr, recall))
            if args.show_misses and name.startswith("gongkai") and rr < 1:
                print(f"miss {item['kind']} {item['q']!r} rr={rr:.2f} top={ranked[:3]}")
        all_scores = [s for v in per_kind.values() for s in v]
        per_kind["all"] = all_scores
        table[name] = {
            k: (sum(s[0] for s in v) / len(v), sum(s[1] for s in v) / len(v))
            for k, v in per_kind.items()
            if v
        }
    print(f"# {' '.join([Path(sys.argv[0]).name, *sys.argv[1:]])}")
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}  {machine()}")
    print(f"# {len(queries)} queries over {len(docs)} documents")
    names = list(systems)
    print(
        "| kind | queries | "
        + " | ".join(f"{n} MRR@10 | {n} R@10" for n in names)
        + " |"
    )
    print("|---|---:|" + "---:|---:|" * len(names))
    for kind in [*kinds, "all"]:
        n = (
            len([q for q in queries if q["kind"] == kind])
            if kind != "all"
            else len(queries)
        )
        cells = " | ".join(
            f"{table[s][kind][0]:.3f} | {table[s][kind][1]:.3f}" for s in names
        )
        print(f"| {kind} | {n} | {cells} |")
    (work / "quality.json").write_text(
        json.dumps({"queries": queries, "table": table}, ensure_ascii=False, indent=1),
        encoding="utf-8",
    )


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
