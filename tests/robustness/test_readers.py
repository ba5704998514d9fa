"""Readers under bad input: arbitrary bytes in any format, truncated archives, hostile HTML.

Invariant: read_inputs yields only Articles (non-empty text) and ReadFailures
(with a reason), one bad file never stops the others, and nothing escapes.
"""

import gzip
import io
import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline import Article
from dateline.read import ReadFailure, read_inputs

SUFFIXES = [".txt", ".html", ".htm", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz"]

# Starts of real file types, so the fuzzer reaches past the first checks.
MAGIC = [b"", b"\x89PNG\r\n\x1a\n", b"%PDF-1.7\n", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b\x08\x00",
         b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"WARC/1.0\r\n", b"<html><body>", b'{"text": "']

blobs = st.builds(lambda magic, rest: magic + rest, st.sampled_from(MAGIC), st.binary(max_size=2000))


def read_all(*paths):
    return list(read_inputs([str(p) for p in paths]))


def assert_items_sound(items):
    for item in items:
        if isinstance(item, ReadFailure):
            assert item.path and item.reason.strip(), item
        else:
            assert isinstance(item, Article) and isinstance(item.text, str) and item.text.strip()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=blobs, suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_in_any_format_never_raise(tmp_path_factory, data, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    items = read_all(path)
    assert items or suffix.startswith((".jsonl", ".warc")), "a single-article file gives one item"
    assert_items_sound(items)


def gzip_bytes(data: bytes) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb") as stream:
        stream.write(data)
    return out.getvalue()


def jsonl_lines(n: int) -> bytes:
    return b"".join(json.dumps({"id": f"a{i}", "text": f"Article {i} text."}).encode() + b"\n"
                    for i in range(n))


@pytest.mark.parametrize("cut", [10, 40, 100])
def test_truncated_gzip_jsonl_keeps_what_it_read_and_says_why(tmp_path, cut):
    whole = gzip_bytes(jsonl_lines(200))
    path = tmp_path / "shard.jsonl.gz"
    path.write_bytes(whole[:len(whole) * cut // 100 if cut < 100 else -8])
    items = read_all(path)
    assert isinstance(items[-1], ReadFailure) and items[-1].reason
    assert_items_sound(items)


def test_corrupt_gzip_middle_gives_a_failure(tmp_path):
    whole = bytearray(gzip_bytes(jsonl_lines(200)))
    whole[len(whole) // 2: len(whole) // 2 + 20] = b"\x00" * 20
    path = tmp_path / "shard.jsonl.gz"
    path.write_bytes(bytes(whole))
    items = read_all(path)
    assert isinstance(items[-1], ReadFailure)
    assert_items_sound(items)


def test_jsonl_with_surrogate_escapes_reads(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "s1", "text": "Kuleba said \\ud800 yes."}\n')
    [article] = read_all(path)
    assert article.id == "s1"


@pytest.mark.parametrize("name,data", [
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8),
    ("doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nstream\n" + bytes(range(256)) * 8),
    ("archive.html", b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 8),
    ("program.txt", b"\x7fELF\x02\x01\x01\x00" + bytes(8) + bytes(range(256)) * 8),
    ("noise.txt", bytes((i * 7919) % 251 + 1 for i in range(4000))),
])
def test_files_that_are_not_text_fail_with_a_reason(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    [item] = read_all(path)
    assert isinstance(item, ReadFailure), item
    assert "binary" in item.reason or "no article text" in item.reason


@pytest.mark.parametrize("markup", [
    b"<html><head><title>Only a title</title></head></html>",
    b"<html><head><title>Empty body</title></head><body></body></html>",
    b"<html><body><script>var x = 1;</script><style>p{}</style></body></html>",
    b"",
    b"<<<<>>>>",
    b"<html><body><p>Unclosed <b>tags <i>everywhere",
])
def test_html_without_article_text_fails_with_a_reason(tmp_path, markup):
    path = tmp_path / "page.html"
    path.write_bytes(markup)
    items = read_all(path)
    assert_items_sound(items)
    assert all(isinstance(i, ReadFailure) for i in items) or items[0].text.strip()


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deeply_nested_html_is_read_or_refused_quickly(tmp_path, depth):
    body = "Foreign Minister Dmytro Kuleba met Sergei Lavrov in Antalya on Thursday. " * 5
    path = tmp_path / "deep.html"
    path.write_text("<html><body>" + "<div>" * depth + f"<p>{body}</p>" + "</div>" * depth
                    + "</body></html>")
    started = time.monotonic()
    items = read_all(path)
    assert time.monotonic() - started < 60
    assert len(items) == 1
    assert_items_sound(items)


def test_one_bad_file_does_not_stop_a_folder(tmp_path):
    (tmp_path / "a.txt").write_text("Kuleba met Lavrov in Antalya.")
    (tmp_path / "b.txt").write_bytes(b"\x00" * 100)
    (tmp_path / "c.jsonl.gz").write_bytes(gzip_bytes(jsonl_lines(3))[:-8])
    (tmp_path / "d.html").write_bytes(b"<html></html>")
    (tmp_path / "e.warc").write_bytes(b"WARC/1.0\r\nbroken")
    (tmp_path / "z.txt").write_text("Lavrov met Kuleba in Antalya.")
    items = read_all(tmp_path)
    texts = [i.text for i in items if isinstance(i, Article)]
    assert texts[0].startswith("Kuleba") and texts[-1].startswith("Lavrov")
    assert {i.path.split("/")[-1].split(":")[0] for i in items if isinstance(i, ReadFailure)} \
        >= {"b.txt", "c.jsonl.gz", "d.html", "e.warc"}
    assert_items_sound(items)
