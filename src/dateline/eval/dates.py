"""Score the dates stage on the project's own table of cases (resources/date_cases.tsv).

Each case is a sentence, its publication date (or none), one date expression and
the value and precision it must resolve to; expression "-" means the sentence
must give no date at all. A case passes when the stage returns a date with
exactly that text, value and precision (other dates in the sentence are allowed).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..errors import DatelineError
from ..resources import load_table

CASES = "date_cases.tsv"


@dataclass
class Case:
    published: Optional[str]
    sentence: str
    expression: Optional[str]   # None: the sentence has no date
    value: Optional[str]
    precision: Optional[str]


def load_cases(data: Optional[str] = None) -> list:
    """Return the cases of the table (the packaged one, or the TSV file at `data`)."""
    rows = load_table(CASES) if data is None else _read_rows(data)
    cases = []
    for row in rows:
        if len(row) < 5:
            raise DatelineError(f"{data or CASES}: row {row!r} has {len(row)} fields, expected 5 "
                                "(published, sentence, expression, value, precision)")
        published, sentence, expression, value, precision = (None if f == "-" else f for f in row[:5])
        cases.append(Case(published, sentence, expression, value, precision))
    return cases


def _read_rows(data: str) -> list:
    path = Path(data)
    if not path.is_file():
        raise DatelineError(f"{data}: no such table of date cases (a TSV file like resources/{CASES})")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]


def evaluate(data: Optional[str] = None, limit: Optional[int] = None, nlp=None) -> dict:
    """Return pass counts (overall and per precision) and the failing cases."""
    from .. import Article, extract_many

    cases = load_cases(data)[:limit] if limit else load_cases(data)
    articles = [Article(text=c.sentence, published=c.published) for c in cases]
    failures, by_precision = [], {}
    for case, record in zip(cases, extract_many(articles, nlp=nlp)):
        got = [(d.text, d.value, d.precision) for d in record.dates]
        ok = not got if case.expression is None else (case.expression, case.value, case.precision) in got
        group = by_precision.setdefault(case.precision or "no date", {"passed": 0, "cases": 0})
        group["cases"] += 1
        group["passed"] += ok
        if not ok:
            failures.append({"sentence": case.sentence, "published": case.published,
                             "expected": [case.expression, case.value, case.precision]
                             if case.expression else None, "got": got})
    passed = len(cases) - len(failures)
    return {"cases": len(cases), "passed": passed, "failed": len(failures),
            "pass_rate": round(passed / len(cases), 4) if cases else 0.0,
            "by_precision": by_precision, "failures": failures}


def format_report(result: dict) -> str:
    """Return the scores as a few lines of text, failing cases last."""
    lines = [f"dates: {result['passed']}/{result['cases']} cases pass ({result['pass_rate']:.1%})"]
    for precision, group in sorted(result["by_precision"].items()):
        lines.append(f"  {precision:<8} {group['passed']}/{group['cases']}")
    for failure in result["failures"]:
        lines.append(f"FAIL {failure['sentence']!r} (published {failure['published']}): "
                     f"expected {failure['expected']}, got {failure['got']}")
    return "\n".join(lines)
