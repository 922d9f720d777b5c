"""Accuracy with the shared scorer: on the corpus (F1 ≥ 0.95) and on the development documents of other
kinds in ../shared/eval/dev (micro F1 ≥ 0.93, macro F1 ≥ 0.90: the extraction issue's bars were 0.80 and
0.75; these sit a few points under today's 0.98 and 0.97, so that a regression cannot land while a rule
that trades a point here for the grammar's reach still can). The per-document table of the development
documents is printed at the end of the test run."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "eval"
DEV = SHARED / "dev"
DEV_MICRO_F1 = 0.93
DEV_MACRO_F1 = 0.90
# The per-document table of the last dev run, printed by tests/conftest.py's terminal summary.
DEV_TABLE: list[str] = []


def _eval_dir() -> Path:
    """The shared gold and scorer when present beside the checkout, else the copy kept in tests/eval."""
    return SHARED if (SHARED / "score.py").exists() else HERE / "eval"


def _scorer():
    spec = importlib.util.spec_from_file_location("score", _eval_dir() / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_f1_on_corpus_at_least_095(corpus_results):
    score = _scorer()
    gold = score.load(str(_eval_dir() / "gold_seeds.jsonl"))
    preds = [json.loads(json.dumps(a.to_json(), ensure_ascii=False)) for r in corpus_results for a in r.assignments]
    result = score.score(gold, preds)
    assert result["f1"] >= 0.95, {k: v for k, v in result.items() if not k.startswith("_")}


def test_jsonl_contract_fields(corpus_results):
    a = corpus_results[0].assignments[0].to_json()
    for key in ("doc", "org", "mention", "org_kind", "role", "task", "deadline", "evidence", "section", "start", "end"):
        assert key in a
    assert a["org_kind"] in ("department", "collective", "person") and a["role"] in ("牵头", "负责", "参与")


@pytest.mark.skipif(not (DEV / "gold.jsonl").exists(), reason="../shared/eval/dev is not beside this checkout")
def test_f1_on_development_documents():
    from kg.pipeline import extract_paths

    score = _scorer()
    gold = score.load(str(DEV / "gold.jsonl"))
    preds = [a.to_json() for r in extract_paths([DEV / "raw"]) for a in r.assignments]
    total = score.score(gold, preds)
    f1s = []
    DEV_TABLE.clear()
    for doc in sorted({g["doc"] for g in gold}):
        r = score.score([g for g in gold if g["doc"] == doc], [p for p in preds if p["doc"] == doc])
        f1s.append(r["f1"])
        DEV_TABLE.append(f"{doc[:40]:40} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
                         f"(tp={r['tp']} fp={r['fp']} fn={r['fn']})")
    macro = sum(f1s) / len(f1s)
    DEV_TABLE.append(f"{'micro':40} P={total['precision']:.3f} R={total['recall']:.3f} F1={total['f1']:.3f}")
    DEV_TABLE.append(f"{'macro F1':40} {macro:.3f}")
    assert total["f1"] >= DEV_MICRO_F1 and macro >= DEV_MACRO_F1, "\n".join(DEV_TABLE)
