"""CSV tables: UTF-8 with a byte-order mark and CRLF lines, so Excel and WPS open them without mojibake.

Formula-like fields get a leading apostrophe so a spreadsheet shows them as text.
"""
from __future__ import annotations

import csv
from pathlib import Path

from kg.export.rows import Cell
from kg.export.safe import csv_cell


def write_csv(path: Path, columns: tuple[str, ...], rows: list[list[Cell]]) -> None:
    """Write one table (header row first) to ``path``."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(columns)
        for values in rows:
            w.writerow([csv_cell(v) if isinstance(v, str) else v for v in values])
