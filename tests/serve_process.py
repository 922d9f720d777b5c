"""Starting ``kg serve`` as a real process for tests, and reading its output until the store is up."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def start_serve(cwd: Path, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    """The running ``kg serve`` process and what it printed up to its ready line (Press Ctrl-C …).

    The caller stops it (SIGTERM) in a ``finally``.
    """
    serve = subprocess.Popen([sys.executable, "-m", "kg", "serve"], cwd=cwd, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines = []
    for line in serve.stdout:
        lines.append(line)
        if line.startswith("Press Ctrl-C"):
            break
    return serve, "".join(lines)
