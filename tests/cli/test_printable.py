"""What kg prints about a file or a sentence never drives the terminal: control characters are escaped."""
from __future__ import annotations

import pytest

from kg.terminal import printable


@pytest.mark.parametrize("text, shown", [
    ("区商务局 负责", "区商务局 负责"),
    ("bad\x1b[31mname.txt", "bad\\x1b[31mname.txt"),
    ("bell\x07 and\rreturn", "bell\\x07 and\\x0dreturn"),
    ("line\nbreak\ttab", "line\\x0abreak\\x09tab"),
    ("zero\u200bwidth", "zero\\u200bwidth"),
])
def test_control_characters_are_escaped(text, shown):
    assert printable(text) == shown
