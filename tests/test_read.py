"""Readers: formats, encodings and bad input give one clear failure each."""

import json
import subprocess
import sys

from dateline.read import ReadFailure, read_inputs


def read_all(*paths):
    return list(read_inputs([str(p) for p in paths]))


def test_txt_keeps_text_and_takes_headline(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Talks open in Antalya\r\n\r\nKuleba met Lavrov.\r\n".encode())
    [article] = read_all(path)
    assert article.text == "Talks open in Antalya\n\nKuleba met Lavrov.\n"
    assert article.title == "Talks open in Antalya"


def test_first_line_sentence_is_not_a_headline(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Kuleba met Lavrov on Thursday.\n\nThey spoke for 90 minutes.\n")
    [article] = read_all(path)
    assert article.title is None


def test_non_utf8_is_decoded_and_noted(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le ministre a déclaré que les négociations reprendraient à Genève. "
                     "Der Außenminister äußerte sich später.".encode("cp1252"))
    [article] = read_all(path)
    assert "déclaré" in article.text
    assert article.notes and article.notes[0].startswith("not UTF-8: decoded as")


def test_bad_inputs_each_give_one_failure(tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    missing = tmp_path / "missing.txt"
    found = read_all(tmp_path / "empty.txt", tmp_path / "binary.txt", missing)
    assert all(isinstance(f, ReadFailure) for f in found)
    reasons = [f.reason for f in found]
    assert reasons[0].startswith("empty file")
    assert reasons[1].startswith("binary file")
    assert reasons[2] == "no such file"


def test_jsonl_keeps_ids_and_reports_bad_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"id": "a1", "text": "One.", "published": "2022-03-10"}) + "\n"
                    + "{broken\n" + json.dumps({"id": "a3"}) + "\n")
    found = read_all(path)
    assert found[0].id == "a1" and found[0].published == "2022-03-10"
    assert isinstance(found[1], ReadFailure) and found[1].path.endswith("batch.jsonl:2")
    assert "missing or empty 'text'" in found[2].reason


def test_html_extracts_article_text(tmp_path):
    path = tmp_path / "page.html"
    body = " ".join(["Foreign Minister Dmytro Kuleba met Sergei Lavrov in Antalya on Thursday."] * 5)
    path.write_text(f"<html><head><title>Talks in Antalya</title></head><body>"
                    f"<nav>Home | World</nav><article><h1>Talks in Antalya</h1><p>{body}</p>"
                    f"<p>{body}</p></article></body></html>")
    [article] = read_all(path)
    assert "Dmytro Kuleba met Sergei Lavrov" in article.text
    assert article.title == "Talks in Antalya"


def test_cli_reports_failures_and_exit_code(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Kuleba met Lavrov in Antalya on Thursday, officials said.")
    run = subprocess.run([sys.executable, "-m", "dateline.cli", "extract", "--model", "sm",
                          str(good), str(tmp_path / "nope.txt")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1] == f"Error: {tmp_path / 'nope.txt'}: no such file"
    assert len(run.stdout.strip().splitlines()) == 1
    assert json.loads(run.stdout)["text"].startswith("Kuleba met Lavrov")


def test_non_english_article_is_skipped_with_language(extract):
    record = extract("Der ukrainische Außenminister traf seinen russischen Amtskollegen am "
                     "Donnerstag in Antalya. Die Gespräche dauerten neunzig Minuten.")
    assert record.language == "de"
    assert record.entities == [] and record.skipped[0].stage == "all"
