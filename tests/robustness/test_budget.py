"""Input budgets and guards: a bad line, a degenerate text, a dead or stuck worker costs only its own record."""

import gzip
import io
import json
import os
import signal
import time
from collections import deque

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from dateline.limits import degenerate, valid_unicode
from dateline.model import Article
from dateline.read import ReadFailure, read_inputs
from dateline.read.html import from_html
from dateline.read.jsonl import capped_lines, read_lines
from dateline.read.txt import decode
from dateline.run.local import ExtractPool, _Keeper, ingest_paths
from dateline.settings import DEFAULT
from dateline.store import open_store

GOOD = "The mayor of Springfield said on Monday that bridge {} would reopen next week after repairs."


def good_lines(n, prefix="g"):
    return [json.dumps({"id": f"{prefix}{i}", "text": GOOD.format(i)}) for i in range(n)]


def kinds(items):
    return ["A" if isinstance(item, Article) else "F" for item in items]


def test_a_line_that_raises_anything_is_one_failure_and_the_file_goes_on(tmp_path):
    bad = ["[" * 100_000, '{"text": "a b", "n": ' + "9" * 5000 + "}", '{"text": 1}', "{nope",
           '{"id": ' + "1" * 5000 + ', "text": "x y"}']
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(good_lines(3) + bad + good_lines(3, "h")) + "\n")
    items = list(read_inputs([str(path)]))
    assert kinds(items) == ["A"] * 3 + ["F"] * 5 + ["A"] * 3
    reasons = [item.reason for item in items if isinstance(item, ReadFailure)]
    assert "nested too deeply" in reasons[0] and "4300 digits" in reasons[1]
    assert all(item.path.startswith(str(path) + ":") for item in items if isinstance(item, ReadFailure))


def test_a_huge_line_in_a_small_gzip_costs_a_failure_not_gigabytes(tmp_path):
    path = tmp_path / "bomb.jsonl.gz"
    settings = DEFAULT.with_overrides(max_line_bytes=1 << 16)
    with gzip.open(path, "wb") as out:
        out.write(("\n".join(good_lines(2)) + "\n").encode())
        out.write(b'{"text": "' + b"a" * (8 << 20) + b'"}\n')
        out.write(("\n".join(good_lines(2, "h")) + "\n").encode())
    items = list(read_inputs([str(path)], settings=settings))
    assert kinds(items) == ["A", "A", "F", "A", "A"]
    assert "settings.max_line_bytes" in items[2].reason


def test_the_decompressed_stream_has_a_cap_and_what_came_before_is_read(tmp_path):
    path = tmp_path / "long.jsonl.gz"
    with gzip.open(path, "wt") as out:
        out.write("\n".join(good_lines(50)) + "\n")
    items = list(read_inputs([str(path)], settings=DEFAULT.with_overrides(max_stream_bytes=2000)))
    assert kinds(items)[-1] == "F" and "max_stream_bytes" in items[-1].reason
    assert 0 < kinds(items).count("A") < 50


def test_files_over_the_size_cap_are_failures(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(GOOD.format(1) * 100)
    items = list(read_inputs([str(path)], settings=DEFAULT.with_overrides(max_file_bytes=1000)))
    assert kinds(items) == ["F"] and "max_file_bytes" in items[0].reason


def test_surrogates_and_nul_in_any_field_are_replaced_with_a_note():
    article = valid_unicode(Article(text="Talks \x00resumed\ud800.", title="bad \udc00 title",
                                    author="A\x00B"))
    assert "\x00" not in article.text and "\ud800" not in article.text
    assert len(article.text) == len("Talks \x00resumed\ud800.")
    assert article.title == "bad \ufffd title" and article.author == "A\ufffdB"
    assert len(article.notes) == 2


def test_degenerate_texts_are_refused_cheaply_and_prose_is_not():
    for text in ['"' * 100_000, "\u201c\u201d" * 90_000, "word " * 5000, "-" * 1200 + " a b c" * 50]:
        started = time.perf_counter()
        assert degenerate(text, DEFAULT)
        assert time.perf_counter() - started < 0.5
    prose = ("The minister said on Tuesday that talks would resume in Geneva. "
             "\u201cWe are ready,\u201d she said, adding that 1,200 troops would leave by May 3.\n") * 40
    assert degenerate(prose, DEFAULT) == ""


def test_html_with_a_crowded_tag_is_refused_at_once():
    attrs = " ".join(f'a{i}="1"' for i in range(200_000))
    page = f"<html><body><div {attrs}>x</div><p>{GOOD.format(1) * 5}</p></body></html>".encode()
    started = time.perf_counter()
    try:
        from_html(page, "crowded.html")
        raise AssertionError("a tag with 200,000 attributes was parsed")
    except Exception as exc:
        assert "max_html_attributes" in str(exc)
    assert time.perf_counter() - started < 2


def test_encodings_are_decided_honestly():
    utf8 = ("\u201cNa\u00efve\u201d, said the caf\u00e9 owner. " * 20).encode() + b"\xff" + b" end."
    text, notes, encoding, replaced = decode(utf8, "x")
    assert encoding == "utf-8" and replaced == 1 and "\u201c" in text and notes
    latin1 = "The na\u00efve plan, said Mr. M\u00fcller, was dead.".encode("latin-1")
    text, notes, encoding, replaced = decode(latin1, "x")
    assert "na\u00efve" in text and "M\u00fcller" in text and encoding == "cp1252"
    cyrillic = ("\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0441\u043a\u0430\u0437\u0430\u043b "
                "\u0432\u043e \u0432\u0442\u043e\u0440\u043d\u0438\u043a. " * 20).encode("cp1251")
    text, notes, encoding, replaced = decode(cyrillic, "x")
    assert "\u041c\u0438\u043d\u0438\u0441\u0442\u0440" in text


def test_a_dead_worker_costs_no_article_and_a_new_pool_goes_on():
    settings = DEFAULT.with_overrides(time_limit=30)
    keeper = _Keeper(1, settings, None)
    first = [Article(text=GOOD.format(i), id=f"d{i}") for i in range(2)]
    second = [Article(text=GOOD.format(i), id=f"e{i}") for i in range(2)]
    try:
        pending = deque([[first, keeper.submit(first)]])
        for process in list(keeper.pool._executor._processes.values()):
            os.kill(process.pid, signal.SIGKILL)
        pending.append([second, keeper.submit(second)])
        # The killed task's articles are extracted again one by one on a new pool.
        assert [item.id for item in keeper.resolve(pending)] == ["d0", "d1"]
        assert "died" in keeper.last_reason
        assert [item.id for item in keeper.resolve(pending)] == ["e0", "e1"]
    finally:
        keeper.shutdown()


def test_an_article_that_overruns_its_worker_becomes_a_skipped_record():
    keeper = _Keeper(1, DEFAULT.with_overrides(time_limit=0.001), None)  # 4 ms per task
    articles = [Article(text=GOOD.format(1) * 40, id="slow")]
    try:
        [record] = list(keeper.resolve(deque([[articles, keeper.submit(articles)]])))
        assert record.id == "slow" and record.skipped[-1].stage == "all"
        assert "overran" in record.skipped[-1].reason
    finally:
        keeper.shutdown()


def test_failed_articles_are_passed_over_on_rerun_unless_retried(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(good_lines(3)) + "\n")
    with open_store(str(tmp_path / "t.db")) as store:
        store.record_failure(f"{path}#g1", "worker overran", "extract")
        with ExtractPool(1) as pool:
            summary = ingest_paths([str(path)], store, pool=pool, progress=False)
            assert (summary.stored, summary.failed) == (2, 1)
            summary = ingest_paths([str(path)], store, pool=pool, progress=False, retry_failed=True)
            assert (summary.stored, summary.unchanged, summary.failed) == (1, 2, 0)
        assert not store.failed_inputs([f"{path}#g1"])


# -- fuzzing JSONL lines: hypothesis builds hostile lines; every one is an Article or a ReadFailure --

_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                     st.text(alphabet=st.characters(codec=None), max_size=40))
_values = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                         st.dictionaries(st.text(max_size=8), inner,
                                                                         max_size=4)),
                       max_leaves=20)
_pieces = st.one_of(
    _values.map(lambda v: json.dumps(v, ensure_ascii=True)),
    st.dictionaries(st.sampled_from(["id", "text", "title", "url", "published", "author"]),
                    _values, max_size=6).map(lambda v: json.dumps(v, ensure_ascii=True)),
    st.integers(1, 200_000).map(lambda n: "[" * n),
    st.integers(4301, 20_000).map(lambda n: '{"text": "a b", "id": ' + "7" * n + "}"),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.just('{"text": "x \\ud800 y", "title": "\\udfff\\u0000"}'),
)


def _check_lines(lines):
    data = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")
    items = list(read_lines(capped_lines(io.BytesIO(data), "fuzz"), "fuzz"))
    assert all(isinstance(item, (Article, ReadFailure)) for item in items)
    assert len(items) == sum(1 for line in data.split(b"\n") if line.strip())


@hsettings(max_examples=30, deadline=None)
@given(st.lists(_pieces, min_size=1, max_size=5))
def test_fuzzed_jsonl_lines_never_escape_the_reader(lines):
    _check_lines(lines)


@pytest.mark.slow
@hsettings(max_examples=3000, deadline=None)
@given(st.lists(_pieces, min_size=1, max_size=8))
def test_fuzzed_jsonl_lines_never_escape_the_reader_long(lines):
    _check_lines(lines)


def test_the_parse_is_under_the_time_limit_too(nlp):
    from dateline.pipeline import extract_many

    text = "The minister said talks would resume. " * 400
    [record] = list(extract_many([text], nlp=nlp, settings=DEFAULT.with_overrides(time_limit=0.005)))
    assert [skip.stage for skip in record.skipped] == ["annotate"]
    assert "settings.time_limit" in record.skipped[0].reason


def test_html_extraction_is_under_the_time_limit():
    page = ("<html><body>" + "<div><p>" + GOOD.format(1) + "</p></div>" * 1 + "</body></html>") * 300
    try:
        from_html(page.encode(), "slow.html", settings=DEFAULT.with_overrides(time_limit=0.001))
        raise AssertionError("extraction finished within 1 ms")
    except Exception as exc:
        assert "time limit" in str(exc)
