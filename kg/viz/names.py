"""Safe, unique, stable file names for pages named after bodies and documents.

Names come from documents, so they may hold "/", "..", characters Windows
forbids, reserved device names or be very long. ``safe_stem`` makes one name
safe; ``unique_stems`` makes a set of names safe and unique (also when
compared case-insensitively, as on Windows and macOS), choosing the same file
name for the same name on every run.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from kg.errors import KgError

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SPACES = re.compile(r"\s+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}
# Characters, not bytes: 60 CJK characters are 180 bytes in UTF-8, under the usual 255-byte limit.
MAX_CHARS = 60


def safe_stem(name: str) -> str:
    """A file name stem for ``name``: no path separators, no '..', nothing Windows forbids."""
    s = unicodedata.normalize("NFC", name)
    s = _FORBIDDEN.sub("_", s)
    s = _SPACES.sub(" ", s).strip(" .")
    s = s[:MAX_CHARS].rstrip(" .")
    if not s:
        s = "_"
    if s.split(".")[0].upper() in _RESERVED:
        s = "_" + s
    return s


def _digest(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:8]


def unique_stems(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map each ``(key, name)`` to a unique safe stem.

    ``key`` is a stable identity (a node id). A name that stays unique after
    sanitising keeps its plain stem; names that collide get ``-<hash of key>``
    appended, which depends only on the key, so adding another body never
    renames an existing page.
    """
    pairs = sorted(items)
    by_folded: dict[str, list[tuple[str, str]]] = {}
    for key, name in pairs:
        stem = safe_stem(name)
        by_folded.setdefault(stem.casefold(), []).append((key, stem))
    out: dict[str, str] = {}
    taken: set[str] = set()
    for folded, group in sorted(by_folded.items()):
        if len(group) == 1:
            key, stem = group[0]
            out[key] = stem
            taken.add(folded)
    for folded, group in sorted(by_folded.items()):
        if len(group) == 1:
            continue
        for key, stem in group:
            cand = f"{stem[: MAX_CHARS - 9]}-{_digest(key)}"
            n = 1
            while cand.casefold() in taken:  # practically never: a hash collision
                n += 1
                cand = f"{stem[: MAX_CHARS - 12]}-{_digest(key)}-{n}"
            out[key] = cand
            taken.add(cand.casefold())
    return out


def inside(root: Path, path: Path) -> Path:
    """``path`` resolved, after checking it lies inside ``root`` (never write outside the output folder)."""
    base = root.resolve()
    full = path.resolve()
    if full != base and base not in full.parents:
        raise KgError(f"refusing to write outside the output folder: {path}")
    return full
