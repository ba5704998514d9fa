"""API latency of a filtered event list: median and p95 with N concurrent clients on loopback.

    .venv/bin/python bench/api_latency.py --db out/bench-web.db --events 50000 --clients 20

The database is SYNTHETIC: short made-up articles written through the store API
(`Store.write_record`), each with a few events of varied types, actors, places
and dates, so that every event is its own group. It is built once and reused
(delete the file to rebuild). `dateline serve` then runs as a subprocess on a
free loopback port and `--clients` asyncio clients (httpx) request
/api/events with rotating filters (type, country, date range, outlet, paging)
until `--requests` requests are done or `--seconds` have passed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from dateline.model import Actor, Event, EventPlace, Record, Span
from dateline.store import open_store
from dateline.web.filters import EVENT_TYPES

COUNTRIES = ["UKR", "RUS", "USA", "FRA", "DEU", "TUR", "CHN", "IND", "BRA", "ZAF", "NGA", "EGY"]
OUTLETS = ["Reuters", "AP", "BBC", "AFP", "Al Jazeera", "DW"]
PLACES = [("Kyiv", 50.45, 30.52), ("Moscow", 55.75, 37.62), ("Paris", 48.86, 2.35),
          ("Ankara", 39.93, 32.86), ("Beijing", 39.9, 116.4), ("Delhi", 28.6, 77.2),
          ("Cairo", 30.04, 31.24), ("Lagos", 6.45, 3.4), ("Brasilia", -15.8, -47.9)]
EVENTS_PER_ARTICLE = 50


def synthetic_record(n: int, rng: random.Random) -> Record:
    """Return synthetic article n with EVENTS_PER_ARTICLE distinct events."""
    day = 1 + n % 700
    published = time.strftime("%Y-%m-%d", time.gmtime(1577836800 + day * 86400))
    sentences, events, pos = [], [], 0
    for k in range(EVENTS_PER_ARTICLE):
        source, target = rng.sample(COUNTRIES, 2)
        place, lat, lon = rng.choice(PLACES)
        sentence = f"Official {n}-{k} of {source} met official {n}-{k} of {target} in {place}. "
        events.append(Event(type=rng.choice(EVENT_TYPES), evidence=Span(pos, pos + len(sentence) - 1),
                            source=Actor(None, f"Official {n}-{k} of {source}", source, "GOV"),
                            target=Actor(None, f"Official {n}-{k} of {target}", target, "GOV"),
                            date=published, date_precision="day",
                            place=EventPlace(place, None, lat + rng.uniform(-1, 1), lon + rng.uniform(-1, 1)),
                            confidence=0.8))
        sentences.append(sentence)
        pos += len(sentence)
    return Record(id=f"synthetic-{n}", text="".join(sentences), title=f"Synthetic article {n}",
                  source=OUTLETS[n % len(OUTLETS)], published=published, events=events)


def build(db: Path, n_events: int) -> None:
    """Write synthetic articles to `db` until it holds at least n_events grouped events."""
    rng = random.Random(7)
    with open_store(str(db)) as store:
        have = store.counts()["events"]
        n = have // EVENTS_PER_ARTICLE
        started = time.monotonic()
        while have < n_events:
            store.write_record(synthetic_record(n, rng))
            n += 1
            have += EVENTS_PER_ARTICLE
            if n % 100 == 0:
                print(f"  {have} events written ({time.monotonic() - started:.0f}s)", file=sys.stderr)
        print(f"store: {store.counts()['events']} events in {db}", file=sys.stderr)


def filters(rng: random.Random) -> dict:
    """Return the query parameters of one filtered event list request."""
    params = {"type": rng.choice(EVENT_TYPES), "per_page": 50}
    kind = rng.randrange(4)
    if kind == 0:
        params["country"] = rng.choice(COUNTRIES)
    elif kind == 1:
        year = rng.choice(["2020", "2021"])
        month = rng.randrange(1, 13)
        params.update(since=f"{year}-{month:02d}", until=f"{year}-{month:02d}")
    elif kind == 2:
        params["outlet"] = rng.choice(OUTLETS)
    params["page"] = rng.randrange(1, 4)
    return params


async def client(base: str, seed: int, deadline: float, budget: list, latencies: list,
                 errors: list) -> None:
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        while budget[0] > 0 and time.monotonic() < deadline:
            budget[0] -= 1
            started = time.perf_counter()
            response = await http.get("/api/events", params=filters(rng))
            latencies.append(time.perf_counter() - started)
            if response.status_code != 200:
                errors.append(response.status_code)


async def hammer(base: str, clients: int, requests: int, seconds: float) -> tuple:
    latencies, errors, budget = [], [], [requests]
    deadline = time.monotonic() + seconds
    started = time.monotonic()
    await asyncio.gather(*(client(base, i, deadline, budget, latencies, errors)
                           for i in range(clients)))
    return latencies, errors, time.monotonic() - started


def serve(db: Path, workers: int = 0) -> tuple:
    """Start `dateline serve` on a free loopback port; return (process, base URL)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", "--db", str(db),
                             "--port", str(port), "--workers", str(workers)])
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            httpx.get(f"{base}/api/stats", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit(f"dateline serve did not start on {base}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="out/bench-web.db", type=Path)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--workers", type=int, default=0,
                        help="dateline serve --workers (default 0: one per core)")
    args = parser.parse_args()
    args.db.parent.mkdir(parents=True, exist_ok=True)
    build(args.db, args.events)
    proc, base = serve(args.db, args.workers)
    load_before = os.getloadavg()
    try:
        latencies, errors, elapsed = asyncio.run(hammer(base, args.clients, args.requests, args.seconds))
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    ms = sorted(1000 * t for t in latencies)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    print(f"{len(ms)} requests, {args.clients} clients, {elapsed:.1f}s ({len(ms) / elapsed:.0f} req/s), "
          f"errors {len(errors)}: median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, "
          f"max {ms[-1]:.1f} ms; load average {load_before[0]:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after")


if __name__ == "__main__":
    main()
