"""Regression floor: `dateline eval identity` on our own name pairs (floors.toml [identity])."""

from dateline.eval.common import floors
from dateline.eval.identity import evaluate, format_report


def test_identity_merges_stay_precise_and_complete():
    result = evaluate()
    pinned = floors("identity")
    assert result["pairs"] >= pinned["min_pairs"]
    assert result["merge"]["precision"] >= pinned["merge_precision"], format_report(result)
    assert result["merge"]["recall"] >= pinned["merge_recall"], format_report(result)
