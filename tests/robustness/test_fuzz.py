"""The atheris fuzz target runs two minutes without a crash (slow: run with -m slow)."""

import subprocess
import sys
from pathlib import Path

import pytest

TARGET = Path(__file__).resolve().parents[2] / "bench" / "fuzz_reader.py"


@pytest.mark.slow
def test_fuzz_reader_short_session(tmp_path):
    pytest.importorskip("atheris")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    run = subprocess.run([sys.executable, str(TARGET), "-max_total_time=120", "-rss_limit_mb=4096",
                          f"-artifact_prefix={tmp_path}/", str(corpus)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert "Done" in run.stderr
