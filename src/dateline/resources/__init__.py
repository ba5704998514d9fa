"""Lexicons and tables shipped as data files; see README.md in this folder."""

from __future__ import annotations

import functools
import json
from importlib import resources as _res


def path(name: str):
    """Return a Traversable for the data file `name` in this package."""
    return _res.files(__name__).joinpath(name)


@functools.cache
def load_lines(name: str) -> tuple:
    """Return the non-blank, non-comment lines of a data file."""
    text = path(name).read_text(encoding="utf-8")
    return tuple(line.rstrip("\n") for line in text.splitlines()
                 if line.strip() and not line.lstrip().startswith("#"))


@functools.cache
def load_table(name: str) -> tuple:
    """Return the rows of a tab-separated data file as tuples of fields."""
    return tuple(tuple(line.split("\t")) for line in load_lines(name))


@functools.cache
def load_json(name: str):
    return json.loads(path(name).read_text(encoding="utf-8"))


@functools.cache
def load_word_list(name: str) -> frozenset:
    """Return the words of list `name` in word_lists.tsv."""
    for list_name, words, *_ in load_table("word_lists.tsv"):
        if list_name == name:
            return frozenset(w.strip() for w in words.split(",") if w.strip())
    raise KeyError(f"no word list {name!r} in word_lists.tsv")
