"""Load test of `dateline serve` on loopback: N clients for S seconds, with and without the heaviest
article page in the mix.

    .venv/bin/python bench/load.py                       # 50 clients, 60 s, both mixes
    .venv/bin/python bench/load.py --clients 10 --seconds 20 --mix heavy

It builds a store (the sample articles ingested, plus one synthetic article of 3,335 entities
and 2,227 events, what a giant page parses into), starts `dateline serve` on 127.0.0.1 (never
another address), and has each client request pages and API calls in turn, one at a time, each
with a 30 s timeout, so the load is bounded. Reports requests, p50/p95/max latency, errors
(non-2xx or timeouts) and the heavy page's own latency.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
LIGHT = ["/", "/api/stats", "/events", "/api/events", "/quotes", "/api/quotes?per_page=20",
         "/articles", "/api/articles", "/entities", "/api/places", "/map"]


def build_store(path: Path) -> None:
    subprocess.run([sys.executable, "-m", "dateline.cli", "ingest", str(ROOT / "examples"),
                    "--db", str(path), "--workers", "1", "--no-progress"], check=True,
                   capture_output=True)
    from dateline.store import open_store

    sys.path.insert(0, str(ROOT / "tests" / "web"))  # the one builder, shared with the guard tests
    from heavy import heavy_record

    with open_store(str(path)) as store:
        store.write_record(heavy_record())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: Path) -> tuple:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", "--db", str(db),
                             "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/stats", timeout=5).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("dateline serve did not start")


async def client(base: str, urls: list, until: float, offset: int, results: list) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        n = offset
        while time.monotonic() < until:
            url = urls[n % len(urls)]
            n += 1
            started = time.monotonic()
            try:
                ok = (await http.get(url, headers={"accept": "text/html"})).status_code < 400
            except httpx.HTTPError:
                ok = False
            results.append((url, time.monotonic() - started, ok))


def load(base: str, urls: list, clients: int, seconds: float) -> dict:
    results: list = []
    until = time.monotonic() + seconds

    async def everyone():
        await asyncio.gather(*(client(base, urls, until, n, results) for n in range(clients)))

    asyncio.run(everyone())
    times = sorted(t for _, t, _ in results)
    heavy = sorted(t for url, t, _ in results if url == "/articles/heavy")
    return {"requests": len(results), "p50": statistics.median(times),
            "p95": times[int(0.95 * (len(times) - 1))], "max": times[-1],
            "errors": sum(not ok for _, _, ok in results),
            "heavy": (f"{len(heavy)} heavy, median {statistics.median(heavy):.2f}s" if heavy else "")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--mix", choices=["both", "light", "heavy"], default="both")
    parser.add_argument("--db", help="Use this store (built when missing).")
    args = parser.parse_args()
    db = Path(args.db or Path(tempfile.mkdtemp(prefix="load-")) / "load.db")
    if not db.exists():
        build_store(db)
    proc, base = start_server(db)
    try:
        mixes = {"light": LIGHT, "heavy": LIGHT + ["/articles/heavy"]}
        for name in (["light", "heavy"] if args.mix == "both" else [args.mix]):
            r = load(base, mixes[name], args.clients, args.seconds)
            print(f"{name:5} mix: {args.clients} clients, {args.seconds:.0f}s: {r['requests']} requests, "
                  f"p50 {r['p50']:.3f}s, p95 {r['p95']:.3f}s, max {r['max']:.2f}s, "
                  f"errors {r['errors']} {r['heavy']}", flush=True)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    main()
