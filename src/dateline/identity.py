"""Person names to identities: whether two names written in the news are one person.

Pure functions, no database; the store (store/people.py) uses them to give
every person one id across articles. A name is parsed into given name, middle
names or initials, surname and generational suffix after titles and
honorifics are dropped ("Secretary of State John Kerry" -> John Kerry) and
letters folded (accents, no-break spaces, "Sergey" -> "sergei"). Two names are
one person when the shipped aliases (resources/leaders.tsv) say so, or when
their structure agrees: same surname and suffix, given names equal, short
forms of one name (resources/name_variants.tsv) or an initial of it, middle
names that agree. A wrong merge is worse than a missed one, so a surname alone
("Clinton") is one person only when exactly one full name owns that surname
among the names it is compared in (the store passes those seen in the same
outlet and weeks), and different middles ("George H. W." / "George W.") or
suffixes ("Jr.") keep people apart.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Optional

from .countries import leader as table_leader
from .countries import leaders
from .resources import load_lines, load_table

# Letters NFKD does not split into a base letter and a mark.
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i",
                       "ð": "d", "þ": "th"})
_APOSTROPHES = "'’‘`´"


@dataclass(frozen=True)
class Name:
    """A person's name, folded: given name, middle names (or initials), surname, suffix."""

    given: str = ""
    middles: tuple = ()
    surname: str = ""
    suffix: str = ""

    @property
    def full(self) -> bool:
        """True when the name has a given name as well as a surname."""
        return bool(self.given and self.surname)

    def key(self) -> str:
        """Return the folded name as one string ("donald j trump"), the same for equal names."""
        return " ".join(p for p in (self.given, *self.middles, self.surname, self.suffix) if p)


@functools.cache
def _parts() -> dict:
    return {kind: frozenset(w.strip() for w in words.split(","))
            for kind, words in load_table("name_parts.tsv")}


@functools.cache
def _title_words() -> frozenset:
    """Return the words of titles and honorifics that may stand before a name."""
    words = set(_parts()["honorific"])
    for row in load_table("titles.tsv"):
        words.update(row[0].replace("-", " ").split())
    return frozenset(words)


@functools.cache
def _variant_of() -> dict:
    """Return {given name: the first form of its row} from resources/name_variants.tsv."""
    out = {}
    for line in load_lines("name_variants.tsv"):
        forms = [fold_word(w) for w in line.split(",") if w.strip()]
        for form in forms:
            out.setdefault(form, forms[0])
    return out


def plain_word(word: str) -> str:
    """Return a word in lower case without accents, dots or apostrophes ("Sen." -> "sen")."""
    word = unicodedata.normalize("NFKD", word.lower().translate(_FOLD))
    return "".join(c for c in word if c.isalnum() and not unicodedata.combining(c))


def fold_word(word: str) -> str:
    """Return plain_word with transliteration endings folded ("Sergey" -> "sergei",
    "Zelenskyy" -> "zelenski")."""
    word = plain_word(word)
    if len(word) > 3:
        word = re.sub(r"(?<=[^aeiou])(?:yy|iy|ii|y)$|ey$", lambda m: "ei" if m.group() == "ey" else "i",
                      word)
    return word


def _tokens(name: str) -> list:
    """Return the words of a name: any whitespace (no-break spaces too) and hyphens split,
    a possessive dropped, initials run together ("H.W.", "JD") split into letters."""
    name = unicodedata.normalize("NFKC", name)
    name = re.sub(f"[{_APOSTROPHES}]s$", "", name.strip())
    out = []
    for raw in re.split(r"[\s\-‐‑–,]+", name):
        if re.fullmatch(r"(?:[A-Za-z]\.){2,}", raw) or (re.fullmatch(r"[A-Z]{2,3}", raw)
                                                          and out == []):
            out.extend(c for c in raw if c.isalpha())  # "H.W.", "JD" at the start
        elif raw:
            out.append(raw)
    return out


def parse(name: str) -> Name:
    """Return the parts of a person's name, titles and honorifics left out."""
    tokens = _tokens(name or "")
    titles, parts = _title_words(), _parts()
    while len(tokens) > 1 and (plain_word(tokens[0]) in titles or tokens[0][:1].islower()):
        tokens.pop(0)  # "former Secretary of State", "Sen.", "Mr."
    pairs = [(t, plain_word(t)) for t in tokens]
    pairs = [(t, w) for t, w in pairs if w]
    if not pairs:
        return Name()
    suffix = ""
    if len(pairs) > 1 and pairs[-1][1] in parts["suffix"]:
        suffix = {"junior": "jr", "senior": "sr"}.get(pairs[-1][1], pairs[-1][1])
        pairs.pop()
    start = len(pairs) - 1  # the surname takes the lower-case particles before it
    while start > 1 and pairs[start - 1][1] in parts["particle"] and pairs[start - 1][0][:1].islower():
        start -= 1
    surname = " ".join(fold_word(t) for t, _ in pairs[start:])
    rest = [fold_word(t) for t, _ in pairs[:start]]
    if not rest:
        return Name(surname=surname, suffix=suffix)
    return Name(rest[0], tuple(rest[1:]), surname, suffix)


def _same_given(a: str, b: str) -> bool:
    """True when two given (or middle) names can be one: equal, short forms of one name
    (Bill, William), or one is the other's initial."""
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    variants = _variant_of()
    return variants.get(a, a) == variants.get(b, b)


def _same_middles(a: tuple, b: tuple) -> bool:
    """True when middle names agree: one name has none, or they match one by one."""
    if not a or not b:
        return True
    return len(a) == len(b) and all(_same_given(x, y) for x, y in zip(a, b))


def compatible(a: Name, b: Name) -> bool:
    """True when nothing in two parsed names tells two people apart (a surname alone is
    compatible with every name of that surname: see same_person for when it is one)."""
    if not a.surname or a.surname != b.surname or a.suffix != b.suffix:
        return False
    if not (a.given and b.given):
        return True
    return _same_given(a.given, b.given) and _same_middles(a.middles, b.middles)


@functools.cache
def _leader_of() -> dict:
    """Return {folded key of a leaders.tsv alias of two words or more: canonical name}.

    Bare-surname aliases ("Clinton", "Bush") are left out: across a store they are as
    ambiguous as any surname and go through the same test (see same_person)."""
    out = {}
    for alias, (canonical, _country, _sector) in leaders().items():
        name = parse(alias)
        if name.full:
            out[name.key()] = canonical
    return out


def leader(name: str) -> Optional[str]:
    """Return the canonical leaders.tsv name of a full name ("Donald J. Trump" -> "Donald
    Trump"), or None."""
    return _leader_of().get(parse(name).key())


def same_person(a: str, b: str, others: Iterable[str] = ()) -> bool:
    """True when names `a` and `b` are one person. `others` are the other names seen with
    them (same outlet and weeks): a surname alone is one person with a full name only when no
    other full name of that surname is there as a different person."""
    pa, pb = parse(a), parse(b)
    if not (pa.surname and pb.surname):
        return False
    la, lb = leader(a), leader(b)
    if la and lb:
        return la == lb
    if pa.full and pb.full:
        if la or lb:  # the table knows one of them: compare the other with its full aliases
            known, other = (la, pb) if la else (lb, pa)
            return any(compatible(parse(alias), other) for alias in aliases_of(known))
        return compatible(pa, pb)
    if pa.full == pb.full:  # two bare surnames: equal ones are one name, not one person
        return False
    (full, bare), plain = ((a, pb), b) if pa.full else ((b, pa), a)
    known = surname_leader(plain)  # always a candidate: see surname_leader
    found = owner(bare, [full, *others, *([known] if known else [])])
    return found is not None and same_person_full(found, full)


def surname_leader(name: str) -> Optional[str]:
    """Return the leader leaders.tsv names by a bare surname ("President Obama" -> "Barack
    Obama"), or None. A surname alone always counts that leader among the people it may be,
    so "Obama" beside only Michelle Obama stays unknown."""
    words = _tokens(name or "")
    for text in (" ".join(words), words[-1] if words else ""):
        found = table_leader(text) if text else None
        if found:
            return found[0]
    return None


def same_person_full(a: str, b: str) -> bool:
    """True when two full names are one person (same_person without surnames alone)."""
    return same_person(a, b) if parse(a).full and parse(b).full else False


@functools.cache
def _aliases() -> dict:
    out: dict = {}
    for alias, (canonical, *_rest) in leaders().items():
        out.setdefault(canonical, []).append(alias)
    return out


def aliases_of(canonical: str) -> list:
    """Return the full-name aliases leaders.tsv lists for a canonical leader name."""
    return [a for a in _aliases().get(canonical, []) if parse(a).full]


def owner(bare: Name, names: Iterable[str]) -> Optional[str]:
    """Return the one full name among `names` that owns the surname of `bare`, or None when
    none or several different people carry it ("Clinton" with Bill and Hillary around)."""
    found: list = []
    for name in names:
        parsed = parse(name)
        # Any full name of that surname counts, suffix or not: "Trump" beside Donald Trump
        # and Donald Trump Jr. is either of them.
        if parsed.full and parsed.surname == bare.surname:
            if not any(same_person_full(name, other) for other in found):
                found.append(name)
    return found[0] if len(found) == 1 else None


def person_key(name: str) -> str:
    """Return the key a person's id is made from: the leaders.tsv canonical name when the
    table knows the name, else the folded name ("Sergey Lavrov" -> "sergei lavrov")."""
    canonical = leader(name)
    return parse(canonical or name).key()


def person_id(key: str) -> str:
    """Return the stable id of the person whose key is `key` ("p" and 12 hex digits)."""
    return "p" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def looks_like_person(name: str) -> bool:
    """True when a speaker or actor name can be a person's name: it starts with a capital and
    is not a pronoun ("I", "who", "he")."""
    words = _tokens(name or "")
    if not words or not words[-1][:1].isupper():
        return False
    return name.strip().lower() not in pronouns()


@functools.cache
def pronouns() -> dict:
    """Return {pronoun: agreement} (m, f, n = it, p = they/we, s = I) of resources/pronouns.tsv."""
    return {form: agreement for form, agreement, *_ in load_table("pronouns.tsv")}
