"""`dateline serve --workers N`: several server processes answer, and stop together."""

import subprocess
import sys
import time
from pathlib import Path

import httpx


def test_serve_with_two_workers_answers_and_stops(web_db, launch):
    proc, base = launch(web_db, "--workers", "2")
    workers = []
    try:
        answers = [httpx.get(f"{base}/api/events", params={"type": "CONSULT"}, timeout=30)
                   for _ in range(4)]
        assert all(a.status_code == 200 for a in answers)
        assert len({a.json()["total"] for a in answers}) == 1
        workers = children(proc.pid)
        assert len(workers) >= 2  # the workers (and multiprocessing's resource tracker)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    deadline = time.monotonic() + 30
    while any(running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(running(pid) for pid in workers)


def children(pid: int) -> list:
    """Return the ids of the processes whose parent is `pid`."""
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in found.split()]


def running(pid: int) -> bool:
    """Return whether process `pid` exists and is not a zombie."""
    try:
        return "\tZ" not in Path(f"/proc/{pid}/status").read_text().split("State:")[1][:4]
    except (FileNotFoundError, IndexError):
        return False


def test_serve_names_a_missing_store_in_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "dateline.cli", "serve", "--db",
                           str(tmp_path / "none.db"), "--workers", "2"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("Error:") and "none.db" in done.stderr
    assert "Traceback" not in done.stderr
