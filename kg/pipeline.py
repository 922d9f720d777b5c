"""From files to extraction results: reading inputs and running documents in parallel.

``extract_paths`` reads files (the only I/O here) and runs ``kg.extract.assembly.extract_document``
on each, in parallel processes when asked, yielding results in input order so output never depends
on the number of jobs.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice
from pathlib import Path

from kg.documents import document_ids, iter_inputs, read_document
from kg.errors import InputError
from kg.extract.assembly import extract_document
from kg.model import DocResult

# The pkuseg model and spaCy, loaded once in the main process and shared by the forked workers, and
# what each worker adds on top (measured: about 75-300 MB): the default --jobs never exceeds what the
# free memory can hold.
MODEL_BYTES = 1_000_000_000
WORKER_BYTES = 400_000_000


def default_jobs() -> int:
    """One process per core, capped by the memory available for the shared model and WORKER_BYTES each."""
    import os

    jobs = max(1, os.cpu_count() or 1)
    try:
        free = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # not on Linux: cores only
        return jobs
    return max(1, min(jobs, (free - MODEL_BYTES) // WORKER_BYTES))


def _extract_path(item: tuple[Path, str], segmenter: str | None = None) -> DocResult | InputError:
    path, doc_id = item
    try:
        return extract_document(read_document(path, doc_id), segmenter)
    except InputError as exc:
        return exc


def extract_paths(paths: Iterable[str | Path], jobs: int = 1,
                  on_error: Callable[[InputError], None] | None = None,
                  segmenter: str | None = None, ids: dict[Path, str] | None = None) -> Iterator[DocResult]:
    """DocResults of every readable input, in input order; unreadable inputs go to on_error.

    With jobs > 1 documents are read in that many processes (each loads the segmenter once);
    results still come in input order, so output never depends on the number of jobs.
    """
    inputs = list(iter_inputs(paths))
    found = [p for p in inputs if isinstance(p, Path)]
    ids = ids if ids is not None else document_ids(found)  # documents that share a stem keep apart
    files = [(p, ids.get(p) or p.stem) for p in found]
    for err in (p for p in inputs if isinstance(p, InputError)):
        if on_error:
            on_error(err)
    if jobs > 1 and len(files) > 1:
        from concurrent.futures import ProcessPoolExecutor

        import gc
        import multiprocessing

        from kg.extract.nlp import DEFAULT_SEGMENTER, get_nlp
        from kg.processes import die_with_parent

        # One model per machine, not per process: the segmenter is loaded here, once, and the workers
        # are forked after it, so its pages are shared copy-on-write instead of loaded again in each.
        get_nlp(segmenter or DEFAULT_SEGMENTER)
        # ... and the collector never walks it in a worker: a walk writes to every object it visits,
        # which would copy the model's pages into each worker (gc.freeze's documented use before fork)
        gc.freeze()
        # workers die with the build: a killed build leaves no pkuseg process behind
        try:
            with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent,
                                     mp_context=multiprocessing.get_context("fork")) as pool:
                work = partial(_extract_path, segmenter=segmenter)
                yield from _report(_in_order(pool, work, files, window=4 * jobs), on_error)
        finally:
            gc.unfreeze()
    else:
        yield from _report((_extract_path(f, segmenter) for f in files), on_error)


def _in_order(pool, work: Callable, files: list, window: int) -> Iterator[DocResult | InputError]:
    """Results in input order with at most ``window`` documents in flight, so that memory stays flat
    however large the corpus (pool.map would submit every document and keep every result)."""
    todo = iter(files)
    pending = deque(pool.submit(work, f) for f in islice(todo, window))
    while pending:
        result = pending.popleft().result()
        for f in islice(todo, 1):
            pending.append(pool.submit(work, f))
        yield result


def _report(results: Iterable[DocResult | InputError], on_error) -> Iterator[DocResult]:
    for r in results:
        if isinstance(r, InputError):
            if on_error:
                on_error(r)
        else:
            yield r
