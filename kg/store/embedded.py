"""The embedded store: an ArcadeDB server (Bolt + Neo4j Cypher) run from the installed package.

``arcadedb-embedded`` ships ArcadeDB's jars and its own Java runtime, so a fresh
machine needs nothing else. The server runs as a child process with the store
folder as its working directory (it writes ``log/`` there), listens on
127.0.0.1 only, on free ports, and is stopped by PID (SIGTERM, then SIGKILL).

Files kept in the store folder (created 0700):
- ``password``    the root password, generated once, mode 0600; ArcadeDB reads it
                  itself (``rootPasswordPath``), so it never appears on a command line.
- ``server.json`` pid, ports and mode ("serve" or "transient") of the running server.
- ``server.out``  the server's console output of its last start.
- ``lock``        held (flock) by the process that started the server until it stops it.
"""
from __future__ import annotations

import contextlib
import errno
import importlib.util
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from kg.errors import InputError, StoreError
from kg.locks import hold
from kg.processes import die_with_parent, pid_alive

MAIN_CLASS = "com.arcadedb.server.ArcadeDBServer"
STARTED_LINE = "ArcadeDB Server started"
START_TIMEOUT = 90.0
STOP_TIMEOUT = 30.0
# Below this much free space on the store folder's disk the server is not started (it writes its
# log and write-ahead log first), and a load that ends with less is reported as not safely stored.
MIN_FREE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class ServerInfo:
    """A running embedded server, as recorded in ``server.json``."""

    pid: int
    bolt_port: int
    http_port: int
    mode: str  # "serve" (kept running by `kg serve`) or "transient" (one command's lifetime)
    owner: int  # pid of the kg process that started it
    root: str

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"


def _package_dir() -> Path:
    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or not spec.submodule_search_locations:
        raise StoreError("no graph store configured and the arcadedb-embedded package is not installed "
                         "(install it, or give --neo4j-uri / NEO4J_URI)")
    return Path(next(iter(spec.submodule_search_locations)))


def java_command(heap: str = "1g") -> tuple[Path, str]:
    """The bundled java executable and the classpath of ArcadeDB's jars."""
    pkg = _package_dir()
    java = pkg / "jre" / "bin" / "java"
    jars = pkg / "jars"
    if not java.is_file() or not os.access(java, os.X_OK) or not any(jars.glob("arcadedb-server-*.jar")):
        raise StoreError(f"the arcadedb-embedded package in {pkg} has no bundled java runtime or server jar")
    if not any(jars.glob("arcadedb-bolt-*.jar")):
        raise StoreError(f"the arcadedb-embedded package in {pkg} has no Bolt plugin jar")
    return java, str(jars / "*")


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_store_dir(store_dir: Path) -> Path:
    """Create the store folder (0700) and its password file (0600, generated once); return the folder."""
    root = store_dir.resolve()
    try:
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise _write_error(exc, store_dir, "the store folder") from None
    _check_private(root)
    pw = root / "password"
    if not pw.exists():
        try:
            fd = os.open(pw, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        except OSError as exc:
            raise _write_error(exc, root, str(pw)) from None
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(24))
    return root


def remove_store(store_dir: Path) -> None:
    """Delete the embedded store's folder, to make it anew (kg build --rebuild-store). Refused while a
    server (kg serve) runs for it; a server left behind by a dead process is stopped first."""
    root = store_dir.resolve()
    if not root.exists():
        return
    info = running_server(store_dir)
    if info is not None and info.mode == "serve":
        raise StoreError(f"kg serve is running the store {root} (pid {info.pid}): stop it before --rebuild-store")
    with store_lock(store_dir):
        stale = running_server(store_dir)
        if stale is not None:
            stop_pid(stale.pid, root)
        for child in root.iterdir():
            if child.name == "lock":
                continue  # held by us: the folder stays, its contents go
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()


def _check_private(root: Path) -> None:
    """Refuse a store folder others could write into, or a password file others could read or that is not
    a plain file of this user: a planted file would hand the store (and its password) to someone else."""
    st = root.stat()
    if st.st_mode & 0o022:
        raise StoreError(f"the store folder {root} can be written by other users (mode {st.st_mode & 0o777:o}); "
                         f"kg does not use it: chmod 700 {root}")
    pw = root / "password"
    if pw.is_symlink():
        raise StoreError(f"the store password {pw} is a symbolic link; kg does not follow it: remove it")
    if pw.exists():
        ps = pw.stat()
        if ps.st_mode & 0o077 or ps.st_uid != os.getuid():
            raise StoreError(f"the store password {pw} can be read by other users or is not yours "
                             f"(mode {ps.st_mode & 0o777:o}); kg does not use it: remove it, and the next kg "
                             "makes a new one")


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


def disk_problem(store_dir: Path) -> str | None:
    """Why the store folder cannot take writes now (a read-only or full file system), or None."""
    root = store_dir.resolve()
    try:
        st = os.statvfs(root)
    except OSError:
        return None
    if st.f_flag & getattr(os, "ST_RDONLY", 1):
        return f"the store folder {root} is on a read-only file system (make it writable, or use another --store-dir)"
    if not os.access(root, os.W_OK):
        return f"the store folder {root} is not writable (make it writable, or use another --store-dir)"
    free = st.f_bavail * st.f_frsize
    if free < MIN_FREE_BYTES:
        return f"the disk of the store folder {root} is full ({_size(free)} free)"
    return None


def _write_error(exc: OSError, store_dir: Path, what: str) -> StoreError:
    """An OSError writing in the store folder as one line that says what to fix."""
    root = store_dir.resolve()
    if exc.errno == errno.EROFS:
        return StoreError(f"cannot write {what}: the store folder {root} is on a read-only file system "
                          f"(make it writable, or use another --store-dir)")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return StoreError(f"cannot write {what}: the store folder {root} is not writable "
                          f"(make it writable, or use another --store-dir)")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StoreError(f"cannot write {what}: the disk of the store folder {root} is full")
    return StoreError(f"cannot write {what}: {exc.strerror or exc}")


# What the server log says when the disk failed it (ArcadeDB hides the cause from Bolt clients
# in production mode: "The request failed. Check the server log for the details").
_LOG_CAUSES = (("No space left on device", "the disk of the store folder {root} is full (No space left on device)"),
               ("Disk quota exceeded", "the disk of the store folder {root} is full (Disk quota exceeded)"),
               ("Read-only file system", "the store folder {root} is on a read-only file system"),
               ("read only database", "the database in {root} is open read-only"))
CONCEALED = "(concealed from the client in production mode)"
CONCEALED_REPLY = re.compile(r"The request failed\. Check the server log for the details( \([^)]*\))?")


def _log_from(out: Path, offset: int) -> list[str]:
    try:
        with open(out, "rb") as f:
            f.seek(offset)
            return f.read(4 * 1024 * 1024).decode("utf-8", errors="replace").splitlines()
    except OSError:
        return []


def log_size(store_dir: Path) -> int:
    try:
        return (store_dir.resolve() / "server.out").stat().st_size
    except OSError:
        return 0


def explain_failure(store_dir: Path, log_offset: int = 0) -> str | None:
    """The cause of a failure of the embedded server, read from its file system and from its log
    (the lines written since ``log_offset``): a full or read-only disk, or the error it hid from the client."""
    root = store_dir.resolve()
    problem = disk_problem(root)
    if problem:
        return problem
    lines = _log_from(root / "server.out", log_offset)
    for needle, cause in _LOG_CAUSES:
        if any(needle in line for line in lines):
            return cause.format(root=root)
    for line in lines:
        if CONCEALED in line:
            return "the server log says: " + _concealed_text(line)
    return None


def concealed_error(store_dir: Path) -> str | None:
    """The error the server hid from its client (Unexpected input 'RETRUN' at line 1, column 16 …), from the
    newest entry of its own log file, where ArcadeDB writes it; None when there is none."""
    logs = sorted((store_dir.resolve() / "log").glob("arcadedb.log*"), key=lambda p: p.stat().st_mtime)
    if not logs:
        return None
    try:
        with open(logs[-1], "rb") as f:
            f.seek(max(0, f.seek(0, os.SEEK_END) - 256 * 1024))
            lines = f.read().decode("utf-8", errors="replace").splitlines()
    except OSError:
        return None
    found = [line for line in lines if CONCEALED in line]
    return _concealed_text(found[-1]) if found else None


def _concealed_text(line: str) -> str:
    text = line.split(CONCEALED)[0]
    text = text.split("] ", 1)[1] if "] " in text else text
    text = text.removeprefix("BOLT: ")
    return " ".join(text.split())[:300]


def read_password(store_dir: Path) -> str:
    pw = store_dir.resolve() / "password"
    try:
        return pw.read_text().strip()
    except OSError as exc:
        raise StoreError(f"cannot read the store password {pw}: {exc.strerror or exc}") from None


def _pid_alive(pid: int) -> bool:
    """Whether ``pid`` runs (kg.processes.pid_alive; the name the store's code and tests use)."""
    return pid_alive(pid)


def _is_our_server(pid: int, root: Path) -> bool:
    """True when ``pid`` is an ArcadeDB server of this store folder (not a recycled pid)."""
    if not _pid_alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return True  # no /proc: trust the pid file
    args = [a.decode(errors="replace") for a in cmdline]
    return MAIN_CLASS in args and f"-Darcadedb.server.rootPath={root}" in args


def running_server(store_dir: Path) -> ServerInfo | None:
    """The server recorded for this store folder, if its process is alive and really ours."""
    root = store_dir.resolve()
    try:
        info = ServerInfo(**json.loads((root / "server.json").read_text()))
    except (OSError, ValueError, TypeError):
        return None
    return info if _is_our_server(info.pid, root) else None


def _write_info(root: Path, info: ServerInfo) -> None:
    tmp = root / "server.json.tmp"
    tmp.write_text(json.dumps(asdict(info)))
    os.replace(tmp, root / "server.json")


def _clear_info(root: Path, pid: int) -> None:
    with contextlib.suppress(OSError, ValueError, TypeError):
        path = root / "server.json"
        if json.loads(path.read_text()).get("pid") == pid:
            path.unlink()


def _log_tail(out: Path, lines: int = 400) -> list[str]:
    try:
        return out.read_text(errors="replace").splitlines()[-lines:]
    except OSError:
        return []


def _failure_reason(out: Path) -> str:
    """The most telling line of a failed start (a full or read-only disk, else the first SEVERE or
    exception line), for the error message."""
    explained = explain_failure(out.parent)
    if explained:
        return explained
    tail = _log_tail(out)
    severe = (lambda ln: " SEVER" in ln,  # ArcadeDB's level name is cut to five letters
              lambda ln: ("Exception" in ln or "Error" in ln) and "ErrorManager" not in ln)
    for test in severe:
        for line in tail:
            if test(line):
                return " ".join(line.split())[:300]
    return (" ".join(tail[-1].split())[:300] if tail else "no output")


def start_server(store_dir: Path, mode: str = "transient", heap: str = "1g",
                 timeout: float = START_TIMEOUT, settings: dict[str, str] | None = None) -> ServerInfo:
    """Start ArcadeDB for this store folder and wait until its database is open.

    The Bolt port opens before the default database exists, so readiness is the
    log line saying the server started, not the open port. ``settings`` adds
    ArcadeDB settings (``{"arcadedb.bolt.maxMessageSize": "268435456"}``).
    """
    root = ensure_store_dir(store_dir)
    problem = disk_problem(root)
    if problem:
        raise StoreError(f"cannot start the embedded ArcadeDB server: {problem}")
    java, classpath = java_command(heap)
    out = root / "server.out"
    last_error = ""
    for _attempt in range(3):  # a free port can be taken between choosing and binding it
        bolt, http = free_port(), free_port()
        args = [
            str(java), f"-Xmx{heap}", "-Xms64m", "-Xss1m", "-XX:+UseSerialGC", "-XX:ActiveProcessorCount=2",
            "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8",
            "-cp", classpath,
            f"-Darcadedb.server.rootPath={root}",
            f"-Darcadedb.server.rootPasswordPath={root / 'password'}",
            "-Darcadedb.server.mode=production",
            "-Darcadedb.server.defaultDatabases=kg[root]",
            "-Darcadedb.server.httpIncomingHost=127.0.0.1",
            f"-Darcadedb.server.httpIncomingPort={http}",
            "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "-Darcadedb.bolt.host=127.0.0.1",
            f"-Darcadedb.bolt.port={bolt}",
            "-Darcadedb.bolt.defaultDatabase=kg",
            "-Darcadedb.asyncWorkerThreads=1",
            "-Darcadedb.server.httpIoThreads=2",
            # Above the loader's largest row (kg.store.loader.MAX_ROW_BYTES); the default 16 MB cap
            # makes the server drop a larger message without answering.
            "-Darcadedb.bolt.maxMessageSize=67108864",
            "-Darcadedb.bolt.packstream.maxValueLength=67108864",
            *(f"-D{k}={v}" for k, v in (settings or {}).items() if k.startswith("arcadedb.")),
            MAIN_CLASS,
        ]
        try:  # never through a symbolic link planted in the store folder (it would truncate its target)
            log = os.fdopen(os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600), "wb")
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise StoreError(f"{out} is a symbolic link; kg does not write through it: remove it") from None
            raise _write_error(exc, root, str(out)) from None
        with log:
            try:
                proc = subprocess.Popen(args, cwd=root, stdin=subprocess.DEVNULL, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True,
                                        preexec_fn=die_with_parent)
            except OSError as exc:
                raise StoreError(f"cannot start the embedded ArcadeDB server: {exc.strerror or exc}") from None
        info = ServerInfo(pid=proc.pid, bolt_port=bolt, http_port=http, mode=mode, owner=os.getpid(), root=str(root))
        try:
            _write_info(root, info)
        except OSError as exc:
            _stop_child(proc)
            raise _write_error(exc, root, str(root / "server.json")) from None
        deadline = time.monotonic() + timeout
        next_check = time.monotonic() + 1.0
        bind_failed = False
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            tail = _log_tail(out, 2000)
            if any(STARTED_LINE in line for line in tail):
                return info
            if any(marker in line for line in tail for marker in BIND_FAILURES):
                # the port was taken between choosing and binding it: the JVM stays up, not listening
                bind_failed = True
                stop_pid(proc.pid, root)
                break
            if time.monotonic() >= next_check:  # a disk that fills up while the server starts (its log stops)
                next_check += 1.0
                problem = disk_problem(root)
                if problem:
                    stop_pid(proc.pid, root)
                    raise StoreError(f"the embedded ArcadeDB server could not start: {problem}")
            time.sleep(0.1)
        else:
            stop_pid(proc.pid, root)
            raise StoreError(f"the embedded ArcadeDB server did not start within {timeout:.0f}s (see {out})")
        _clear_info(root, proc.pid)
        last_error = _failure_reason(out)
        if not bind_failed and not any(marker in last_error for marker in BIND_FAILURES):
            break
    raise StoreError(f"the embedded ArcadeDB server failed to start: {last_error} (see {out})")


# What the server's log says when a port it was given is taken (it then keeps running, not listening).
BIND_FAILURES = ("Address already in use", "BindException", "Unable to listen for BOLT", "Unable to listen for HTTP")


def _stop_child(proc: subprocess.Popen) -> None:
    """Stop a server just started whose pid could not be recorded."""
    with contextlib.suppress(OSError):
        proc.terminate()
    try:
        proc.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def stop_pid(pid: int, root: Path, timeout: float = STOP_TIMEOUT) -> None:
    """Stop a server by PID: SIGTERM (ArcadeDB closes its databases cleanly), SIGKILL after ``timeout``."""
    if not _is_our_server(pid, root):
        _clear_info(root, pid)
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _reap(pid)
        if not _pid_alive(pid):
            break
        time.sleep(0.1)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        for _ in range(50):
            _reap(pid)
            if not _pid_alive(pid):
                break
            time.sleep(0.1)
    _reap(pid)
    _clear_info(root, pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


@contextlib.contextmanager
def store_lock(store_dir: Path, wait: bool = True) -> Iterator[None]:
    """Hold the store folder's lock: one process at a time starts and owns a server for it."""
    root = ensure_store_dir(store_dir)
    try:
        fd = os.open(root / "lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as exc:
        raise _write_error(exc, root, str(root / "lock")) from None
    try:
        hold(fd, wait, busy=lambda holder: StoreError(f"the store {store_dir} is in use by another kg process{holder}"),
             waiting=f"waiting for the store {store_dir}, in use by another kg process")
        yield
    finally:
        os.close(fd)


@contextlib.contextmanager
def embedded_server(store_dir: Path, mode: str = "transient", heap: str = "1g") -> Iterator[ServerInfo]:
    """A server for this store folder for the duration of the block.

    A server kept running by ``kg serve`` is reused as it is. Otherwise this
    process takes the folder's lock, stops a server left behind by a process that
    died (its owner is gone), starts its own and stops it by PID on the way out.

    A StoreError raised in the block gets the cause the server hid from its client when
    its disk or log shows one (disk full, read-only). A block that ends with the store's
    disk full fails too: the server may not have written everything it acknowledged.
    """
    with _server(store_dir, mode, heap) as (info, offset):
        try:
            yield info
        except InputError as exc:  # a query the server rejected: its own words, not "check the server log"
            message = str(exc)
            if CONCEALED_REPLY.search(message):
                cause = concealed_error(store_dir)
                if cause:
                    exc.args = (CONCEALED_REPLY.sub(lambda _: cause, message, count=1),)
            raise
        except StoreError as exc:
            message, cause = str(exc), explain_failure(store_dir, offset)
            if cause and cause not in message:
                # in place of ArcadeDB's "The request failed. Check the server log for the details"
                message = (CONCEALED_REPLY.sub(lambda _: cause, message, count=1) if CONCEALED_REPLY.search(message)
                           else f"{message}; {cause}")
            elif CONCEALED_REPLY.search(message):
                message = f"{message} (server log: {store_dir.resolve() / 'server.out'})"
            exc.args = (message,)
            raise
    problem = disk_problem(store_dir)
    if problem is None:
        lines = _log_from(store_dir.resolve() / "server.out", offset)
        problem = next((cause.format(root=store_dir.resolve()) for needle, cause in _LOG_CAUSES[:2]
                        if any(needle in line for line in lines)), None)
    if problem:
        raise StoreError(f"{problem}: what the server was sent may not all be stored; "
                         f"fix that and run the build again (loads are idempotent)")


@contextlib.contextmanager
def _server(store_dir: Path, mode: str, heap: str) -> Iterator[tuple[ServerInfo, int]]:
    """The server (reused or started) and where in its log this block's lines begin."""
    info = running_server(store_dir)
    if info is not None and info.mode == "serve" and mode != "serve":
        yield info, log_size(store_dir)
        return
    with store_lock(store_dir, wait=(mode != "serve")):
        root = store_dir.resolve()
        stale = running_server(store_dir)
        if stale is not None:
            if stale.mode == "serve" and mode != "serve":  # a `kg serve` started while we waited
                yield stale, log_size(store_dir)
                return
            stop_pid(stale.pid, root)
        info = start_server(store_dir, mode=mode, heap=heap)
        try:
            yield info, 0
        finally:
            stop_pid(info.pid, root)
