"""File names of body and document pages: safe on every OS, unique, stable, inside the output folder."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import KgError
from kg.viz.names import MAX_CHARS, inside, safe_stem, unique_stems

WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)), *(f"LPT{i}" for i in range(10))}


def check(stem: str) -> None:
    assert stem and stem not in {".", ".."}
    assert not WINDOWS_FORBIDDEN.search(stem)
    assert not stem.endswith((".", " ")) and not stem.startswith(" ")
    assert stem.split(".")[0].upper() not in RESERVED
    assert len(stem) <= MAX_CHARS and len(stem.encode("utf-8")) + len(".html") <= 255


@pytest.mark.parametrize("name, expected", [
    ("商务局", "商务局"),
    ("发展和改革委员会", "发展和改革委员会"),
    ("../../etc/passwd", "_.._etc_passwd"),
    ("..", "_"),
    ("a/b:c*?<>|局", "a_b_c_____局"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("区委办. ", "区委办"),
    ('" onmouseover="x', "_ onmouseover=_x"),
])
def test_safe_stem(name: str, expected: str) -> None:
    assert safe_stem(name) == expected
    check(safe_stem(name))


@given(st.text(max_size=300))
def test_any_name_gives_a_safe_stem_inside_the_folder(name: str) -> None:
    stem = safe_stem(name)
    check(stem)
    root = Path("/tmp/kg-viz-names")
    assert inside(root, root / "dept" / f"{stem}.html").parent == (root / "dept").resolve()


def test_names_that_collide_get_stable_distinct_stems() -> None:
    stems = unique_stems([("Actor:A局", "A局"), ("Actor:a局", "a局"), ("Actor:a/局", "a/局"), ("Actor:a_局", "a_局"),
                          ("Actor:商务局", "商务局")])
    assert stems["Actor:商务局"] == "商务局"
    folded = [s.casefold() for s in stems.values()]
    assert len(set(folded)) == len(folded)
    # adding another body never renames an existing page
    more = unique_stems([("Actor:A局", "A局"), ("Actor:a局", "a局"), ("Actor:a/局", "a/局"), ("Actor:a_局", "a_局"),
                         ("Actor:商务局", "商务局"), ("Actor:工信局", "工信局")])
    assert {k: more[k] for k in stems} == stems


def test_writing_outside_the_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KgError, match="outside the output folder"):
        inside(tmp_path / "out", tmp_path / "out" / ".." / "evil.html")
