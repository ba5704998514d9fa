"""Property tests: every span in a record slices its text; records round-trip through JSON."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline import Article, Record, extract

PIECES = [
    "Ukrainian Foreign Minister Dmytro Kuleba met Sergei Lavrov in Antalya on Thursday.",
    "“We are ready for diplomacy,” Kuleba said.",
    "Lavrov repeated what Moscow calls a “special military operation”.",
    "KYIV, Ukraine (AP) — Sirens sounded.",
    "From Reuters",
    "A man walks past a ruined building. (AP Photo/Jane Doe)",
    "NTD Photo",
    "By Anna Petrova",
    "He said Russia had not attacked Ukraine.",
    "The U.N. called for a 24-hour ceasefire to evacuate civilians from Mariupol.",
    "“Unclosed quote, Kuleba said.",
    "‘Nested “double” quote’",
    "\u200b\u202e bidi and zero-width \u2066text\u2069 🇺🇦",
    "",
    "Related: more news",
]

texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(min_size=1, max_size=40)),
                 min_size=1, max_size=8).map(lambda parts: "\n\n".join(parts))


def check_record(record: Record) -> None:
    n = len(record.text)
    for where, start, end, claimed in record.spans():
        assert 0 <= start <= end <= n, (where, start, end, n)
        if claimed is not None:
            assert record.text[start:end] == claimed, (where, claimed)
    again = Record.from_json(record.to_json())
    assert again.to_dict() == record.to_dict()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_spans_slice_text_and_records_round_trip(nlp, text):
    if not text.strip():
        return
    record = extract(Article(text=text, published="2022-03-10"), nlp=nlp)
    # NULs and lone surrogates cannot be stored: each becomes one U+FFFD (limits.valid_unicode)
    assert record.text == re.sub("[\ud800-\udfff\x00]", "\ufffd", text)
    check_record(record)


def test_examples_spans_and_round_trip(nlp):
    from pathlib import Path

    from dateline.read import read_inputs
    from dateline.run.local import records_for_items

    examples = Path(__file__).resolve().parents[1] / "examples"
    for record in records_for_items(read_inputs([str(examples)]), nlp=nlp):
        check_record(record)
