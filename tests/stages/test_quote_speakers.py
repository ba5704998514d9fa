"""The learned speaker chooser of the quotes stage: candidates, features, scoring, shipped weights."""

from dateline.resources import path as resource_path
from dateline.settings import DEFAULT
from dateline.stages import quote_speakers
from dateline.stages.quote_speakers import Candidate, best, load_model, score


def quotes_of(record, kind=None):
    return [q for q in record.quotes if kind is None or q.kind == kind]


def test_score_adds_weights_of_the_features():
    model = {"intercept": -1.0, "weights": {"rule": 2.0, "pronoun": -0.5}}
    assert score(model, {"rule": 1.0, "pronoun": 1.0, "unknown": 5.0}) == 0.5


def test_best_takes_the_highest_score_and_none_of_nothing():
    model = {"intercept": 0.0, "weights": {"rule": 1.0}}
    a, b = Candidate("a", features={"rule": 0.0}), Candidate("b", features={"rule": 1.0})
    assert best([a, b], model) is b
    assert best([], model) is None


def test_shipped_weights_are_small_and_cover_the_features(extract):
    assert len(resource_path(quote_speakers.MODEL_FILE).read_bytes()) < 1_000_000
    record = extract("Dmytro Kuleba spoke in Antalya.\n\n“We are ready,” he said.")
    assert quotes_of(record, "direct")
    weights = load_model()["weights"]
    assert {"rule", "same_sentence", "after_dash", "pronoun", "source_noun", "verbless_line",
            "speaker_between", "quote_ends_comma*rule"} <= set(weights)


def test_name_after_a_dash_speaks_the_quote(extract):
    record = extract("Voters told us what they thought of the debate.\n\n"
                     "“He never answered a single question.” ― Maria Lopez\n\n"
                     "“The most unqualified candidate I have seen.” ― Carlos Mendes")
    assert [q.speaker.name if q.speaker else None for q in quotes_of(record, "direct")] == [
        "Maria Lopez", "Carlos Mendes"]


def test_rules_only_setting_keeps_the_rules_choice(nlp):
    from dateline import Article, extract

    text = "“We are ready,” said Dmytro Kuleba, Ukraine’s foreign minister."
    on = extract(Article(text=text), nlp=nlp)
    off = extract(Article(text=text), nlp=nlp, settings=DEFAULT.with_overrides(quote_speaker_model=False))
    assert [q.speaker.name for q in on.quotes] == [q.speaker.name for q in off.quotes] == ["Dmytro Kuleba"]


def test_candidates_leave_out_words_inside_quotes(nlp):
    text = "Anna Malyar spoke on Friday.\n\n“Oleksiy Reznikov is wrong,” she said."
    ((found, candidates),) = collect(nlp, text)
    words = {c.token.text for c in candidates}
    assert "she" in words and "Malyar" in words
    assert "Reznikov" not in words
    rule = [c for c in candidates if c.features["rule"]]
    assert [c.token.text for c in rule] == ["she"] and rule[0].verb.text == "said"


def collect(nlp, text):
    """Run entities and quotes on a text and return [(quote, candidates)] as the chooser saw them."""
    from dateline.model import Article
    from dateline.pipeline import Context, new_record
    from dateline.segment import segment
    from dateline.stages import entities, quotes

    article = Article(text=text)
    record = new_record(article)
    ctx = Context(article=article, doc=nlp(text), seg=segment(text), record=record)
    ctx.shared[quote_speakers.COLLECT_KEY] = collected = []
    record.entities = entities.run(ctx)
    quotes.run(ctx)
    return collected


def features_of(candidates, word):
    return next(c.features for c in candidates if c.token.text == word)


def test_a_document_that_says_is_a_source_noun(nlp, extract):
    text = ("The ministry issued a statement on Friday.\n\n"
            "“We will not negotiate with anyone who shells our towns,” the statement said.")
    ((_, candidates),) = collect(nlp, text)
    statement = features_of(candidates, "statement")
    assert statement["source_noun"] == statement["source_noun_subject"] == 1.0
    assert features_of(candidates, "ministry")["source_noun"] == 0.0
    (quote,) = quotes_of(extract(text), "direct")
    assert text[quote.speaker.start:quote.speaker.end] == "statement"


def test_a_name_on_its_own_line_after_the_quote_signs_it(nlp, extract):
    text = ("Economists disagree about what comes next.\n\n"
            "“Prices will keep rising through the winter, and wages will not keep up.”\n\n"
            "Dean Baker, Center for Economic and Policy Research\n\n"
            "“The worst is behind us.”\n\n"
            "Josh Bivens, Economic Policy Institute")
    first = collect(nlp, text)[0][1]
    assert features_of(first, "Baker")["verbless_line_next_paragraph"] == 1.0
    assert features_of(first, "Economists")["verbless_line"] == 0.0
    assert [q.speaker.name for q in quotes_of(extract(text), "direct")] == ["Dean Baker", "Josh Bivens"]


def test_a_speaker_named_between_an_earlier_one_and_the_quote(nlp, extract):
    text = ("Anna Malyar spoke first. Then Oleksiy Reznikov said the army would hold.\n\n"
            "“We have enough shells for the winter.”")
    ((_, candidates),) = collect(nlp, text)
    assert features_of(candidates, "Malyar")["speaker_between"] == 1.0
    assert features_of(candidates, "Reznikov")["speaker_between"] == 0.0
    assert [q.speaker.name for q in quotes_of(extract(text), "direct")] == ["Oleksiy Reznikov"]


def test_a_text_without_line_breaks_gives_each_quote_a_bounded_window(nlp, extract):
    # One paragraph of many sentences, as scraped text often is: the window stops short of names
    # far from the quote, or every quote would weigh every name of the article.
    filler = " ".join(f"Officials in Kharkiv met Mayor Ihor Terekhov on day {n}." for n in range(60))
    text = "Anna Malyar spoke first. " + filler + " \u201cWe are ready,\u201d Oleksiy Reznikov said."
    ((found, candidates),) = collect(nlp, text)
    assert min(c.token.idx for c in candidates) >= found.start - quote_speakers.WINDOW_BEFORE - 20
    assert "Malyar" not in {c.token.text for c in candidates}
    [quote] = extract(text).quotes
    assert quote.speaker.name == "Oleksiy Reznikov"


def test_a_text_that_lost_its_line_breaks_gets_the_chooser_trained_on_such_text():
    flat, lined = load_model(quote_speakers.FLAT_MODEL_FILE), load_model()
    assert flat["weights"] != lined["weights"] and "line break made a space" in flat["trained_on"]
    assert len(resource_path(quote_speakers.FLAT_MODEL_FILE).read_bytes()) < 1_000_000
    paragraph = "Officials in Kharkiv met Mayor Ihor Terekhov on Monday, the council said. "
    assert quote_speakers.without_line_breaks(paragraph * 30)
    assert not quote_speakers.without_line_breaks((paragraph + "\n\n") * 30)
