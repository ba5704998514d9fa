"""The heaviest article a store holds, built by hand: the web guard tests and bench/load.py use it."""

from dateline.model import Entity, Event, Record, Span


def heavy_record(n_entities: int = 3335, n_events: int = 2227) -> Record:
    """Return one article with thousands of entities and events (what a giant page parses into)."""
    sentence = "Officials of Ruritania met envoys of Freedonia in Geneva on Monday. "
    text = "Heavy\n\n" + sentence * (n_entities // 2 + 10)
    step = len(sentence)
    ents = [Entity(id=f"e{n}", name=f"Person {n}", type="PERSON",
                   mentions=[[8 + n * step // 2, 8 + n * step // 2 + 9]]) for n in range(n_entities)]
    events = [Event(type="MEET", evidence=Span(8 + n * step // 2, 8 + n * step // 2 + step - 1))
              for n in range(n_events)]
    return Record(id="heavy", text=text, title="Heavy", entities=ents, events=events)
