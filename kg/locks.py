"""One writer at a time for an output folder: a build (and kg viz / kg export writing into the same
place) holds the folder's lock while it writes, so two builds at once never leave a graph.json of one
and exports of the other.

The lock is an flock on ``.kg-write.lock`` in the folder: the kernel drops it when its holder dies
(kill -9 included), so a lock of a dead process never blocks anyone. A process that has to wait says
once which process it waits for (its pid is in the lock file).
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from kg.errors import KgError

LOCK_NAME = ".kg-write.lock"


@contextlib.contextmanager
def lock_if_present(folder: Path, what: str = "kg") -> Iterator[None]:
    """The writer lock of ``folder`` when it exists (a command with bad arguments creates nothing)."""
    if Path(folder).is_dir():
        with writer_lock(folder, what):
            yield
    else:
        yield


@contextlib.contextmanager
def writer_lock(folder: Path, what: str = "kg") -> Iterator[None]:
    """Hold the writer lock of ``folder`` (created if missing) for the block; wait, saying so, while
    another process holds it."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise KgError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    try:
        hold(fd, True, waiting=f"waiting: another {what}{{holder}} is writing into {folder}")
        yield
    finally:
        os.close(fd)


def hold(fd: int, wait: bool, waiting: str, busy=None) -> None:
    """Take the flock on ``fd`` and write this process's pid into it. When another process holds it:
    raise ``busy(holder)`` if not ``wait``, else say once ``waiting`` (with ``{holder}``, ' (pid N)', where
    it stands, else at the end) and wait for it."""
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(fd)
        if not wait:
            raise busy(holder) from None
        line = waiting.replace("{holder}", holder) if "{holder}" in waiting else waiting + holder
        sys.stderr.write(f"kg: {line}\n")  # a second build waits for the first, it does not hang in silence
        sys.stderr.flush()
        fcntl.flock(fd, fcntl.LOCK_EX)
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)


def _holder(fd: int) -> str:
    """' (pid N)' of the process that wrote its pid into the lock file, when it is alive; else ''."""
    from kg.processes import pid_alive

    try:
        pid = int(os.pread(fd, 32, 0).decode().strip() or 0)
    except (OSError, ValueError):
        return ""
    return f" (pid {pid})" if pid > 0 and pid_alive(pid) else ""
