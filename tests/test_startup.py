"""Commands that do not analyse text start without the model's libraries.

Regression: `dateline --version` took 2.7 s and any export 5-9 s, because
`import dateline` imported spaCy and the store imported datasketch.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.store import open_store

HEAVY = ("spacy", "thinc", "datasketch", "dask", "dateparser", "numpy")
SRC = str(Path(__file__).resolve().parents[1] / "src")


def loaded_after(code: str) -> list:
    """Return the heavy modules a fresh interpreter has loaded after running `code`."""
    probe = f"{code}\nimport sys\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    env = dict(os.environ, PYTHONPATH=SRC)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env,
                         check=True).stdout
    return eval(out.strip().splitlines()[-1])


def run_command(*args) -> str:
    return ("from dateline.cli import main\n"
            f"try:\n    main({list(args)!r}, standalone_mode=False)\nexcept SystemExit:\n    pass")


def test_importing_the_cli_loads_no_model_library():
    env = dict(os.environ, PYTHONPATH=SRC)
    report = subprocess.run([sys.executable, "-X", "importtime", "-c", "import dateline.cli"],
                            capture_output=True, text=True, env=env, check=True).stderr
    imported = {line.split("|")[-1].strip().split(".")[0] for line in report.splitlines()}
    assert not imported & set(HEAVY)


def test_version_loads_no_model_library():
    assert loaded_after(run_command("--version")) == []


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "plover"])
def test_export_loads_no_model_library(tmp_path, fmt):
    db = str(tmp_path / "s.db")
    open_store(db).close()
    expected = ["numpy"] if fmt == "parquet" else []  # pyarrow's own
    assert loaded_after(run_command("export", "--db", db, "--format", fmt,
                                    "-o", str(tmp_path / f"out.{fmt}"))) == expected


def test_serve_loads_no_model_library(tmp_path):
    db = str(tmp_path / "s.db")
    open_store(db).close()
    assert loaded_after(f"from dateline.web.app import create_app\ncreate_app({db!r})") == []


def test_public_api_still_gives_extract():
    import dateline

    assert callable(dateline.extract) and callable(dateline.load_nlp)
    with pytest.raises(AttributeError, match="no attribute"):
        dateline.nothing_here


def test_python_dash_m_dateline_is_the_command_line():
    env = dict(os.environ, PYTHONPATH=SRC)
    out = subprocess.run([sys.executable, "-m", "dateline", "--version"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "version" in out.stdout
