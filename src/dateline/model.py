"""The record types of the output contract (see docs/contract.md) and their JSON I/O.

Offsets are Python string indices into ``Record.text``, half-open ``[start, end)``.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Optional

from .periods import period

SCHEMA_VERSION = "1"


@dataclass
class Article:
    """One input document, before analysis."""

    text: str
    id: Optional[str] = None
    title: Optional[str] = None
    source: Optional[str] = None
    url: Optional[str] = None
    published: Optional[str] = None
    path: Optional[str] = None
    author: Optional[str] = None
    # Problems met while reading (encoding guessed, ...), carried into the record.
    notes: list = field(default_factory=list)
    # How the input's bytes were decoded (None: given as text) and how many bytes were not
    # valid in it (replaced by U+FFFD).
    encoding: Optional[str] = None
    bytes_replaced: int = 0

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)


def content_id(text: str) -> str:
    """Return the stable id of an article: a hash of its text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass
class Span:
    start: int
    end: int


@dataclass
class Boilerplate:
    kind: str  # caption|credit|source_line|byline|dateline|related|other
    start: int
    end: int


@dataclass
class Entity:
    id: str
    name: str
    type: str
    mentions: list  # [[start, end], ...]
    title: Optional[str] = None
    country: Optional[str] = None
    sector: Optional[str] = None


@dataclass
class Speaker:
    entity: Optional[str]
    name: str
    start: int
    end: int
    # False when the speaker is a pronoun ("he", "who", "I") whose referent the article never names.
    resolved: bool = True


@dataclass
class Cue:
    text: str
    start: int
    end: int


@dataclass
class Quote:
    kind: str  # direct|partial|indirect
    start: int
    end: int
    text: str
    speaker: Optional[Speaker] = None
    cue: Optional[Cue] = None


@dataclass
class DateRef:
    start: int
    end: int
    text: str
    value: str
    precision: str  # day|week|month|year


@dataclass
class Place:
    start: int
    end: int
    text: str
    name: str
    country: Optional[str]
    lat: Optional[float]
    lon: Optional[float]
    geonameid: Optional[int]
    feature: str  # city|admin|country|region
    role: str = "literal"  # literal|acting|modifier|demonym (in_name mentions are not output)


@dataclass
class Actor:
    entity: Optional[str]
    name: str
    country: Optional[str] = None
    sector: Optional[str] = None


# How precise an event's point is, by the gazetteer feature of its place: a state, province or
# county is admin1; a sea, river or island physical (the places stage and the store both read it).
PRECISION_OF_FEATURE = {"city": "city", "admin": "admin1", "country": "country", "region": "region",
                        "physical": "physical"}


@dataclass
class EventPlace:
    name: str
    country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    geonameid: Optional[int] = None
    feature: Optional[str] = None    # the place's: city|admin|country|region|physical
    precision: Optional[str] = None  # city|admin1|country|region|physical (a county counts as admin1)


@dataclass
class Event:
    type: str
    evidence: Span
    source: Optional[Actor] = None
    target: Optional[Actor] = None
    mode: Optional[str] = None
    context: list = field(default_factory=list)
    date: Optional[str] = None  # YYYY-MM-DD, the first day of the period
    date_precision: Optional[str] = None  # day|week|month|year
    place: Optional[EventPlace] = None
    negated: bool = False
    confidence: float = 0.0
    date_end: Optional[str] = None  # YYYY-MM-DD, the last day of the period
    # Every sentence of the article that tells this happening (evidence is the best of them).
    mentions: list = field(default_factory=list)

    def __post_init__(self) -> None:
        # Stages give a date at its own precision ("2016-W35", "2016-06"); events store the
        # period as ACLED and PLOVER do, so a date column always parses and sorts as a day.
        if self.date and (self.date_end is None or len(self.date) != 10):
            self.date, self.date_end, self.date_precision = period(self.date, self.date_precision)


@dataclass
class Skip:
    stage: str
    reason: str


@dataclass
class Record:
    id: str
    text: str
    path: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    source: Optional[str] = None
    published: Optional[str] = None
    published_inferred: bool = False
    language: Optional[str] = "en"
    boilerplate: list = field(default_factory=list)
    entities: list = field(default_factory=list)
    quotes: list = field(default_factory=list)
    dates: list = field(default_factory=list)
    places: list = field(default_factory=list)
    events: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    model: Optional[str] = None
    # The input's encoding as read (None: given as text, e.g. a JSON string) and how many of its
    # bytes were invalid there and replaced by U+FFFD (docs/robustness.md).
    encoding: Optional[str] = None
    bytes_replaced: int = 0
    schema_version: str = SCHEMA_VERSION

    def to_dict(self) -> dict:
        """Return the record as the plain JSON object of the contract."""
        out = {"schema_version": self.schema_version}
        for name in _field_names(Record):
            if name != "schema_version":
                out[name] = plain_data(getattr(self, name))
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    def spans(self):
        """Yield (field, start, end, claimed text or None) for every offset pair in the record."""
        for b in self.boilerplate:
            yield "boilerplate", b.start, b.end, None
        for e in self.entities:
            for start, end in e.mentions:
                yield "entities.mentions", start, end, None
        for q in self.quotes:
            yield "quotes", q.start, q.end, None
            for part in (q.speaker, q.cue):
                if part is not None:
                    yield "quotes.speaker/cue", part.start, part.end, getattr(part, "text", None)
        for item in self.dates + self.places:
            yield type(item).__name__.lower(), item.start, item.end, item.text
        for ev in self.events:
            yield "events.evidence", ev.evidence.start, ev.evidence.end, None
            for m in ev.mentions:
                yield "events.mentions", m.start, m.end, None

    @classmethod
    def from_dict(cls, data: dict) -> "Record":
        """Return a Record from its JSON object (inverse of to_dict)."""
        known = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in known}
        kwargs["boilerplate"] = [Boilerplate(**b) for b in data.get("boilerplate", [])]
        kwargs["entities"] = [Entity(**e) for e in data.get("entities", [])]
        kwargs["quotes"] = [_quote_from(q) for q in data.get("quotes", [])]
        kwargs["dates"] = [DateRef(**d) for d in data.get("dates", [])]
        kwargs["places"] = [Place(**p) for p in data.get("places", [])]
        kwargs["events"] = [_event_from(e) for e in data.get("events", [])]
        kwargs["skipped"] = [Skip(**s) for s in data.get("skipped", [])]
        return cls(**kwargs)

    @classmethod
    def from_json(cls, line: str) -> "Record":
        return cls.from_dict(json.loads(line))


_SCALARS = (str, int, float, bool, type(None))
_FIELD_NAMES: dict = {}


def plain_data(value: Any) -> Any:
    """Return `value` as plain JSON-ready data: what dataclasses.asdict gives, without its deep copies.

    asdict deep-copies every leaf, which made to_dict the largest cost of storing
    a record; strings and numbers are immutable, so they are shared instead.
    """
    if isinstance(value, _SCALARS):
        return value
    names = _field_names(type(value))
    if names is not None:
        return {name: plain_data(getattr(value, name)) for name in names}
    if isinstance(value, list):
        return [plain_data(v) for v in value]
    if isinstance(value, tuple):
        items = [plain_data(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    if isinstance(value, dict):
        return type(value)((plain_data(k), plain_data(v)) for k, v in value.items())
    return copy.deepcopy(value)


def _field_names(cls: type) -> Optional[tuple]:
    """Return the field names of a dataclass type (cached), or None for other types."""
    names = _FIELD_NAMES.get(cls)
    if names is None and is_dataclass(cls):
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return names


def _quote_from(q: dict) -> Quote:
    q = dict(q)
    if q.get("speaker"):
        q["speaker"] = Speaker(**q["speaker"])
    if q.get("cue"):
        q["cue"] = Cue(**q["cue"])
    return Quote(**q)


def _event_from(e: dict) -> Event:
    e = dict(e)
    e["evidence"] = Span(**e["evidence"])
    for key in ("source", "target"):
        if e.get(key):
            e[key] = Actor(**e[key])
    if e.get("place"):
        e["place"] = EventPlace(**e["place"])
    e["mentions"] = [Span(**m) for m in e.get("mentions") or ()]
    return Event(**e)
