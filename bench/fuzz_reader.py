"""Coverage-guided fuzzing (atheris, libFuzzer) of the readers and segmentation.

    .venv/bin/python bench/fuzz_reader.py -max_total_time=300 -rss_limit_mb=4096 /tmp/fuzz_corpus

atheris is in the `dev` extra (`pip install -e .[dev]`). Arguments go to
libFuzzer (`-runs=N`, `-max_total_time=S`, `-jobs=N`, corpus folders); the
sample articles in examples/ seed the corpus. Not run in CI; the `slow` test
tests/robustness/test_fuzz.py runs it for a short while.

The first input byte picks the target: plain text (txt.from_bytes), HTML
(html.from_html), a JSONL line (jsonl.parse_line), and the segmentation of
the decoded text. Each may return an Article or raise ReadError; anything
else, or a boilerplate span outside the text, is a crash that libFuzzer saves.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["dateline"]):
    from dateline.errors import ReadError
    from dateline.model import Article
    from dateline.read import html, jsonl, txt
    from dateline.segment import segment

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def read_text(data: bytes) -> Article:
    return txt.from_bytes(data, "<fuzz>", path=None)


def read_html(data: bytes) -> Article:
    return html.from_html(data, "<fuzz>")


def read_jsonl(data: bytes) -> Article:
    return jsonl.parse_line(data.decode("utf-8", "replace"), "<fuzz>:1")


TARGETS = (read_text, read_html, read_jsonl)


def check_segmentation(text: str) -> None:
    """Raise AssertionError unless every boilerplate span lies inside the text, in order."""
    seg = segment(text)
    previous = (0, 0)
    for span in seg.boilerplate:
        assert 0 <= span.start <= span.end <= len(text), (span, len(text))
        assert (span.start, span.end) >= previous, "boilerplate spans out of order"
        previous = (span.start, span.end)


def test_one_input(data: bytes) -> None:
    """Run one fuzz input through a reader, then segment what it read."""
    if not data:
        return
    target = TARGETS[data[0] % len(TARGETS)]
    try:
        article = target(data[1:])
    except ReadError as exc:
        assert exc.reason.strip(), "a ReadError must say why"
        return
    assert isinstance(article.text, str) and article.text.strip()
    check_segmentation(article.text)


def main() -> None:
    argv = list(sys.argv)
    if EXAMPLES.is_dir() and not any(a.startswith("-seed_inputs") for a in argv):
        seeds = [str(p) for p in sorted(EXAMPLES.iterdir()) if p.is_file()]
        argv.append("-seed_inputs=" + ",".join(seeds))
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
