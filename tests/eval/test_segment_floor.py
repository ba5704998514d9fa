"""Regression floor: `dateline eval segment` on PolNeAR dev (floors.toml [segment]): datelines
found in articles without their line breaks, against the same articles with them."""

from dateline.eval.common import floors
from dateline.eval.segment import evaluate, format_report


def test_segment_floor_without_line_breaks(datasets):
    result = evaluate(data=str(datasets / "polnear"), split="dev")
    pinned = floors("segment")
    assert result["datelines"]["precision"] >= pinned["flat_dateline_precision"], format_report(result)
    assert result["datelines"]["recall"] >= pinned["flat_dateline_recall"], format_report(result)
