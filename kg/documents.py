"""Reading input files: .txt/.md (UTF-8 with or without BOM, GB18030/GBK) and .docx.

The document id is the file stem. Text is returned exactly as decoded (a BOM
is dropped); every offset reported later refers to this text. Anything that
cannot be read raises InputError with one line that names the file.
"""
from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.errors import InputError
from kg.model import Document

SUFFIXES = (".txt", ".md", ".docx")
MAX_BYTES = 200 * 1024 * 1024
# A .docx is a zip: refuse archives whose unpacked size is absurd (zip bombs).
MAX_DOCX_UNPACKED = 200 * 1024 * 1024


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files to read under the given paths, in a stable order; an error for each path that is unusable.

    Folders are walked recursively for .txt, .md and .docx files (hidden files and
    Word lock files ~$x.docx are skipped); a folder holding none is an error, so a
    mistyped folder is not taken for "no assignments". A named file is returned whatever its suffix,
    so the reader can say why it cannot be read.
    """
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            yield InputError(f"{p}: no such file or directory")
        elif p.is_dir():
            try:
                found = sorted(
                    f for f in p.rglob("*")
                    if f.suffix.lower() in SUFFIXES and f.is_file()
                    and not any(part.startswith(".") for part in f.relative_to(p).parts)
                    and not f.name.startswith("~$")
                )
            except OSError as exc:
                yield InputError(f"{p}: cannot list folder ({exc.strerror or exc})")
                continue
            if not found:
                yield InputError(f"{p}: no documents (.txt, .md, .docx) in this folder")
            yield from found
        elif not p.is_file():
            # A pipe or device would block or never end when read: refuse it before anything reads it.
            yield InputError(f"{p}: not a regular file (a pipe, socket or device)")
        else:
            yield p


def decode(data: bytes, name: str = "") -> str:
    """Bytes to text: UTF-16 with its BOM (Notepad's "Unicode"), else UTF-8 (BOM dropped), then GB18030."""
    if not data.strip():
        raise InputError(f"{name}: empty file")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(f"{name}: damaged UTF-16 text") from None
        if not text.strip():
            raise InputError(f"{name}: empty file")
        if "\x00" in text or not _looks_like_text(text):
            raise InputError(f"{name}: binary file, not text")
        return text
    if b"\x00" in data[:65536]:
        raise InputError(f"{name}: binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 or GB18030 text") from None
    if not _looks_like_text(text):
        raise InputError(f"{name}: not UTF-8 or GB18030 text")
    return text


def _looks_like_text(text: str) -> bool:
    """GB18030 decodes many binary files; real text is mostly CJK, ASCII and punctuation."""
    sample = text[:20000]
    ok = sum(1 for c in sample if c.isprintable() or c in "\r\n\t")
    return ok >= 0.95 * len(sample)


def read_docx(path: Path) -> str:
    """The paragraphs of a .docx (body text, then tables row by row), one per line."""
    try:
        with zipfile.ZipFile(path) as zf:
            total = sum(i.file_size for i in zf.infolist())
            if total > MAX_DOCX_UNPACKED:
                raise InputError(f"{path}: .docx unpacks to {total // 2**20} MB, refused as a likely zip bomb")
            if "word/document.xml" not in zf.namelist():
                raise InputError(f"{path}: not a Word .docx document")
    except zipfile.BadZipFile:
        raise InputError(f"{path}: not a valid .docx (damaged or not a zip archive)") from None
    import docx  # python-docx

    try:
        d = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds on damaged files
        raise InputError(f"{path}: cannot read .docx ({type(exc).__name__})") from None
    lines = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            # One cell per column (a merged cell repeats its text), so rows line up with the header;
            # line breaks inside a cell become spaces so that a row stays one line.
            cells = [" ".join(cell.text.split()) for cell in row.cells]
            if any(cells):
                lines.append("\t".join(cells))
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{path}: .docx has no text")
    return text


def read_document(path: str | Path) -> Document:
    """Read one file into a Document; raises InputError with a one-line reason."""
    p = Path(path)
    suffix = p.suffix.lower()
    try:
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{p}: not a regular file (a pipe, socket or device)")
        size = st.st_size
        if size > MAX_BYTES:
            raise InputError(f"{p}: file is {size // 2**20} MB, larger than the {MAX_BYTES // 2**20} MB limit")
        if suffix == ".docx":
            return Document(id=p.stem, text=read_docx(p), path=str(p), format="docx")
        data = p.read_bytes()
    except PermissionError:
        raise InputError(f"{p}: permission denied") from None
    except IsADirectoryError:
        raise InputError(f"{p}: is a folder") from None
    except FileNotFoundError:
        raise InputError(f"{p}: no such file") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror or exc})") from None
    if data[:4] == b"PK\x03\x04":
        raise InputError(f"{p}: a zip/Office file, not text (only .docx is read among Office formats)")
    if data[:5] == b"%PDF-":
        raise InputError(f"{p}: a PDF, not text (convert it to .txt or .docx)")
    text = decode(data, str(p))
    return Document(id=p.stem, text=text, path=str(p), format="md" if suffix == ".md" else "txt")
