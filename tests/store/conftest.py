"""A real ArcadeDB Bolt server for the store tests: started once per session in a temporary
folder and stopped by PID at the end (also when tests fail). No mocks: every test talks
to it with the official neo4j driver."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store import Store, StoreConfig, embedded

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def server_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("arcadedb")


@pytest.fixture(scope="session")
def bolt_server(server_dir):
    """The running server's info; stopped by PID when the session ends."""
    info = embedded.start_server(server_dir, mode="transient", heap="768m")
    try:
        yield info
    finally:
        embedded.stop_pid(info.pid, server_dir.resolve())
        assert not embedded._pid_alive(info.pid)


@pytest.fixture(scope="session")
def server_config(bolt_server, server_dir) -> StoreConfig:
    """A config that reaches the session's server the way a Neo4j user would: URI, user, password."""
    return StoreConfig.from_env_and_options(
        uri=bolt_server.uri, user="root", password=embedded.read_password(server_dir), database="kg", env={},
    ).with_(retry_seconds=2.0)


@pytest.fixture(scope="session")
def session_store(server_config):
    store = Store.connect(server_config)
    yield store
    store.close()


@pytest.fixture
def store(session_store) -> Store:
    """The session's store, emptied before the test."""
    session_store.run("MATCH (n) DETACH DELETE n", write=True)
    return session_store


def run_kg(*args: str, env: dict | None = None, cwd: Path | None = None, input: str | None = None,
           timeout: float = 300) -> subprocess.CompletedProcess:
    """The kg command line in a child process, as a user runs it."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", *args],
                          capture_output=True, text=True, env=full_env, cwd=cwd or ROOT, input=input,
                          timeout=timeout)
