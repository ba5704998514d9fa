"""Identities on a real store: the 20 most quoted speakers as raw names and as people.

    python bench/identities.py --db /tmp/identity/after.db

Prints the number of quotes whose speaker is a pronoun or relative pronoun, then
"before" (the 20 most quoted speaker strings, and how many of them name a person
another of them also names) and "after" (the 20 most quoted people, with how
many speaker strings each gathers). Same-surname people among the top 20 are
listed so a reader can judge whether any are one person left apart.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict

from dateline.identity import parse
from dateline.resources import load_table
from dateline.store import open_store

RELATIVES = {"who", "which", "that", "whom", "whose"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    with open_store(args.db) as store:
        quotes = store.quotes(limit=None)
        people = {p["person_id"]: p for p in store.people(limit=None)}
    pronouns = {row[0] for row in load_table("pronouns.tsv")} | RELATIVES
    named = [q for q in quotes if q["speaker_name"]]
    print(f"quotes {len(quotes)}, with a speaker {len(named)}, speaker a pronoun or relative "
          f"{sum(q['speaker_name'].strip().lower() in pronouns for q in named)}")
    person_of = defaultdict(Counter)
    for q in named:
        person_of[q["speaker_name"]][q["speaker_person"]] += 1
    strings = Counter(q["speaker_name"] for q in named).most_common(args.top)
    owners = [person_of[s].most_common(1)[0][0] or f"none:{s}" for s, _ in strings]
    print(f"before: {args.top} most quoted speaker strings name {len(set(owners))} identities "
          f"({args.top - len(set(owners))} duplicates)")
    for (s, n), owner in zip(strings, owners):
        print(f"  {n:4d}  {s!r} -> {people[owner]['name'] if owner in people else '-'}")
    by_person = Counter(q["speaker_person"] for q in named if q["speaker_person"])
    spellings = defaultdict(set)
    for q in named:
        if q["speaker_person"]:
            spellings[q["speaker_person"]].add(q["speaker_name"])
    top = by_person.most_common(args.top)
    print(f"after: {args.top} most quoted people gather "
          f"{sum(len(spellings[p]) for p, _ in top)} speaker strings")
    for pid, n in top:
        print(f"  {n:4d}  {people[pid]['name']}: {sorted(spellings[pid])}")
    surnames = Counter(parse(people[pid]["name"]).surname for pid, _ in top)
    shared = [people[pid]["name"] for pid, _ in top if surnames[parse(people[pid]["name"]).surname] > 1]
    print(f"same-surname people among them (check by hand): {shared or 'none'}")


if __name__ == "__main__":
    main()
