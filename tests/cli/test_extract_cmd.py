"""``kg extract`` as a user runs it: formats, exit codes, one-line errors, the rest of a batch still read."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def kg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=300)


def test_version_and_help():
    out = kg("--version")
    assert out.returncode == 0 and out.stdout.startswith("kg ")
    out = kg("extract", "--help")
    assert out.returncode == 0 and "--format" in out.stdout


def test_jsonl_on_a_corpus_document():
    out = kg("extract", "corpus/000_4cb1776f1e65bea3.txt", "--format", "jsonl", "--jobs", "1")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert any(r["org"] == "区商务局" and r["mention"] == "商务局" and r["level"] == "区" and r["key"] == "商务@区"
               and r["role"] == "负责" and "对有意投资的外商进行梳理" in r["task"] for r in rows)
    assert any(r["org"] == "区工商联" and r["role"] == "牵头" and "推介会" in r["task"] for r in rows)


def test_table_and_csv():
    out = kg("extract", "corpus/000_4cb1776f1e65bea3.txt", "--format", "table", "--jobs", "1")
    assert out.returncode == 0 and "商务局" in out.stdout
    out = kg("extract", "corpus/000_4cb1776f1e65bea3.txt", "--format", "csv", "--jobs", "1")
    assert out.returncode == 0 and out.stdout.splitlines()[0].startswith("doc,org,mention")


def test_bad_files_give_one_line_each_and_the_batch_goes_on(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x00\xff" * 50)
    (tmp_path / "good.txt").write_text("同志们：\n由商务局负责，对有意投资的外商进行梳理。", encoding="utf-8")
    out = kg("extract", str(tmp_path), str(tmp_path / "missing.txt"), "--format", "jsonl", "--jobs", "2")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("kg: error: ") for line in lines)
    assert json.loads(out.stdout.splitlines()[0])["org"] == "商务局"


def test_output_is_the_same_for_any_number_of_jobs():
    one = kg("extract", "corpus", "--format", "jsonl", "--jobs", "1")
    two = kg("extract", "corpus", "--format", "jsonl", "--jobs", "2")
    assert one.returncode == two.returncode == 0 and one.stdout == two.stdout and one.stdout


def test_entities_jsonl():
    out = kg("extract", "corpus/000_4cb1776f1e65bea3.txt", "--entities", "--jobs", "1")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    labels = {r["label"] for r in rows}
    assert {"Indicator", "Policy"} <= labels
    assert all("evidence" in r and "start" in r for r in rows)


def test_segmenter_choice_and_unknown_segmenter():
    out = kg("extract", "corpus/003_6c3e1b456d51acac.txt", "--format", "jsonl", "--segmenter", "char", "--jobs", "1")
    assert out.returncode == 0 and "商务局" in out.stdout
    out = kg("extract", "corpus/003_6c3e1b456d51acac.txt", "--segmenter", "bpe")
    assert out.returncode == 2 and out.stderr.startswith("kg: error: unknown segmenter")


def test_explain_prints_spans_and_frames(tmp_path):
    doc = tmp_path / "letter.txt"
    doc.write_text("请区住建局会同区财政局，于6月底前制定实施办法。\n各部门要高度重视。\n", encoding="utf-8")
    out = kg("extract", str(doc), "--explain")
    assert out.returncode == 0, out.stderr
    assert "→ joint: 区住建局 牵头 · 任务: 于6月底前制定实施办法" in out.stdout
    assert "spans: [AGENT 请] [BODY 区住建局] [JOINT 会同] [BODY 区财政局]" in out.stdout
    out = kg("extract", str(tmp_path / "missing.txt"), "--explain")
    assert out.returncode == 2 and out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_a_file_name_with_escape_codes_is_reported_escaped(tmp_path):
    bad = tmp_path / "x\x1b[2Jy.txt"
    bad.write_bytes(b"")
    out = kg("extract", str(bad), "--format", "jsonl", "--jobs", "1")
    assert out.returncode == 2 and "\x1b" not in out.stderr and "\\x1b[2J" in out.stderr


def test_document_text_with_escape_codes_is_shown_escaped_in_tables(tmp_path):
    doc = tmp_path / "esc.txt"
    doc.write_text("全区上下要团结一致，全区要抓好落实。\n由区商务局负责\x1b[2J外贸\x07促进工作。\n", encoding="utf-8")
    out = kg("extract", str(doc), "--format", "table", "--segmenter", "char", "--jobs", "1")
    assert out.returncode == 0 and "\x1b" not in out.stdout and "\x07" not in out.stdout
    assert "\\x1b[2J" in out.stdout
