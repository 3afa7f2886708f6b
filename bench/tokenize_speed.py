"""Segmentation speed: `Tokenizer.words_text`, `bigrams_text` and `bigram_stream`.

    python bench/tokenize_speed.py [--corpus PATH] [--repeats 5] [--variants]

Every title and body of /work/shared/corpus/documents.jsonl (or --corpus) is
segmented by the implementation in `gongkai.domain.tokenizer` and by the previous
one, copied below as the reference, in the same process and interleaved, so machine
load affects both alike. Before timing, the outputs of both are compared on every
text and the run stops at the first difference. Figures are MB of UTF-8 input per
second, the median of --repeats passes over the corpus, single process.

Rows:
  * words_text, bigrams_text: one call per title and body;
  * bigram_stream: the token list, on texts folded beforehand;
  * words+bigrams: words_text then bigrams_text on each text, as the index build
    calls them;
  * fold and the bare rjieba cut, for scale (no reference).

--variants adds designs that were measured and not kept: words_text as one
`[\\W_]+` substitution over the space-joined jieba tokens, and the bigram stream as
one findall of an overlapping-lookahead regex.
"""

from __future__ import annotations

import argparse
import json
import operator
import os
import platform
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gongkai.domain import tokenizer  # noqa: E402
from gongkai.domain.textnorm import fold  # noqa: E402

CORPUS = Path("/work/shared/corpus/documents.jsonl")
CJK = tokenizer.CJK_RANGES

# --- the previous implementation (reference) -------------------------------------

_CJK_RE = re.compile(f"[{CJK}]")
_RUN_RE = re.compile(f"[{CJK}]+|[^\\W_{CJK}]+")
_NON_WORD_RE = re.compile(r"[\W_]+")


def ref_bigram_stream(folded: str) -> list[str]:
    out: list[str] = []
    extend = out.extend
    append = out.append
    for run in _RUN_RE.findall(folded):
        if _CJK_RE.match(run):
            if len(run) > 1:
                extend(map(operator.add, run, run[1:]))
            append(run[-1])
        else:
            append(run)
    return out


def ref_bigrams_text(text: str) -> str:
    if not text:
        return ""
    return " ".join(ref_bigram_stream(fold(text)))


def ref_words_text(cut: Callable[[str], list[str]], text: str) -> str:
    if not text:
        return ""
    out: list[str] = []
    append = out.append
    for token in cut(fold(text)):
        if token.isalnum():
            append(token)
        elif len(token) > 1:
            out.extend(_NON_WORD_RE.sub(" ", token).split())
    return " ".join(out)


# --- designs measured and not kept (--variants) ------------------------------------

_OVERLAP_RE = re.compile(
    f"(?=([{CJK}][{CJK}]?+|[^\\W_{CJK}]++))(?:[{CJK}]|[^\\W_{CJK}]++)"
)


def joined_sub_words_text(cut: Callable[[str], list[str]], text: str) -> str:
    if not text:
        return ""
    return _NON_WORD_RE.sub(" ", " ".join(cut(fold(text)))).strip()


def overlap_regex_bigrams_text(text: str) -> str:
    if not text:
        return ""
    return " ".join(_OVERLAP_RE.findall(fold(text)))


# --- measuring ----------------------------------------------------------------------


def load_texts(path: Path) -> list[str]:
    texts = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            texts += [doc.get("title") or "", doc.get("body") or ""]
    return texts


def check_identical(texts: list[str], tok: tokenizer.Tokenizer) -> None:
    cut = tok._jieba.cut
    for i, text in enumerate(texts):
        folded = fold(text)
        pairs = [
            ("words_text", ref_words_text(cut, text), tok.words_text(text)),
            ("bigrams_text", ref_bigrams_text(text), tok.bigrams_text(text)),
            (
                "bigram_stream",
                ref_bigram_stream(folded),
                tokenizer.bigram_stream(folded),
            ),
        ]
        for name, old, new in pairs:
            if old != new:
                sys.exit(f"{name} differs on text {i}: {text[:80]!r}")


def time_pass(fn: Callable[[str], object], texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        fn(text)
    return time.perf_counter() - start


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}"


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--variants", action="store_true")
    args = parser.parse_args()

    texts = load_texts(args.corpus)
    folded = [fold(t) for t in texts]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    tok = tokenizer.Tokenizer()
    cut = tok._jieba.cut

    print(f"# python {' '.join(sys.argv)}")
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}  {machine()}")
    print(f"# {len(texts)} texts (titles and bodies), {mb:.1f} MB UTF-8")
    print(f"# load average at start: {load_average()}")

    check_identical(texts, tok)
    print("# old and new outputs identical on every text")

    def both_ref(text: str) -> None:
        ref_words_text(cut, text)
        ref_bigrams_text(text)

    def both_new(text: str) -> None:
        tok.words_text(text)
        tok.bigrams_text(text)

    # (row, reference, new, input texts)
    cases: list[tuple[str, Callable | None, Callable, list[str]]] = [
        ("words_text", lambda t: ref_words_text(cut, t), tok.words_text, texts),
        ("bigrams_text", ref_bigrams_text, tok.bigrams_text, texts),
        ("bigram_stream", ref_bigram_stream, tokenizer.bigram_stream, folded),
        ("words+bigrams", both_ref, both_new, texts),
        ("fold", None, fold, texts),
        ("rjieba cut", None, cut, folded),
    ]
    if args.variants:
        cases += [
            (
                "words_text, joined + re.sub",
                lambda t: ref_words_text(cut, t),
                lambda t: joined_sub_words_text(cut, t),
                texts,
            ),
            (
                "bigrams_text, overlap regex",
                ref_bigrams_text,
                overlap_regex_bigrams_text,
                texts,
            ),
        ]

    times: dict[tuple[str, str], list[float]] = {}
    for _ in range(args.repeats):
        for name, ref, new, inputs in cases:
            if ref is not None:
                times.setdefault((name, "old"), []).append(time_pass(ref, inputs))
            times.setdefault((name, "new"), []).append(time_pass(new, inputs))

    def rate(name: str, which: str) -> float:
        return mb / statistics.median(times[(name, which)])

    print()
    print(f"| MB/s, median of {args.repeats} | old | new | new/old |")
    print("|---|---:|---:|---:|")
    for name, ref, _new, _inputs in cases:
        new_rate = rate(name, "new")
        if ref is None:
            print(f"| {name} | | {new_rate:.1f} | |")
        else:
            old_rate = rate(name, "old")
            print(
                f"| {name} | {old_rate:.1f} | {new_rate:.1f} "
                f"| {new_rate / old_rate:.2f} |"
            )
    print(f"\n# load average at end: {load_average()}")


if __name__ == "__main__":
    main()
