"""The `dateline` command: thin wrappers over library calls.

Errors reach the user as one line `Error: ...` on stderr with exit code 1.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from .errors import DatelineError
from .settings import DEFAULT

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class CLIError(click.ClickException):
    def show(self, file=None):
        click.echo(f"Error: {self.message}", err=True)


def _one_line_errors(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except DatelineError as exc:
            raise CLIError(str(exc)) from None
        except BrokenPipeError:
            sys.exit(0)

    return wrapper


def input_options(func):
    """Options shared by commands that read articles."""
    func = click.option("--source", help="Outlet name for inputs that do not give one.")(func)
    func = click.option("--published", metavar="YYYY-MM-DD",
                        help="Publication date for inputs that do not give one.")(func)
    func = click.option("--model", default=DEFAULT.model, show_default=True,
                        help='spaCy model: "md", "sm" or a path.')(func)
    return func


def filter_options(func):
    """Filters shared by commands that read the store (see dateline.store.Filters)."""
    for name, help_text in reversed([
            ("actor", "Part of an actor's name (event source/target, speaker, entity)."),
            ("country", "ISO 3166-1 alpha-3 or organisation code (NATO, UNO) of an actor or "
                        "place; a comma list for several."),
            ("source-country", "Events: the source actor's country or organisation code."),
            ("target-country", "Events: the target actor's country or organisation code."),
            ("source-sector", "Events: the source actor's sector (GOV, MIL, REB, IGO...)."),
            ("target-sector", "Events: the target actor's sector."),
            ("place", "A place's name, whole, any case."),
            ("role", "Places: literal, acting, modifier, demonym (a comma list) or any; "
                     "unset: literal places only."),
            ("type", "Event type (PLOVER), quote kind or entity type; a comma list for several."),
            ("outlet", "The article's outlet."),
            ("since", "From this date (YYYY-MM-DD), inclusive."),
            ("until", "Up to this date (YYYY-MM-DD), inclusive."),
            ("q", "Words that must all occur (full-text search; \"a phrase\"; for quotes: "
                  "the quote's own words).")]):
        func = click.option(f"--{name}", help=help_text)(func)
    return click.option("--negated", is_flag=True,
                        help="Also export negated event reports.")(func)


@click.group()
@click.version_option(package_name="dateline")
def main():
    """dateline: news articles to structured, sourced records."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write JSON Lines here instead of standard output.")
@input_options
@_one_line_errors
def extract(paths, output, published, source, model):
    """Write one JSON record per article in PATHS (files, folders, or - for stdin)."""
    from .run.local import extract_paths

    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        failures = extract_paths(paths, out, settings=DEFAULT.with_overrides(model=model),
                                 published=published, source=source,
                                 on_failure=lambda f: click.echo(f"Error: {f.message()}", err=True),
                                 on_warning=lambda m: click.echo(f"Warning: {m}", err=True),
                                 # a bar would interleave with records written to the terminal
                                 progress=None if output else False)
    finally:
        if output:
            out.close()
    if failures:
        sys.exit(1)


def ingest_options(func):
    """Options of commands that ingest into a store."""
    func = click.option("--progress/--no-progress", default=None,
                        help="Progress bar (default: on a terminal only; else a line every "
                             "few seconds with counts, rate and ETA).")(func)
    func = click.option("--workers", type=click.IntRange(min=1),
                        help="Extraction processes (default: one per core).")(func)
    return func


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", required=True, metavar="PATH_OR_URL",
              help="SQLite file (created if missing) or postgresql://user:pass@host/db.")
@click.option("--dask", "scheduler", metavar="SCHEDULER|local:N",
              help="Extract on a Dask cluster (scheduler address, or local:N workers), "
                   "write Parquet, then load it (see docs/scale.md).")
@click.option("--parquet", "parts", default="dateline-parquet", show_default=True,
              help="With --dask: folder for the Parquet partitions (shared by all workers).")
@click.option("--retry-failed", is_flag=True,
              help="Extract again the articles whose extraction failed in an earlier run "
                   "(it raised, or killed its worker); by default a rerun passes them over.")
@ingest_options
@input_options
@_one_line_errors
def ingest(paths, db, scheduler, parts, retry_failed, workers, progress, published, source, model):
    """Extract the articles in PATHS into a database; rerun to resume (nothing is stored twice)."""
    from .run.local import ingest_paths
    from .store import open_store

    settings = DEFAULT.with_overrides(model=model)
    with open_store(db, settings) as store:
        if scheduler:
            from .run.dask import ingest_dask

            summary = ingest_dask(paths, store, parts, scheduler, settings=settings,
                                  published=published, source=source, progress=progress)
        else:
            summary = ingest_paths(paths, store, settings=settings, workers=workers,
                                   published=published, source=source, progress=progress,
                                   retry_failed=retry_failed)
    click.echo(summary.line())
    if summary.failed:
        sys.exit(1)


@main.command()
@click.option("--db", required=True, metavar="PATH_OR_URL", help="The database to export from.")
@click.option("--what", type=click.Choice(["events", "reports", "quotes", "articles", "entities",
                                           "places", "people", "quotations"]),
              default="events", show_default=True,
              help="events: one row per grouped event; reports: one per article and event; "
                   "people: one per person; quotations: one per text quoted by one or more articles.")
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "geojson", "plover"]),
              default="csv", show_default=True,
              help="plover: events as PLOVER JSON records, one per line (docs/store.md).")
@click.option("-o", "--output", default="-", show_default=True, help="Output file (- = stdout).")
@filter_options
@click.option("--limit", type=int, help="Export at most N rows.")
@click.option("--sort", metavar="[-]COLUMN",
              help="Sort on a column, - before it for descending (--sort=-n_reports); the columns "
                   "the API's sort= takes for events, quotes, articles, entities and places.")
@_one_line_errors
def export(db, what, fmt, output, limit, sort, **filters):
    """Export events, reports, quotes, articles, entities or places, filtered."""
    from .store import Filters, open_store
    from .store.export import export as export_rows

    with open_store(db) as store:
        n = export_rows(store, what, fmt, Filters.from_mapping(filters), output, limit, sort)
    if output != "-":
        click.echo(f"{n} {what} written to {output}", err=True)


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--db", default="dateline-demo.db", show_default=True, metavar="PATH_OR_URL",
              help="Database to ingest into and summarise.")
@input_options
@_one_line_errors
def demo(paths, db, published, source, model):
    """Ingest the sample articles (or PATHS) into a database and print a summary from it."""
    from .run.local import ingest_paths
    from .store import open_store
    from .store.summary import describe

    settings = DEFAULT.with_overrides(model=model)
    with open_store(db, settings) as store:
        summary = ingest_paths(paths or (str(EXAMPLES),), store, settings=settings,
                               published=published, source=source, progress=False)
        click.echo(describe(store))
    click.echo(f"\n{db}: {summary.line()}")
    if summary.failed:
        sys.exit(1)


@main.group(name="eval")
def eval_group():
    """Score an extraction stage on a public gold set."""


def eval_options(default_data: str, split: bool = True):
    """Options shared by the eval commands."""
    def decorate(func):
        func = click.option("--json", "as_json", is_flag=True, help="Print figures as JSON.")(func)
        func = click.option("--limit", type=int, help="Score only the first N documents.")(func)
        if split:
            func = click.option("--split", default="dev", show_default=True)(func)
        func = click.option("--data", default=default_data, show_default=True,
                            help="Folder of the gold set.")(func)
        return func
    return decorate


def run_eval(name: str, as_json: bool, **options) -> None:
    """Run dateline.eval.<name>.evaluate(**options) and print its report."""
    import importlib
    import json

    module = importlib.import_module(f"dateline.eval.{name}")
    result = module.evaluate(**options)
    click.echo(json.dumps(result, indent=2) if as_json else module.format_report(result))


@eval_group.command("quotes")
@eval_options("../shared/datasets/polnear")
@click.option("--flat", is_flag=True, help="Score the articles with every line break made a space.")
@_one_line_errors
def eval_quotes(data, split, limit, as_json, flat):
    """Direct/partial quotes, speakers and reported speech on PolNeAR."""
    run_eval("quotes", as_json, data=data, split=split, limit=limit, flat=flat)


@eval_group.command("segment")
@eval_options("../shared/datasets/polnear")
@_one_line_errors
def eval_segment(data, split, limit, as_json):
    """Datelines in PolNeAR articles without their line breaks, against the same with them."""
    run_eval("segment", as_json, data=data, split=split, limit=limit)


@eval_group.command("identity")
@click.option("--data", default=None, help="Pairs file (default: the shipped eval/data/identity/pairs.tsv).")
@click.option("--limit", type=int, help="Score only the first N pairs.")
@click.option("--json", "as_json", is_flag=True, help="Print figures as JSON.")
@_one_line_errors
def eval_identity(data, limit, as_json):
    """Person identities: merge precision and recall on name pairs (same and different people)."""
    run_eval("identity", as_json, data=data, limit=limit)


@eval_group.command("events")
@eval_options("../shared/datasets/plover", split=False)
@click.option("--compare", is_flag=True, help="Also score the layer with the rules' actors and the rules alone, and both on ConfliBERT's sentences.")
@click.option("--cv", type=int, default=0, help="Also cross-validate the learned layer in K folds (needs the dev extra).")
@click.option("--real-test", is_flag=True, help="Also score the real-news set's test split (once per round).")
@click.option("--real-train", is_flag=True, help="Also score the real-news set's train split (in sample for the layer).")
@_one_line_errors
def eval_events(data, limit, as_json, compare, cv, real_test, real_train):
    """PLOVER event types and actors on the gold sentences, false alarms on no-event sentences."""
    run_eval("events", as_json, data=data, limit=limit, compare=compare, cv=cv, real_test=real_test,
             real_train=real_train)


@eval_group.command("places")
@eval_options("../shared/datasets/geo", split=False)
@_one_line_errors
def eval_places(data, limit, as_json):
    """Toponym resolution on LGL and TR-News (gold spans and end to end)."""
    run_eval("places", as_json, data=data, limit=limit, roles=True)


@eval_group.command("dates")
@eval_options("", split=False)
@_one_line_errors
def eval_dates(data, limit, as_json):
    """Date resolution on the project's own table of cases."""
    run_eval("dates", as_json, data=data or None, limit=limit)


@main.command()
@click.option("--db", required=True, help="Store to serve: a SQLite file or postgresql://... URL.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback unless told otherwise).")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", type=click.IntRange(min=0), default=0,
              help="Server processes [default: one per core].")
@click.option("--allow-host", "allow_hosts", multiple=True, metavar="NAME",
              help="Also answer requests whose Host header is NAME (repeatable; '*' = any). "
                   "Loopback names and the --host address are always allowed.")
@_one_line_errors
def serve(db, host, port, workers, allow_hosts):
    """Serve the JSON API and web pages over a store, read-only."""
    from .web.app import serve as run_server

    run_server(db, host, port, workers, allow_hosts)


@main.command()
@click.option("--rebuild", is_flag=True, help="Build the index again even when it exists.")
@_one_line_errors
def gazetteer(rebuild):
    """Build the offline gazetteer index (once; places use it) and print its path and load time."""
    import time

    from .gazetteer import Gazetteer, build, default_path

    path = default_path()
    if rebuild or not path.exists():
        build(path)
    started = time.monotonic()
    Gazetteer(path).lookup("Antalya")
    click.echo(f"{path} ({path.stat().st_size // 2**20} MiB): opened and queried in "
               f"{(time.monotonic() - started) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
