"""Where export files go: format from --format or the file suffix, file-or-folder targets, atomic writes.

A file is written next to its target under a temporary name and moved into
place only when complete, so a failed export never leaves a half-written file
or destroys the previous one.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from kg.errors import InputError
from kg.scratch import temp_path

FORMATS: tuple[str, ...] = ("xlsx", "docx", "csv", "md", "json")
# The file name offices use for the whole table.
TABLE_STEM = "任务分工表"
# The file/sheet name of the tasks no body leads or is responsible for.
GAPS_STEM = "无责任单位"
# The file/sheet names of the tasks of collectives (各乡镇, 各部门) and of persons (X同志), one table each.
COLLECTIVES_STEM = "集体"
PERSONS_STEM = "个人"
# The file/sheet name of the evidence: each task's sentence, by the 总表's 序号.
EVIDENCE_STEM = "原文"


def choose_format(fmt: str | None, out: Path | None) -> str:
    """The format asked for, else the one the output file's suffix names, else xlsx."""
    if fmt is not None:
        f = fmt.lower().lstrip(".")
        if f not in FORMATS:
            raise InputError(f"unknown format {fmt!r}; use one of {'|'.join(FORMATS)}")
        if out is not None and out.suffix and not out.is_dir() and out.suffix.lower() != f".{f}":
            raise InputError(f"output {out} does not end in .{f} (the format asked for)")
        return f
    if out is not None and out.suffix and not out.is_dir():
        f = out.suffix.lower().lstrip(".")
        if f not in FORMATS:
            raise InputError(f"cannot tell the format from {out.name!r}; pass --format {'|'.join(FORMATS)}")
        return f
    return "xlsx"


def is_folder(out: Path) -> bool:
    """An existing folder, or a path without a suffix, is a folder to write into."""
    return out.is_dir() or (not out.exists() and not out.suffix)


def ensure_folder(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create folder {folder}: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder")
    return folder


def write_atomic(path: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path`` and move it into place when it succeeds."""
    ensure_folder(path.parent)
    if path.is_dir():
        raise InputError(f"cannot write {path}: it is a folder")
    # Same folder (so the move is atomic), same suffix (writers check it), created with the usual permissions.
    tmp = temp_path(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if tmp.is_file():
            tmp.unlink()
    return path


def office_time(when: datetime) -> datetime:
    """A naive UTC time, as Office document properties (docProps/core.xml) store it."""
    return when.astimezone(timezone.utc).replace(tzinfo=None) if when.tzinfo else when
