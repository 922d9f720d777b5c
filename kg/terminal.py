"""Text on its way to a terminal: a file name or a sentence from a document never drives it."""
from __future__ import annotations


def printable(text: object) -> str:
    """``text`` with control characters (ESC, BEL, CR …) and other invisible ones written as escapes."""
    return "".join(ch if ch.isprintable() or ch == " " else f"\\x{ord(ch):02x}" if ord(ch) < 0x100
                   else f"\\u{ord(ch):04x}" for ch in str(text))
