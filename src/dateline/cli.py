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
                                 on_warning=lambda m: click.echo(f"Warning: {m}", err=True))
    finally:
        if output:
            out.close()
    if failures:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1)
@input_options
@_one_line_errors
def demo(paths, published, source, model):
    """Extract the sample articles (or PATHS) and print a readable summary."""
    from .run.local import records_for_paths
    from .summary import summarize

    paths = paths or (str(EXAMPLES),)
    failed = False
    for item in records_for_paths(paths, settings=DEFAULT.with_overrides(model=model),
                                  published=published, source=source):
        if hasattr(item, "message"):
            click.echo(f"Error: {item.message()}", err=True)
            failed = True
        else:
            click.echo(summarize(item))
    if failed:
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
@_one_line_errors
def eval_quotes(data, split, limit, as_json):
    """Direct/partial quotes, speakers and reported speech on PolNeAR."""
    run_eval("quotes", as_json, data=data, split=split, limit=limit)


@eval_group.command("events")
@eval_options("../shared/datasets/plover", split=False)
@_one_line_errors
def eval_events(data, limit, as_json):
    """PLOVER event types and actors on the gold sentences, false alarms on no-event sentences."""
    run_eval("events", as_json, data=data, limit=limit)


@eval_group.command("places")
@eval_options("../shared/datasets/geo", split=False)
@_one_line_errors
def eval_places(data, limit, as_json):
    """Toponym resolution on LGL and TR-News (gold spans and end to end)."""
    run_eval("places", as_json, data=data, limit=limit)


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
@_one_line_errors
def serve(db, host, port):
    """Serve the JSON API and web pages over a store, read-only."""
    import uvicorn

    from .web import create_app

    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


if __name__ == "__main__":
    main()
