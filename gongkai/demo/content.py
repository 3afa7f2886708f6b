"""Demo content that ships with the project (nothing is read from outside it).

* `data/seeds/` — the five raw web copies the project started from. They are
  imported through the web-copy cleaner (`gongkai.domain.webcopy`) every time, so the
  demo shows what the cleaner does to real noisy pages. `data/seeds.json` says which
  agency keeps a copy that names no issuer, and adds facts the copy itself lacks
  (cited by another seed or given in the seeds' README) — never over what it shows.
* `data/documents.jsonl.gz` — about 300 real documents picked from the corpus by the
  rules in `select_subset` (all 国务院文件 and a spread of laws, regulations, rules,
  local regulations and judicial interpretations across years), imported through
  the JSONL path with one agency per issuer.

Licences and sources: `data/PROVENANCE.txt`. Rebuild the subset with
`python -m gongkai.demo.content --rebuild-subset /path/to/documents.jsonl`.
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

DATA_DIR = Path(__file__).resolve().parent / "data"
SEEDS_DIR = DATA_DIR / "seeds"
SEED_MANIFEST = DATA_DIR / "seeds.json"
CORPUS_SUBSET = DATA_DIR / "documents.jsonl.gz"

# How many documents of each category the demo ships (None = all of them).
SUBSET_QUOTAS: dict[str, int | None] = {
    "国务院文件": None,
    "宪法": 1,
    "法律": 60,
    "行政法规": 60,
    "部门规章": None,
    "司法解释": 40,
    "地方性法规": 63,  # 9 from each of the 7 provinces in the corpus
}
MAX_BODY_CHARS = 30_000  # keeps the shipped file small (the corpus median is 4,874)


def _write(out: Any, text: str) -> None:
    from django.core.management.base import OutputWrapper

    out.write(text if isinstance(out, OutputWrapper) else text + "\n")


def load(stdout: Any, *, agency: Any) -> None:
    """Import the seed web copies and the corpus subset; safe to run again.

    `agency` keeps the records whose issuer is neither in the copy nor in the
    manifest; every other record goes to its issuer (found or created by name).
    """
    from gongkai.core.models import Agency
    from gongkai.publishing import importing

    manifest = json.loads(SEED_MANIFEST.read_text(encoding="utf-8"))
    for entry in manifest["seeds"]:
        owner = None
        if entry.get("owner"):
            owner = Agency.objects.filter(slug=entry["owner"]).first() or agency
        result = importing.import_webcopy(
            SEEDS_DIR / entry["file"],
            owner=owner,
            supplement=entry.get("supplement"),
        )
        s = result.summary
        title = result.copy.title if result.copy else entry["file"]
        state = (
            "新建"
            if s.created
            else "更新"
            if s.updated
            else "未变"
            if s.unchanged
            else "未导入"
        )
        _write(stdout, f"网页副本 {entry['file'][:3]}：{title}（{state}）")
        for rejection in s.rejected:
            _write(stdout, f"  {rejection}")

    summary = importing.import_jsonl(CORPUS_SUBSET, owner=None)
    _write(stdout, f"法律法规和国务院文件（{CORPUS_SUBSET.name}）：")
    for line in summary.lines():
        _write(stdout, f"  {line}")


# --- building the shipped subset (maintenance) ----------------------------------------


def _province(record: dict[str, Any]) -> str:
    parts = str(record.get("source") or "").split(":", 1)[-1].split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "DLC" else ""


def _spread(records: list[dict[str, Any]], k: int | None) -> list[dict[str, Any]]:
    """`k` records evenly spaced over publication date (all when k is None)."""
    ordered = sorted(records, key=lambda r: (r.get("published") or "", r["id"]))
    if k is None or len(ordered) <= k:
        return ordered
    if k == 1:
        return ordered[-1:]
    return [ordered[round(i * (len(ordered) - 1) / (k - 1))] for i in range(k)]


def select_subset(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The demo's documents, by fixed rules so a rebuild picks the same ones.

    Eligible: a known issuer and date, a body of at most MAX_BODY_CHARS characters,
    and for the legal categories the current version (validity 有效). Then per
    category: all 国务院文件 and 部门规章; the newest 宪法; 法律, 行政法规 and 司法解释
    evenly spread over their publication dates; 地方性法规 spread the same way within
    each province.
    """
    by_category: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        category = r.get("category")
        if category not in SUBSET_QUOTAS or not r.get("agency"):
            continue
        if not r.get("published") or len(r.get("body") or "") > MAX_BODY_CHARS:
            continue
        if category != "国务院文件" and r.get("validity") != "有效":
            continue
        by_category[category].append(r)
    chosen: list[dict[str, Any]] = []
    for category, quota in SUBSET_QUOTAS.items():
        pool = by_category.get(category, [])
        if category == "地方性法规":
            provinces: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for r in pool:
                provinces[_province(r)].append(r)
            per = None if quota is None else quota // max(1, len(provinces))
            for name in sorted(provinces):
                chosen += _spread(provinces[name], per)
        else:
            chosen += _spread(pool, quota)
    return chosen


def rebuild_subset(corpus: Path, out: Path = CORPUS_SUBSET) -> int:
    with open(corpus, encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh if line.strip()]
    chosen = select_subset(records)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as fh:
        for r in chosen:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(chosen)


def main(argv: list[str], stdout: TextIO = sys.stdout) -> int:
    if len(argv) == 2 and argv[0] == "--rebuild-subset":
        n = rebuild_subset(Path(argv[1]))
        stdout.write(f"{n} documents written to {CORPUS_SUBSET}\n")
        return 0
    stdout.write(
        "usage: python -m gongkai.demo.content --rebuild-subset documents.jsonl\n"
    )
    return 2


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    sys.exit(main(sys.argv[1:]))
