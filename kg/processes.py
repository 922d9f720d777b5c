"""Child processes that never outlive kg: the embedded store's server and the extraction workers."""
from __future__ import annotations

import os
import signal


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, exited but not yet reaped, counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def die_with_parent() -> None:
    """In a child (before exec, or as a pool worker's initializer): on Linux, get SIGTERM when the kg
    process that started it dies, even by SIGKILL, so no server or 900 MB pkuseg worker is left behind.
    Elsewhere nothing happens (the next kg stops a server left behind)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
