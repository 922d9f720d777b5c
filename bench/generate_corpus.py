"""A synthetic corpus of any size, made of the corpus's own sentence shapes, for the scale benchmark.

The five speeches of corpus/ are read once with kg.pipeline. Every sentence that
carries an assignment becomes a *shape*: its text with each body mention and each
task span cut out (Assignment.mention_start/mention_end, task_start/task_end).
A generated document is a title, a date line, an opening, and numbered sections
(一、 …, （一） …) of paragraphs mixing

- assignment sentences: a shape filled with other bodies drawn from the lexicon
  (kg/data/bodies.yaml: a full form where the corpus wrote a full form, a list
  abbreviation where it wrote one, 发改、工信等部门; collectives and persons stay
  as written) and another task put together from clauses of the corpus's tasks,
  sometimes with a deadline (X月底前完成);
- the corpus's other sentences, as written (context, indicators, projects).

The output is deterministic for a seed and a version of the extractor and its
data files (they decide which sentences carry assignments): the same files,
byte for byte. Files are
gen_000001.txt … of about --doc-kb each, together about --mb megabytes of UTF-8.

    .venv/bin/python bench/generate_corpus.py OUT_DIR [--mb 10] [--seed 1] [--doc-kb 24]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.lexicon import load  # noqa: E402
from kg.model import DocResult  # noqa: E402

CN_NUM = "一二三四五六七八九十"
# What share of a paragraph's sentences give a task to a body (the corpus has about 5%;
# task-list documents and 督办 notices many more).
ASSIGN_SHARE = 0.15
DEADLINE_SHARE = 0.2


@dataclass(frozen=True)
class Slot:
    """A cut-out piece of a shape: a body mention (kind form|abbr|keep, as written) or the task."""

    kind: str
    text: str


@dataclass
class Material:
    """What documents are made of, taken from the corpus and the lexicon."""

    shapes: list[list[str | Slot]]
    first_clauses: list[str]
    more_clauses: list[str]
    fillers: list[str]
    headings1: list[str]
    headings2: list[str]
    titles: list[str]
    forms: list[str]
    displays: list[str]
    abbrs: list[str]


def _bodies() -> tuple[list[str], list[str], list[str]]:
    """Full forms, display names and list abbreviations of the bodies a district has."""
    with resources.files("kg.data").joinpath("bodies.yaml").open("r", encoding="utf-8") as fh:
        entries = yaml.safe_load(fh) or []
    forms, displays, abbrs = set(), set(), set()
    for e in entries:
        if "district" not in (e.get("levels") or []) or e.get("category") not in ("government", "party", "mass_org"):
            continue
        displays.add(str(e["display"]))
        forms.update(str(f) for f in e.get("forms") or [] if not str(f).startswith("国家"))
        abbrs.update(str(a) for a in e.get("abbr") or [])
    return sorted(forms), sorted(displays), sorted(abbrs)


def _shapes(r: DocResult, lex) -> list[list[str | Slot]]:
    text = r.document.text
    by_sentence: dict[int, list] = {}
    for a in r.assignments:
        by_sentence.setdefault(a.sentence_index, []).append(a)
    sentences = {s.index: s for s in r.sentences}
    shapes = []
    for index, group in sorted(by_sentence.items()):
        s = sentences.get(index)
        if s is None:
            continue
        cuts: dict[tuple[int, int], Slot] = {}
        for a in group:
            mention = text[a.mention_start:a.mention_end]
            kind = "form" if mention in lex.forms else "abbr" if mention in lex.abbrs else "keep"
            cuts[(a.mention_start, a.mention_end)] = Slot(kind, mention)
            cuts[(a.task_start, a.task_end)] = Slot("task", text[a.task_start:a.task_end])
        spans = sorted(cuts)
        if any(e > s2 for (_, e), (s2, _) in zip(spans, spans[1:])) or spans[0][0] < s.start or spans[-1][1] > s.end:
            continue  # overlapping or outside the sentence (a task read from the sentence before)
        pieces: list[str | Slot] = []
        pos = s.start
        for start, end in spans:
            pieces.append(text[pos:start])
            pieces.append(cuts[(start, end)])
            pos = end
        pieces.append(text[pos:s.end])
        shapes.append([p for p in pieces if p != ""])
    return shapes


def material(corpus: Path = ROOT / "corpus") -> Material:
    """Shapes, task clauses, other sentences and headings of the corpus; bodies of the lexicon."""
    from kg.pipeline import extract_paths

    lex = load()
    results = list(extract_paths([corpus]))
    shapes, first, more, fillers, h1, h2, titles = [], [], [], [], [], [], []
    for r in results:
        shapes += _shapes(r, lex)
        for a in r.assignments:
            clauses = [c for c in re.split("[，,]", a.task) if len(c) >= 4]
            if clauses:
                first.append(clauses[0])
                more += clauses[1:]
        heading_starts = {h.start for h in r.headings}
        assigned = {a.sentence_index for a in r.assignments}
        for s in r.sentences:
            t = r.document.text[s.start:s.end]
            if s.index not in assigned and s.start not in heading_starts and t.endswith(("。", "；", ";")) \
                    and len(t) >= 8:
                fillers.append(t)
        for h in r.headings:
            title = h.text.strip().rstrip("。")
            if 4 <= len(title) <= 30 and h.level == 1:
                h1.append(title)
            elif 4 <= len(title) <= 30 and h.level == 2:
                h2.append(title)
        if r.meta.title:
            titles.append(r.meta.title)
    forms, displays, abbrs = _bodies()
    dedupe = lambda xs: sorted(set(xs))  # noqa: E731  (sorted: the same material whatever the order read)
    return Material(shapes=shapes, first_clauses=dedupe(first), more_clauses=dedupe(more), fillers=fillers,
                    headings1=dedupe(h1), headings2=dedupe(h2), titles=dedupe(titles), forms=forms,
                    displays=displays, abbrs=abbrs)


def _task(m: Material, rng: random.Random) -> str:
    parts = [rng.choice(m.first_clauses)] + rng.sample(m.more_clauses, k=min(len(m.more_clauses), rng.randint(0, 2)))
    task = "，".join(parts)
    if rng.random() < DEADLINE_SHARE:
        task += f"，{rng.randint(1, 12)}月底前完成"
    return task


def _assignment(m: Material, rng: random.Random) -> str:
    shape = rng.choice(m.shapes)
    used: set[str] = set()
    out = []
    for piece in shape:
        if isinstance(piece, str):
            out.append(piece)
        elif piece.kind == "task":
            out.append(_task(m, rng))
        elif piece.kind == "keep":
            out.append(piece.text)
        else:
            pool = m.abbrs if piece.kind == "abbr" else (m.displays if rng.random() < 0.7 else m.forms)
            name = rng.choice(pool)
            for _ in range(5):
                if name not in used:
                    break
                name = rng.choice(pool)
            used.add(name)
            out.append(name)
    return "".join(out)


def _paragraph(m: Material, rng: random.Random, assign_share: float) -> str:
    return "".join(_assignment(m, rng) if rng.random() < assign_share else rng.choice(m.fillers)
                   for _ in range(rng.randint(2, 6)))


def document(m: Material, rng: random.Random, target_bytes: int, assign_share: float = ASSIGN_SHARE) -> str:
    """One speech of about target_bytes of UTF-8."""
    year = rng.randint(2015, 2024)
    lines = [rng.choice(m.titles) if m.titles and rng.random() < 0.5 else f"在{year}年全区经济工作会议上的讲话",
             f"（{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日）", "", "同志们：", _paragraph(m, rng, 0.0)]
    size = sum(len(x.encode("utf-8")) + 1 for x in lines)
    section = 0
    while size < target_bytes:
        if section < len(CN_NUM):
            lines.append(f"{CN_NUM[section]}、{rng.choice(m.headings1)}")
        section += 1
        for sub in range(rng.randint(2, 5)):
            lines.append(f"（{CN_NUM[sub]}）{rng.choice(m.headings2)}。")
            for _ in range(rng.randint(1, 4)):
                lines.append(_paragraph(m, rng, assign_share))
        size = sum(len(x.encode("utf-8")) + 1 for x in lines)
    return "\n".join(lines) + "\n"


def generate(out_dir: str | Path, mb: float, seed: int = 1, doc_kb: float = 24,
             assign_share: float = ASSIGN_SHARE, m: Material | None = None) -> list[Path]:
    """Write gen_*.txt files of about doc_kb each into out_dir, about mb megabytes in all; the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    m = m or material()
    rng = random.Random(seed)
    target = int(mb * 1024 * 1024)
    total, paths = 0, []
    while total < target:
        size = min(target - total, int(doc_kb * 1024 * rng.uniform(0.5, 1.5)))
        text = document(m, rng, max(size, 2048), assign_share)
        path = out / f"gen_{len(paths) + 1:06d}.txt"
        data = text.encode("utf-8")
        path.write_bytes(data)
        paths.append(path)
        total += len(data)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="folder to write gen_*.txt into (created if missing)")
    ap.add_argument("--mb", type=float, default=10.0, help="total size in megabytes of UTF-8 (default 10)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1): same seed, same files")
    ap.add_argument("--doc-kb", type=float, default=24.0, help="average document size in KB (default 24)")
    ap.add_argument("--assign-share", type=float, default=ASSIGN_SHARE,
                    help=f"share of sentences that give a task to a body (default {ASSIGN_SHARE})")
    args = ap.parse_args()
    paths = generate(args.out, args.mb, args.seed, args.doc_kb, args.assign_share)
    size = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} documents, {size / 1024 / 1024:.1f} MB, into {args.out}")


if __name__ == "__main__":
    main()
