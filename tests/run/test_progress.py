"""Progress without a terminal: a line every few seconds with counts, rate and ETA.

Regression: under nohup, cron or CI a 300-article ingest printed nothing for two minutes
(one line per 1000 inputs).
"""

import io
import json
import re

from dateline.run.local import Progress, extract_paths, ingest_paths
from dateline.settings import DEFAULT
from dateline.store import open_store


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_a_line_every_few_seconds_with_counts_rate_and_eta():
    clock, log = Clock(), io.StringIO()
    meter = Progress(300, every=5.0, stream=log, clock=clock)
    clock.now += 30.0  # the model loads before the first article: not part of the rate
    for seen in range(1, 12):
        meter.update(seen, {"stored": seen, "failed": 0})
        clock.now += 1.0  # one article a second
    assert log.getvalue().splitlines() == [
        "ingest: 1/300 articles (0%), stored 1, failed 0",
        "ingest: 6/300 articles (2%), stored 6, failed 0, 1.0/s, ETA 4m54s",
        "ingest: 11/300 articles (4%), stored 11, failed 0, 1.0/s, ETA 4m49s"]


def test_unknown_total_has_no_eta():
    clock, log = Clock(), io.StringIO()
    meter = Progress(None, every=1.0, stream=log, clock=clock, label="extract")
    meter.update(1)
    clock.now += 4.0
    meter.update(9)
    assert log.getvalue() == "extract: 9 articles, 2.0/s\n"


def write_articles(path, n: int):
    rows = [{"id": f"a{i}", "text": f"Officials in Port Ellis met on Monday for talk number {i}."}
            for i in range(n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return str(path)


def test_ingest_and_extract_print_lines_to_a_log(tmp_path, capsys):
    settings = DEFAULT.with_overrides(model="sm", progress_seconds=0)
    path = write_articles(tmp_path / "in.jsonl", 3)
    with open_store(str(tmp_path / "s.db")) as store:
        ingest_paths([path], store, settings=settings, workers=1)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3 and re.fullmatch(
        r"ingest: 3/3 articles \(100%\), stored 3, unchanged 0, failed 0(, [\d.]+/s)?", lines[-1])
    extract_paths([path], io.StringIO(), settings=settings, progress=False)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "extract: 1/3 articles (33%)" and lines[-1].startswith("extract: 3/3 articles (100%)")
