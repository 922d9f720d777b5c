"""The embedded store's folder is the user's alone: kg refuses one others could tamper with, never writes
through a planted link, and starts on another port when the one it chose is taken (issue findings 7, 12)."""
from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.store import embedded


def test_a_store_folder_others_can_write_is_refused(tmp_path: Path):
    store = tmp_path / "store"
    embedded.ensure_store_dir(store)
    os.chmod(store, 0o777)
    with pytest.raises(StoreError, match="can be written by other users"):
        embedded.ensure_store_dir(store)


def test_a_password_file_others_can_read_is_refused(tmp_path: Path):
    store = tmp_path / "store"
    embedded.ensure_store_dir(store)
    os.chmod(store / "password", 0o644)
    with pytest.raises(StoreError, match="can be read by other users"):
        embedded.ensure_store_dir(store)


def test_a_password_that_is_a_link_is_refused(tmp_path: Path):
    store = tmp_path / "store"
    store.mkdir(mode=0o700)
    (tmp_path / "elsewhere").write_text("secret", encoding="utf-8")
    (store / "password").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(StoreError, match="symbolic link"):
        embedded.ensure_store_dir(store)


@pytest.mark.neo4j
def test_a_planted_link_as_server_out_is_never_written_through(tmp_path: Path):
    store = tmp_path / "store"
    embedded.ensure_store_dir(store)
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    (store / "server.out").symlink_to(target)
    with pytest.raises(StoreError, match="symbolic link"):
        embedded.start_server(store, heap="256m")
    assert target.read_text(encoding="utf-8") == "keep me"


@pytest.mark.neo4j
def test_a_port_taken_before_the_server_binds_it_is_retried(tmp_path: Path, monkeypatch):
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    taken = busy.getsockname()[1]
    ports = iter([taken])
    real = embedded.free_port
    monkeypatch.setattr(embedded, "free_port", lambda: next(ports, None) or real())
    info = embedded.start_server(tmp_path / "store", heap="256m", timeout=60)
    try:
        assert info.bolt_port != taken
        with socket.create_connection(("127.0.0.1", info.bolt_port), timeout=5):
            pass  # the retried server listens
    finally:
        embedded.stop_pid(info.pid, (tmp_path / "store").resolve())
        busy.close()
