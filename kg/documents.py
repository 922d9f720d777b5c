"""Reading input files: .txt/.md (UTF-8 with or without BOM, GB18030/GBK) and .docx.

The document id is the file stem. Text is returned exactly as decoded (a BOM
is dropped); every offset reported later refers to this text. Anything that
cannot be read raises InputError with one line that names the file.
"""
from __future__ import annotations

import os
import stat
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from kg.docx_numbering import Numbering
from kg.errors import InputError
from kg.model import Document
from kg.reflow import reflow

SUFFIXES = (".txt", ".md", ".docx", ".html", ".htm")
# Documents of other formats that a folder may hold: each is reported as skipped, with what to do.
OTHER_FORMATS = {
    ".doc": "a Word 97-2003 .doc: save it as .docx", ".wps": "a WPS document: save it as .docx",
    ".rtf": "an RTF document: save it as .docx", ".odt": "an OpenDocument text: save it as .docx",
    ".pdf": "a PDF: convert it to .txt or .docx", ".xls": "a spreadsheet: save its task table as .docx or .md",
    ".xlsx": "a spreadsheet: save its task table as .docx or .md", ".et": "a WPS spreadsheet: save it as .docx or .md",
    ".ppt": "a presentation: save its text as .docx", ".pptx": "a presentation: save its text as .docx",
}
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
        if not _utf8_name(p):
            yield InputError(f"{_shown(p)}: the file name is not valid UTF-8 (rename it); skipped")
        elif not p.exists():
            yield InputError(f"{p}: no such file or directory")
        elif p.is_dir():
            found, problems = _walk(p)
            yield from problems
            if not found:
                yield InputError(f"{p}: no documents (.txt, .md, .docx, .html) in this folder")
            yield from found
        elif not p.is_file():
            # A pipe or device would block or never end when read: refuse it before anything reads it.
            yield InputError(f"{p}: not a regular file (a pipe, socket or device)")
        else:
            yield p


def _walk(folder: Path) -> tuple[list[Path], list[InputError]]:
    """The documents under ``folder`` (hidden files and Word lock files ~$x skipped), sorted; and an error
    for each subfolder that cannot be listed and each document of a format kg does not read."""
    found: list[Path] = []
    problems: list[InputError] = []

    def unreadable(exc: OSError) -> None:
        problems.append(InputError(f"{exc.filename or folder}: cannot list folder ({exc.strerror or exc})"))

    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            f = Path(top) / name
            suffix = f.suffix.lower()
            if name.startswith((".", "~$")) or not f.is_file():
                continue
            if not _utf8_name(f):
                problems.append(InputError(f"{_shown(f)}: the file name is not valid UTF-8 (rename it); skipped"))
            elif suffix in SUFFIXES:
                found.append(f)
            elif suffix in OTHER_FORMATS:
                problems.append(InputError(f"{f}: skipped, {OTHER_FORMATS[suffix]}"))
    return sorted(found), problems


def _utf8_name(p: Path) -> bool:
    """Whether a path's name is valid UTF-8 (Python carries other bytes as lone surrogates, which would
    put invalid UTF-8 into the JSONL and the exports)."""
    try:
        str(p).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(p: Path) -> str:
    """A path whose name is not valid UTF-8, with its odd bytes written as escapes (\\xff)."""
    return str(p).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


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
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
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


def _utf16_without_bom(data: bytes) -> str | None:
    """Text saved as UTF-16 without its BOM: NUL in nearly every second byte of ASCII, never in the
    others (a binary file has NULs everywhere); None when the bytes are not that."""
    sample = data[:20000]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) / 2
    for codec, nul_side, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nul_side > 0.2 * half and other < 0.01 * half:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return text if "\x00" not in text and _mostly_chinese_or_ascii(text) else None
    return None


def _mostly_chinese_or_ascii(text: str) -> bool:
    """Text of the documents kg reads: nearly all ASCII, CJK and full-width characters (a binary file
    decoded as UTF-16 is not)."""
    sample = text[:20000]
    ok = sum(1 for c in sample if c in "\t\r\n" or " " <= c <= "~" or "\u3000" <= c <= "\u9fff"
             or "\uff00" <= c <= "\uffef" or "\u2000" <= c <= "\u206f")
    return ok >= 0.9 * len(sample)


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
    numbering = Numbering(d)  # the numbers of list paragraphs, which are not in their text
    lines = _block_lines(d.element.body, d, numbering)
    for section in d.sections:  # page headers and footers last: they must not become the title
        for part in (section.header, section.footer):
            if not part.is_linked_to_previous:
                lines += [x for x in _block_lines(part._element, d, None) if x.strip() and x not in lines]
    text = "\n".join(lines)
    if not text.strip():
        raise InputError(f"{path}: .docx has no text")
    return text


_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
           "blockquote", "pre", "dd", "dt")


def _looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))


def html_text(markup: str, name: str = "") -> str:
    """The text of an HTML page as a reader sees it (government sites publish HTML): parsed with lxml,
    scripts, styles and comments dropped, a line per block (paragraph, heading, list item, table row,
    with its cells tab-separated)."""
    import lxml.html

    try:
        root = lxml.html.document_fromstring(markup)
    except Exception:  # lxml raises ParserError and others on markup it cannot make a tree of
        raise InputError(f"{name}: cannot read HTML") from None
    for bad in root.xpath("//script|//style|//noscript|//template|//head|//comment()"):
        bad.drop_tree()
    for cell in root.xpath("//td|//th"):
        cell.tail = "\t" + (cell.tail or "")
    for block in root.iter(*_BLOCKS):
        block.tail = "\n" + (block.tail or "")
        if block.tag == "br":
            continue
        block.text = "\n" + (block.text or "")
    lines = [" ".join(line.replace("\xa0", " ").split(" ")).strip(" ") for line in root.text_content().split("\n")]
    text = "\n".join(line.strip("\t ") for line in lines if line.strip("\t "))
    if not text.strip():
        raise InputError(f"{name}: the HTML page has no text")
    return text


def document_ids(files: list[Path], taken: dict[str, str] | None = None) -> dict[Path, str]:
    """The id of each document: its file stem (what ``doc`` of the JSONL and every page show), unless
    another document already has that stem, in ``taken`` (id -> the path it was read from) or earlier in
    ``files``; then its parent folder and stem (2024/通知), and, should that be taken too, its path
    without suffix. So 2023/通知.txt and 2024/通知.txt are two documents, and a rebuild keeps every id."""
    used: dict[str, str] = dict(taken or {})
    out: dict[Path, str] = {}
    for f in files:
        where = stored_form(f)
        for candidate in (f.stem, f"{f.parent.name}/{f.stem}" if f.parent.name else f.stem,
                          where.rsplit(".", 1)[0] if "." in Path(where).name else where):
            if used.get(candidate, where) == where:
                break
        else:
            candidate = where
        used[candidate] = where
        out[f] = candidate
    return out


def stored_form(path: Path) -> str:
    """How a document's path is kept: relative to the working folder when inside it, else absolute."""
    full = Path(os.path.abspath(path))
    try:
        return full.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return full.as_posix()


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _runs_text(el) -> str:
    """The text of a paragraph as it reads with tracked changes accepted: every w:t (runs, hyperlinks,
    fields' results, content controls, insertions), none of w:delText or field codes, tabs kept, and
    text boxes left to their own lines."""
    out = []
    for node in el.iter(_W + "t", _W + "tab", _W + "br"):
        if _in_text_box(node, el):
            continue
        out.append(node.text or "" if node.tag == _W + "t" else "\t" if node.tag == _W + "tab" else " ")
    return "".join(out)


def _in_text_box(node, paragraph) -> bool:
    """Whether ``node`` sits in a text box inside ``paragraph`` (not one the paragraph itself is in)."""
    for a in node.iterancestors():
        if a is paragraph:
            return False
        if a.tag == _W + "txbxContent":
            return True
    return False


def _block_lines(container, document, numbering: Numbering | None) -> list[str]:
    """The lines of a body (or header, cell, content control) in document order: a paragraph is a line
    (its text boxes' paragraphs follow it), a table row a line of tab-separated cells, a block content
    control its own blocks; so a table keeps the heading it stands under."""
    from docx.table import Table

    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == _W + "p":
            lines.append((numbering.label(child) if numbering is not None else "") + _runs_text(child))
            for box in child.iter(_W + "txbxContent"):
                if not any(a.tag.endswith("}Fallback") for a in box.iterancestors()):  # VML copy of a box
                    lines += _block_lines(box, document, numbering)
        elif child.tag == _W + "tbl":
            for row in Table(child, document).rows:
                # One cell per column (a merged cell repeats its text), so rows line up with the header;
                # a cell's paragraphs and nested tables become one line of it.
                cells = [" ".join(" ".join(_block_lines(cell._tc, document, numbering)).split())
                         for cell in row.cells]
                if any(cells):
                    lines.append("\t".join(cells))
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                lines += _block_lines(content, document, numbering)
    return lines


# Characters that show nothing but split a name for every reader (zero-width spaces and joiners, word
# joiner, BOM, soft hyphen): 区发\u200b改局 is 区发改局. They are removed as a document is read, so the
# document's text, and every offset into it, is the text as a reader sees it.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def read_document(path: str | Path, doc_id: str | None = None) -> Document:
    """Read one file into a Document (its id ``doc_id``, else the file stem), its invisible characters
    removed and, in a hard-wrapped text, its paragraphs joined; raises InputError with a one-line reason."""
    doc = _read(Path(path), doc_id)
    text = doc.text.translate(_INVISIBLE)
    if doc.format != "docx":  # a .txt made from a PDF: its paragraphs as a reader reads them (kg.reflow)
        text = reflow(text)
    if text == doc.text:
        return doc
    if not text.strip():
        raise InputError(f"{path}: empty file")
    return Document(id=doc.id, text=text, path=doc.path, format=doc.format)


def _read(p: Path, doc_id: str | None) -> Document:
    did = doc_id or p.stem
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
            return Document(id=did, text=read_docx(p), path=str(p), format="docx")
        if suffix in OTHER_FORMATS:
            raise InputError(f"{p}: {OTHER_FORMATS[suffix]}")
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
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise InputError(f"{p}: a Word 97-2003 or WPS file, not text (save it as .docx)")
    if data[:5] == b"{\\rtf":
        raise InputError(f"{p}: an RTF document, not text (save it as .docx)")
    text = decode(data, str(p))
    if suffix in (".html", ".htm") or _looks_like_html(text):
        return Document(id=did, text=html_text(text, str(p)), path=str(p), format="html")
    return Document(id=did, text=text, path=str(p), format="md" if suffix == ".md" else "txt")
