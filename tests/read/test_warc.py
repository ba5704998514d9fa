"""WARC and gzip'd JSONL inputs: small archives written here with warcio, CC-NEWS style."""

import gzip
import io
import json

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.model import Article
from dateline.read import ReadFailure, read_inputs

PAGE = """<html><head><title>{title}</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>{title}</h1>
<p>{body}</p>
<p>The minister told reporters in the capital that talks would go on next week,
and that both delegations had agreed to meet again after the holiday.</p>
</article><footer>Copyright The Harbour Gazette</footer></body></html>"""

PAGES = [
    ("https://news.example/a", "Ferry strike ends in Port Ellis",
     "Dock workers in Port Ellis ended a nine-day strike on Tuesday after the port "
     "authority offered a new wage deal to the union."),
    ("https://news.example/b", "Council approves new bridge",
     "The Marlow county council voted on Monday to build a second bridge over the "
     "river, a project the mayor said would take four years."),
]


def _response(writer, url, html, status="200 OK", kind="text/html; charset=utf-8"):
    http = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
    return writer.create_warc_record(url, "response", payload=io.BytesIO(html.encode("utf-8")),
                                     http_headers=http)


def write_warc(path, gzipped=True, extra=()):
    """Write a CC-NEWS-like WARC: warcinfo, then request+response pairs, then `extra` responses."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, title, body in PAGES:
            writer.write_record(writer.create_warc_record(url, "request",
                                                          payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            writer.write_record(_response(writer, url, PAGE.format(title=title, body=body)))
        for url, html, status, kind in extra:
            writer.write_record(_response(writer, url, html, status, kind))
    return path


@pytest.mark.parametrize("name,gzipped", [("news.warc.gz", True), ("news.warc", False)])
def test_warc_responses_become_articles_in_order(tmp_path, name, gzipped):
    path = write_warc(tmp_path / name, gzipped=gzipped)
    items = list(read_inputs([str(path)]))
    assert all(isinstance(i, Article) for i in items)
    assert [a.url for a in items] == [url for url, _, _ in PAGES]
    first = items[0]
    assert "nine-day strike" in first.text and "Home" not in first.text
    assert first.title == "Ferry strike ends in Port Ellis"
    assert first.path == str(path)


def test_non_html_and_error_responses_are_reported_not_dropped(tmp_path):
    extra = [("https://news.example/gone", "<html></html>", "404 Not Found", "text/html"),
             ("https://news.example/logo.png", "PNG", "200 OK", "image/png")]
    path = write_warc(tmp_path / "mixed.warc.gz", extra=extra)
    items = list(read_inputs([str(path)]))
    failures = [i for i in items if isinstance(i, ReadFailure)]
    assert len(items) == 4 and len(failures) == 2
    assert "404" in failures[0].reason and failures[0].path.endswith("#https://news.example/gone")
    assert "image/png" in failures[1].reason


def test_corrupt_warc_is_one_failure(tmp_path):
    path = tmp_path / "broken.warc.gz"
    path.write_bytes(b"<html><body>an HTML page saved under the wrong name</body></html>\n")
    items = list(read_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], ReadFailure)
    assert "WARC" in items[0].reason


def test_folder_walk_finds_warc_and_gzip_jsonl_shards(tmp_path):
    write_warc(tmp_path / "a.warc.gz")
    lines = [json.dumps({"id": f"j{i}", "text": f"Shard line {i} says the mayor of Marlow resigned."})
             for i in range(3)]
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n{broken\n")
    items = list(read_inputs([str(tmp_path)]))
    articles = [i for i in items if isinstance(i, Article)]
    assert [a.id for a in articles[2:]] == ["j0", "j1", "j2"]
    assert isinstance(items[-1], ReadFailure) and items[-1].path.endswith("b.jsonl.gz:4")
