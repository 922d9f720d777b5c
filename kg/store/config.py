"""Which store to use: a real Neo4j (or any Bolt) server, or the embedded ArcadeDB one.

A URI given by option or by NEO4J_URI selects a server the user runs; with no
URI, ``kg`` starts its own ArcadeDB from the installed package with data kept
in a project-local folder. The password is taken from the option, the
environment or a prompt and is never printed: ``repr`` of a config hides it.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import InputError

DEFAULT_STORE_DIR = Path(".kg") / "store"
EMBEDDED_DATABASE = "kg"
EMBEDDED_USER = "root"
DEFAULT_BATCH_SIZE = 1000
_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


@dataclass(frozen=True)
class StoreConfig:
    """Connection settings; ``uri is None`` means the embedded ArcadeDB server in ``store_dir``."""

    uri: str | None = None
    user: str = "neo4j"
    password: str | None = field(default=None, repr=False)
    database: str | None = None
    store_dir: Path = DEFAULT_STORE_DIR
    batch_size: int = DEFAULT_BATCH_SIZE
    # How long the driver keeps retrying a transaction that failed for a transient reason.
    retry_seconds: float = 15.0
    connect_timeout: float = 10.0
    # Heap of the embedded server's JVM (kept modest: the machine is shared).
    heap: str = "1g"

    @property
    def embedded(self) -> bool:
        return self.uri is None

    @classmethod
    def from_env_and_options(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        database: str | None = None,
        store_dir: str | Path | None = None,
        batch_size: int | None = None,
        env: Mapping[str, str] | None = None,
        prompt: bool = False,
    ) -> StoreConfig:
        """Options first, then NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE.

        With a URI and no password anywhere, ``prompt=True`` asks for it on the terminal
        (hidden input); otherwise the server is tried without one and refuses clearly.
        """
        env = os.environ if env is None else env
        uri = uri or env.get("NEO4J_URI") or None
        if uri is None:
            return cls(store_dir=Path(store_dir) if store_dir else DEFAULT_STORE_DIR,
                       batch_size=_batch(batch_size), user=EMBEDDED_USER, database=EMBEDDED_DATABASE)
        scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
        if scheme not in _SCHEMES:
            raise InputError(f"--neo4j-uri {uri!r}: expected bolt://host:port or neo4j://host:port")
        _check_host_port(uri)
        password = password or env.get("NEO4J_PASSWORD") or None
        if password is None and prompt:
            password = _ask_password(f"Password for {user or env.get('NEO4J_USERNAME') or 'neo4j'} at {uri}: ")
        return cls(
            uri=uri,
            user=user or env.get("NEO4J_USERNAME") or env.get("NEO4J_USER") or "neo4j",
            password=password,
            database=database or env.get("NEO4J_DATABASE") or None,
            store_dir=Path(store_dir) if store_dir else DEFAULT_STORE_DIR,
            batch_size=_batch(batch_size),
        )

    def with_(self, **changes) -> StoreConfig:
        """A copy with some settings changed (e.g. the embedded server's URI once it runs)."""
        return replace(self, **changes)

    def describe(self) -> str:
        """Where the store is, for messages (never the password)."""
        if self.embedded:
            return f"embedded ArcadeDB store in {self.store_dir}"
        return f"{self.uri}" + (f" (database {self.database})" if self.database else "")


def _check_host_port(uri: str) -> None:
    """A URI whose port is not a number from 1 to 65535 (bolt://127.0.0.1:99999) is refused: the driver
    would connect to some other port."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(uri)
        ok = bool(parts.hostname) and (parts.port is None or 1 <= parts.port <= 65535)
    except ValueError:  # a port that is no number, or above 65535
        ok = False
    if not ok:
        raise InputError(f"--neo4j-uri {uri!r}: expected bolt://host:port with a port from 1 to 65535")


def _ask_password(prompt: str) -> str:
    """The password typed at a hidden prompt, or the first line of stdin when it is not a terminal."""
    import getpass
    import sys

    try:
        if sys.stdin.isatty():
            return getpass.getpass(prompt)
        line = sys.stdin.readline()
    except (EOFError, KeyboardInterrupt):
        line = ""
    if not line:
        raise InputError("no Neo4j password given (set NEO4J_PASSWORD or type it at the prompt)")
    return line.rstrip("\r\n")


def _batch(size: int | None) -> int:
    if size is None:
        return DEFAULT_BATCH_SIZE
    if size < 1:
        raise InputError(f"--batch-size {size}: must be at least 1")
    return size
