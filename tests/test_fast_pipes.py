"""The fast attribute ruler and lemmatizer give the stock components' annotations exactly."""

from pathlib import Path

import numpy
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

from dateline.fast_pipes import FastLemmatizer, speed_up
from dateline.nlp import load_stock

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
POLNEAR_DEV = ROOT.parent / "shared" / "datasets" / "polnear" / "dev" / "text"

COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]

# Written for this test: the stock rules' odd corners (contractions, multi-token
# patterns, expletives, spaces, determiners used as pronouns).
ODD = [
    "",
    "   \n\n  ",
    "\u201cWe ain't gonna sign it,\u201d he said. \u201cY'all know that.\u201d",
    "There were no talks, and there's gotta be a reason. Let's wait.",
    "I told him that this was what they'd wanted; those who'd come didn't.",
    "C'mon, said the minister, nothin' 'll change 'em.\n\nAnother paragraph.",
    "Somebody had been shelling Mariupol, officials said on Thursday.",
]


def _texts(limit: int = 40) -> list:
    texts = [path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.txt"))]
    # real news copy when ../shared is there
    texts += [p.read_text(encoding="utf-8") for p in sorted(POLNEAR_DEV.glob("*.txt"))[:limit]]
    return ODD + texts


@pytest.fixture(scope="module")
def stock_and_fast():
    return load_stock("md"), speed_up(load_stock("md"))


def test_fast_components_replace_the_stock_ones(stock_and_fast):
    _, fast = stock_and_fast
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" not in fast.pipe_names
    assert fast.pipe_names.index("fast_attribute_ruler") < fast.pipe_names.index("fast_lemmatizer")


def test_same_annotations_as_the_stock_components(stock_and_fast):
    stock, fast = stock_and_fast
    texts = _texts()
    for text, a, b in zip(texts, stock.pipe(texts), fast.pipe(texts)):
        differ = numpy.nonzero((a.to_array(COLUMNS) != b.to_array(COLUMNS)).any(axis=1))[0]
        assert not len(differ), [(a[i].text, a[i].pos_, str(a[i].morph), a[i].lemma_,
                                  b[i].pos_, str(b[i].morph), b[i].lemma_) for i in differ[:5]]


def test_a_ruler_setting_other_attributes_stays_stock():
    nlp = load_stock("md")
    nlp.get_pipe("attribute_ruler").add([[{"LOWER": "kyiv"}]], {"NORM": "kiev"})
    assert "attribute_ruler" in speed_up(nlp).pipe_names


def test_fast_lemmatizer_refuses_other_modes(stock_and_fast):
    class Lookup:
        mode = "lookup"

    with pytest.raises(ValueError, match="rule mode"):
        FastLemmatizer(Lookup())


@pytest.mark.parametrize("model", ["md", "sm"])
def test_loading_without_the_string_table_changes_no_annotation(model):
    whole, lean = speed_up(load_stock(model)), speed_up(load_stock(model, strings=False))
    assert len(lean.vocab.strings) < len(whole.vocab.strings) / 10
    texts = _texts()
    for text, a, b in zip(texts, whole.pipe(texts), lean.pipe(texts)):
        assert (a.to_array(COLUMNS) == b.to_array(COLUMNS)).all()
        # every annotation decodes: the strings it needs were added as the Doc was made
        assert [_decoded(t) for t in a] == [_decoded(t) for t in b]
        assert numpy.array_equal(a.vector, b.vector)


def _decoded(token) -> tuple:
    return (token.text, token.lemma_, token.tag_, token.pos_, token.dep_, token.ent_type_,
            token.ent_iob_, str(token.morph), token.norm_, token.shape_, token.prefix_,
            token.suffix_, token.lower_, token.is_oov, token.has_vector)
