"""Secrets and exposure: the embedded server listens on 127.0.0.1 only, and no Neo4j password
(from the environment, a prompt, or the generated one of the embedded store) ever reaches
stdout, stderr or an output file.

Real processes only: ``kg serve`` and ``kg build`` start the real ArcadeDB server; its
listening sockets are read from /proc by the server's PID.
"""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from serve_process import start_serve

ROOT = Path(__file__).resolve().parent.parent
GOOD = "同志们：\n一、招商引资\n由商务局负责，对有意投资的外商进行梳理。\n由工商联牵头，商务局、工信局、科技局等部门参与，举办一次我区产业发展及转型创新推介会。\n"

pytestmark = pytest.mark.skipif(not Path("/proc/self/net/tcp").exists(), reason="reads sockets from Linux /proc")


def _env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def kg(*args: str, cwd: Path, input: str | None = None, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd,
                          env=_env(**env), input=input, timeout=600)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening_addresses(pid: int) -> set[tuple[str, int]]:
    """(address, port) of every TCP socket the process listens on, read from /proc."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table, width in (("tcp", 8), ("tcp6", 32)):
        path = Path(f"/proc/{pid}/net/{table}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            parts = line.split()
            local, state, inode = parts[1], parts[3], parts[9]
            if state != "0A" or inode not in inodes:  # 0A: LISTEN
                continue
            addr_hex, port_hex = local.split(":")
            raw = bytes.fromhex(addr_hex)
            # /proc prints each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            addr = socket.inet_ntop(socket.AF_INET if width == 8 else socket.AF_INET6, raw)
            found.add((addr, int(port_hex, 16)))
    return found


def test_serve_listens_on_loopback_only_and_keeps_the_password_off_logs(tmp_path: Path):
    serve, printed = start_serve(tmp_path, _env())
    try:
        store = tmp_path / ".kg" / "store"
        info = json.loads((store / "server.json").read_text())
        listening = listening_addresses(info["pid"])
        assert {info["bolt_port"], info["http_port"]} <= {port for _, port in listening}, listening
        assert all(addr in ("127.0.0.1", "::1", "::ffff:127.0.0.1") for addr, _ in listening), listening
        password = (store / "password").read_text().strip()
        assert password and password not in printed  # stdout is not a terminal here
        assert (store / "password").stat().st_mode & 0o077 == 0
        assert password not in (store / "server.out").read_text(errors="replace")
    finally:
        serve.send_signal(signal.SIGTERM)
        out, err = serve.communicate(timeout=120)
    assert password not in out + err


def test_build_writes_the_generated_password_nowhere_else(tmp_path: Path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "speech.txt").write_text(GOOD, encoding="utf-8")
    done = kg("build", "docs", "--out", "site", "--segmenter", "char", "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    password_file = tmp_path / ".kg" / "store" / "password"  # the store kg query/serve use too
    password = password_file.read_text().strip().encode()
    assert len(password) >= 16
    assert password not in (done.stdout + done.stderr).encode()
    for f in tmp_path.rglob("*"):
        if f.is_file() and f != password_file:
            assert password not in f.read_bytes(), f"the store password is written in {f}"


def test_a_password_from_the_environment_is_never_printed_or_written(tmp_path: Path):
    password = "kg-test-" + secrets.token_hex(12)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "speech.txt").write_text(GOOD, encoding="utf-8")
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    done = kg("build", "docs", "--out", "site", "--segmenter", "char", "--jobs", "1", cwd=tmp_path,
              NEO4J_URI=uri, NEO4J_PASSWORD=password, NEO4J_USERNAME="neo4j")
    assert done.returncode == 3, done.stderr  # the store cannot be reached; every file output is written
    assert (tmp_path / "site" / "out" / "graph.json").is_file()
    assert password not in done.stdout + done.stderr and "Traceback" not in done.stderr
    for f in tmp_path.rglob("*"):
        if f.is_file():
            assert password.encode() not in f.read_bytes(), f"the password is written in {f}"


def test_a_prompted_password_is_not_echoed(tmp_path: Path):
    password = "kg-test-" + secrets.token_hex(12)
    uri = f"bolt://127.0.0.1:{_closed_port()}"
    done = kg("query", "RETURN 1 AS one", "--neo4j-uri", uri, "--neo4j-password", cwd=tmp_path, input=password + "\n")
    assert done.returncode == 3, done.stderr
    assert password not in done.stdout + done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # nothing written
