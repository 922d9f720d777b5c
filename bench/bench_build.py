"""How ``kg build`` scales: throughput, peak memory, --jobs 1 against 2, and each stage's share.

Generates synthetic corpora of 1 and 10 MB (and 100 MB with --max-mb 100) with
bench/generate_corpus.py (seeded, so every run reads the same text), then runs

    python -m kg build CORPUS --no-store --fresh --out TMP --jobs N        (N = 1, then 2)

as a separate process for each size, and prints for each run: characters per
second, wall time, peak memory (RSS of the main process and of its largest child:
an extraction worker, or with --jobs > 1 the process that writes the task lists, which
shares the graph; and the PSS of the whole process tree, polled from /proc: the
workers share the pkuseg model the main process loaded before forking them, which
RSS counts once per process and PSS once), and the share of time of each stage of kg build (extraction,
graph, visualizations, task lists: the 'time' row of its summary). Then the
ratios the goals are stated in, all measured in this run:

- throughput at each size / throughput at the smallest (goal: about 1: linear);
- each stage's growth exponent log(t2/t1) / log(n2/n1) between the two sizes
  (1 is linear, 1.1 about n log n at these sizes; above 1.15 is flagged);
- peak memory at each size / at the smallest (goal: flat, about 1);
- speed-up of --jobs 2 over --jobs 1 (goal: at least 1.7), beside the speed-up this
  machine gives two processes of pure Python work at that moment (measured before
  and after the builds: a loaded machine or two hyper-threads give less than 2).

Extraction is also split in-process on the smallest corpus (--split-mb): reading,
structure, pkuseg segmentation alone, the assignment grammar, actors/entities,
and adding to the graph (kg.graph.add_document, as kg build does). The store is
not loaded (bench/bench_load.py measures loading). A benchmark, not a test:
nothing here fails.

    .venv/bin/python bench/bench_build.py [--max-mb 10] [--jobs 2] [--keep DIR]
"""
from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generate_corpus import generate, material  # noqa: E402

SIZES_MB = (1, 10, 100)
SPEEDUP_GOAL = 1.7
SEGMENTER_GOAL = 0.8
EXPONENT_FLAG = 1.15


@dataclass
class Run:
    mb: float
    jobs: int
    docs: int
    chars: int
    wall: float
    exit_code: int
    main_rss: int = 0  # bytes
    worker_rss: int = 0
    tree_rss: int = 0
    maxrss: int = 0
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def cps(self) -> float:
        return self.chars / self.wall if self.wall else 0.0


# ── memory of a process tree ────────────────────────────────────────────────

def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as fh:
                out += [int(x) for x in fh.read().split()]
    except OSError:
        pass
    return out


def _proc_bytes(pid: int, name: str, field: str) -> int:
    """A kB figure of /proc/PID/<name> (e.g. status VmRSS:) in bytes; 0 when the process is gone."""
    try:
        with open(f"/proc/{pid}/{name}") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _pss(pid: int) -> int:
    """Proportional set size: the process's share of the pages it shares (the pkuseg model the workers
    inherit from the main process), so the PSS of a tree adds up to the memory it really holds."""
    return _proc_bytes(pid, "smaps_rollup", "Pss:")


def _rss(pid: int) -> int:
    return _proc_bytes(pid, "status", "VmRSS:")


class TreeMemory(threading.Thread):
    """Polls the RSS of a process and its descendants until stopped; keeps each one's peak."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.pid, self.every = pid, every
        self.peaks: dict[int, int] = {}
        self.tree_peak = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            todo, total = [self.pid], 0
            while todo:
                p = todo.pop()
                rss = _rss(p)
                total += _pss(p)  # a tree's memory is the sum of PSS: shared pages counted once
                self.peaks[p] = max(self.peaks.get(p, 0), rss)
                todo += _children(p)
            self.tree_peak = max(self.tree_peak, total)
            self._stop_event.wait(self.every)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()


# ── one build ───────────────────────────────────────────────────────────────

_STAGE = re.compile(r"([a-z][a-z ]*?) ([0-9]+(?:\.[0-9]+)?)s")


def parse_stages(summary: str) -> dict[str, float]:
    """The 'time' row of the kg build summary: {'extraction': 15.4, 'graph': 2.1, …, 'total': 23.5}."""
    for line in summary.splitlines():
        cells = [c.strip() for c in re.split(r"[│|]", line) if c.strip()]
        if len(cells) >= 2 and cells[0] == "time":
            return {k.strip(): float(v) for k, v in _STAGE.findall(cells[1])}
    return {}


def run_build(corpus: Path, out: Path, jobs: int, mb: float, docs: int, chars: int) -> Run:
    """``kg build`` as its own process; wall time, memory and the stage times of its summary."""
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--no-store", "--fresh", "--out", str(out),
           "--jobs", str(jobs)]
    env = {**os.environ, "COLUMNS": "400", "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, cwd=ROOT, env=env)
        mem = TreeMemory(proc.pid)
        mem.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        mem.stop()
        stdout.seek(0)
        stderr.seek(0)
        summary = stdout.read().decode("utf-8", "replace")
        errors = stderr.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        print(f"  kg build exited {proc.returncode}: {errors.strip()[:500]}")
    workers = [rss for pid, rss in mem.peaks.items() if pid != proc.pid]
    return Run(mb=mb, jobs=jobs, docs=docs, chars=chars, wall=wall, exit_code=proc.returncode,
               main_rss=mem.peaks.get(proc.pid, 0), worker_rss=max(workers, default=0), tree_rss=mem.tree_peak,
               maxrss=usage.ru_maxrss * 1024, stages=parse_stages(summary))


# ── extraction split in-process ─────────────────────────────────────────────

def split_extraction(files: list[Path]) -> dict[str, float]:
    """Seconds of each step of extraction and graph building over ``files``, in this process."""
    import networkx as nx

    from kg.documents import read_document
    from kg.extract.assembly import extract_document, read_sentences
    from kg.extract.nlp import get_nlp
    from kg.extract.structure import normalize, parse
    from kg.graph import add_document

    tokenizer = get_nlp("pkuseg").tokenizer
    t = dict.fromkeys(("reading", "structure", "pkuseg segmentation", "assignment grammar",
                       "actors, assignments, entities", "graph (add_document)"), 0.0)
    g = nx.MultiDiGraph()
    for f in files:
        c0 = time.perf_counter()
        doc = read_document(f)
        c1 = time.perf_counter()
        _, sentences = parse(doc.id, doc.text)
        c2 = time.perf_counter()
        norm = normalize(doc.text)
        for s in sentences:
            tokenizer(norm[s.start:s.end])
        c3 = time.perf_counter()
        read_sentences(norm, sentences)
        c4 = time.perf_counter()
        result = extract_document(doc)
        c5 = time.perf_counter()
        add_document(g, result, derive=False)  # kg build derives once, after the last document
        c6 = time.perf_counter()
        t["reading"] += c1 - c0
        t["structure"] += c2 - c1
        t["pkuseg segmentation"] += c3 - c2
        # read_sentences segments and reads with the grammar: the grammar is the difference.
        t["assignment grammar"] += max(0.0, (c4 - c3) - (c3 - c2))
        # extract_document does structure, segmentation and grammar again, then the rest.
        t["actors, assignments, entities"] += max(0.0, (c5 - c4) - (c2 - c1) - (c4 - c3))
        t["graph (add_document)"] += c6 - c5
    return t


# ── the machine's own parallelism, now ─────────────────────────────────────

def _burn(n: int) -> int:
    s = 0
    for i in range(n):
        s += i * i
    return s


def machine_speedup(jobs: int, n: int = 4_000_000) -> float:
    """How much faster ``jobs`` processes run pure Python work than one, on this machine at this moment
    (other load and hyper-threads included): the ceiling the build's own speed-up is compared with."""
    from concurrent.futures import ProcessPoolExecutor

    work = [n] * (2 * jobs)
    t0 = time.perf_counter()
    for x in work:
        _burn(x)
    one = time.perf_counter() - t0
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        list(pool.map(_burn, [1] * jobs))  # start the workers before timing
        t0 = time.perf_counter()
        list(pool.map(_burn, work))
        many = time.perf_counter() - t0
    return one / many


# ── report ──────────────────────────────────────────────────────────────────

def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def _share(stages: dict[str, float]) -> str:
    total = stages.get("total") or sum(v for k, v in stages.items() if k != "total") or 1.0
    return ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in stages.items() if k != "total")


def report(runs: list[Run], jobs_hi: int, ceiling: list[float]) -> None:
    print(f"\n{'size':>6} {'jobs':>4} {'docs':>6} {'chars':>12} {'wall s':>8} {'chars/s':>9} "
          f"{'main RSS':>9} {'child RSS':>10} {'tree PSS':>9}  stage shares")
    for r in runs:
        print(f"{r.mb:>4g}MB {r.jobs:>4} {r.docs:>6} {r.chars:>12,} {r.wall:>8.1f} {r.cps:>9,.0f} "
              f"{_mb(r.main_rss):>9} {_mb(r.worker_rss) if r.worker_rss else '-':>10} {_mb(r.tree_rss):>9}  "
              f"{_share(r.stages)}")
    failed = [r for r in runs if r.exit_code != 0]
    for r in failed:
        print(f"  {r.mb:g} MB --jobs {r.jobs}: FAILED (exit {r.exit_code}), left out of the ratios below")
    one = {r.mb: r for r in runs if r.jobs == 1 and r.exit_code == 0}
    hi = {r.mb: r for r in runs if r.jobs == jobs_hi and r.exit_code == 0}
    if not one:
        return
    sizes = sorted(one)
    base = one[sizes[0]]
    print("\nscaling (--jobs 1), against the smallest size:")
    for mb in sizes[1:]:
        r = one[mb]
        print(f"  {mb:g} MB / {base.mb:g} MB: throughput x{r.cps / base.cps:.2f} (goal about 1.0), "
              f"main peak RSS x{r.main_rss / max(1, base.main_rss):.2f} (goal: flat, about 1.0)")
        n = math.log(r.chars / base.chars)
        for stage, sec in r.stages.items():
            if stage == "total" or not base.stages.get(stage) or not sec:
                continue
            exp = math.log(sec / base.stages[stage]) / n
            flag = "  <-- worse than n log n" if exp > EXPONENT_FLAG else ""
            print(f"    {stage:<16} {base.stages[stage]:7.1f}s -> {sec:7.1f}s   growth exponent {exp:.2f}{flag}")
    machine = sum(ceiling) / len(ceiling)
    print(f"\nparallel: --jobs {jobs_hi} against --jobs 1 (goal >= {SPEEDUP_GOAL}x); this machine runs {jobs_hi} "
          f"processes of pure Python x{machine:.2f} faster than one right now (measured "
          f"{', '.join(f'{c:.2f}' for c in ceiling)} before and after the builds):")
    for mb in sizes:
        if mb in hi and mb in one:
            whole = one[mb].wall / hi[mb].wall
            ext1, ext2 = one[mb].stages.get("extraction"), hi[mb].stages.get("extraction")
            extra = f", extraction stage x{ext1 / ext2:.2f}" if ext1 and ext2 else ""
            met = "met" if whole >= SPEEDUP_GOAL else "NOT met"
            print(f"  {mb:g} MB: whole build x{whole:.2f} ({met}; {100 * whole / machine:.0f}% of what the machine "
                  f"gave){extra}; largest child's peak RSS {_mb(hi[mb].worker_rss)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--max-mb", type=float, default=10, help="largest corpus: 1, 10 or 100 MB (default 10)")
    ap.add_argument("--jobs", type=int, default=2, help="the parallel run's --jobs (default 2)")
    ap.add_argument("--seed", type=int, default=1, help="corpus generator seed (default 1)")
    ap.add_argument("--split-mb", type=float, default=1, help="split extraction in-process on this corpus "
                                                             "(one of the sizes; 0 to skip; default 1)")
    ap.add_argument("--keep", type=Path, default=None, help="generate into and keep this folder (default: a "
                                                           "temporary folder, removed at the end)")
    args = ap.parse_args()
    sizes = [s for s in SIZES_MB if s <= args.max_mb] or [SIZES_MB[0]]
    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-build-"))
    print(f"kg build scaling benchmark: sizes {', '.join(f'{s:g} MB' for s in sizes)}, "
          f"--jobs 1 and {args.jobs}, {os.cpu_count()} cores; work folder {work}")
    print(f"load average {os.getloadavg()[0]:.2f} (other work on the machine lowers every figure below)")
    try:
        ceiling = [machine_speedup(args.jobs)]
        m = material()
        corpora: dict[float, tuple[Path, int, int]] = {}
        for mb in sizes:
            folder = work / f"corpus_{mb:g}mb"
            if folder.exists():
                shutil.rmtree(folder)
            paths = generate(folder, mb, seed=args.seed, m=m)
            chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
            corpora[mb] = (folder, len(paths), chars)
            print(f"generated {mb:g} MB: {len(paths)} documents, {chars:,} characters")
        runs = []
        for mb in sizes:
            folder, docs, chars = corpora[mb]
            for jobs in (1, args.jobs):
                out = work / f"out_{mb:g}mb_j{jobs}"
                r = run_build(folder, out, jobs, mb, docs, chars)
                print(f"  {mb:g} MB --jobs {jobs}: {r.wall:.1f}s, {r.cps:,.0f} chars/s, "
                      f"main peak {_mb(r.main_rss)}, stages {r.stages}")
                runs.append(r)
                shutil.rmtree(out, ignore_errors=True)
        ceiling.append(machine_speedup(args.jobs))
        report(runs, args.jobs, ceiling)
        if args.split_mb and args.split_mb in corpora:
            folder, _, chars = corpora[args.split_mb]
            t = split_extraction(sorted(folder.glob("*.txt")))
            total = sum(t.values())
            print(f"\nextraction split in-process, {args.split_mb:g} MB, one process ({chars / total:,.0f} chars/s):")
            for k, v in t.items():
                print(f"  {k:<32} {v:7.1f}s {100 * v / total:5.0f}%")
            seg = chars / max(t["pkuseg segmentation"], 1e-9)
            print(f"\nthe whole build (--jobs 1) against pkuseg segmentation alone ({seg:,.0f} chars/s on the "
                  f"{args.split_mb:g} MB corpus; goal >= {SEGMENTER_GOAL}x):")
            for r in runs:
                if r.jobs == 1 and r.exit_code == 0:
                    outputs = sum(v for k, v in r.stages.items() if k in ("graph", "visualizations", "task lists"))
                    print(f"  {r.mb:g} MB: x{r.cps / seg:.2f}; graph, HTML and task lists "
                          f"{100 * outputs / max(r.stages.get('total', r.wall), 1e-9):.0f}% of the build (goal < 15%)")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
