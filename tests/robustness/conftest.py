"""Helpers for the robustness tests: the invariants every record must keep, however bad its input."""

import json

import pytest

from dateline import Record


def assert_sound(record: Record) -> None:
    """Fail unless every span slices the text, every skip says why, and the record
    round-trips through JSON written as UTF-8."""
    n = len(record.text)
    for where, start, end, claimed in record.spans():
        assert 0 <= start <= end <= n, (where, start, end, n)
        if claimed is not None:
            assert record.text[start:end] == claimed, (where, claimed)
    for skip in record.skipped:
        assert skip.stage and skip.reason.strip(), skip
    line = record.to_json()
    line.encode("utf-8")  # a record that cannot be written as UTF-8 is lost at the output
    assert Record.from_json(line).to_dict() == json.loads(line)


@pytest.fixture(scope="session")
def sound():
    """assert_sound as a fixture, for tests in sub-folders that cannot import conftest."""
    return assert_sound
