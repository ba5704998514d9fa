"""The events stage: PLOVER types, actors through the parse, negation and domain filters."""

from dateline.resources import load_table
from dateline.stages.events import lexicon

PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
          "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}


def events(record, negated=False):
    return [e for e in record.events if e.negated == negated]


def test_lexicon_uses_only_plover_types():
    assert {row[2] for row in load_table("event_lexicon.tsv")} <= PLOVER
    assert ("VERB", "attack") in lexicon()


def test_assault_with_subject_and_object(extract):
    record = extract("Russian forces attacked Ukrainian troops near Kharkiv on Tuesday.")
    (event,) = [e for e in events(record) if e.type == "ASSAULT"]
    assert (event.source.country, event.source.sector) == ("RUS", "MIL")
    assert event.target.country == "UKR"


def test_passive_voice_swaps_source_and_target(extract):
    record = extract("Ukrainian soldiers were attacked by Russian forces overnight.")
    (event,) = [e for e in events(record) if e.type == "ASSAULT"]
    assert event.source.country == "RUS" and event.target.country == "UKR"


def test_talks_with_partner(extract):
    record = extract("Turkey held talks with Russia in Ankara on Monday.")
    (event,) = [e for e in events(record) if e.type == "CONSULT"]
    assert {event.source.country, event.target.country} == {"TUR", "RUS"}


def test_denied_attack_is_no_event(extract):
    record = extract("Russia's defence ministry denied that its forces had attacked the village.")
    assert not [e for e in events(record) if e.type == "ASSAULT"]


def test_modal_attack_is_negated(extract):
    record = extract("Analysts said Russia may attack Ukraine again in the spring.")
    assert not events(record)
    assert any(e.type == "ASSAULT" and "hypothetical" in e.context for e in events(record, negated=True))


def test_no_progress_is_no_agreement(extract):
    record = extract("Israel and Hamas reached no agreement on Tuesday.")
    assert not [e for e in events(record) if e.type == "AGREE"]


def test_planned_meeting_is_not_held(extract):
    record = extract("The foreign ministers of Russia and Turkey will meet in Antalya next week.")
    assert not [e for e in events(record) if e.type == "CONSULT"]
    assert all("future" in e.context for e in events(record))


def test_sports_and_business_uses_produce_nothing(extract):
    assert not extract("The striker attacked the goal from the left wing.").events
    assert not extract("The firm attacked the smartphone market with a cheaper model.").events


def test_threat_in_reported_speech(extract):
    record = extract("Iran threatened to close the Strait of Hormuz to American ships.")
    (event,) = [e for e in events(record) if e.type == "THREATEN"]
    assert event.source.country == "IRN"


def test_evidence_slices_the_sentence(extract):
    text = "Protests broke out in Caracas. Venezuelan police arrested dozens of students in Caracas."
    record = extract(text, published="2024-05-02")
    (event,) = [e for e in events(record) if e.type == "COERCE"]
    assert text[event.evidence.start:event.evidence.end].startswith("Venezuelan police arrested")
    assert event.date and event.date_precision
    assert event.source.country == "VEN"


def test_no_progress_on_ceasefire_is_no_event(extract):
    record = extract("There was no progress on a ceasefire between Russia and Ukraine.")
    assert not events(record)
