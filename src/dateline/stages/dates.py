"""Dates: find the date expressions of the body and resolve each against the
publication date ("on Thursday" -> 2022-03-10, precision day).

Expressions are found by a small grammar built from the word lists in
resources/ (date_words.tsv, date_holidays.tsv, date_relative.tsv); explicit
dates are parsed with dateparser; the year of a date given without one, and
the day of a bare weekday, follow the tense of the governing verb in ctx.doc
(see docs/dates.md). Values are ISO 8601 at the expression's precision:
``2022-03-10`` (day), ``2022-W10`` (week), ``2022-03`` (month), ``2022`` (year).

Other stages call `date_for_span(ctx, start, end)` for the date of a clause.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Optional

import dateparser

from ..model import DateRef, Skip
from ..periods import parse_day
from ..resources import load_lines, load_table

_W = r"[^\S\n]+"          # spaces inside one line
_END = r"(?![\w])"         # a name ends here ("Feb." or "February", not "Februarys")
_NAME_ENTS = {"PERSON", "ORG", "FAC", "LAW", "WORK_OF_ART", "PRODUCT"}
_GOVERNED = {"VERB", "AUX"}


@dataclass
class Found:
    """One date expression found in the text, before resolution."""

    kind: str   # iso|mdy|dmy|my|month|year|weekday|holiday|relative|ago
    start: int
    end: int
    parts: dict


# -- the stage -----------------------------------------------------------------


def run(ctx) -> list:
    """Return the body's date expressions, each resolved to a value and precision."""
    text = ctx.article.text
    found = find_expressions(text, ctx.doc)
    metadata = _metadata_spans(text)
    published = _publication_date(ctx, found, metadata)
    ctx.shared[PUBLISHED_KEY] = published
    dates, unresolved = [], 0
    for item in found:
        if not ctx.in_body(item.start, item.end) or _inside(metadata, item.start, item.end):
            continue
        resolved = resolve(item, published, clause_tense(ctx.doc, item.start, item.end))
        if resolved is None:
            unresolved += item.kind in _RELATIVE_KINDS
            continue
        start = _with_preposition(text, item)
        dates.append(DateRef(start, item.end, text[start:item.end], *resolved))
    if unresolved and published is None:
        ctx.record.skipped.append(Skip("dates", f"{unresolved} relative date(s) left out: no "
                                                "publication date given or found in the text"))
    return dates


PUBLISHED_KEY = "dateline.dates.published"


def publication_day(ctx) -> Optional[str]:
    """Return the article's publication day as YYYY-MM-DD, as the dates stage read or inferred
    it ("March 3, 2022" -> "2022-03-03"), else None. Call it from a stage that runs after dates."""
    day = ctx.shared.get(PUBLISHED_KEY)
    return day.isoformat() if day else None


def date_for_span(ctx, start: int, end: int) -> Optional[DateRef]:
    """Return the date of the clause holding [start, end) (same verb, or a verb it hangs
    from without crossing reported speech), else None. Reads ctx.record.dates."""
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    if span is None or not ctx.record.dates:
        return None
    chain = _clause_chain(_governor(span))
    best = None
    for date in ctx.record.dates:
        other = ctx.doc.char_span(date.start, date.end, alignment_mode="expand")
        if other is None or other.sent != span.sent:
            continue
        verb = _governor(other)
        if verb in chain:
            rank = (chain.index(verb), abs(date.start - start))
            if best is None or rank < best[0]:
                best = (rank, date)
    return best[1] if best else None


# -- finding expressions ----------------------------------------------------------


def find_expressions(text: str, doc=None) -> list:
    """Return the date expressions of `text` (all of it), longest first where they overlap.

    With `doc` (the spaCy Doc of `text`), names ("April Ryan", "Good Friday Agreement")
    and counts ("a force of 2000") are dropped and lone years tagged DATE are added.
    """
    candidates = []
    for kind, pattern in _patterns():
        for match in pattern.finditer(text):
            parts = {k: v for k, v in match.groupdict().items() if v is not None}
            start = match.start("body") if "body" in parts else match.start()
            candidates.append(Found(kind, start, match.end(), parts))
    if doc is not None:
        candidates += _entity_years(doc)
    kept = [c for c in candidates if _is_date(text, c, doc)]
    return _without_overlaps(kept)


def _without_overlaps(candidates: list) -> list:
    chosen: list = []
    for item in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if not any(o.start < item.end and item.start < o.end for o in chosen):
            chosen.append(item)
    return sorted(chosen, key=lambda c: c.start)


def _is_date(text: str, item: Found, doc) -> bool:
    """False for durations ("the last week"), names and counts that look like dates."""
    before = text[max(0, item.start - 20):item.start].split()
    previous = before[-1] if before else ""
    if item.kind == "relative" and previous.lower() == "the":
        return False
    if item.kind == "weekday" and previous in _words("not_before"):
        return False
    if item.kind in ("month", "year") and not item.parts.keys() & {"lead", "mod", "mid", "rel", "ner"}:
        return False  # "May", "June", "2000" alone are as likely names and counts
    if item.kind == "holiday" and not re.search(r"(?:Day|Eve)$", item.parts["holiday"]) \
            and previous.lower() not in _words("lead") + ("on", "at", "over") and "year" not in item.parts:
        return False  # "calling Christmas a sham": a bare feast name is a date only after "on", "before", ...
    if doc is None:
        return True
    span = doc.char_span(item.start, item.end, alignment_mode="expand")
    if span is None:
        return True
    if item.kind in ("month", "weekday", "my") and \
            any(t.ent_type_ in _NAME_ENTS for t in span):
        return False
    if item.kind == "year" and any(_is_count(t) for t in span):
        return False
    return True


def _is_count(token) -> bool:
    """True for a number spaCy reads as a count ("a force of 2000 soldiers"), not a year."""
    if token.ent_type_ in ("CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
        return True
    return token.ent_type_ != "DATE" and token.dep_ == "nummod" and token.like_num


def _entity_years(doc) -> list:
    """Lone years spaCy tags as DATE ("the 2014 elections")."""
    found = []
    for ent in doc.ents:
        for tok in ent:
            if ent.label_ == "DATE" and re.fullmatch(r"(?:1[89]|20)\d\d", tok.text) and len(ent) <= 2:
                found.append(Found("year", tok.idx, tok.idx + len(tok.text), {"year": tok.text, "ner": "DATE"}))
    return found


def _with_preposition(text: str, item: Found) -> int:
    """Start of the expression including a leading "on"/"in" ("on Thursday", "in 2014")."""
    if item.kind in ("relative", "ago"):
        return item.start
    before = text[max(0, item.start - 4):item.start]
    match = re.search(r"(?:^|(?<=\W))(?i:on|in)" + _W + "$", before)
    return item.start - len(before) + match.start() if match else item.start


@functools.cache
def _patterns() -> tuple:
    """Return (kind, compiled regex) for every kind of expression."""
    mon, wd = _alternation(_names("month")), _alternation(_names("weekday"))
    # A range ("Dec. 6-9") is one expression dated by its first day.
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:[-–][0-3]?\d(?:st|nd|rd|th)?)?(?![\d\w-])"
    year = r"(?P<year>(?:1[89]|20)\d\d)(?![\d\w]|[,.]\d|-\d)"
    weekday_lead = rf"(?:(?P<wd>{wd}){_END},?{_W})?"
    mod = rf"(?:(?P<mod>(?i:early|late)){_W}|(?P<mid>(?i:mid)-?))?"
    lead = _alternation(_words("lead"), ignore_case=True)
    number = _alternation(_names("number"), ignore_case=True)
    specs = (
        ("iso", rf"(?<![\d-])(?P<year>\d{{4}})-(?P<monnum>[01]\d)-(?P<day>[0-3]\d)(?![\d-])"),
        ("mdy", rf"(?<![\w]){weekday_lead}(?P<mon>{mon}){_END}{_W}{day}(?:,?{_W}{year})?"),
        ("dmy", rf"(?<![\w\d]){weekday_lead}{day}{_W}(?:of{_W})?(?P<mon>{mon}){_END}(?:,?{_W}{year})?"),
        ("my", rf"(?<![\w])(?P<body>{mod}(?P<mon>{mon}){_END},?{_W}(?:of{_W})?{year})"),
        ("month", rf"(?<![\w])(?:(?P<lead>{lead}){_W}(?:the{_W})?)?"
                  rf"(?P<body>(?:(?P<rel>(?i:last|next|this)){_W})?{mod}(?P<mon>{mon}){_END})"),
        ("year", rf"(?<![\w])(?:(?P<lead>{lead}){_W}(?:the{_W}(?:year{_W})?)?)?(?P<body>{mod}{year})"),
        ("weekday", rf"(?<![\w])(?P<body>(?:(?P<rel>(?i:last|next|this|past|coming)){_W})?(?P<wd>{wd}){_END}"
                    rf"(?:{_W}(?P<part>{_alternation(_names('part'))}){_END})?)"),
        ("holiday", rf"(?<![\w])(?P<body>(?P<holiday>{_alternation(_holidays())}){_END}(?:,?{_W}{year})?)"),
        ("relative", rf"(?<![\w])(?P<body>(?P<phrase>{_alternation(_relative(), ignore_case=True)}))(?![\w])"),
        ("ago", rf"(?<![\w])(?P<body>(?P<num>{number}|\d{{1,3}}){_W}(?P<unit>(?i:day|week|month|year))s?"
                rf"{_W}(?i:ago))(?![\w])"),
    )
    return tuple((kind, re.compile(rx)) for kind, rx in specs)


def _alternation(names, ignore_case: bool = False) -> str:
    body = "|".join(re.escape(n).replace(r"\ ", _W) for n in sorted(names, key=len, reverse=True))
    return f"(?i:{body})" if ignore_case else f"(?:{body})"


@functools.cache
def _lexicon() -> dict:
    """Return {kind: {name: value}} from date_words.tsv."""
    table: dict = {}
    for kind, value, names, *_ in load_table("date_words.tsv"):
        for name in names.split(","):
            table.setdefault(kind, {})[name.strip()] = value
    return table


def _names(kind: str) -> dict:
    return _lexicon()[kind]


def _words(kind: str) -> tuple:
    return tuple(_lexicon()[kind])


@functools.cache
def _holidays() -> dict:
    return {name.strip(): (int(month), int(day))
            for month, day, names, *_ in load_table("date_holidays.tsv") for name in names.split(",")}


@functools.cache
def _relative() -> dict:
    return {phrase.lower(): (unit, int(offset)) for phrase, unit, offset, *_ in load_table("date_relative.tsv")}


@functools.cache
def _tense_words() -> dict:
    return {word: tense for word, tense, *_ in load_table("date_tense.tsv")}


def _metadata_spans(text: str) -> list:
    """Return the (start, end) of lines that only carry publication metadata ("Updated ...")."""
    pattern = re.compile(load_lines("date_metadata.txt")[0], re.I | re.M)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _inside(spans: list, start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


# -- tense -----------------------------------------------------------------------


def clause_tense(doc, start: int, end: int) -> Optional[str]:
    """Return "past", "future" or "present" for the verb governing [start, end), else None."""
    span = doc.char_span(start, end, alignment_mode="expand") if doc is not None else None
    verb = _governor(span) if span is not None else None
    return verb_tense(verb) if verb is not None else None


def verb_tense(verb, depth: int = 0) -> Optional[str]:
    """Return the tense of a verb from its form and auxiliaries; a non-finite verb with
    no auxiliary ("by taking two contests Tuesday") takes the tense of the verb above it."""
    words = _tense_words()
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(words.get(a.lower_) == "future" or words.get(a.norm_) == "future" for a in auxes) \
            or words.get(verb.lower_) == "future" or _future_frame(verb):
        return "future"
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
        return "past"
    if verb.tag_ == "VBN":
        # "are tallied March 15" is present; "has met", "the plan released Tuesday" are past.
        present_be = any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes)
        return "present" if present_be and not any(a.lemma_ == "have" for a in auxes) else "past"
    if verb.tag_ in ("VBZ", "VBP"):
        return "past" if words.get(verb.lemma_.lower()) == "past" else "present"
    if verb.tag_ in ("VBG", "VB") and not auxes and depth < 3:
        above = _verb_above(verb.head) if verb.head.i != verb.i else None
        if above is not None:
            return verb_tense(above, depth + 1)
    return "present" if verb.tag_ in ("VBG", "VB", "MD") else None


def _future_frame(verb) -> bool:
    """True for "is going to meet", "is due to arrive", "plans to visit"."""
    head = verb
    for _ in range(2):
        if head.dep_ not in ("xcomp", "advcl", "acomp") or head.head.i == head.i:
            return False
        head = head.head
        words = _tense_words()
        if words.get(head.lower_) == "future" or words.get(head.lemma_.lower()) == "future":
            return True
    return False


def _governor(span):
    """Return the verb that governs a span (the span's own root when it is a verb), else None."""
    return _verb_above(span.root)


def _verb_above(token):
    """Return `token` if it is a verb, else the nearest verb above it in the parse, else None."""
    while token.pos_ not in _GOVERNED:
        if token.head.i == token.i:  # spaCy makes a new Token object per access: compare indices
            return None
        token = token.head
    return token


def _clause_chain(verb) -> list:
    """Return the verb and the verbs it hangs from, stopping at reported speech (ccomp)."""
    chain = [verb]
    while verb is not None and verb.dep_ not in ("ccomp", "ROOT") and verb.head.i != verb.i:
        verb = _verb_above(verb.head)
        chain.append(verb)
    return chain


# -- resolving -------------------------------------------------------------------

_RELATIVE_KINDS = {"weekday", "relative", "ago", "month", "holiday", "mdy", "dmy"}


def resolve(item: Found, published: Optional[dt.date], tense: Optional[str]) -> Optional[tuple]:
    """Return (value, precision) of an expression, or None when it cannot be resolved
    (a relative date with no publication date, an impossible day)."""
    parts = item.parts
    if item.kind in ("iso", "mdy", "dmy", "holiday", "my"):
        return _resolve_calendar(item, published, tense)
    if item.kind == "year":
        return parts["year"], "year"
    if published is None:
        return None
    if item.kind == "month":
        month = int(_names("month")[parts["mon"]])
        return _month_value(*_choose_month(published, month, parts.get("rel", "").lower() or tense)), "month"
    if item.kind == "weekday":
        day = resolve_weekday(published, int(_names("weekday")[parts["wd"]]),
                              parts.get("rel", "").lower() or None, tense)
        return day.isoformat(), "day"
    if item.kind == "relative":
        unit, offset = _relative()[" ".join(parts["phrase"].lower().split())]
        return shift(published, unit, offset)
    number = parts["num"]
    count = int(number) if number.isdigit() else int(_names("number")[_number_key(number)])
    return shift(published, parts["unit"].lower(), -count)


def _number_key(word: str) -> str:
    wanted = " ".join(word.lower().split())
    return next(k for k in _names("number") if k.lower() == wanted)


def _resolve_calendar(item: Found, published: Optional[dt.date], tense: Optional[str]) -> Optional[tuple]:
    """Dates written with a month: explicit ones via dateparser, missing years by tense."""
    parts = item.parts
    if item.kind == "my":
        return _month_value(int(parts["year"]), int(_names("month")[parts["mon"]])), "month"
    month_day = _parse_month_day(item)
    if month_day is None:
        return None
    if "year" in parts:
        value = _valid_day(int(parts["year"]), *month_day)
        return (value, "day") if value else None
    if published is None:
        return None
    day = _choose_year(published, *month_day, tense)
    return (day.isoformat(), "day") if day else None


def _parse_month_day(item: Found) -> Optional[tuple]:
    """Return (month, day) of an explicit date, parsed by dateparser (None if impossible)."""
    parts = item.parts
    if item.kind == "holiday":
        return _holidays()[" ".join(parts["holiday"].split())]
    if item.kind == "iso":
        return int(parts["monnum"]), int(parts["day"])
    return _parse_with_dateparser(parts["mon"].rstrip("."), int(parts["day"]))


@functools.lru_cache(maxsize=1024)
def _parse_with_dateparser(month_name: str, day: int) -> Optional[tuple]:
    # A leap year as base, so "Feb. 29" parses; the year is chosen afterwards.
    parsed = dateparser.parse(f"{month_name} {day}", languages=["en"],
                              settings={"RELATIVE_BASE": dt.datetime(2000, 1, 1),
                                        "REQUIRE_PARTS": ["day", "month"]})
    return (parsed.month, parsed.day) if parsed else None


def _valid_day(year: int, month: int, day: int) -> Optional[str]:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _choose_year(published: dt.date, month: int, day: int, tense: Optional[str]) -> Optional[dt.date]:
    """Return the month/day in the year the tense points to: the latest on or before the
    publication date in past clauses, the next on or after it in future ones, else the nearest."""
    options = []
    for year in range(published.year - 4, published.year + 5):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:  # Feb. 29 outside leap years
            continue
    past = [d for d in options if d <= published]
    future = [d for d in options if d >= published]
    if tense == "past" and past:
        return max(past)
    if tense == "future" and future:
        return min(future)
    return min(options, key=lambda d: abs((d - published).days)) if options else None


def _choose_month(published: dt.date, month: int, tense: Optional[str]) -> tuple:
    """Return (year, month) for a bare month name, by the same rule as _choose_year;
    `tense` may also be "last"/"next" (strictly before/after) or "this" (same year)."""
    here = published.year * 12 + published.month - 1
    options = [y * 12 + month - 1 for y in (published.year - 1, published.year, published.year + 1)]
    past = [o for o in options if o <= here]
    future = [o for o in options if o >= here]
    if tense in ("last", "next"):
        chosen = max(o for o in options if o < here) if tense == "last" else min(o for o in options if o > here)
    elif tense == "this":
        chosen = options[1]
    elif tense == "past" and past:
        chosen = max(past)
    elif tense == "future" and future:
        chosen = min(future)
    else:
        chosen = min(options, key=lambda o: abs(o - here))
    return divmod(chosen, 12)[0], divmod(chosen, 12)[1] + 1


def resolve_weekday(published: dt.date, weekday: int, rel: Optional[str], tense: Optional[str]) -> dt.date:
    """Return the day a weekday names, by the news convention: the publication day when it
    matches, else the most recent such day (past or unknown tense, "last") or the next one
    (future or present tense, "next", "coming")."""
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if rel in ("last", "past"):
        return published - dt.timedelta(days=back or 7)
    if rel in ("next", "coming"):
        return published + dt.timedelta(days=ahead or 7)
    if back == 0:
        return published
    if tense in ("future", "present"):
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=back)


def shift(published: dt.date, unit: str, offset: int) -> tuple:
    """Return (value, precision) of the day/week/month/year `offset` units from publication."""
    if unit == "day":
        return (published + dt.timedelta(days=offset)).isoformat(), "day"
    if unit == "week":
        year, week, _ = (published + dt.timedelta(weeks=offset)).isocalendar()
        return f"{year}-W{week:02d}", "week"
    if unit == "month":
        year, month0 = divmod(published.year * 12 + published.month - 1 + offset, 12)
        return _month_value(year, month0 + 1), "month"
    return str(published.year + offset), "year"


def _month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


# -- publication date ----------------------------------------------------------------


def _publication_date(ctx, found: list, metadata: list) -> Optional[dt.date]:
    """Return the publication date: the given one, else one inferred from the text (and set
    ctx.record.published / published_inferred)."""
    given = ctx.record.published
    if given:
        parsed = parse_day(given)
        if parsed is not None:
            return parsed
        ctx.record.skipped.append(Skip("dates", f"published {given!r} is not a date (use YYYY-MM-DD): "
                                                "inferring one from the text"))
    inferred = infer_published(ctx, found, metadata)
    if inferred is not None:
        ctx.record.published = inferred.isoformat()
        ctx.record.published_inferred = True
    return inferred


def infer_published(ctx, found: list, metadata: list) -> Optional[dt.date]:
    """Return the latest explicit full date of the article ("Updated" lines first, then
    captions and the body, leaving out dates in future-tense clauses), else None."""
    full = [(item, _full_date(item)) for item in found]
    full = [(item, day) for item, day in full if day is not None]
    on_metadata = [day for item, day in full if _inside(metadata, item.start, item.end)]
    if on_metadata:
        return max(on_metadata)
    past = [day for item, day in full if clause_tense(ctx.doc, item.start, item.end) != "future"]
    return max(past) if past else None


def _full_date(item: Found) -> Optional[dt.date]:
    """Return the day of an expression that names day, month and year, else None."""
    if item.kind not in ("iso", "mdy", "dmy", "holiday") or "year" not in item.parts:
        return None
    resolved = _resolve_calendar(item, None, None)
    return dt.date.fromisoformat(resolved[0]) if resolved and resolved[0] else None
