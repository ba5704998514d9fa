"""Training of the learned event layer (python -m dateline.learn.events) on a few sentences."""

from dateline.learn import events as learn


def test_training_is_deterministic_and_scores(datasets, nlp, tmp_path):
    rows = learn.load_rows(str(datasets / "plover"), real=None, limit=30)
    collected = learn.collect(rows, nlp)
    assert len(collected) == len(rows)
    assert any(y for item in collected for _, _, y in item["candidates"])
    assert learn.fit(collected) == learn.fit(collected)
    recall = learn.candidate_recall(rows, collected)
    assert 0 < recall <= 1
    predicted = learn.cross_validate(rows, collected, 3)
    result = learn.report(rows, predicted, "plover")
    assert result["type"]["gold"] == 30 and "no_event:denial" in result["false_alarms"]


def test_real_set_reader_skips_negated_events(tmp_path):
    path = tmp_path / "sentences.jsonl"
    path.write_text(
        '{"article": "a1", "split": "train", "text": "We did not attack them.", "no_event": "negated",'
        ' "events": [{"type": "ASSAULT", "source": {"text": "We", "country": "RUS"}, "target": null, "negated": true}]}\n'
        '{"article": "a2", "split": "train", "text": "Russia met Turkey.", "no_event": null,'
        ' "events": [{"type": "CONSULT", "source": {"text": "Russia", "country": "RUS"},'
        ' "target": {"text": "Turkey", "country": "TUR"}, "negated": false}]}\n'
        '{"article": "a3", "split": "test", "text": "Kept apart.", "no_event": "none", "events": []}\n',
        encoding="utf-8")
    rows = learn.load_real(path, "train")
    assert [r["types"] for r in rows] == [set(), {"CONSULT"}]
    assert rows[0]["origin"] == "real_no_event:negated"
    assert rows[1]["gold"][0]["target"] == {"TUR"}
    assert learn.load_real(tmp_path / "absent.jsonl", "train") == []


def test_assemble_keeps_proposed_types_from_the_threshold(datasets, nlp):
    from dateline.stages.events import PROPOSED

    rows = learn.load_rows(str(datasets / "plover"), real=None, limit=12)
    collected = learn.collect(rows, nlp)
    item = next(c for c in collected if any(cand.reading == PROPOSED for cand, _, _ in c["candidates"]))
    probs = {i: {t: 0.5 for t in ("ACCUSE", "ASSAULT")} for i, _, _, _ in item["tokens"]}
    kept = learn.assemble(item, probs, 0.3)["candidates"]
    proposed = {cand.trigger.type for cand, _, _ in kept if cand.reading == PROPOSED}
    assert proposed and proposed <= {"ACCUSE", "ASSAULT"}
    assert all(f.get("proposer") == 0.5 for cand, f, _ in kept if cand.reading == PROPOSED)
    assert not any(cand.reading == PROPOSED for cand, _, _ in learn.assemble(item, probs, 0.6)["candidates"])
    model = learn.fit_proposer(collected)
    assert model == learn.fit_proposer(collected)  # deterministic
    assert set(learn.proposer_probabilities(model, item)) == {i for i, _, _, _ in item["tokens"]}
