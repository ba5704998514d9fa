"""The quotes scorer's named-speaker figures (issue 21), on a small hand-made article."""

from dateline.eval.quotes import GoldArticle, GoldQuote, Tally, is_pronoun_name, named_source

TEXT = "“We are ready,” Kuleba said. “We will see,” he added. “Maybe,” an official said."


def gold(nlp):
    spans = [(0, 15), (29, 43), (54, 62)]
    sources = [[(16, 22)], [(44, 46)], [(63, 74)]]
    return GoldArticle("x", TEXT, None, direct=[GoldQuote(*s, src) for s, src in zip(spans, sources)]), nlp(TEXT)


def test_only_a_gold_speaker_with_a_name_counts(nlp):
    article, doc = gold(nlp)
    assert [named_source(g, doc) for g in article.direct] == [True, False, False]


def test_pronoun_names_are_bare_pronouns():
    assert is_pronoun_name("he") and is_pronoun_name("Who") and is_pronoun_name("I")
    assert not is_pronoun_name("Dmytro Kuleba") and not is_pronoun_name(None)


def test_named_figures_count_entity_and_pronoun(nlp):
    article, doc = gold(nlp)
    kuleba = [[16, 22]]
    right = [(0, 15, (16, 22), "Dmytro Kuleba", kuleba), (29, 43, (44, 46), "Dmytro Kuleba", kuleba)]
    tally = Tally()
    tally.add(article, right, [], doc=doc)
    assert tally.named_figures()["named_entity_accuracy"] == 1.0
    wrong = [(0, 15, (16, 22), "he", [])]
    tally = Tally()
    tally.add(article, wrong, [], doc=doc)
    figures = tally.named_figures()
    assert figures["pronoun_for_name"] == 1.0 and figures["named_entity_accuracy"] == 0.0


def test_an_untagged_surname_resolved_to_its_person_counts(nlp):
    article, doc = gold(nlp)
    untagged = [(0, 15, (16, 22), "Dmytro Kuleba", [[200, 213]], "Dmytro Kuleba")]
    tally = Tally()
    tally.add(article, untagged, [], doc=doc)
    assert tally.named_figures()["named_entity_accuracy"] == 1.0
    other = [(0, 15, (16, 22), "Kentucky", [[300, 308]], "Kentucky")]
    tally = Tally()
    tally.add(article, other, [], doc=doc)
    assert tally.named_figures()["named_entity_accuracy"] == 0.0
