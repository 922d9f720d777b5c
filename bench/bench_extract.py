"""Extraction speed against word segmentation alone, measured in one run.

Times, on the corpus, on the development documents of ../shared/eval/dev/raw
(real documents of other kinds, when that folder is there) and on the corpus
repeated to about --mb megabytes of UTF-8 text:
- pkuseg segmentation alone (spaCy's pkuseg tokenizer, the baseline),
- jieba segmentation alone,
- the whole extraction (structure, actors, assignments, entities) with the
  pkuseg segmenter and with the char segmenter,
and prints characters per second and each figure as a ratio to pkuseg
segmentation. Goal: extraction with pkuseg costs no more than 1.0x pkuseg
segmentation alone. A benchmark, not a test: nothing here fails.

    .venv/bin/python bench/bench_extract.py [--mb 10] [--repeat 3]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.documents import read_document
from kg.extract.assembly import extract_document
from kg.extract.nlp import get_nlp
from kg.extract.structure import parse
from kg.model import Document

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "eval" / "dev" / "raw"
GOAL = 1.0


def corpus_texts() -> list[str]:
    return [read_document(p).text for p in sorted((ROOT / "corpus").glob("*.txt"))]


def dev_texts() -> list[str]:
    """The development documents (other kinds than the corpus), or [] where ../shared is absent."""
    return [read_document(p).text for p in sorted(DEV.glob("*.txt"))] if DEV.is_dir() else []


def scaled(texts: list[str], mb: float) -> list[str]:
    """The corpus repeated until it holds about mb megabytes of UTF-8."""
    out: list[str] = []
    size = 0
    while size < mb * 1024 * 1024:
        for t in texts:
            out.append(t)
            size += len(t.encode("utf-8"))
    return out


def _timed(fn, texts: list[str]) -> float:
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    return time.perf_counter() - t0


def _sentences(text: str) -> list[str]:
    return [s.text for s in parse("b", text)[1]]


def run(texts: list[str], label: str, repeat: int = 3) -> None:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    pkuseg_tok = get_nlp("pkuseg").tokenizer
    get_nlp("char")
    chars = sum(len(t) for t in texts)
    # Segmentation alone runs on the same sentences extraction segments.
    runs = {
        "pkuseg segmentation alone": lambda t: [pkuseg_tok(s) for s in _sentences(t)],
        "jieba segmentation alone": lambda t: [list(jieba.cut(s)) for s in _sentences(t)],
        "extraction (pkuseg)": lambda t: extract_document(Document("b", t), "pkuseg"),
        "extraction (char)": lambda t: extract_document(Document("b", t), "char"),
    }
    for fn in runs.values():  # warm up every path once, so no figure pays for first-call costs
        fn(texts[0])
    # Each path runs `repeat` times, the paths taking turns, and keeps its best time: on a shared
    # machine one run of each can differ by a third from the next.
    rows = {name: float("inf") for name in runs}
    for _ in range(repeat):
        for name, fn in runs.items():
            rows[name] = min(rows[name], _timed(fn, texts))
    base = rows["pkuseg segmentation alone"]
    print(f"\n{label}: {len(texts)} documents, {chars:,} characters")
    print(f"{'':32} {'seconds':>9} {'chars/s':>11} {'x pkuseg seg':>13}")
    for name, sec in rows.items():
        print(f"{name:32} {sec:9.2f} {chars / sec:11,.0f} {sec / base:13.2f}")
    ratio = rows["extraction (pkuseg)"] / base
    print(f"goal: extraction (pkuseg) <= {GOAL:.2f}x pkuseg segmentation: {ratio:.2f}x "
          f"({'met' if ratio <= GOAL else 'NOT met'})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=10.0, help="size of the repeated corpus in MB (default 10)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each path, best kept (default 3)")
    args = ap.parse_args()
    texts = corpus_texts()
    run(texts, "corpus", args.repeat)
    dev = dev_texts()
    if dev:
        run(dev, "development documents (../shared/eval/dev/raw)", args.repeat)
    run(scaled(texts, args.mb), f"corpus repeated to {args.mb:g} MB", args.repeat)


if __name__ == "__main__":
    main()
