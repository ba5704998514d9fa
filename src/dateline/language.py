"""Language identification (py3langid, offline, model inside the package)."""

from __future__ import annotations

import functools

from .settings import DEFAULT, Settings


@functools.cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str, settings: Settings = DEFAULT) -> str:
    """Return the ISO 639-1 code of the text's language; 'en' for texts too short to tell."""
    letters = sum(ch.isalpha() for ch in text[:5000])
    if letters < settings.language_min_chars:
        return "en"
    lang, prob = _identifier().classify(text[:5000])
    return lang if prob >= 0.9 else "en"
