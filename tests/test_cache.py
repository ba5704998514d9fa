"""The cache folder's tables: built once, read back, built again when damaged or unwritable."""

import os

import pytest

from dateline.cache import cache_folder, cached


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DATELINE_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value
    return build, calls


def test_a_table_is_built_once_then_read_back(folder):
    build, calls = counting({"kyiv": "UA"})
    assert cached("table", ("numpy",), build) == {"kyiv": "UA"}
    assert cached("table", ("numpy",), build) == {"kyiv": "UA"}
    assert len(calls) == 1
    (stored,) = folder.iterdir()
    assert stored.name.startswith("table-") and stored.suffix == ".pickle"


def test_a_damaged_file_is_built_again(folder):
    build, calls = counting([1, 2])
    cached("table", ("numpy",), build)
    (stored,) = folder.iterdir()
    stored.write_bytes(stored.read_bytes()[:5])
    assert cached("table", ("numpy",), build) == [1, 2]
    assert len(calls) == 2


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chown needs root")
def test_a_file_of_another_user_is_not_loaded(folder):
    build, calls = counting("mine")
    cached("table", ("numpy",), build)
    (stored,) = folder.iterdir()
    os.chown(stored, 12345, 12345)
    assert cached("table", ("numpy",), build) == "mine"
    assert len(calls) == 2


def test_an_unwritable_folder_only_costs_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("DATELINE_CACHE", str(blocker / "cache"))
    build, calls = counting("value")
    assert cached("table", ("numpy",), build) == "value"
    assert cached("table", ("numpy",), build) == "value"
    assert len(calls) == 2


def test_an_unknown_package_builds_each_time(folder):
    build, calls = counting("value")
    cached("table", ("no-such-package-here",), build)
    cached("table", ("no-such-package-here",), build)
    assert len(calls) == 2 and not folder.exists()


def test_the_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("DATELINE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_folder() == tmp_path / "dateline"


def test_cached_library_tables_give_the_same_answers(folder):
    """py3langid's model and countrynames' aliases, read back from the cache folder, answer as
    the libraries do when they build them."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from dateline import countries, language

    texts = ["The minister said on Thursday that talks would resume in Antalya.",
             "Le ministre a déclaré jeudi que les pourparlers reprendraient à Antalya."]
    fresh = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    for _ in range(2):  # built into the folder, then read back
        stored = cached("py3langid", ("py3langid",), language._load_identifier)
        assert [stored.classify(t) for t in texts] == [fresh.classify(t) for t in texts]
    table = countries._country_names_table()
    for _ in range(2):
        assert cached("countrynames", ("countrynames", "normality"), countries._country_names_table) == table
    assert len(os.listdir(folder)) == 2


def test_a_gazetteer_build_removes_older_versions_and_interrupted_builds(folder):
    from dateline import gazetteer

    current = gazetteer.default_path()
    assert current.parent == folder
    folder.mkdir(parents=True, exist_ok=True)
    old = [folder / f"gazetteer-v{gazetteer.INDEX_VERSION - 1}.{end}" for end in ("sqlite", "lock")]
    partial = [folder / f"{current.name}.123.partial", folder / f"{current.name}.123.partial-journal"]
    kept = [current, folder / f"gazetteer-v{gazetteer.INDEX_VERSION + 1}.sqlite",
            folder / "countrynames-0.1-0.2.pickle"]
    for path in old + partial + kept:
        path.write_bytes(b"x")
    gazetteer._remove_leftovers(current)
    assert sorted(folder.iterdir()) == sorted(kept)
