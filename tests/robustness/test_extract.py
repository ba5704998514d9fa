"""extract under bad input: hostile texts, limits (size, time), broken parses, other languages.

Invariants: one record per input, in order; no exception escapes a batch; every
failure is on its record in `skipped` with a reason; spans slice `text`.
"""

import re
import threading
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline import Article, Settings, extract, extract_many
from dateline import pipeline

HOSTILE = [
    "Kuleba",                                             # one word
    "“",                                                  # a lone mark
    "“He said ‘she said “they said” ’ and left,” Kuleba said.",
    "”Backwards quotes“ said Lavrov. \"Unclosed, he said.",
    "«Guillemets» and „low quotes“ and 「brackets」, the minister said.",
    "\u200b\u200c\u200d\ufeffKuleba\u200b said\u2060 “yes”.",    # zero-width
    "\u202eKuleba said\u202c \u2067“ready”\u2069 \u200f.",        # bidirectional controls
    "🇺🇦🇷🇺 👩‍👩‍👧 Kuleba 😀 said “🕊️ peace”.",                    # emoji and ZWJ sequences
    "(AP Photo/Jane Doe)\nFILE - A man walks. (Reuters)\nPhoto: AFP",  # only captions
    "By Anna Petrova\nFrom Reuters",
    "\n\n\n\t \u00a0\u3000\n",                          # whitespace of many kinds
    "a\x00b\x07c\x1b[31m said “x”",                       # control characters
    "x" * 3000,                                           # one long word
    ("Kuleba said that " * 150) + "peace.",              # one long sentence
    "“" * 200 + "Kuleba said" + "”" * 200,               # deep quote nesting
    "Kuleba said \ud800 “ready” \udfff.",                 # unpaired surrogates
    '"' * 20_000,                                         # degenerate: refused before the parse
    "“”" * 20_000,
    "word " * 3000,                                       # a 3,000-token "sentence"
    "Kuleba\x00 said “ready”.",                           # NUL (PostgreSQL refuses it)
]

any_chars = st.characters(codec=None, categories=None)  # includes surrogates and controls
texts = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(any_chars, min_size=1, max_size=60)),
                 min_size=1, max_size=6).map("\n".join)


def test_each_hostile_text_gives_one_sound_record(nlp, sound):
    records = list(extract_many([Article(text=t, id=str(i)) for i, t in enumerate(HOSTILE)],
                                nlp=nlp))
    assert [r.id for r in records] == [str(i) for i in range(len(HOSTILE))]
    for record in records:
        sound(record)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(texts, min_size=1, max_size=4))
def test_batches_of_arbitrary_text_never_raise(nlp, sound, batch):
    check_batch(nlp, sound, batch)


@pytest.mark.slow
@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(texts, min_size=1, max_size=6))
def test_batches_of_arbitrary_text_never_raise_long(nlp, sound, batch):
    check_batch(nlp, sound, batch)


def check_batch(nlp, sound, batch):
    records = list(extract_many(batch, nlp=nlp))
    assert len(records) == len(batch)
    for text, record in zip(batch, records):
        assert len(record.text) == len(text)
        sound(record)


def test_unpaired_surrogates_are_replaced_and_noted(nlp, sound):
    text = "Kuleba said \ud800 he was “ready”."
    record = extract(text, nlp=nlp)
    assert record.text == text.replace("\ud800", "\ufffd")
    assert any("surrogate" in s.reason for s in record.skipped if s.stage == "read")
    assert any(e.name == "Kuleba" for e in record.entities)
    sound(record)


def test_article_over_max_chars_is_skipped_with_the_setting_named(nlp, sound):
    record = extract("Kuleba met Lavrov. " * 20, nlp=nlp, settings=Settings(max_chars=100))
    [skip] = record.skipped
    assert skip.stage == "all" and "settings.max_chars" in skip.reason and "380" in skip.reason
    assert not record.entities
    sound(record)


def test_default_max_chars_is_the_documented_one():
    assert Settings().max_chars == 200_000


def test_text_too_long_for_the_parser_costs_only_its_own_record(nlp, sound):
    # max_chars raised past spaCy's nlp.max_length: the parse of that one article fails.
    huge = "A word. " * (nlp.max_length // 8 + 10)  # sentences: not refused as degenerate
    batch = ["Kuleba met Lavrov in Antalya.", huge, "Lavrov met Kuleba in Antalya."]
    records = list(extract_many(batch, nlp=nlp, settings=Settings(max_chars=len(huge) + 1)))
    assert not [s for r in records[::2] for s in r.skipped if s.stage in ("annotate", "all")]
    assert records[0].entities and records[2].entities
    [skip] = records[1].skipped
    assert skip.stage == "annotate" and "max_length" in skip.reason
    sound(records[1])


def _stage(run):
    """Return STAGES with `run` in place of the quotes stage."""
    return tuple((name, run if name == "quotes" else stage) for name, stage in pipeline.STAGES)


# Seconds: long enough for the real stages on one short sentence once their tables are loaded.
LIMIT = 3.0


@pytest.fixture(scope="module", autouse=True)
def warm(nlp):
    """Run every stage once, so that loading lexicons does not count against LIMIT."""
    extract("Kuleba met Lavrov in Antalya on Thursday.", nlp=nlp)


def stages_from(name: str) -> list:
    """Return the names of the pipeline's stages from the first one called `name` on."""
    names = [stage for stage, _ in pipeline.STAGES]
    return names[names.index(name):]


def _backtrack(ctx):
    return [bool(re.match(r"(a+)+$", "a" * 40 + "b"))]  # exponential: never ends by itself


def _swallow_everything(ctx):
    while True:
        try:
            time.sleep(0.01)
        except Exception:  # a careless stage must still be stopped
            pass


@pytest.mark.parametrize("stuck", [_backtrack, _swallow_everything])
def test_hard_time_limit_stops_a_stuck_stage(nlp, sound, monkeypatch, stuck):
    monkeypatch.setattr(pipeline, "STAGES", _stage(stuck))
    started = time.monotonic()
    record = extract("Kuleba met Lavrov in Antalya on Thursday.", nlp=nlp,
                     settings=Settings(time_limit=LIMIT))
    assert time.monotonic() - started < LIMIT + 20
    assert record.entities, "stages before the stuck one keep their output"
    assert [s.stage for s in record.skipped] == stages_from("quotes")
    assert all("settings.time_limit" in s.reason for s in record.skipped)
    sound(record)


def test_batch_goes_on_after_a_timed_out_article(nlp, monkeypatch):
    calls = []

    def slow_once(ctx):
        calls.append(ctx.article.id)
        if len(calls) == 1:
            time.sleep(30)
        return []

    monkeypatch.setattr(pipeline, "STAGES", _stage(slow_once))
    records = list(extract_many([Article(text="Kuleba spoke.", id="a"),
                                 Article(text="Lavrov spoke.", id="b")],
                                nlp=nlp, settings=Settings(time_limit=LIMIT)))
    assert [r.id for r in records] == ["a", "b"]
    assert records[0].skipped and not records[1].skipped


def test_outer_timer_is_put_back(nlp, monkeypatch):
    import signal

    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(1))
    try:
        signal.setitimer(signal.ITIMER_REAL, 5.0)
        extract("Kuleba met Lavrov.", nlp=nlp, settings=Settings(time_limit=2.0))
        left, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < left < 5.0
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert not fired


def test_worker_threads_stop_a_stuck_stage_too(nlp, monkeypatch):
    # Dask runs tasks in worker threads, where SIGALRM cannot reach: a watchdog stops the stage.
    monkeypatch.setattr(pipeline, "STAGES", _stage(_swallow_everything))
    out = []
    worker = threading.Thread(target=lambda: out.append(
        extract("Kuleba spoke.", nlp=nlp, settings=Settings(time_limit=LIMIT))))
    worker.start()
    worker.join(LIMIT + 20)
    [record] = out
    assert [s.stage for s in record.skipped] == stages_from("quotes")
    assert all("settings.time_limit" in s.reason for s in record.skipped)


FOREIGN = {
    "fr": "Le ministre des Affaires étrangères a déclaré jeudi que les négociations "
          "reprendraient à Genève la semaine prochaine, selon un communiqué officiel.",
    "de": "Der Außenminister sagte am Donnerstag, die Verhandlungen würden nächste Woche "
          "in Genf fortgesetzt, wie aus einer offiziellen Mitteilung hervorgeht.",
    "es": "El ministro de Asuntos Exteriores dijo el jueves que las negociaciones se "
          "reanudarán la próxima semana en Ginebra, según un comunicado oficial.",
    "ru": "Министр иностранных дел заявил в четверг, что переговоры возобновятся "
          "на следующей неделе в Женеве, говорится в официальном сообщении.",
    "uk": "Міністр закордонних справ заявив у четвер, що переговори відновляться "
          "наступного тижня в Женеві, йдеться в офіційному повідомленні.",
    "ar": "قال وزير الخارجية يوم الخميس إن المفاوضات ستستأنف الأسبوع المقبل في جنيف "
          "وفقا لبيان رسمي صدر عن الوزارة.",
}


@pytest.mark.parametrize("lang", sorted(FOREIGN))
def test_other_languages_are_skipped_with_the_language_recorded(nlp, sound, lang):
    record = extract(FOREIGN[lang], nlp=nlp)
    assert record.language == lang
    assert [s.stage for s in record.skipped] == ["all"] and lang in record.skipped[0].reason
    assert not (record.entities or record.quotes or record.events)
    sound(record)


def test_english_with_foreign_names_and_quotes_is_analysed(nlp):
    record = extract("Foreign Minister Sergei Lavrov told reporters in Moscow on Thursday "
                     "that talks would go on. “Nous verrons,” said Jean-Yves Le Drian.", nlp=nlp)
    assert record.language == "en" and not [s for s in record.skipped if s.stage == "all"]
    assert record.entities
