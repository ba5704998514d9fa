"""Build, join and summarise the real-news event annotation set (src/dateline/eval/data/real_events).

    python scripts/real_events.py draw      # seeded draw of 150 articles, run the rules once,
                                            # write the sentences to label (todo/) and, apart, the
                                            # rules' output (rules.jsonl, not read while labelling)
    python scripts/real_events.py extend    # second draw: 40 more TR-News articles, same rules
    python scripts/real_events.py election [--fifth]
                                            # third (fifth: test only) draw: PolNeAR train articles whose sentences get
                                            # an ASSAULT or COERCE from the shipped layer or the
                                            # rules alone (figurative uses, issue 22)
    python scripts/real_events.py disaster  # fourth draw: TR-News/LGL articles of natural hazards and
                                            # accidents, their hazard sentences and every fired one
    python scripts/real_events.py conflict  # sixth draw: PolNeAR train articles about war, terrorism and
                                            # foreign policy (by topic-word density), their fired,
                                            # topic-word and event-lexicon sentences
    python scripts/real_events.py seventh   # seventh draw, test only: 20 PolNeAR train and 20 TR-News/LGL
                                            # articles in no earlier draw, their fired sentences (shipped
                                            # pipeline or rules alone) and up to 4 others each
    python scripts/real_events.py hazards [--rerun] [--split train|test|all]
                                            # of the disaster draw: false alarms, ASSAULT/COERCE that
                                            # are no event (recorded at the draw, or run again)
    python scripts/real_events.py figurative [--rerun | --cv K] [--split train|test|all]
                                            # of the ASSAULT/COERCE the pipeline outputs on the
                                            # third draw's sentences, the share that is figurative
    python scripts/real_events.py join      # labels (batches/*.txt) + todo + rules -> sentences.jsonl
    python scripts/real_events.py summary   # counts, rule precision and candidate recall (train only)
    python scripts/real_events.py sample    # 100 seeded sentences for a blind re-annotation
    python scripts/real_events.py agree [F] # agreement of agreement/F (labels.txt) with the set
    python scripts/real_events.py agree F --against G   # ... with another re-annotation agreement/G

The label format of batches/*.txt is described in the set's README.md.
"""

from __future__ import annotations

import json
import random
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "datasets"
OUT = ROOT / "src" / "dateline" / "eval" / "data" / "real_events"
SEED = 22
N_POLNEAR, N_GEO, TARGET = 75, 75, 1500
TEST_SHARE = 0.2
EXTRA_SEED, EXTRA_ARTICLES, EXTRA_QUIET = 2201, 40, 4
# Third draw: PolNeAR train articles in a seeded order until this many sentences carry an
# ASSAULT or COERCE from the shipped pipeline or from the rules alone (event_model=False).
# {draw: (seed, sentences, share of articles to test, first todo/ file)}; the fifth draw
# (thirteenth session, after the fourth, disasters, below) is test only, its files numbered apart.
ELECTION_DRAWS = {"third": (2202, 170, TEST_SHARE, 19), "fifth": (2303, 100, 1.0, 30)}
ELECTION_TYPES = ("ASSAULT", "COERCE")
# Fourth draw: disasters and accidents (the `hazard` words of resources/event_domains.tsv).
DISASTER_SEED, DISASTER_ACCIDENTS = 2203, 12
ACCIDENT_WORDS = {"crash", "collision", "derailment", "accident", "wreck", "wreckage", "shipwreck",
                  "stampede", "derail", "collide", "capsize"}
# Sixth draw (fourteenth session): PolNeAR train articles about war, terrorism and foreign policy,
# chosen by how densely they use these words (per 1,000 characters, matched case-insensitively as
# whole words), not by the pipeline's output. The threshold was set from the counts of articles
# at each density, before any sentence was read.
CONFLICT_WORDS = (
    r"troops?", r"military", r"air ?strikes?", r"bomb(?:s|ed|ing|ings|ers?)?", r"rebels?",
    r"militants?", r"cease-?fire", r"sanctions", r"invasion", r"invaded?", r"soldiers?",
    r"missiles?", r"drones?", r"terrorists?", r"terrorism", r"syrian?", r"iraqi?", r"isis", r"isil",
    r"islamic state", r"russian?", r"iranian?", r"north korean?", r"afghanistan", r"afghans?",
    r"libyan?", r"taliban", r"nato", r"putin", r"assad", r"al[- ]qaeda", r"hezbollah", r"yemen",
    r"ukraine")
CONFLICT_DENSITY = 2.0  # topic words per 1,000 characters
CONFLICT_SEED, CONFLICT_FIRST, CONFLICT_TARGET = 2404, 24, 350
# Seventh draw (after the fifteenth session): a larger untouched test part of article draws, 20
# PolNeAR train and 20 TR-News/LGL articles in no earlier draw, sentences as in extend, all test; todo files
# after the fifth draw's 30-31; whole articles dropped from the end beyond SEVENTH_CAP sentences.
SEVENTH_SEED, SEVENTH_EACH, SEVENTH_FIRST, SEVENTH_CAP = 2605, 20, 32, 380
# How a typed character may be spelt in the texts (see _as_written).
SPELLINGS = {"'": "['’]", " ": r"\s+", "ñ": "(?:ñ|n\u0303|Ã±|A\u0303±)"}
TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
         "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
REASONS = ["figurative", "generic", "negated", "hypothetical", "sports", "business",
           "reported_future", "none"]


def polnear_train() -> list:
    """Return (corpus, id, text) of every PolNeAR train article (never dev)."""
    folder = DATA / "polnear"
    lines = (folder / "metadata.tsv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]
    return [("polnear", r["filename"],
             (folder / "train" / "text" / f"{r['filename']}.txt").read_text(encoding="utf-8"))
            for r in rows if r["compartment"] == "train"]


def geo_articles() -> list:
    """Return (corpus, docid, text) of every TR-News and LGL article."""
    out = []
    for corpus, name in (("trnews", "TR-News.xml"), ("lgl", "lgl.xml")):
        for article in ET.parse(DATA / "geo" / name).getroot().findall("article"):
            out.append((corpus, article.get("docid"), article.findtext("text") or ""))
    return out


def lexicon_words() -> set:
    """Return the lemmas that head an event-lexicon phrase (verb: first word, noun: last word)."""
    words = set()
    path = ROOT / "src" / "dateline" / "resources" / "event_lexicon.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, pos = line.split("\t")[:2]
        parts = phrase.split()
        words.add(parts[0] if pos == "VERB" else parts[-1])
    return words


def draw() -> None:
    """Pick the articles, run the pipeline once, write todo/ and rules.jsonl."""
    rng = random.Random(SEED)
    polnear = rng.sample(polnear_train(), N_POLNEAR)
    geo = rng.sample([a for a in geo_articles() if len(a[2]) > 200], N_GEO)
    articles = polnear + geo
    test = set(rng.sample([f"{c}:{i}" for c, i, _ in articles], round(TEST_SHARE * len(articles))))
    rows = [r for article_rows in _rows(articles, test) for r in article_rows]
    fired = [r for r in rows if r["fired"]]
    quiet = [r for r in rows if not r["fired"]]
    need = max(TARGET + 60 - len(fired), 0)
    weights = [4.0 if r["lexical"] else 1.0 for r in quiet]
    picked = _weighted_sample(rng, quiet, weights, min(need, len(quiet)))
    chosen = sorted(fired + picked, key=lambda r: (r["id"].rsplit(":", 1)[0],
                                                    int(r["id"].rsplit(":", 1)[1])))
    order = {k: i for i, k in enumerate(dict.fromkeys(r["id"].rsplit(":", 1)[0] for r in chosen))}
    chosen.sort(key=lambda r: (order[r["id"].rsplit(":", 1)[0]], int(r["id"].rsplit(":", 1)[1])))
    (OUT / "todo").mkdir(parents=True, exist_ok=True)
    _write(chosen, first=0, mode="w")
    print(f"{len(articles)} articles, {len(fired)} rule-fired sentences, {len(picked)} others, "
          f"{len(chosen)} to label in {(len(chosen) + 99) // 100} files")


def extend() -> None:
    """Second draw (issue 22 extension): 40 more TR-News articles, international news the first
    draw holds few of, run through the rules once; todo files numbered after the first draw's.
    Same rules as draw(): every rule-fired sentence, a lexicon-weighted sample of the others
    (up to EXTRA_QUIET per article), 20% of the articles to test."""
    if (OUT / "todo" / "16.jsonl").exists():
        sys.exit("the second draw is already in todo/16.jsonl on: it runs once (it appends to rules.jsonl)")
    done = _drawn_articles()
    pool = [a for a in geo_articles()
            if a[0] == "trnews" and len(a[2]) > 200 and f"{a[0]}:{a[1]}" not in done]
    rng = random.Random(EXTRA_SEED)
    articles = rng.sample(pool, min(EXTRA_ARTICLES, len(pool)))
    test = set(rng.sample([f"{c}:{i}" for c, i, _ in articles], round(TEST_SHARE * len(articles))))
    chosen = []
    for rows in _rows(articles, test):
        chosen.extend(_fired_and_quiet(rng, rows, {r["id"] for r in rows if r["fired"]}))
    first = len(list((OUT / "todo").glob("*.jsonl")))
    _write(chosen, first=first, mode="a")
    print(f"{len(articles)} more articles, {sum(r['fired'] for r in chosen)} rule-fired sentences, "
          f"{len(chosen)} to label in todo/{first:02d}.jsonl on")


def _fired_and_quiet(rng, rows: list, fired: set, quiet_cap: int = EXTRA_QUIET) -> list:
    """Return, in the article's order, its rows whose id is in `fired` and up to `quiet_cap` of
    the others, drawn with `rng` (a sentence holding an event-lexicon head word four times as
    likely), as the second draw (extend) and the seventh take them."""
    quiet = [r for r in rows if r["id"] not in fired]
    picked = _weighted_sample(rng, quiet, [4.0 if r["lexical"] else 1.0 for r in quiet],
                              min(quiet_cap, len(quiet)))
    keep = fired | {r["id"] for r in picked}
    return [r for r in rows if r["id"] in keep]


def seventh() -> None:
    """Seventh draw (after the fifteenth session; test only: the article draws' untouched test part
    held 37 articles): SEVENTH_EACH PolNeAR train articles and SEVENTH_EACH TR-News/LGL articles
    (over 200 characters) in no earlier draw (_earlier_articles) and no copy of one (_copies), drawn with
    random.Random(SEVENTH_SEED) and taken in turn, one of each. Run through the shipped pipeline
    and the rules alone (event_model and event_actor_model off); kept, as in extend: every
    sentence where either outputs an event (negated or not) and up to EXTRA_QUIET others per
    article by the lexicon weighting; whole articles are dropped from the end of the order while
    the draw holds more than SEVENTH_CAP sentences. All `split: test`, `draw: "articles"` (an
    article draw, scored among "the article draws alone"). Both runs' output goes to rules.jsonl,
    apart; this prints counts only, so that the labels are written blind to the output."""
    from dateline.settings import DEFAULT

    if (OUT / "todo" / f"{SEVENTH_FIRST:02d}.jsonl").exists():
        sys.exit(f"the seventh draw is already in todo/{SEVENTH_FIRST:02d}.jsonl on: it runs once "
                 "(it appends to rules.jsonl)")
    done = _earlier_articles()
    pool = polnear_train() + [a for a in geo_articles() if len(a[2]) > 200]
    undrawn = [a for a in pool if f"{a[0]}:{a[1]}" not in done]
    copies = _copies(undrawn, [a for a in pool if f"{a[0]}:{a[1]}" in done])
    fresh = [a for a in undrawn if f"{a[0]}:{a[1]}" not in copies]
    rng = random.Random(SEVENTH_SEED)
    drawn_polnear = rng.sample([a for a in fresh if a[0] == "polnear"], SEVENTH_EACH)
    drawn_geo = rng.sample([a for a in fresh if a[0] != "polnear"], SEVENTH_EACH)
    articles = [a for pair in zip(drawn_polnear, drawn_geo) for a in pair]
    test = {f"{c}:{i}" for c, i, _ in articles}
    by_article = []
    for rows in _rows(articles, test, DEFAULT.with_overrides(event_model=False, event_actor_model=False)):
        fired = {r["id"] for r in rows if r["fired"] or r["rules_alone"] or r["rules_alone_negated"]}
        by_article.append(_fired_and_quiet(rng, rows, fired))
    while sum(map(len, by_article)) > SEVENTH_CAP:
        by_article.pop()
    chosen = [r for rows in by_article for r in rows]
    for row in chosen:
        row["draw"] = "articles"
    _write(chosen, first=SEVENTH_FIRST, mode="a", extra=("rules_alone", "rules_alone_negated", "draw"))
    kept = Counter(r["corpus"] for r in chosen)
    print(f"{len(fresh)} articles in no earlier draw ({len(copies)} copies of drawn ones left out); "
          f"{len(by_article)} of the {len(articles)} drawn kept within {SEVENTH_CAP} sentences: "
          f"{len(chosen)} sentences ({dict(kept)}), all test, to label in todo/{SEVENTH_FIRST:02d}.jsonl on")


def _earlier_articles() -> set:
    """Return the "corpus:id" keys of every article an earlier draw took: those with a sentence
    in rules.jsonl (every labelled sentence has its row there: join reads them), and the first
    draw's articles that gave none (redrawn from its seed, without the pipeline)."""
    done = _drawn_articles()
    rng = random.Random(SEED)
    first = rng.sample(polnear_train(), N_POLNEAR) + rng.sample(
        [a for a in geo_articles() if len(a[2]) > 200], N_GEO)
    return done | {f"{c}:{i}" for c, i, _ in first}


def _copies(articles: list, drawn: list) -> set:
    """Return the "corpus:id" keys of the articles that share more than half of their word
    5-grams with a drawn one (TR-News repeats some LGL stories; PolNeAR some of its own)."""
    def grams(text):
        words = re.findall(r"[a-z0-9]+", text.lower())
        return {" ".join(words[i:i + 5]) for i in range(len(words) - 4)}

    seen = [grams(a[2]) for a in drawn]
    out = set()
    for corpus, art_id, text in articles:
        mine = grams(text)
        if any(mine and g and len(mine & g) > 0.5 * min(len(mine), len(g)) for g in seen):
            out.add(f"{corpus}:{art_id}")
    return out


def election(*args: str) -> None:
    """Third draw (issue 22, figurative ASSAULT/COERCE in election news): PolNeAR train articles
    not drawn before, in a seeded order, run through the shipped pipeline and through the rules
    alone; every sentence where either outputs a non-negated ASSAULT or COERCE is kept, article
    by article, until the draw's target. Of the third draw 20% of the articles read go to test;
    the fifth (`election --fifth`, thirteenth session) goes to test whole, a larger untouched
    part for the figurative share. Both runs' output goes to rules.jsonl (`rules`: the shipped
    pipeline; `rules_alone`: event_model off)."""
    from dateline.settings import DEFAULT

    seed, target, test_share, first = ELECTION_DRAWS["fifth" if "--fifth" in args else "third"]
    if (OUT / "todo" / f"{first:02d}.jsonl").exists():
        sys.exit(f"this draw is already in todo/{first:02d}.jsonl on: it runs once (it appends to rules.jsonl)")
    done = _drawn_articles()
    pool = [a for a in polnear_train() if f"{a[0]}:{a[1]}" not in done]
    rng = random.Random(seed)
    rng.shuffle(pool)
    chosen, read = [], []
    for article, rows in zip(pool, _rows(pool, set(), DEFAULT.with_overrides(event_model=False))):
        read.append(f"{article[0]}:{article[1]}")
        for row in rows:
            if set(row["rules"] + row["rules_alone"]) & set(ELECTION_TYPES):
                chosen.append(row)
        if len(chosen) >= target:
            break
    test = set(rng.sample(read, round(test_share * len(read))))
    for row in chosen:
        row["split"] = "test" if f"{row['corpus']}:{row['article']}" in test else "train"
    _write(chosen, first=first, mode="a", extra=("rules_alone", "rules_alone_negated"))
    print(f"{len(read)} PolNeAR articles read ({len(test)} to test), {len(chosen)} sentences with "
          f"{' or '.join(ELECTION_TYPES)} from "
          f"{len({r['article'] for r in chosen})} of them, to label in todo/{first:02d}.jsonl on")


def hazard_words() -> dict:
    """Return {word: kind} of resources/event_domains.tsv's `hazard` words, kind `accident` for
    the accident words (ACCIDENT_WORDS) and `natural` for the others."""
    from dateline.resources import load_table

    return {w: "accident" if w in ACCIDENT_WORDS else "natural"
            for w, domain in load_table("event_domains.tsv") if domain == "hazard"}


def _hazard_hits(text: str, words: dict, kind: str = None) -> int:
    """Return how many times the text uses a hazard word (of one kind, or any)."""
    chosen = [w for w, k in words.items() if kind in (None, k)]
    pattern = r"\b(" + "|".join(chosen) + r")(s|es|ed|ing)?\b"
    return len(re.findall(pattern, text, flags=re.I))


def disaster() -> None:
    """Fourth draw (issue 22, natural hazards and accidents told as violence): the TR-News and LGL
    articles that use natural-hazard words at least twice, plus up to DISASTER_ACCIDENTS seeded
    articles that use accident words at least twice; in each, every sentence with a hazard word
    and every sentence where the shipped pipeline or the rules alone output an event, that is not
    in the set already. Articles already in the set keep their split; of the new ones 20% go to
    test by a seeded draw. Both runs' output goes to rules.jsonl with `draw: "disaster"`."""
    from dateline.settings import DEFAULT

    if any('"draw": "disaster"' in l for l in open(OUT / "rules.jsonl", encoding="utf-8")):
        sys.exit("the disaster draw is already in rules.jsonl: it runs once (it appends to rules.jsonl)")
    words = hazard_words()
    drawn = {}
    for line in open(OUT / "sentences.jsonl", encoding="utf-8"):
        r = json.loads(line)
        drawn[f"{r['corpus']}:{r['article']}"] = r["split"]
    done = {json.loads(l)["id"] for l in open(OUT / "rules.jsonl", encoding="utf-8")}
    geo = [a for a in geo_articles() if len(a[2]) > 200]
    natural = [a for a in geo if _hazard_hits(a[2], words, "natural") >= 2]
    accident = [a for a in geo if a not in natural and _hazard_hits(a[2], words, "accident") >= 2]
    rng = random.Random(DISASTER_SEED)
    articles = natural + rng.sample(accident, min(DISASTER_ACCIDENTS, len(accident)))
    new = [f"{c}:{i}" for c, i, _ in articles if f"{c}:{i}" not in drawn]
    test = set(rng.sample(new, round(TEST_SHARE * len(new)))) | {k for k, v in drawn.items() if v == "test"}
    chosen = []
    for rows in _rows(articles, test, DEFAULT.with_overrides(event_model=False, event_actor_model=False)):
        for row in rows:
            fired = row["fired"] or row["rules_alone"] or row["rules_alone_negated"]
            if row["id"] not in done and (fired or _hazard_hits(row["text"], words)):
                row["draw"] = "disaster"
                chosen.append(row)
    first = len(list((OUT / "todo").glob("*.jsonl")))
    _write(chosen, first=first, mode="a", extra=("rules_alone", "rules_alone_negated", "draw"))
    print(f"{len(articles)} articles ({len(natural)} natural hazards, {len(articles) - len(natural)} accidents; "
          f"{len(articles) - len(new)} already in the set), {len(chosen)} sentences to label in "
          f"todo/{first:02d}.jsonl on, {sum(r['split'] == 'test' for r in chosen)} of them test")


def _conflict_hits(text: str) -> int:
    """Return how many times the text uses a war or foreign-policy word (CONFLICT_WORDS)."""
    return len(re.findall(r"\b(?:" + "|".join(CONFLICT_WORDS) + r")\b", text, flags=re.I))


def conflict_density(text: str) -> float:
    """Return the war and foreign-policy words per 1,000 characters of an article."""
    return 1000 * _conflict_hits(text) / max(len(text), 1)


def conflict() -> None:
    """Sixth draw (fourteenth session, state-on-state and police attacks read as no event or
    ACCUSE): the PolNeAR train articles not in the set whose density of war and foreign-policy
    words (conflict_density) is at least CONFLICT_DENSITY, chosen by topic, not by the pipeline's
    output. Run through the shipped pipeline and the rules alone; kept: every sentence where either
    outputs an event (negated or not), and every sentence with a topic word or an event-lexicon
    head word, the latter ("quiet") capped per article by a seeded sample, the same cap for all,
    the largest that keeps the draw within CONFLICT_TARGET sentences (fired ones all stay). 20%
    of the articles go to test (random.Random(CONFLICT_SEED)). Both runs' output goes to
    rules.jsonl with `draw: "conflict"`."""
    from dateline.settings import DEFAULT

    if (OUT / "todo" / f"{CONFLICT_FIRST:02d}.jsonl").exists() or any(
            '"draw": "conflict"' in l for l in open(OUT / "rules.jsonl", encoding="utf-8")):
        sys.exit(f"the conflict draw is already in todo/{CONFLICT_FIRST:02d}.jsonl on: it runs once "
                 "(it appends to rules.jsonl)")
    done = _drawn_articles()
    pool = [a for a in polnear_train() if f"{a[0]}:{a[1]}" not in done]
    articles = sorted((a for a in pool if conflict_density(a[2]) >= CONFLICT_DENSITY), key=lambda a: a[1])
    rng = random.Random(CONFLICT_SEED)
    test = set(rng.sample([f"{c}:{i}" for c, i, _ in articles], round(TEST_SHARE * len(articles))))
    drawn = []
    for rows in _rows(articles, test, DEFAULT.with_overrides(event_model=False)):
        fired = [r for r in rows if r["fired"] or r["rules_alone"] or r["rules_alone_negated"]]
        quiet = [r for r in rows if r not in fired and (r["lexical"] or _conflict_hits(r["text"]))]
        drawn.append((rows, fired, quiet))
    # the most quiet sentences per article that keep the draw within CONFLICT_TARGET
    cap = max((k for k in range(1, 100) if sum(len(f) + min(len(q), k) for _, f, q in drawn)
               <= CONFLICT_TARGET), default=0)
    chosen = []
    for rows, fired, quiet in drawn:
        keep = {r["id"] for r in fired + rng.sample(quiet, min(len(quiet), cap))}
        for row in rows:
            if row["id"] in keep:
                row["draw"] = "conflict"
                chosen.append(row)
    _write(chosen, first=CONFLICT_FIRST, mode="a", extra=("rules_alone", "rules_alone_negated", "draw"))
    print(f"{len(pool)} PolNeAR train articles not in the set, {len(articles)} at {CONFLICT_DENSITY} or more "
          f"topic words per 1,000 characters ({len(test)} to test); "
          f"{sum(len(f) for _, f, _ in drawn)} fired, {sum(len(q) for _, _, q in drawn)} quiet with a "
          f"topic or lexicon word (at most {cap} an article kept); {len(chosen)} sentences "
          f"({sum(r['split'] == 'test' for r in chosen)} test) to label in todo/{CONFLICT_FIRST:02d}.jsonl on")


def hazards(*args: str) -> None:
    """Print, for the disaster draw's sentences of a split (train unless --split), how many
    no-event sentences get an event and how many ASSAULT/COERCE outputs are no gold event of
    their type: as recorded at the draw (before the hazard rules) and, with --rerun, from the
    current rules alone and the current shipped pipeline run again over the drawn articles. The
    draw is kept out of training (learn.events.MEASURED_DRAWS), so the shipped layer has not
    seen it."""
    from dateline.settings import DEFAULT

    split = args[args.index("--split") + 1] if "--split" in args else "train"
    recorded = {json.loads(l)["id"]: json.loads(l) for l in open(OUT / "rules.jsonl", encoding="utf-8")}
    gold = {}
    for line in open(OUT / "sentences.jsonl", encoding="utf-8"):
        r = json.loads(line)
        if r.get("draw") == "disaster" and split in ("all", r["split"]):
            gold[r["id"]] = r
    runs = {"recorded (dde7ed3): rules alone": {i: recorded[i]["rules_alone"] for i in gold},
            "recorded (dde7ed3): shipped pipeline": {i: recorded[i]["rules"] for i in gold}}
    if "--rerun" in args:
        keys = {f"{g['corpus']}:{g['article']}" for g in gold.values()}
        articles = [a for a in geo_articles() if f"{a[0]}:{a[1]}" in keys]
        alone, shipped = {}, {}
        for rows in _rows(articles, set(), DEFAULT.with_overrides(event_model=False, event_actor_model=False)):
            for row in rows:
                shipped[row["id"]], alone[row["id"]] = row["rules"], row["rules_alone"]
        runs = {"current: rules alone": alone, "current: shipped pipeline": shipped}
    for name, output in runs.items():
        quiet = [sid for sid, g in gold.items() if not _gold_types(g)]
        alarms = sum(bool(output.get(sid)) for sid in quiet)
        harm = sum(len(set(output.get(sid, ())) & set(ELECTION_TYPES) - _gold_types(g)) for sid, g in gold.items())
        print(f"{name}, {split} split: {alarms} of {len(quiet)} no-event sentences get an event; {harm} "
              f"ASSAULT/COERCE outputs that are no gold event of their type, of {len(gold)} sentences")


def figurative(*args: str) -> None:
    """Print, for the third draw (election news), how many of the ASSAULT/COERCE (sentence, type)
    outputs are gold events of that type, figurative uses (`figurative`, or a sentence with a gold
    ACCUSE and none of the type: "attacked Clinton" is ACCUSE) or otherwise no event. Without
    --rerun, the output recorded at the draw (`rules`: shipped pipeline, `rules_alone`); with
    --rerun, the current pipeline run again over the drawn articles of the split."""
    split = args[args.index("--split") + 1] if "--split" in args else "train"
    recorded = {}
    for line in open(OUT / "rules.jsonl", encoding="utf-8"):
        r = json.loads(line)
        if "rules_alone" in r and r.get("draw", "election") == "election":  # not the disaster draw
            recorded[r["id"]] = r
    gold = {}
    for line in open(OUT / "sentences.jsonl", encoding="utf-8"):
        r = json.loads(line)
        if r["id"] in recorded and split in ("all", r["split"]):
            gold[r["id"]] = r
    runs = {"recorded: shipped pipeline": {i: recorded[i]["rules"] for i in gold},
            "recorded: rules alone": {i: recorded[i]["rules_alone"] for i in gold}}
    if "--rerun" in args:
        runs = {"current pipeline": _rerun({g["article"] for g in gold.values()})}
    if "--cv" in args:
        runs = {f"layer by {args[args.index('--cv') + 1]}-fold CV": _cross_validated(
            gold, int(args[args.index("--cv") + 1]))}
    for name, output in runs.items():
        _print_figurative(f"{name}, {split} split", output, gold)


def _cross_validated(gold: dict, folds: int) -> dict:
    """Return {sentence id: types} the learned layer keeps on the train split's election rows
    when trained on the folds without their article (learn.events' own CV, whose usual PLOVER
    and real-news figures are printed too)."""
    from dateline.learn import events as learn

    rows = learn.load_rows()
    collected = learn.collect(rows)
    predicted = learn.cross_validate(rows, collected, folds)
    for origin in ("plover", "real"):
        learn._print(f"{origin}: rules + layer, {folds}-fold CV", learn.report(rows, predicted, origin))
    drawn = {f"real-{g['article']}" for g in gold.values()}
    earlier = [i for i, r in enumerate(rows) if r["group"] not in drawn]
    learn._print("real, without the election draw", learn.report(
        [rows[i] for i in earlier], [predicted[i] for i in earlier], "real"))
    by_text = {(f"real-{g['article']}", g["text"]): sid for sid, g in gold.items()}
    return {by_text[(r["group"], r["text"])]: sorted({e.type for e in events})
            for r, events in zip(rows, predicted) if (r["group"], r["text"]) in by_text}


def _rerun(articles: set) -> dict:
    """Return {sentence id: non-negated types} of the current pipeline over the PolNeAR articles."""
    chosen = [a for a in polnear_train() if a[1] in articles]
    return {row["id"]: row["rules"] for rows in _rows(chosen, set()) for row in rows if row["rules"]}


def _print_figurative(name: str, output: dict, gold: dict) -> None:
    kinds, unlabelled = Counter(), 0
    for sid, types in output.items():
        for t in set(types) & set(ELECTION_TYPES):
            if sid not in gold:
                unlabelled += 1
                continue
            g = gold[sid]
            kind = ("right" if t in _gold_types(g) else "figurative" if g["no_event"] == "figurative"
                    else "verbal (gold ACCUSE)" if "ACCUSE" in _gold_types(g)
                    else "other event" if _real(g) else f"no event: {g['no_event']}")
            kinds[kind] += 1
    n = sum(kinds.values())
    fig = kinds["figurative"] + kinds["verbal (gold ACCUSE)"]
    print(f"{name}: {n} ASSAULT/COERCE outputs, {kinds['right']} right; figurative uses {fig} "
          f"({_ratio(fig, n)}); not a real ASSAULT/COERCE {n - kinds['right']} ({_ratio(n - kinds['right'], n)}); "
          f"{dict(kinds.most_common())}" + (f"; {unlabelled} in sentences outside the set" if unlabelled else ""))


def _rows(articles: list, test: set, alone=None):
    """Yield, per article, the rows of its non-empty spaCy sentences with the rules' output
    (the pipeline runs once over all the articles); with `alone` (settings), also the output of a
    second run under those settings on the same parse (`rules_alone`, `rules_alone_negated`)."""
    from dateline.model import Article
    from dateline.nlp import load_nlp
    from dateline.pipeline import analyse
    from dateline.settings import DEFAULT

    words = lexicon_words()
    nlp = load_nlp()
    for (corpus, art_id, text), doc in zip(articles, nlp.pipe([a[2] for a in articles], batch_size=8)):
        key = f"{corpus}:{art_id}"
        record = analyse(Article(text=text, id=key), doc, DEFAULT)
        second = analyse(Article(text=text, id=key), doc, alone) if alone else None
        rows, prev = [], ""
        for n, sent in enumerate(s for s in doc.sents if s.text.strip()):
            events = [e for e in record.events if sent.start_char <= e.evidence.start < sent.end_char]
            rows.append({"id": f"{key}:{n}", "corpus": corpus, "article": art_id,
                         "split": "test" if key in test else "train", "text": sent.text.strip(),
                         "start": sent.start_char, "end": sent.end_char, "prev": prev[-300:],
                         "rules": sorted({e.type for e in events if not e.negated}),
                         "rules_negated": sorted({e.type for e in events if e.negated}),
                         "lexical": any(t.lemma_.lower() in words for t in sent),
                         "fired": bool(events)})
            if second is not None:
                bare = [e for e in second.events if sent.start_char <= e.evidence.start < sent.end_char]
                rows[-1]["rules_alone"] = sorted({e.type for e in bare if not e.negated})
                rows[-1]["rules_alone_negated"] = sorted({e.type for e in bare if e.negated})
            prev = sent.text.strip()
        yield rows


def _write(chosen: list, first: int, mode: str, extra: tuple = ()) -> None:
    """Write the rules' output to rules.jsonl (apart) and the sentences to label to todo/, 100 a file."""
    with open(OUT / "rules.jsonl", mode, encoding="utf-8") as f:
        for r in chosen:
            keys = ("id", "rules", "rules_negated", "lexical") + extra
            f.write(json.dumps({k: r[k] for k in keys}) + "\n")
    keep = ("id", "corpus", "article", "split", "text", "start", "end", "prev")
    for b in range(0, len(chosen), 100):
        with open(OUT / "todo" / f"{first + b // 100:02d}.jsonl", "w", encoding="utf-8") as f:
            for r in chosen[b:b + 100]:
                f.write(json.dumps({k: r[k] for k in keep}, ensure_ascii=False) + "\n")


def _drawn_articles() -> set:
    """Return the "corpus:id" keys of the articles any draw took sentences from (rules.jsonl)."""
    return {json.loads(l)["id"].rsplit(":", 1)[0] for l in open(OUT / "rules.jsonl", encoding="utf-8")}


def _weighted_sample(rng, items, weights, k):
    """Return k items drawn without replacement, chance proportional to weight."""
    keyed = sorted(range(len(items)), key=lambda i: -rng.random() ** (1.0 / weights[i]))
    return [items[i] for i in keyed[:k]]


def parse_label(line: str) -> tuple:
    """Return (id, events, no_event, note) of one label line.

    Line: `<n>|<events or -reason>|<note>`; events `TYPE src>tgt`, `;`-separated; an actor is
    `text/COUNTRY/SECTOR` (parts may be empty), `_` for none; a leading `!` on TYPE: negated."""
    parts = line.rstrip("\n").split("|")
    key, body, note = parts[0].strip(), parts[1].strip(), "|".join(parts[2:]).strip()
    if body.startswith("-"):
        reason = body[1:].strip()
        if reason not in REASONS:
            raise ValueError(f"unknown no-event reason {reason!r} in line {line!r}")
        return key, [], reason, note
    events = []
    for chunk in body.split(";"):
        chunk = chunk.strip()
        head, _, actors = chunk.partition(" ")
        negated = head.startswith("!")
        etype = head.lstrip("!")
        if etype not in TYPES:
            raise ValueError(f"unknown type {etype!r} in line {line!r}")
        src, _, tgt = actors.partition(">")
        events.append({"type": etype, "source": _actor(src), "target": _actor(tgt),
                       "negated": negated})
    return key, events, None, note


def _actor(text: str):
    text = text.strip()
    if not text or text == "_":
        return None
    bits = (text.split("/") + ["", ""])[:3]
    name = bits[0].strip()
    # `_/USA/COP`: an actor not named in the sentence whose country and sector are clear.
    return {"text": None if name in ("", "_") else name, "country": bits[1].strip() or None,
            "sector": bits[2].strip() or None}


def join() -> None:
    """Write sentences.jsonl from todo/, batches/ and rules.jsonl (only labelled sentences)."""
    rules = {json.loads(l)["id"]: json.loads(l) for l in open(OUT / "rules.jsonl", encoding="utf-8")}
    todo = {}
    for path in sorted((OUT / "todo").glob("*.jsonl")):
        for line in open(path, encoding="utf-8"):
            row = json.loads(line)
            todo[row["id"]] = row
    labels = {}
    for path in sorted((OUT / "batches").glob("*.txt")):
        batch = path.stem
        for line in open(path, encoding="utf-8"):
            if not line.strip() or line.startswith("#"):
                continue
            n, events, reason, note = parse_label(line)
            key = f"{batch}:{n}"
            labels[key] = (events, reason, note)
    index = {}
    for path in sorted((OUT / "todo").glob("*.jsonl")):
        for i, line in enumerate(open(path, encoding="utf-8")):
            index[f"{path.stem}:{i}"] = json.loads(line)["id"]
    rows = []
    for key, (events, reason, note) in labels.items():
        if key not in index:
            raise ValueError(f"label {key} has no sentence in todo/")
        sid = index[key]
        t = todo[sid]
        if events and all(e["negated"] for e in events):
            reason = "negated"  # only negated events: no event, and the negation is kept as data
        for e in events:
            for actor in (e["source"], e["target"]):
                if actor and actor["text"]:
                    actor["text"] = _as_written(actor["text"], t["text"])
        rows.append({"id": sid, "corpus": t["corpus"], "article": t["article"], "split": t["split"],
                     "text": t["text"], "start": t["start"], "end": t["end"],
                     "rules": rules[sid]["rules"], "rules_negated": rules[sid]["rules_negated"],
                     "events": events, "no_event": reason, "note": note or None,
                     # the election draw was selected on the pipeline's ASSAULT/COERCE outputs
                     "draw": rules[sid].get("draw") or ("election" if "rules_alone" in rules[sid] else "articles")})
    order = list(todo)
    rows.sort(key=lambda r: order.index(r["id"]))
    with open(OUT / "sentences.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(rows)} labelled sentences written to {OUT / 'sentences.jsonl'}")


def _as_written(name: str, sentence: str) -> str:
    """Return the sentence's own spelling of an actor typed with straight quotes, single spaces or
    the intended letters (the texts hold curly apostrophes, double spaces and mojibake such as
    "PeÃ±a", its Ã even decomposed); a name not in the sentence (named in the previous one) is
    kept as typed."""
    if name in sentence:
        return name
    pattern = "".join(SPELLINGS.get(c, re.escape(c)) for c in name)
    found = re.search(pattern, sentence)
    return found.group(0) if found else name


def summary() -> None:
    """Print the counts table and the rules' precision and candidate recall on the train split."""
    rows = [json.loads(l) for l in open(OUT / "sentences.jsonl", encoding="utf-8")]
    arts = defaultdict(set)
    for r in rows:
        arts[(r["corpus"], r["split"])].add(r["article"])
    print("| corpus | split | articles | sentences | with event | no event |")
    print("|---|---|---|---|---|---|")
    for (corpus, split), a in sorted(arts.items()):
        sub = [r for r in rows if r["corpus"] == corpus and r["split"] == split]
        ev = sum(1 for r in sub if _real(r))
        print(f"| {corpus} | {split} | {len(a)} | {len(sub)} | {ev} | {len(sub) - ev} |")
    types = Counter(e["type"] for r in rows for e in r["events"] if not e["negated"])
    neg = Counter(e["type"] for r in rows for e in r["events"] if e["negated"])
    print("\n| type | events | negated |\n|---|---|---|")
    for t in TYPES:
        print(f"| {t} | {types[t]} | {neg[t]} |")
    reasons = Counter(r["no_event"] for r in rows if r["no_event"])
    print("\n| no-event reason | sentences |\n|---|---|")
    for k in REASONS:
        print(f"| {k} | {reasons[k]} |")
    train = [r for r in rows if r["split"] == "train"]
    fired = [(r, t) for r in train for t in r["rules"]]
    right = sum(1 for r, t in fired if t in _gold_types(r))
    gold = [(r, t) for r in train for t in _gold_types(r)]
    found = sum(1 for r, t in gold if t in r["rules"] or t in r["rules_negated"])
    found_strict = sum(1 for r, t in gold if t in r["rules"])
    fired_sents = [r for r in train if r["rules"]]
    print(f"\nTrain split: {len(train)} sentences, {len(fired_sents)} where the rules output a "
          f"non-negated event.")
    print(f"Rule precision (sentence, type): {right}/{len(fired)} = {_ratio(right, len(fired))} "
          f"of the types the rules output are a gold event of that type in the sentence.")
    print(f"Rule-fired sentences with no gold event: "
          f"{sum(1 for r in fired_sents if not _real(r))}/{len(fired_sents)}; by reason: "
          f"{dict(Counter(r['no_event'] or 'negated-only' for r in fired_sents if not _real(r)))}")
    print(f"Candidate recall (gold type among rule types, negated or not): {found}/{len(gold)} = "
          f"{_ratio(found, len(gold))}; non-negated only: {found_strict}/{len(gold)} = "
          f"{_ratio(found_strict, len(gold))}")
    missed = Counter(t for r, t in gold if t not in r["rules"] and t not in r["rules_negated"])
    print(f"Gold events with no rule candidate of their type, by type: {dict(missed.most_common())}")
    print("\n| rule type (train) | output | gold of that type | precision | gold events | "
          "found by rules | no-event reasons of its false alarms |\n|---|---|---|---|---|---|---|")
    for t in TYPES:
        out = [r for r, u in fired if u == t]
        ok = sum(1 for r in out if t in _gold_types(r))
        golds = [r for r, u in gold if u == t]
        hit = sum(1 for r in golds if t in r["rules"])
        why = Counter(r["no_event"] for r in out if r["no_event"])
        print(f"| {t} | {len(out)} | {ok} | {_ratio(ok, len(out))} | {len(golds)} | {hit} | "
              f"{', '.join(f'{k} {v}' for k, v in why.most_common()) or '-'} |")


def sample() -> None:
    """Write agreement/sample.jsonl: 100 labelled sentences, seeded, for a blind re-annotation."""
    if (OUT / "agreement" / "sample.jsonl").exists():
        sys.exit("agreement/sample.jsonl exists (drawn from the first 1,560 sentences): a new draw "
                 "would pick other sentences; remove it first if that is meant")
    rows = [json.loads(l) for l in open(OUT / "sentences.jsonl", encoding="utf-8")]
    prev = {}
    for path in sorted((OUT / "todo").glob("*.jsonl")):
        for line in open(path, encoding="utf-8"):
            row = json.loads(line)
            prev[row["id"]] = row["prev"]
    picked = sorted(random.Random(SEED + 1).sample(range(len(rows)), 100))
    (OUT / "agreement").mkdir(exist_ok=True)
    with open(OUT / "agreement" / "sample.jsonl", "w", encoding="utf-8") as f:
        for i in picked:
            r = rows[i]
            f.write(json.dumps({"id": r["id"], "text": r["text"], "prev": prev[r["id"]]},
                               ensure_ascii=False) + "\n")
    print(f"100 sentences written to {OUT / 'agreement' / 'sample.jsonl'}; label them blind in "
          f"agreement/labels.txt (same line format, line number in sample.jsonl), then run `agree`")


def agree(labels: str = "labels.txt", *against: str) -> None:
    """Print agreement between a re-annotation of the sample (agreement/LABELS) and the set.

    `agree LABELS --against OTHER` compares with another re-annotation (agreement/OTHER) instead."""
    if against and (len(against) != 2 or against[0] != "--against"):
        sys.exit("usage: python scripts/real_events.py agree [LABELS_FILE] [--against OTHER_FILE]")
    rows = {json.loads(l)["id"]: json.loads(l) for l in open(OUT / "sentences.jsonl", encoding="utf-8")}
    first = _read_labels(against[1]) if against else {sid: rows[sid] for sid in rows}
    second = _read_labels(labels)
    same_event = same_types = same_reason = both_none = same_actors = 0
    pairs_a = pairs_b = pairs_ab = triples_a = triples_b = triples_ab = 0
    for sid, row_b in second.items():
        row_a = first[sid]
        types_a, types_b = _gold_types(row_a), _gold_types(row_b)
        same_event += bool(types_a) == bool(types_b)
        same_types += types_a == types_b
        if not types_a and not types_b:
            both_none += 1
            same_reason += row_a["no_event"] == row_b["no_event"]
        pairs_a += len(types_a)
        pairs_b += len(types_b)
        pairs_ab += len(types_a & types_b)
        with_a, with_b = _typed_actors(row_a), _typed_actors(row_b)
        same_actors += with_a == with_b
        triples_a += len(with_a)
        triples_b += len(with_b)
        triples_ab += len(with_a & with_b)
    n = len(second)
    print(f"{n} sentences re-annotated")
    print(f"event / no event agree: {same_event}/{n} = {_ratio(same_event, n)}")
    print(f"same set of types: {same_types}/{n} = {_ratio(same_types, n)}")
    print(f"type F1 between the two passes: {_ratio(2 * pairs_ab, pairs_a + pairs_b)}")
    print(f"same no-event reason where both say no event: {same_reason}/{both_none} = "
          f"{_ratio(same_reason, both_none)}")
    print(f"same set of (type, source country, target country): {same_actors}/{n} = "
          f"{_ratio(same_actors, n)}")
    print(f"type+actors F1 (type and both countries): {_ratio(2 * triples_ab, triples_a + triples_b)}")


def _read_labels(labels: str) -> dict:
    """Return {sentence id: row with events and no_event} of a label file of the agreement sample."""
    ids = [json.loads(l)["id"] for l in open(OUT / "agreement" / "sample.jsonl", encoding="utf-8")]
    rows = {}
    for line in open(OUT / "agreement" / labels, encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            n, events, reason, _ = parse_label(line)
            # As in `join`: a sentence whose only events are negated has no_event "negated".
            real = any(not e["negated"] for e in events)
            rows[ids[int(n)]] = {"events": events, "no_event": None if real else reason or "negated"}
    return rows


def _typed_actors(row) -> set:
    """Return the (type, source country, target country) of a row's events that are not negated."""
    return {(e["type"], _country(e["source"]), _country(e["target"]))
            for e in row["events"] if not e["negated"]}


def _country(actor) -> str | None:
    return actor["country"] if actor else None


def _gold_types(row) -> set:
    return {e["type"] for e in row["events"] if not e["negated"]}


def _real(row) -> bool:
    return bool(_gold_types(row))


def _ratio(a, b) -> str:
    return f"{a / b:.3f}" if b else "n/a"


if __name__ == "__main__":
    commands = {"draw": draw, "extend": extend, "election": election, "disaster": disaster, "conflict": conflict, "seventh": seventh, "hazards": hazards, "figurative": figurative, "join": join,
                "summary": summary, "sample": sample, "agree": agree}
    if len(sys.argv) < 2 or sys.argv[1] not in commands or (len(sys.argv) > 2
                                                            and sys.argv[1] not in ("agree", "figurative", "election", "hazards")):
        sys.exit(f"usage: python scripts/real_events.py {'|'.join(commands)} (election [--fifth]; "
                 "agree [LABELS_FILE] [--against OTHER_FILE]; figurative [--rerun] [--cv K] [--split S]; "
                 "hazards [--rerun] [--split S])")
    commands[sys.argv[1]](*sys.argv[2:])
