"""Drop-in replacements for two spaCy components, giving the same annotations faster.

In en_core_web_md, the attribute ruler (179 token patterns run by a Matcher:
the tag map and its exceptions) and the rule lemmatizer (a Token object and
several property lookups per word) took about a fifth of the parse time,
more than the parser. Both decide most words from a few token attributes, so
here each decision is made once per distinct set of attributes and written
back through the Doc's arrays. Same annotations, byte for byte: a test
compares every token attribute with the stock components on real articles.
"""

from __future__ import annotations

import re

from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.language import Language
from spacy.matcher import Matcher

# What the attribute ruler can set, in the order of the columns written back.
_WRITTEN = (POS, MORPH, LEMMA, TAG, DEP)
# What a single-token pattern may test for us to decide it from a memo; other patterns
# (several tokens, other attributes or operators) stay with a Matcher.
_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")


class FastAttributeRuler:
    """spaCy's AttributeRuler, applied per distinct (TAG, LOWER, DEP, IS_SPACE).

    As in spaCy, every pattern is matched on the Doc as it arrives, and the
    matches are applied in pattern order, so later patterns win.
    """

    def __init__(self, ruler):
        self.vocab = ruler.vocab
        self.ruler = ruler
        self.single: list = []  # (pattern index, alternatives: [{attr: predicate}])
        self.matcher = Matcher(ruler.vocab)
        self.literals: set = set()  # LOWER strings any single-token pattern names
        self.regexes: list = []
        for index, entry in enumerate(ruler.patterns):
            alternatives = entry["patterns"]
            if ruler.indices[index] == 0 and all(_decidable(p) for p in alternatives):
                self.single.append((index, [p[0] for p in alternatives]))
                for pattern in alternatives:
                    self._note_lower(pattern[0].get("LOWER"))
            else:
                self.matcher.add(str(index), alternatives)
        self._decided: dict = {}  # (tag, lower class, dep, is_space) -> column values to write
        self._lower_class: dict = {}  # LOWER hash -> itself when a pattern can tell it apart, else 0

    @staticmethod
    def handles(ruler) -> bool:
        """Return whether every pattern of the ruler sets only attributes this class writes
        (a model's own ruler could set NORM or extension attributes; it then stays as it is)."""
        return all(set(attrs) <= set(_WRITTEN) for attrs in ruler.attrs)

    def _note_lower(self, value) -> None:
        if isinstance(value, str):
            self.literals.add(value)
        elif isinstance(value, dict):
            self.literals.update(value.get("IN", ()), value.get("NOT_IN", ()))
            if "REGEX" in value:
                self.regexes.append(re.compile(value["REGEX"]))

    def __call__(self, doc):
        if not len(doc):
            return doc
        strings = self.vocab.strings
        rows = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        written = doc.to_array(list(_WRITTEN))
        extra = self._multi_token_matches(doc)
        for i, (tag, lower, dep, space) in enumerate(rows):
            key = (tag, self._class_of(lower, strings), dep, space)
            if key not in self._decided:
                self._decided[key] = self._decide(tag, lower, dep, space, strings)
            indices, values = self._decided[key]
            if i in extra:
                values = self._fold(sorted(indices + extra[i]))
            for column, value in values:
                written[i, column] = value
        doc.from_array(list(_WRITTEN), written)
        return doc

    def _class_of(self, lower: int, strings) -> int:
        known = self._lower_class.get(lower)
        if known is None:
            text = strings[lower]
            telling = text in self.literals or any(r.search(text) for r in self.regexes)
            known = self._lower_class[lower] = lower if telling else 0
        return known

    def _decide(self, tag: int, lower: int, dep: int, space: int, strings) -> tuple:
        """Return (indices of the single-token patterns a token with these attributes matches,
        the (column, value) pairs they set, later patterns winning)."""
        token = {"TAG": strings[tag], "LOWER": strings[lower], "DEP": strings[dep],
                 "IS_SPACE": bool(space)}
        indices = [index for index, alternatives in self.single
                   if any(all(_holds(token[a], p) for a, p in tests.items()) for tests in alternatives)]
        return indices, self._fold(indices)

    def _fold(self, indices: list) -> list:
        """Return the (column, value) pairs that applying these patterns in order leaves."""
        final: dict = {}
        for index in indices:
            final.update(self.ruler.attrs[index])
        return [(_WRITTEN.index(attr), value) for attr, value in final.items()]

    def _multi_token_matches(self, doc) -> dict:
        """Return {token index: [pattern index, ...]} for the patterns left to the Matcher."""
        found: dict = {}
        if not len(self.matcher):
            return found
        strings = self.vocab.strings
        for match_id, start, end in self.matcher(doc, allow_missing=True):
            index = int(strings[match_id])
            target = range(start, end)[self.ruler.indices[index]]  # IndexError as in spaCy
            found.setdefault(target, []).append(index)
        return found


def _decidable(pattern: list) -> bool:
    """Return whether a pattern is one token tested only on attributes the memo keys on."""
    if len(pattern) != 1 or not set(pattern[0]) <= set(_TESTED):
        return False
    return all(isinstance(p, (str, bool)) or (isinstance(p, dict) and len(p) == 1 and
                                              set(p) <= {"IN", "NOT_IN", "REGEX"})
               for p in pattern[0].values())


def _holds(value, predicate) -> bool:
    """Return whether a token attribute's value passes a Matcher predicate."""
    if not isinstance(predicate, dict):
        return value == predicate
    (operator, operand), = predicate.items()
    if operator == "IN":
        return value in operand
    if operator == "NOT_IN":
        return value not in operand
    return re.search(operand, value) is not None


class FastLemmatizer:
    """spaCy's rule Lemmatizer, reading its cache without making a Token of every word.

    It shares the stock component's cache and rules: a word it has not seen
    with this part of speech and morphology goes through the stock
    `rule_lemmatize`, which caches it. Two things make that faster without
    changing a lemma:
    - spaCy keeps each part of speech's known words (57,528 nouns) in a list
      and scans it for every candidate form of a new word, about a
      millisecond each; here those lists, in the stock component's own
      lookups table, are replaced by lists that test membership through a set.
    - spaCy caches neither proper nouns, punctuation and other parts of speech
      without rules, nor words already in their base form; the lemma depends
      only on the word, its part of speech and its morphology, so they are
      kept here beside its cache.
    """

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        if lemmatizer.mode != "rule":
            raise ValueError(f"FastLemmatizer handles the rule mode, not {lemmatizer.mode!r}")
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos, words in list(index.items()):
            index[pos] = _WordList(words)
        self.uncached: dict = {}  # (ORTH, POS, MORPH) -> lemmas spaCy does not cache

    def __call__(self, doc):
        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:
            lemmatizer._validate_tables(Errors.E1004)
        cache, uncached, strings = lemmatizer.cache, self.uncached, doc.vocab.strings
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not lemmatizer.overwrite:
                continue
            key = (orth, pos, morph)
            forms = cache.get(key) or uncached.get(key)
            if forms is None:
                forms = lemmatizer.rule_lemmatize(doc[i])
                if key not in cache:
                    uncached[key] = forms
            lemmas[i] = strings.add(forms[0])
        doc.from_array([LEMMA], lemmas)
        return doc


class _WordList(list):
    """A lemma index's word list (still a list, as spaCy stores it) whose `in` is a set lookup."""

    def __init__(self, words):
        super().__init__(words)
        self._members = frozenset(self)

    def __contains__(self, word) -> bool:
        return word in self._members


@Language.factory("fast_attribute_ruler")
def make_fast_attribute_ruler(nlp: Language, name: str) -> FastAttributeRuler:
    """Return the fast equivalent of the pipeline's "attribute_ruler"."""
    return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))


@Language.factory("fast_lemmatizer")
def make_fast_lemmatizer(nlp: Language, name: str) -> FastLemmatizer:
    """Return the fast equivalent of the pipeline's rule "lemmatizer"."""
    return FastLemmatizer(nlp.get_pipe("lemmatizer"))


def speed_up(nlp: Language) -> Language:
    """Return the pipeline with its attribute ruler and rule lemmatizer replaced, in place, by
    their fast equivalents (which keep the stock components and their data)."""
    if "attribute_ruler" in nlp.pipe_names and FastAttributeRuler.handles(nlp.get_pipe("attribute_ruler")):
        nlp.add_pipe("fast_attribute_ruler", after="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    if "lemmatizer" in nlp.pipe_names and getattr(nlp.get_pipe("lemmatizer"), "mode", None) == "rule":
        nlp.add_pipe("fast_lemmatizer", after="lemmatizer")
        nlp.remove_pipe("lemmatizer")
    return nlp
