"""Language identification (py3langid, offline, model inside the package)."""

from __future__ import annotations

import functools
import itertools
import unicodedata

from .cache import cached
from .settings import DEFAULT, Settings


@functools.cache
def _identifier():
    return cached("py3langid", ("py3langid",), _load_identifier)


def _load_identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str, settings: Settings = DEFAULT) -> str:
    """Return the ISO 639-1 code of the text's language; 'en' for texts too short to tell."""
    # Counting stops at the threshold: only whether the text has that many letters matters.
    letters = sum(1 for _ in itertools.islice(filter(str.isalpha, text[:5000]), settings.language_min_chars))
    if letters < settings.language_min_chars:
        return "en"
    lang, prob = _identifier().classify(text[:5000])
    # Below 0.9 a text may still be English with many names in it, but not when
    # its letters are mostly in another script (Arabic scores only ~0.8).
    return lang if prob >= 0.9 or _latin_share(text[:5000]) < 0.5 else "en"


def _latin_share(text: str) -> float:
    """Return the share of the text's letters that are Latin script."""
    letters = [ch for ch in text if ch.isalpha()]
    latin = sum(1 for ch in letters if ch < "\u0250" or unicodedata.name(ch, "").startswith("LATIN"))
    return latin / max(1, len(letters))
