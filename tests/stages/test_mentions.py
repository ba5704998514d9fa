"""The mention resolver: what a speaker or actor word names, one rule per test, on wire-style texts."""

from pathlib import Path

from dateline.model import Record, Speaker

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def speakers(record, kind=None):
    return [q.speaker for q in record.quotes if kind is None or q.kind == kind]


def speaker_of(record, fragment):
    return next(q.speaker for q in record.quotes if fragment in q.text)


# -- datelines and credits name no speaker ------------------------------------------


def test_dateline_place_is_not_the_speaker(extract):
    r = extract("MOSCOW (AP) - Sergey Lavrov, Russia's foreign minister, said on Monday that "
                "talks with Kyiv would continue.\n")
    speaker = speaker_of(r, "talks")
    assert speaker.name == "Sergey Lavrov"
    assert r.text[speaker.start:speaker.end] == "Sergey Lavrov"


def test_wire_credit_is_not_the_speaker(extract):
    r = extract("WASHINGTON (AP) — Vladimir V. Putin said on Tuesday that Russia would not back down.\n\n"
                "“We will not retreat,” Putin said.\n")
    for speaker in speakers(r):
        assert speaker.name == "Vladimir V. Putin"
        assert "AP" not in r.text[speaker.start:speaker.end]


# -- relative pronouns -------------------------------------------------------------------


def test_relative_pronoun_names_the_person_it_attaches_to(extract):
    r = extract("Turkish Foreign Minister Mevlut Cavusoglu, who hosted the meeting, said on Thursday "
                "that Ankara would keep working for a ceasefire.\n")
    speaker = speaker_of(r, "Ankara")
    assert speaker.name == "Mevlut Cavusoglu" and speaker.resolved


def test_relative_pronoun_after_a_description_keeps_the_description(extract):
    r = extract("A senior official who spoke on condition of anonymity said that the talks had stalled "
                "over the prisoner exchange.\n")
    speaker = speaker_of(r, "stalled")
    assert speaker.resolved and speaker.name != "who"


# -- personal pronouns -----------------------------------------------------------------------


def test_pronoun_resolves_to_the_person_named_before(extract):
    r = extract("Senator Elizabeth Warren spoke to reporters in Boston on Monday.\n\n"
                "“This bill is dead,” she said.\n")
    speaker = speaker_of(r, "bill")
    assert speaker.name == "Elizabeth Warren" and speaker.resolved


def test_pronoun_never_named_is_unresolved(extract):
    r = extract("“There is nothing more to discuss here today,” she said.\n")
    speaker = speaker_of(r, "nothing")
    assert speaker.name == "she" and speaker.resolved is False


def test_first_person_in_an_opinion_piece_is_the_byline_author(extract):
    r = extract("Why the talks failed\n\nBy Jane Holloway\n\n"
                "I said last year that the talks in Geneva would fail for want of a guarantor.\n")
    speaker = speaker_of(r, "guarantor")
    assert speaker.name == "Jane Holloway" and speaker.resolved


def test_first_person_with_the_input_author(extract):
    r = extract("I argued last week that the ceasefire would not hold without observers.\n",
                author="Omar Haddad")
    assert speaker_of(r, "observers").name == "Omar Haddad"


# -- appositives, counterparts, titles -------------------------------------------------------


def test_title_alone_is_the_titled_person(extract):
    r = extract("Ukrainian Foreign Minister Dmytro Kuleba arrived in Antalya on Thursday.\n\n"
                "The foreign minister said that Ukraine was ready for a ceasefire in the south.\n")
    speaker = speaker_of(r, "ready")
    assert speaker.name == "Dmytro Kuleba"


def test_capital_speaks_for_its_government(extract):
    r = extract("Moscow said on Friday that the talks in Istanbul had failed to reach an agreement.\n")
    speaker = speaker_of(r, "talks")
    entity = next(e for e in r.entities if e.id == speaker.entity)
    assert (entity.name, entity.country, entity.sector) == ("Moscow", "RUS", "GOV")


def test_counterpart_target_is_the_named_person(extract):
    r = extract("Ukrainian Foreign Minister Dmytro Kuleba met his Russian counterpart Sergei Lavrov "
                "in Antalya on Thursday.\n")
    meeting = next(e for e in r.events if e.source and e.source.name == "Dmytro Kuleba")
    assert (meeting.target.name, meeting.target.country, meeting.target.sector) == ("Sergei Lavrov", "RUS", "GOV")


def test_flagship_example_event_target_is_lavrov(extract):
    r = extract((EXAMPLES / "kuleba-lavrov-antalya.txt").read_text(encoding="utf-8"))
    meeting = next(e for e in r.events if e.source and e.source.name == "Dmytro Kuleba" and e.type == "CONSULT")
    assert (meeting.target.name, meeting.target.country, meeting.target.sector) == ("Sergei Lavrov", "RUS", "GOV")


# -- the contract ----------------------------------------------------------------------------


def test_speaker_resolved_round_trips_and_defaults_for_old_records():
    record = Record(id="x", text="he said")
    data = record.to_dict()
    data["quotes"] = [{"kind": "direct", "start": 0, "end": 2, "text": "he",
                       "speaker": {"entity": None, "name": "he", "start": 0, "end": 2}}]
    old = Record.from_dict(data)
    assert old.quotes[0].speaker.resolved is True
    assert Speaker(None, "he", 0, 2, resolved=False).resolved is False


# -- who may speak ---------------------------------------------------------------------------


def quotes_context(nlp, text):
    """A pipeline context with entities and quotes filled, as the quotes scorer builds it."""
    from dateline.model import Article
    from dateline.pipeline import Context, new_record
    from dateline.segment import segment
    from dateline.stages import entities, quotes

    article = Article(text=text)
    record = new_record(article)
    seg = segment(text)
    record.boilerplate = seg.boilerplate
    ctx = Context(article=article, doc=nlp(text), seg=seg, record=record)
    record.entities = entities.run(ctx)
    record.quotes = quotes.run(ctx)
    return ctx


def test_a_state_or_party_speaks_only_through_a_speech_verb(nlp):
    from dateline.stages.quote_speakers import Candidate, speakable

    ctx = quotes_context(nlp, "Senator Lindsey Graham campaigned in South Carolina with the Republican Party. "
                              "The Republican Party said on Monday that turnout was high.\n")
    doc = ctx.doc
    state = next(t for t in doc if t.text == "Carolina")
    party = next(t for t in doc if t.text == "Party" and t.head.lemma_ == "say")
    person = next(t for t in doc if t.text == "Graham")
    kept = speakable(ctx, [Candidate(state), Candidate(person), Candidate(party, verb=party.head)])
    assert [c.token.text for c in kept] == ["Graham", "Party"]


def test_a_counterpart_holds_the_title_of_the_person_met(extract):
    r = extract("Ukrainian Foreign Minister Dmytro Kuleba met his Russian counterpart Sergei Lavrov "
                "in Antalya on Thursday.\n")
    lavrov = next(e for e in r.entities if e.name == "Sergei Lavrov")
    assert (lavrov.title, lavrov.country, lavrov.sector) == ("foreign minister", "RUS", "GOV")


def test_a_surname_the_tagger_missed_is_the_person_of_that_name(extract):
    r = extract("Donald Trump spoke to supporters in Iowa on Monday.\n\n“We will win big,” Trump said.\n")
    assert speaker_of(r, "win big").name == "Donald Trump"


def test_a_title_with_a_nationality_is_the_titled_person_of_that_country(extract):
    r = extract("Ukrainian Foreign Minister Dmytro Kuleba met Russian Foreign Minister Sergei Lavrov and "
                "Turkish Foreign Minister Mevlut Cavusoglu in Antalya on Thursday.\n\n"
                "The Russian foreign minister said that Moscow was ready for more talks.\n")
    assert speaker_of(r, "more talks").name == "Sergei Lavrov"
