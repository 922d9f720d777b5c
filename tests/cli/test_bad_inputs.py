"""Bad inputs through the command line, as a careless user or an attacker gives them.

Each case is a real ``kg`` process on real files: the exit code, exactly one
``kg: error: ...`` line per bad input on stderr naming it, never a traceback, and the
good inputs of the same run still read. Names that become file and sheet names
("/", "..", Windows-forbidden characters, device names) never write outside the
output folder.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD = "同志们：\n一、招商引资\n由商务局负责，对有意投资的外商进行梳理。\n"


def kg(*args: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=timeout)


def _docx_bytes(text: str = "由商务局负责，对有意投资的外商进行梳理。") -> bytes:
    import docx

    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _zip_bomb(path: Path) -> None:
    """A .docx whose word/document.xml unpacks to 256 MB of zeros (about 250 kB on disk)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(256):
                fh.write(block)


def _write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def _docx_with_doctype(doctype: str, ref: str) -> bytes:
    """A real .docx whose document.xml declares entities (DOCTYPE) and uses one in its text."""
    src = io.BytesIO(_docx_bytes("由商务局负责，对有意投资的外商进行梳理。PLACEHOLDER"))
    with zipfile.ZipFile(src) as zin:
        members = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for name, data in members:
            if name == "word/document.xml":
                xml = data.decode("utf-8")
                i = xml.index("?>") + 2
                data = (xml[:i] + doctype + xml[i:]).replace("PLACEHOLDER", ref).encode("utf-8")
            zout.writestr(name, data)
    return out.getvalue()


LAUGHS = '<!ENTITY a "aaaaaaaaaa">' + "".join(f'<!ENTITY {c} "{("&" + p + ";") * 10}">' for p, c in zip("abcdefgh", "bcdefghi"))
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)

# name -> (make the input in tmp and return the argument, words the one-line error holds)
BAD_FILES = {
    "empty": (lambda d: _write(d / "empty.txt", b""), "empty file"),
    "only_blanks": (lambda d: _write(d / "blank.md", b" \r\n\t\n"), "empty file"),
    "binary": (lambda d: _write(d / "binary.txt", bytes(range(256)) * 8), "binary file"),
    "image_named_txt": (lambda d: _write(d / "photo.txt", PNG), "binary file"),
    "pdf_named_txt": (lambda d: _write(d / "report.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), "a PDF"),
    "docx_named_txt": (lambda d: _write(d / "speech.txt", _docx_bytes()), "zip/Office file"),
    "text_named_docx": (lambda d: _write(d / "speech.docx", GOOD), "not a valid .docx"),
    "truncated_docx": (lambda d: _write(d / "cut.docx", _docx_bytes()[:3000]), "not a valid .docx"),
    "zip_without_document": (lambda d: _write(d / "other.docx", _zip_of({"hello.txt": "hi"})), "not a Word .docx"),
    "billion_laughs_docx": (lambda d: _write(d / "laughs.docx", _docx_with_doctype(f"<!DOCTYPE w:document [{LAUGHS}]>", "&i;")),
                            "cannot read .docx"),
    "zip_bomb_docx": (lambda d: (_zip_bomb(d / "bomb.docx"), d / "bomb.docx")[1], "zip bomb"),
    "latin1_noise": (lambda d: _write(d / "latin.txt", bytes(range(0x80, 0x100)) * 40), "not UTF-8 or GB18030"),
    "missing_path": (lambda d: d / "no-such-speech.txt", "no such file or directory"),
    "pipe_not_file": (lambda d: (os.mkfifo(d / "pipe.txt"), d / "pipe.txt")[1], "not a regular file"),
}


def _zip_of(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _one_error_line(done: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("kg: error: "), lines[0]
    return lines[0]


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_a_bad_file_is_one_line_exit_2_and_the_good_one_is_still_read(tmp_path: Path, case: str):
    make, words = BAD_FILES[case]
    bad = make(tmp_path)
    good = _write(tmp_path / "good.txt", GOOD)
    done = kg("extract", str(bad), str(good), "--format", "jsonl", "--segmenter", "char", "--jobs", "1",
              cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    line = _one_error_line(done)
    assert words in line and bad.name in line
    rows = [json.loads(x) for x in done.stdout.splitlines()]
    assert [(r["doc"], r["org"], r["role"]) for r in rows] == [("good", "商务局", "负责")]


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="runs as root here: file permissions do not stop root from reading")
def test_an_unreadable_file_is_one_line(tmp_path: Path):
    bad = _write(tmp_path / "secret.txt", GOOD)
    bad.chmod(0)
    try:
        done = kg("extract", str(bad), "--segmenter", "char", cwd=tmp_path)
    finally:
        bad.chmod(0o600)
    assert done.returncode == 2 and "permission denied" in _one_error_line(done)


def test_docx_external_entities_are_never_read(tmp_path: Path):
    """XXE: an entity naming a local file is not expanded into the document's text."""
    secret = _write(tmp_path / "secret.txt", "TOP-SECRET-VALUE")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
    path = _write(tmp_path / "xxe.docx", _docx_with_doctype(doctype, "&xxe;"))
    done = kg("extract", str(path), "--format", "jsonl", "--segmenter", "char", cwd=tmp_path)
    assert "TOP-SECRET-VALUE" not in done.stdout + done.stderr and "Traceback" not in done.stderr
    assert done.returncode in (0, 2)


# Inputs that are odd but valid: read, exit 0, nothing on stderr.
ODD_GOOD = {
    "utf8_bom": "\ufeff" + GOOD,
    "gbk": GOOD.encode("gbk"),
    "utf16_notepad": GOOD.encode("utf-16"),
    "crlf_and_controls": "\x0c\x1b" + GOOD.replace("\n", "\r\n").replace("同志们", "同志们\x07") + "\x0b\x1c\x85\u2028",
    "markdown_hash_lines": "#\n# \n##\n" + GOOD,
    "one_megabyte_line": "由商务局负责，对有意投资的外商进行梳理。" + "字" * 1_000_000,
    "deep_brackets": "（" * 20_000 + GOOD + "）" * 20_000,
}


@pytest.mark.parametrize("case", sorted(ODD_GOOD))
def test_odd_but_valid_text_is_read(tmp_path: Path, case: str):
    data = ODD_GOOD[case]
    path = tmp_path / f"{case}.txt"
    (path.write_bytes(data) if isinstance(data, bytes) else path.write_text(data, encoding="utf-8", newline=""))
    done = kg("extract", str(path), "--format", "jsonl", "--segmenter", "char", "--jobs", "1", cwd=tmp_path)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    rows = [json.loads(x) for x in done.stdout.splitlines()]
    assert any(r["org"] == "商务局" and r["role"] == "负责" and "对有意投资的外商进行梳理" in r["task"] for r in rows)
    for r in rows:  # offsets still point into the text as written (the reader only drops a BOM)
        assert r["mention"] == "商务局"


# Bad arguments: (args, exit code, words of the one-line error).
BAD_ARGS = [
    (("extract", "good.txt", "--format", "bogus"), 2, "bogus"),
    (("extract", "good.txt", "--jobs", "many"), 2, "--jobs"),
    (("extract", "good.txt", "--segmenter", "bogus"), 2, "unknown segmenter"),
    (("extract",), 2, "Missing argument"),
    (("build", "good.txt", "--no-store", "--out", "afile", "--segmenter", "char"), 1, "afile"),
    (("build", "good.txt", "--no-store", "--segmenter", "bogus"), 1, "unknown segmenter"),
    (("export", "tasks", "--graph", "missing.json"), 2, "no graph at missing.json"),
    (("export", "tasks", "--graph", "afile"), 2, "not valid JSON"),
    (("export", "tasks", "--graph", "good.txt"), 2, "not valid JSON"),
    (("export", "tasks", "--graph", "list.json"), 2, "not a node-link graph"),
    (("export", "tasks", "--graph", "out/graph.json", "--format", "exe"), 2, "unknown format"),
    (("export", "tasks", "--graph", "out/graph.json", "--dept", "不存在的局"), 2, "不存在的局"),
    (("export", "neo4j-import", "--graph", "afile"), 2, "not valid JSON"),
    (("viz", "--graph", "list.json"), 2, "not a node-link graph"),
    (("viz", "--graph", "deep.json"), 2, "deep.json"),
    (("export", "tasks", "--graph", "deep.json"), 2, "deep.json"),
    (("viz", "--graph", "out/graph.json", "--out", "afile"), 1, "afile"),
    (("nosuchcommand",), 2, "nosuchcommand"),
]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("args")
    _write(d / "good.txt", GOOD)
    _write(d / "afile", "not a folder, not a graph")
    _write(d / "list.json", "[1, 2, 3]")
    _write(d / "deep.json", "[" * 200_000)  # nested deeper than the JSON reader recurses
    from kg.documents import read_document
    from kg.extract.assembly import extract_document
    from kg.graph import build_graph
    from kg.graph_io import save_graph

    save_graph(build_graph([extract_document(read_document(d / "good.txt"), "char")]), d / "out")
    return d


@pytest.mark.parametrize("args, code, words", BAD_ARGS, ids=[" ".join(a) for a, _, _ in BAD_ARGS])
def test_bad_arguments_are_one_line_errors(workdir: Path, args, code, words):
    before = sorted(p.relative_to(workdir) for p in workdir.rglob("*"))
    done = kg(*args, cwd=workdir)
    assert done.returncode == code, done.stderr
    line = _one_error_line(done)
    assert words in line
    assert sorted(p.relative_to(workdir) for p in workdir.rglob("*")) == before  # nothing written, nothing lost


def test_thousands_of_files_some_bad(tmp_path: Path):
    """2000 files, a few bad: one line per bad file, exit 2, every good file's assignment printed."""
    folder = tmp_path / "speeches"
    folder.mkdir()
    bad = {"a0100_empty.txt": b"", "a0500_binary.txt": bytes(range(256)), "a0900_cut.docx": _docx_bytes()[:2000],
           "a1300_fake.docx": GOOD.encode(), "a1700_pdf.txt": b"%PDF-1.4 x", "a1999_latin.txt": bytes(range(128, 256)) * 9}
    good = []
    for i in range(2000):
        name = f"a{i:04d}"
        if any(b.startswith(name) for b in bad):
            continue
        _write(folder / f"{name}.txt", f"由商务局负责，对第{i}批有意投资的外商进行梳理。\n")
        good.append(name)
    for name, data in bad.items():
        _write(folder / name, data)
    done = kg("extract", str(folder), "--format", "jsonl", "--segmenter", "char", "--jobs", "2", cwd=tmp_path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == len(bad) and all(x.startswith("kg: error: ") for x in lines)
    for name in bad:
        assert sum(name in x for x in lines) == 1, name
    rows = [json.loads(x) for x in done.stdout.splitlines()]
    assert [r["doc"] for r in rows] == good  # every good file, once, in order
    assert all(r["task"] == f"对第{int(r['doc'][1:])}批有意投资的外商进行梳理" for r in rows)


def test_an_empty_folder_says_so(tmp_path: Path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF")
    done = kg("extract", "empty", "--segmenter", "char", cwd=tmp_path)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and lines == [
        "kg: error: empty/notes.pdf: skipped, a PDF: convert it to .txt or .docx",  # said, with what to do
        "kg: error: empty: no documents (.txt, .md, .docx, .html) in this folder"]


# --- names that become file and sheet names -----------------------------------------------------------------

HOSTILE_NAMES = ["../../etc/passwd局", "规划/建设局", "a\\b局", 'a:b*c?"<>|局', "CON", "..", "...", " . ",
                 "住建..局", "x" * 300 + "局", "=HYPERLINK(\"http://x\")局", "\x01控制\x7f局", "总表", "history"]


def _hostile_graph_file(folder: Path) -> Path:
    from kg.graph import build_graph
    from kg.graph_io import save_graph
    from kg.model import Assignment, DocResult, Document, DocumentMeta, Sentence

    lines, asg, sents = [], [], []
    text = "关于城市管理工作的讲话\n"
    for i, name in enumerate(HOSTILE_NAMES):
        task = f"清理第{i}片区楼道杂物"
        sentence = f"由{name}负责{task}。"
        start = len(text)
        text += sentence + "\n"
        sents.append(Sentence("900_hostile", i, start, start + len(sentence), sentence, ("一、整治",)))
        m = start + 1
        t = start + sentence.index(task)
        asg.append(Assignment(doc="900_hostile", org=name, mention=name, org_kind="department", role="负责",
                              task=task, deadline=None, deadline_norm=None, evidence=sentence, section="一、整治",
                              start=start, end=start + len(sentence), mention_start=m, mention_end=m + len(name),
                              task_start=t, task_end=t + len(task), sentence_index=i))
    r = DocResult(Document("900_hostile", text, "900_hostile.txt"), DocumentMeta(title="关于城市管理工作的讲话"),
                  [], sents, asg)
    save_graph(build_graph([r]), folder / "out")
    return folder / "out" / "graph.json"


@pytest.mark.parametrize("command", [
    ("export", "tasks", "--format", "csv", "--out", "box/lists"),
    ("export", "tasks", "--format", "xlsx", "--out", "box/lists"),
    ("export", "tasks", "--format", "md", "--out", "box/lists"),
    ("export", "neo4j-import", "--out", "box/lists"),
    ("viz", "--out", "box/lists"),
])
def test_hostile_body_names_never_write_outside_the_output_folder(tmp_path: Path, command):
    graph = _hostile_graph_file(tmp_path)
    (tmp_path / "box").mkdir()
    before = {p for p in tmp_path.rglob("*")}
    done = kg(*command, "--graph", str(graph), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    new = {p for p in tmp_path.rglob("*")} - before
    out = (tmp_path / "box" / "lists").resolve()
    assert new and all(p.resolve() == out or out in p.resolve().parents for p in new), sorted(map(str, new))
    for p in new:
        rel = p.relative_to(tmp_path / "box" / "lists") if p != tmp_path / "box" / "lists" else Path(".")
        for part in rel.parts:
            assert part not in ("..", ".") and not set(part) & set('<>:"\\|?*') and len(part.encode()) <= 255
            assert not any(ord(c) < 32 for c in part) and part.split(".")[0].upper() != "CON"
    if "xlsx" in command:
        from openpyxl import load_workbook

        (xlsx,) = [p for p in new if p.suffix == ".xlsx"]
        wb = load_workbook(xlsx)
        assert len(set(s.casefold() for s in wb.sheetnames)) == len(wb.sheetnames)
        for ws in wb.worksheets:
            assert len(ws.title) <= 31 and not set(ws.title) & set("[]:*?/\\")
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


def test_documents_of_other_formats_in_a_folder_are_reported_each_with_what_to_do(tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("同志们：\n由商务局负责，对有意投资的外商进行梳理。", encoding="utf-8")
    (docs / "page.html").write_text("<!DOCTYPE html><html><head><script>由发改局负责</script></head>"
                                    "<body><p>由工信局负责，推进企业技改。</p></body></html>", encoding="utf-8")
    for name in ("old.doc", "notice.wps", "minutes.rtf", "plan.xlsx"):
        (docs / name).write_bytes(b"x")
    done = kg("extract", "docs", "--format", "jsonl", "--segmenter", "char", cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert sorted(line.split(": skipped, ")[0] for line in lines) == [
        f"kg: error: docs/{n}" for n in ("minutes.rtf", "notice.wps", "old.doc", "plan.xlsx")]
    assert all(" save it" in line or " save its" in line for line in lines)  # what to do, for each
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert {(r["doc"], r["mention"]) for r in rows} == {("good", "商务局"), ("page", "工信局")}  # not the script
