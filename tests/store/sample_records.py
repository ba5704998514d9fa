"""Records built by hand for the store tests (no model needed)."""

from dateline.model import (Actor, Boilerplate, Cue, DateRef, Entity, Event, EventPlace, Place,
                            Quote, Record, Skip, Span, Speaker)

TEXT = ('KYIV (Wire) — Foreign minister Dmytro Kuleba met Sergei Lavrov in Antalya on Thursday. '
        '"We talked about a ceasefire," Kuleba said. Photo: Someone/Agency')


def consult(date="2022-03-10", negated=False, place="Antalya", confidence=0.8,
            precision=None) -> Event:
    return Event(type="CONSULT", evidence=Span(14, 88),
                 source=Actor("e1", "Dmytro Kuleba", "UKR", "GOV"),
                 target=Actor("e2", "Sergei Lavrov", "RUS", "GOV"),
                 date=date, date_precision=precision or ("day" if date else None),
                 place=EventPlace(place, "TUR", 36.9, 30.7) if place else None,
                 negated=negated, confidence=confidence, mode="in person", context=["diplomacy"])


def full_record(id="a1", text=TEXT, source="Wire", published="2022-03-10", events=None) -> Record:
    """Return a record with every field of the contract filled."""
    return Record(
        id=id, text=text, path=f"/in/{id}.txt", url=f"https://example.org/{id}", title="Talks",
        source=source, published=published, published_inferred=True, language="en",
        boilerplate=[Boilerplate("dateline", 0, 14), Boilerplate("credit", 132, 153)],
        entities=[Entity("e1", "Dmytro Kuleba", "PERSON", [[32, 45], [120, 126]],
                         title="foreign minister", country="UKR", sector="GOV"),
                  Entity("e2", "Sergei Lavrov", "PERSON", [[50, 63]], country="RUS", sector="GOV"),
                  Entity("e3", "Antalya", "GPE", [[67, 74]])],
        quotes=[Quote("direct", 89, 119, '"We talked about a ceasefire,"',
                      Speaker("e1", "Dmytro Kuleba", 120, 126), Cue("said", 127, 131))],
        dates=[DateRef(75, 86, "on Thursday", "2022-03-10", "day")],
        places=[Place(67, 74, "Antalya", "Antalya", "TUR", 36.9, 30.7, 323777, "city")],
        events=[consult()] if events is None else events,
        skipped=[Skip("read", "not UTF-8: decoded as cp1252")],
        model="en_core_web_md-3.8.0",
    )
