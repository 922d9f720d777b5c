"""The spaCy pipeline: a blank Chinese pipeline, a word segmenter, and the assignment reader.

Segmenters:
- ``pkuseg`` (default): spaCy's pkuseg segmenter with the mixed-domain model
  that the pkuseg 0.0.25 package carries (no download), and every name of the
  lexicon in its user dictionary so that body names stay whole words.
- ``char``: one token per character; no model, fastest, slightly less careful
  about where a body name found from its shape starts.

The ``kg_assignments`` component reads a sentence with the grammar of
kg.extract.frames, using word boundaries so that a body found from its shape
never begins or ends inside a word, and records the actors it found in
``doc.spans["actors"]`` and the reading in ``doc.user_data["kg_reading"]``.
The pipeline is built once per process (``get_nlp``).
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import KgError
from kg.extract.frames import read_sentence
from kg.lexicon import user_dictionary

SEGMENTERS = ("pkuseg", "char")
DEFAULT_SEGMENTER = os.environ.get("KG_SEGMENTER", "pkuseg")


def pkuseg_model_dir() -> Path:
    """The model folder shipped inside the pkuseg package (never downloaded)."""
    try:
        import pkuseg
    except ImportError:
        raise KgError("the pkuseg package is not installed: run ./setup.sh, or use --segmenter char") from None
    path = Path(pkuseg.__file__).parent / "models" / "default"
    if not (path / "weights.npz").exists():
        raise KgError(f"pkuseg model not found in {path}: reinstall pkuseg==0.0.25, or use --segmenter char")
    return path


@Language.component("kg_assignments")
def kg_assignments(doc: Doc) -> Doc:
    """Read the sentence in ``doc`` with the assignment grammar, honouring word boundaries."""
    text = doc.user_data.get("kg_text") or doc.text
    boundaries = set(doc.to_array(IDX).tolist())  # token starts, without making a Token object each
    boundaries.add(len(text))
    reading = read_sentence(text, 0, len(text), boundaries)
    spans = []
    for scope in reading.scopes:
        for grant in scope.grants:
            span = doc.char_span(grant.element.start, grant.element.end, label=grant.role, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    doc.spans["actors"] = spans
    doc.user_data["kg_reading"] = reading
    return doc


def sentence_doc(nlp: Language, text: str, norm: str | None = None) -> Doc:
    """The tokenised Doc of one sentence as written, carrying the text the grammar reads: its normalised
    form (same length, so token offsets hold for it), or the text itself (Doc.text would join every
    token again, at the cost of a tenth of the segmentation)."""
    doc = nlp.make_doc(text)
    doc.user_data["kg_text"] = norm if norm is not None and len(norm) == len(text) else text
    return doc


def _make(segmenter: str) -> Language:
    if segmenter not in SEGMENTERS:
        raise KgError(f"unknown segmenter {segmenter!r}: choose one of {', '.join(SEGMENTERS)}")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": segmenter}}})
    if segmenter == "pkuseg":
        words = user_dictionary()
        with tempfile.TemporaryDirectory(prefix="kg-pkuseg-") as tmp:
            user_dict = Path(tmp) / "user_dict.txt"
            user_dict.write_text("\n".join(words) + "\n", encoding="utf-8")
            # spacy-pkuseg prints a warning about the model's feature file format; keep stdout/stderr clean.
            with open(os.devnull, "w") as null, contextlib.redirect_stdout(null), contextlib.redirect_stderr(null):
                nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model_dir()), pkuseg_user_dict=str(user_dict))
    nlp.add_pipe("kg_assignments")
    return nlp


@lru_cache(maxsize=2)
def get_nlp(segmenter: str = DEFAULT_SEGMENTER) -> Language:
    """The pipeline for this process, built on first use (loading pkuseg takes seconds)."""
    return _make(segmenter)


def release() -> None:
    """Drop this process's pipelines once it has nothing left to read: the pkuseg model is most of a
    build's memory (about 870 MB of its 1 GB), and the graph and the outputs can have it (kg.build).
    A later ``get_nlp`` loads the model again."""
    import gc

    get_nlp.cache_clear()
    gc.collect()
