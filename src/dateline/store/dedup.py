"""Near-duplicate articles (MinHash LSH) and grouping keys for events.

Article texts become word 5-shingles hashed into a datasketch MinHash; its
signature is cut into LSH bands stored in `article_bands`, so candidates are
found with an indexed lookup in either backend, then confirmed with the
Jaccard estimate against `settings.dedup_threshold`.
"""

from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING, Optional

if TYPE_CHECKING:  # numpy and datasketch are imported where used: reading commands need neither
    import numpy as np

NUM_PERM = 128
# 16 bands of 8 rows: candidate pairs start near Jaccard 0.7 ((1/16) ** (1/8)),
# just under the 0.8 default threshold, so few true copies are missed.
BANDS, ROWS = 16, 8
SHINGLE = 5


def signature(text: str) -> np.ndarray:
    """Return the MinHash signature (NUM_PERM uint64 values) of a text's word shingles."""
    words = re.findall(r"\w+", text.casefold())
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    # The scheme is named: datasketch 1.x hashed another way ("legacy"), and a store
    # whose signatures mix two schemes would miss its duplicates without a word.
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
    mh.update_batch([s.encode("utf-8") for s in shingles])
    return mh.hashvalues.astype("<u8")


def band_hashes(sig: np.ndarray) -> list:
    """Return (band, hash) pairs of a signature for the LSH lookup."""
    return [(b, hashlib.sha1(sig[b * ROWS:(b + 1) * ROWS].tobytes()).hexdigest()[:16])
            for b in range(BANDS)]


def to_bytes(sig: np.ndarray) -> bytes:
    return sig.astype("<u8").tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    import numpy as np

    return np.frombuffer(data, dtype="<u8")


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Return the estimated Jaccard similarity of two signatures."""
    return float((a == b).mean())


def actor_key(name: Optional[str], country: Optional[str], sector: Optional[str],
              person: Optional[str] = None) -> str:
    """Return how an actor is compared across articles: its person id (store version 3: every
    spelling of one person), else its name, else country/sector."""
    if person:
        return f"@{person}"
    if name:
        return " ".join(name.casefold().split())
    return f"{country or ''}/{sector or ''}" if country or sector else ""


def group_key(event_type: str, source: str, target: str, place: str) -> str:
    """Return the key reports of one event share (the date is compared separately)."""
    return "|".join((event_type, source, target, " ".join(place.casefold().split())))
