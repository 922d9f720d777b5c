"""Reading inputs: encodings, .docx, and one-line errors for what cannot be read."""
from __future__ import annotations

import zipfile

import pytest

from kg.documents import iter_inputs, read_document
from kg.errors import InputError

TEXT = "同志们：\n由商务局负责，对有意投资的外商进行梳理。"


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gb18030", b""), ("gbk", b"")])
def test_encodings_are_detected(tmp_path, encoding, bom):
    p = tmp_path / "speech.txt"
    p.write_bytes(bom + TEXT.encode(encoding))
    doc = read_document(p)
    assert doc.text == TEXT and doc.id == "speech"


def test_docx_paragraphs_and_tables(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("一、招商引资")
    d.add_paragraph("由商务局负责，对有意投资的外商进行梳理。")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "举办推介会"
    t.cell(0, 1).text = "工商联牵头"
    p = tmp_path / "会议.docx"
    d.save(p)
    doc = read_document(p)
    assert doc.id == "会议" and doc.format == "docx"
    assert "由商务局负责" in doc.text and "举办推介会\t工商联牵头" in doc.text


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"   \n\n", "empty file"),
    ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary file"),
    ("latin.txt", bytes(range(0x80, 0x100)) * 50, "not UTF-8 or GB18030"),
    ("fake.docx", b"this is no zip", "not a valid .docx"),
    ("fake.txt", b"PK\x03\x04 zip data", "zip/Office file"),
    ("report.txt", b"%PDF-1.7 ...", "PDF"),
    ("minutes.rtf", b"{\\rtf1\\ansi ...}", "save it as .docx"),
    ("minutes.txt", b"{\\rtf1\\ansi ...}", "RTF document"),
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "save it as .docx"),
    ("old.txt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "Word 97-2003 or WPS"),
    ("notice.wps", b"anything", "WPS document"),
    ("plan.xlsx", b"PK\x03\x04", "spreadsheet"),
])
def test_bad_inputs_raise_one_line(tmp_path, name, data, message):
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(InputError) as err:
        read_document(p)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_zip_without_word_document(tmp_path):
    p = tmp_path / "x.docx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match="not a Word .docx"):
        read_document(p)


def test_iter_inputs_walks_folders_in_order_and_reports_missing(tmp_path):
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.docx").write_bytes(b"")
    (tmp_path / "skip.pdf").write_bytes(b"")
    (tmp_path / "~$lock.docx").write_bytes(b"")
    got = list(iter_inputs([tmp_path, tmp_path / "missing.txt"]))
    names = [p.name for p in got if not isinstance(p, InputError)]
    assert names == ["a.md", "b.txt", "c.docx"]
    assert isinstance(got[-1], InputError) and "no such file" in str(got[-1])
    skipped = [str(e) for e in got if isinstance(e, InputError)]
    assert any("skip.pdf: skipped, a PDF" in e for e in skipped)  # said, one line, not silently dropped


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_its_bom_is_read(tmp_path, codec):
    p = tmp_path / "notepad.txt"
    p.write_bytes("Plan 2024\n由区商务局负责外贸促进工作。\n".encode(codec))
    assert read_document(p).text == "Plan 2024\n由区商务局负责外贸促进工作。\n"


def test_html_is_read_as_its_reader_sees_it(tmp_path):
    p = tmp_path / "notice.html"
    p.write_text('<!DOCTYPE html><html><head><title>t</title><script>var a = "区发改局负责";</script>'
                 "<style>p{}</style></head><body><h1>通知</h1><p>由区商务局负责外贸促进工作，<b>区财政局</b>配合。</p>"
                 "<!-- 区发改局负责 --><table><tr><td>工作任务</td><td>责任单位</td></tr>"
                 "<tr><td>开展招商推介</td><td>区投资促进中心</td></tr></table></body></html>", encoding="utf-8")
    doc = read_document(p)
    assert doc.format == "html"
    assert doc.text == "通知\n由区商务局负责外贸促进工作，区财政局配合。\n工作任务\t责任单位\n开展招商推介\t区投资促进中心"


def test_a_file_name_that_is_not_utf8_is_reported_and_skipped(tmp_path):
    import os

    good = tmp_path / "good.txt"
    good.write_text("由区商务局负责外贸促进工作。", encoding="utf-8")
    bad = os.path.join(os.fsencode(tmp_path), b"\xff\xfe\xb2.txt")
    with open(bad, "wb") as fh:
        fh.write("由区财政局负责资金保障。".encode("utf-8"))
    got = list(iter_inputs([tmp_path]))
    assert [p.name for p in got if not isinstance(p, InputError)] == ["good.txt"]
    (err,) = [e for e in got if isinstance(e, InputError)]
    assert "not valid UTF-8" in str(err) and "\\xff" in str(err)
    str(err).encode("utf-8")  # the message itself is valid UTF-8


def test_documents_that_share_a_stem_get_ids_of_their_own(tmp_path, monkeypatch):
    from pathlib import Path

    from kg.documents import document_ids

    monkeypatch.chdir(tmp_path)
    files = [Path("2023/通知.txt"), Path("2024/通知.txt"), Path("2024/通知.md"), Path("要点.txt")]
    ids = document_ids(files)
    assert ids == {files[0]: "通知", files[1]: "2024/通知", files[2]: "2024/通知.md", files[3]: "要点"}
    # a rebuild keeps each document's id, whatever the order it meets them in
    again = document_ids(list(reversed(files)), {v: k.as_posix() for k, v in ids.items()})
    assert again == ids


def test_docx_text_in_every_place_word_keeps_it(tmp_path):
    """Nested tables, text boxes, content controls, tracked insertions (accepted) and deletions (not),
    fields and page headers are read; a table stays under the heading it follows."""
    import docx
    from docx.oxml import parse_xml

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "XX区人民政府办公室"
    d.add_paragraph("一、总体要求")
    d.add_paragraph("").runs  # an empty paragraph stays an empty line
    body = d.element.body
    sect = body[-1]  # w:sectPr stays last
    for xml in (
        f'<w:p {w}><w:r><w:t>由区商务局</w:t></w:r><w:ins w:id="1" w:author="a"><w:r><w:t>负责</w:t></w:r></w:ins>'
        f'<w:del w:id="2" w:author="a"><w:r><w:delText>不</w:delText></w:r></w:del><w:r><w:t>外贸促进工作。</w:t></w:r></w:p>',
        f'<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>由区财政局负责资金保障。</w:t></w:r></w:p></w:sdtContent></w:sdt>',
        f'<w:p {w}><w:fldSimple w:instr="DATE"><w:r><w:t>2024年6月</w:t></w:r></w:fldSimple></w:p>',
        f'<w:p {w}><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent>'
        f'<w:p><w:r><w:t>由区发改局负责项目调度。</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>',
        f'<w:p {w}><w:r><w:t>二、任务分工</w:t></w:r></w:p>',
    ):
        sect.addprevious(parse_xml(xml))
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "工作任务", "责任单位"
    table.cell(1, 0).text = "开展招商推介"
    inner = table.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "区投资促进中心"
    p = tmp_path / "方案.docx"
    d.save(p)
    lines = read_document(p).text.split("\n")
    assert lines[0] == "一、总体要求"  # the page header is not the title
    assert "由区商务局负责外贸促进工作。" in lines and "由区财政局负责资金保障。" in lines and "2024年6月" in lines
    assert "由区发改局负责项目调度。" in lines
    assert lines.index("二、任务分工") < lines.index("工作任务\t责任单位")  # the table under its heading
    assert any(line.startswith("开展招商推介\t") and "区投资促进中心" in line for line in lines)
    assert lines[-1] == "XX区人民政府办公室"


def test_invisible_characters_are_removed_as_a_document_is_read(tmp_path):
    p = tmp_path / "copied.txt"
    p.write_text("由区发\u200b改局负责项目调度，区商\u00ad务局\u2060配合。\ufeff", encoding="utf-8")
    assert read_document(p).text == "由区发改局负责项目调度，区商务局配合。"


def test_names_with_invisible_characters_or_odd_spaces_are_read_whole(tmp_path):
    from kg.pipeline import extract_paths

    p = tmp_path / "copied.txt"
    p.write_text("全区上下要团结一致，全区要抓好落实。\n区发\u200b改局负责项目调度，区商务局\u00a0配合。\n", encoding="utf-8")
    (r,) = extract_paths([p], segmenter="char")
    assert {(a.mention, a.role, a.task) for a in r.assignments} == {
        ("区发改局", "负责", "项目调度"), ("区商务局", "参与", "项目调度")}
