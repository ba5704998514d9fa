"""The quotes stage: direct, partial and reported speech with resolved speakers."""

import pytest

from dateline.stages.quotes import quote_spans


def quotes_of(record, kind=None):
    return [q for q in record.quotes if kind is None or q.kind == kind]


def speaker_names(record, kind=None):
    return [q.speaker.name if q.speaker else None for q in quotes_of(record, kind)]


# -- quotation marks -------------------------------------------------------------


def test_curly_and_straight_marks_pair():
    text = 'He said “we are ready” and then "we will go" today.'
    spans = quote_spans(text)
    assert [text[s:e] for s, e in spans] == ["“we are ready”", '"we will go"']


def test_apostrophes_do_not_open_quotes():
    text = "Ukraine’s minister said ‘we’re ready’ on the day’s first call."
    assert [text[s:e] for s, e in quote_spans(text)] == ["‘we’re ready’"]


def test_nested_single_quotes_stay_inside():
    text = "“They called it ‘a special operation’ from the start,” she said."
    assert [text[s:e] for s, e in quote_spans(text)] == [
        "“They called it ‘a special operation’ from the start,”"]


def test_quote_over_paragraphs_is_one_quote():
    text = ("Kuleba said:\n\n“We came to talk about a ceasefire.\n\n"
            "“But there was no progress on that,” he added.")
    spans = quote_spans(text)
    assert len(spans) == 1
    assert text[spans[0][0]:spans[0][1]].endswith("on that,”")


def test_unclosed_quote_ends_at_its_paragraph():
    text = "He said “this never ends\n\nA new paragraph here."
    assert [text[s:e] for s, e in quote_spans(text)] == ["“this never ends"]


# -- direct quotes and speakers ---------------------------------------------------


def test_quotes_signed_after_a_dash_take_the_signature(extract):
    record = extract("Readers wrote to us about the ceasefire.\n\n"
                     "“The shelling stopped for one night and we slept for the first time.” ―\u00a0Olena Kovalenko\n\n"
                     "“Nobody here believes the talks will last past the weekend.” ― Taras Melnyk\n")
    direct = quotes_of(record, "direct")
    assert speaker_names(record, "direct") == ["Olena Kovalenko", "Taras Melnyk"]
    first = direct[0].speaker
    assert record.text[first.start:first.end] == "Olena Kovalenko"
    assert direct[0].cue.text == "―"


def test_quote_split_by_attribution_gives_two_quotes_one_speaker(extract):
    record = extract("Ukrainian Foreign Minister Dmytro Kuleba spoke in Antalya on Thursday.\n\n"
                     "“We are ready,” he said. “But we will defend our land.”")
    direct = quotes_of(record, "direct")
    assert [q.text for q in direct] == ["“We are ready,”", "“But we will defend our land.”"]
    assert speaker_names(record, "direct") == ["Dmytro Kuleba", "Dmytro Kuleba"]
    he = direct[0].speaker
    assert record.text[he.start:he.end] == "he"
    assert direct[0].cue.text == "said"


def test_speaker_named_after_the_quote(extract):
    record = extract("“The talks were difficult,” said Sergei Lavrov, Russia’s foreign minister.")
    (quote,) = quotes_of(record, "direct")
    assert quote.speaker.name == "Sergei Lavrov"
    assert record.text[quote.speaker.start:quote.speaker.end] == "Sergei Lavrov"


def test_speaker_named_before_the_quote(extract):
    record = extract("Jens Stoltenberg told reporters: “NATO will not send troops to Ukraine.”")
    (quote,) = quotes_of(record, "direct")
    assert quote.speaker.name == "Jens Stoltenberg"
    assert quote.cue.text == "told"


def test_surname_resolves_to_the_full_name(extract):
    record = extract("Dmytro Kuleba met Sergei Lavrov in Antalya.\n\n"
                     "“Nothing was agreed,” Kuleba said after the meeting.")
    assert speaker_names(record, "direct") == ["Dmytro Kuleba"]


def test_she_skips_a_man_mentioned_later(extract):
    record = extract("Ms. Anna Malyar spoke after Mr. Oleksiy Reznikov left the room.\n\n"
                     "“The city is holding,” she said.")
    assert speaker_names(record, "direct") == ["Anna Malyar"]


def test_organisation_speaks_through_it(extract):
    record = extract("The Russian Defense Ministry released a statement on Friday.\n\n"
                     "“All targets were military,” it said.")
    (quote,) = quotes_of(record, "direct")
    assert quote.speaker.name == "Russian Defense Ministry"


def test_paragraph_of_quote_without_cue_continues_the_speaker(extract):
    record = extract("“We are ready to talk,” Kuleba said on Thursday.\n\n"
                     "“We are not ready to surrender. Nobody here is.”")
    assert speaker_names(record, "direct") == ["Kuleba", "Kuleba"]


# -- partial quotes ---------------------------------------------------------------


def test_partial_quote_inside_reporter_sentence(extract):
    record = extract("Vladimir Putin launched what he calls a “special military operation” in February.")
    (quote,) = quotes_of(record, "partial")
    assert quote.text == "“special military operation”"
    assert quote.speaker.name == "Vladimir Putin"
    assert quote.cue.text == "calls"


def test_partial_quote_after_described_as(extract):
    record = extract("The U.N. refugee agency described it as “Europe’s fastest-growing refugee crisis.”")
    (quote,) = quotes_of(record, "partial")
    assert quote.cue.text == "described"
    assert quote.speaker is not None and "refugee agency" in quote.speaker.name


def test_relative_pronoun_speaker_keeps_span_and_takes_name(extract):
    text = "The crowd cheered Dmytro Kuleba, who described the talks as “a waste of time” on Friday."
    record = extract(text)
    (quote,) = quotes_of(record, "partial")
    assert quote.speaker.name == "Dmytro Kuleba"
    assert text[quote.speaker.start:quote.speaker.end] == "who"


# -- not quotes -------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "She starred in the film “War and Peace” last year.",
    "Dwayne “The Rock” Johnson arrived in Kyiv.",
    "The so-called “peace plan” was never published.",
    "He was interviewed on CNN’s “State of the Union” on Sunday.",
])
def test_titles_nicknames_and_scare_quotes_are_not_quotes(extract, text):
    record = extract(text)
    assert quotes_of(record, "direct") + quotes_of(record, "partial") == []


# -- reported speech --------------------------------------------------------------


def test_reported_speech_with_said(extract):
    record = extract("Dmytro Kuleba said he was ready to continue talks with Moscow.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text == "he was ready to continue talks with Moscow"
    assert quote.speaker.name == "Dmytro Kuleba"
    assert quote.cue.text == "said"


def test_reported_claim(extract):
    record = extract("Sergei Lavrov claimed that Russia had not invaded Ukraine.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text == "Russia had not invaded Ukraine"
    assert quote.cue.text == "claimed"


def test_reported_content_before_the_attribution(extract):
    record = extract("The talks had made no progress on a ceasefire, Dmytro Kuleba said.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text == "The talks had made no progress on a ceasefire"
    assert quote.speaker.name == "Dmytro Kuleba"


def test_content_before_the_attribution_runs_up_to_it(extract):
    record = extract("The talks had made no progress, just as the previous round had not, "
                     "Dmytro Kuleba said on Thursday.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text == "The talks had made no progress, just as the previous round had not"


def test_attribution_inside_its_content_gives_the_whole_sentence(extract):
    record = extract("This campaign, Bernie Sanders says, is different from the others.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text == "This campaign, Bernie Sanders says, is different from the others"
    assert quote.cue.text == "says"


def test_phrase_fronted_before_the_speaker_is_content(extract):
    record = extract("On the campaign trail, Maria Ferre said Trump has the potential to do well.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text.startswith("On the campaign trail")
    assert quote.text.endswith("to do well")


def test_negated_say_with_an_open_question_is_not_reported_speech(extract):
    record = extract("The minister did not say how many troops would be sent.")
    assert quotes_of(record, "indirect") == []


def test_verb_and_preposition_report_its_object(extract):
    record = extract("Hillary Clinton called for a ban on assault weapons.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text == "a ban on assault weapons"
    assert quote.cue.text == "called"


def test_claim_that_is_reported_with_no_one_named(extract):
    record = extract("The claim that the border had been closed spread quickly online.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text == "the border had been closed"
    assert quote.speaker is None


def test_a_claim_rejected_is_not_held_by_who_rejects_it(extract):
    record = extract("Officials rejected the claim that the border had been closed.")
    assert all(q.speaker is None for q in quotes_of(record, "indirect") if q.cue.text == "claim")


def test_physical_attack_is_not_reported_speech(extract):
    record = extract("The army attacked rebel positions near the airport.")
    assert quotes_of(record, "indirect") == []


def test_nationality_and_noun_speak_as_a_group_not_as_the_country(extract):
    record = extract("Ukrainian officials said the route was mined.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.speaker.name == "Ukrainian officials"
    assert quote.speaker.entity is None


def test_lead_sentence_after_a_dateline(extract):
    record = extract("KYIV (Reuters) - Dmytro Kuleba said the talks would resume next week.\n\n"
                     "He gave no date.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text == "the talks would resume next week"


def test_according_to_inside_the_claim_gives_the_sentence(extract):
    record = extract("The ceasefire, according to Ukrainian officials, broke down within hours.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text.startswith("The ceasefire") and quote.text.endswith("within hours")
    assert quote.speaker.name == "Ukrainian officials"


def test_stance_inside_reported_content_is_one_statement(extract):
    record = extract("Most Democratic voters said they want the next president to keep Obama's policies.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text == "they want the next president to keep Obama's policies"
    assert quote.cue.text == "said"


def test_naming_verb_reports_what_something_is_called(extract):
    record = extract("Bernie Sanders described the trade deal as a disaster for American workers.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text == "the trade deal as a disaster for American workers"
    assert quote.cue.text == "described"
    assert quotes_of(extract("Police called the fire brigade at noon."), "indirect") == []


def test_according_to(extract):
    record = extract("More than two million people have fled Ukraine, according to the U.N.")
    (quote,) = quotes_of(record, "indirect")
    assert quote.text == "More than two million people have fled Ukraine"
    assert quote.cue.text == "according to"
    assert quote.speaker is not None


def test_stance_on_a_noun(extract):
    text = "Mitch McConnell stepped up his criticism of the nuclear deal on Tuesday."
    record = extract(text)
    (quote,) = quotes_of(record, "indirect")
    assert quote.text == "the nuclear deal"
    assert quote.cue.text == "criticism"
    assert quote.speaker.name == "Mitch McConnell"


def test_spans_slice_the_text(extract):
    record = extract("“We are ready,” he said. Kuleba said he would go, according to aides. "
                     "She called it a “farce.”")
    for quote in record.quotes:
        assert record.text[quote.start:quote.end] == quote.text
        if quote.speaker:
            assert 0 <= quote.speaker.start < quote.speaker.end <= len(record.text)
        if quote.cue:
            assert record.text[quote.cue.start:quote.cue.end] == quote.cue.text
