"""The pipeline: article -> record.

`analyse(article, doc)` is the one pure function every runner maps; stages are
listed in STAGES in pipeline order, each `run(ctx) -> list` filling one field
of the record. A stage that fails is recorded in `skipped`; later stages go on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Optional, Union

from spacy.language import Language
from spacy.tokens import Doc

from . import language
from .errors import ArticleTimeout
from .limits import degenerate, hard_time_limit, valid_unicode
from .model import Article, Record, Skip
from .nlp import load_nlp, model_label
from .periods import parse_day
from .segment import Segmentation, in_boilerplate, segment
from .settings import DEFAULT, Settings
from .stages import STAGES


@dataclass
class Context:
    """What a stage sees: the article, its parsed Doc, segmentation and earlier stages' output."""

    article: Article
    doc: Doc
    seg: Segmentation
    record: Record
    settings: Settings = DEFAULT
    # Free-form scratch space stages may share (e.g. mention index), keyed by stage name.
    shared: dict = field(default_factory=dict)

    def in_body(self, start: int, end: int) -> bool:
        """True when [start, end) touches no boilerplate span."""
        return not in_boilerplate(self.seg.boilerplate, start, end)

    def body_sents(self):
        """Yield the Doc's sentences that are not boilerplate."""
        for sent in self.doc.sents:
            if self.in_body(sent.start_char, sent.end_char):
                yield sent


def new_record(article: Article) -> Record:
    """Return an empty record carrying the article's metadata, `published` as YYYY-MM-DD when
    it reads as a day (a feed's "2022-03-03T10:00:00Z", "March 3, 2022"), as the contract says
    and the store's 10-character column needs; a value that does not is left for the dates stage."""
    day = parse_day(article.published)
    return Record(id=article.id, text=article.text, path=article.path, url=article.url,
                  title=article.title, source=article.source,
                  published=day.isoformat() if day else article.published,
                  skipped=[Skip("read", note) for note in article.notes],
                  encoding=article.encoding, bytes_replaced=article.bytes_replaced)


def precheck(article: Article, settings: Settings = DEFAULT) -> Optional[Record]:
    """Return a finished record when the article must not be analysed (too long,
    degenerate, not English), else None."""
    if len(article.text) > settings.max_chars:
        record = new_record(article)
        record.skipped.append(Skip("all", f"article has {len(article.text)} characters, over the "
                                          f"limit of {settings.max_chars} (settings.max_chars)"))
        return record
    reason = degenerate(article.text, settings)
    if reason:
        record = new_record(article)
        record.skipped.append(Skip("all", f"not analysed: {reason}"))
        return record
    lang = language.detect(article.text, settings)
    if lang != "en":
        record = new_record(article)
        record.language = lang
        record.skipped.append(Skip("all", f"language is {lang!r}, not English: not analysed"))
        return record
    return None


def analyse(article: Article, doc: Doc, settings: Settings = DEFAULT,
            model: Optional[str] = None) -> Record:
    """Return the record of one article from its parsed Doc: the unit every runner maps."""
    record = new_record(article)
    record.model = model
    seg = segment(article.text, settings)
    record.boilerplate = seg.boilerplate
    if seg.source and not record.source:
        record.source = seg.source
    ctx = Context(article=article, doc=doc, seg=seg, record=record, settings=settings)
    run_stages(ctx, settings)
    return record


def run_stages(ctx: Context, settings: Settings = DEFAULT) -> None:
    """Fill the record's fields stage by stage; failures and overruns go to `skipped`.

    The time limit is hard where a signal can interrupt a stage (main thread,
    Unix: see dateline.limits), else checked between stages.
    """
    record, done = ctx.record, []
    deadline = time.monotonic() + settings.time_limit
    try:
        with hard_time_limit(settings.time_limit):
            for name, run in STAGES:
                done.append(name)
                if time.monotonic() > deadline:
                    raise ArticleTimeout()
                try:
                    setattr(record, name, run(ctx))
                except Exception as exc:  # a stage bug must not lose the article
                    record.skipped.append(Skip(name, f"{exc.__class__.__name__}: {exc}"))
    except ArticleTimeout:
        for name, _ in STAGES[max(len(done) - 1, 0):]:
            record.skipped.append(Skip(name, f"time limit of {settings.time_limit}s per article "
                                             "reached (settings.time_limit)"))


def extract(article: Union[Article, str], nlp: Optional[Language] = None,
            settings: Settings = DEFAULT) -> Record:
    """Return the record of one article (or text)."""
    return next(extract_many([article], nlp=nlp, settings=settings))


def extract_many(articles: Iterable[Union[Article, str]], nlp: Optional[Language] = None,
                 settings: Settings = DEFAULT) -> Iterator[Record]:
    """Yield one record per article, in input order, parsing with batched nlp.pipe.

    Articles are taken in chunks, so memory stays flat however long the input.
    """
    nlp = nlp or load_nlp(settings.model)
    label = model_label(nlp)
    for chunk in chunks((_as_article(a) for a in articles), settings.batch_size * 4):
        early = [precheck(article, settings) for article in chunk]
        todo = [article for article, done in zip(chunk, early) if done is None]
        docs = iter(parse_all(nlp, todo, settings))
        for article, done in zip(chunk, early):
            yield done if done is not None else _analyse_parsed(article, next(docs), settings, label)


def parse_all(nlp: Language, articles: list, settings: Settings = DEFAULT) -> list:
    """Return a Doc (or the exception that stopped its parse) per article, in batches of up to
    `batch_size` texts and `batch_chars` characters (see parse_batches).

    When a batch fails or runs past `time_limit` per text, each of its articles is
    parsed alone, under `time_limit`, so that one bad text costs only its own record.
    """
    docs = []
    for texts in parse_batches([a.text for a in articles], settings):
        try:  # the parse is under the time limit too: time_limit per text of the batch
            with hard_time_limit(settings.time_limit * len(texts)):
                docs.extend(list(nlp.pipe(texts, batch_size=len(texts))))
        except (Exception, ArticleTimeout):
            docs.extend(_parse_one(nlp, text, settings) for text in texts)
    return docs


def parse_batches(texts: list, settings: Settings = DEFAULT) -> Iterator[list]:
    """Yield the texts in order, in lists of up to `batch_size` texts that hold at most
    `batch_chars` characters together, unless a list is one longer text."""
    batch, size = [], 0
    for text in texts:
        if batch and (len(batch) >= settings.batch_size or size + len(text) > settings.batch_chars):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


def _parse_one(nlp: Language, text: str, settings: Settings = DEFAULT):
    try:
        with hard_time_limit(settings.time_limit):
            return nlp(text)
    except ArticleTimeout:
        return TimeoutError(f"the parse ran past the time limit of {settings.time_limit}s per "
                            "article (settings.time_limit)")
    except Exception as exc:
        return exc


def _analyse_parsed(article: Article, doc, settings: Settings, label: str) -> Record:
    """Return analyse()'s record, or a record saying why the article could not be analysed."""
    try:
        if isinstance(doc, Exception):
            raise doc
        return analyse(article, doc, settings, label)
    except Exception as exc:  # a failure outside the stages must not stop the batch
        record = new_record(article)
        record.model = label
        stage = "annotate" if isinstance(doc, Exception) else "all"
        record.skipped.append(Skip(stage, f"{exc.__class__.__name__}: {exc}"))
        return record


def _as_article(item: Union[Article, str]) -> Article:
    return valid_unicode(item if isinstance(item, Article) else Article(text=item))


def chunks(items: Iterable, size: int) -> Iterator[list]:
    """Yield lists of up to `size` items from `items`, lazily."""
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
