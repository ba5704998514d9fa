"""The hostile corpus: inputs a hostile user would try, generated here (nothing large is committed),
each run through `dateline extract` (and some through `dateline ingest`) in its own process.

    .venv/bin/python bench/hostile.py                 # every case, a table and totals
    .venv/bin/python bench/hostile.py --only gzip_bomb,quotes_100k --keep /tmp/hostile

Every case is a folder holding the hostile input and `good.jsonl` (three ordinary articles), so
a case also shows whether good articles next to a bad one are lost. Per case it reports the exit
code, whether a traceback was printed, the wall time, the peak resident memory of the process
(os.wait4), and how many good articles came out. A case passes with no traceback, exit code 0 or
1 (1 = some input failed, said in one line), no good article lost, and a wall time under twice
the per-article time budget (settings.time_limit). `--postgres URL` also ingests the NUL case
into PostgreSQL.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dateline.settings import DEFAULT

GOOD = ("The mayor of Springfield said on Monday that bridge {n} would reopen next week after "
        "repairs. \u201cWe are nearly done,\u201d she told reporters in Boston on Tuesday.")
CASES: dict = {}


def case(func):
    CASES[func.__name__] = func
    return func


def good_lines(n: int = 3, prefix: str = "good") -> list:
    return [json.dumps({"id": f"{prefix}-{i}", "text": GOOD.format(n=i)}) for i in range(n)]


def jsonl_with(folder: Path, name: str, bad: str) -> None:
    lines = good_lines(2, "before") + [bad] + good_lines(2, "after")
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")


@case
def nested_line(d: Path):
    jsonl_with(d, "nested.jsonl", "[" * 100_000)


@case
def long_integer(d: Path):
    jsonl_with(d, "bigint.jsonl", '{"id": "x", "text": "a b c", "n": ' + "9" * 5000 + "}")


@case
def surrogate_title(d: Path):
    jsonl_with(d, "surrogate.jsonl",
               '{"id": "s", "title": "bad \\ud800 title", "text": "The minister said talks resume."}')


@case
def nul_in_text(d: Path):
    jsonl_with(d, "nul.jsonl", json.dumps({"id": "nul", "text": "The minister\u0000 said talks "
                                                                  "would resume on Tuesday."}))


@case
def gzip_bomb(d: Path):
    """A ~1 MB .jsonl.gz holding one 1 GiB line between good ones."""
    with gzip.open(d / "bomb.jsonl.gz", "wb", compresslevel=9) as out:
        out.write(("\n".join(good_lines(2, "before")) + "\n").encode())
        out.write(b'{"id": "bomb", "text": "')
        block = b"a" * (1 << 20)
        for _ in range(1024):
            out.write(block)
        out.write(b'"}\n')
        out.write(("\n".join(good_lines(2, "after")) + "\n").encode())


@case
def quotes_100k(d: Path):
    (d / "quotes.txt").write_text('"' * 100_000)


@case
def quotes_10k(d: Path):
    (d / "quotes.txt").write_text('"' * 10_000)


@case
def curly_quotes_180k(d: Path):
    (d / "curly.txt").write_text("\u201c\u201d" * 90_000)


@case
def one_long_sentence(d: Path):
    (d / "sentence.txt").write_text("word " * 50_000)


@case
def html_200k_attributes(d: Path):
    attrs = " ".join(f'a{i}="1"' for i in range(200_000))
    (d / "attrs.html").write_text(f"<html><body><div {attrs}>x</div><p>{GOOD.format(n=1)}</p>"
                                  "</body></html>")


@case
def html_50mb(d: Path):
    para = f"<p>{GOOD.format(n=2)}</p>\n"
    with open(d / "big.html", "w") as out:
        out.write("<html><head><title>Big</title></head><body><article>")
        for _ in range(50 * 1024 * 1024 // len(para)):
            out.write(para)
        out.write("</article></body></html>")


@case
def html_deep_nesting(d: Path):
    (d / "deep.html").write_text("<div>" * 100_000 + GOOD.format(n=3) + "</div>" * 100_000)


@case
def utf8_stray_byte(d: Path):
    text = ("\u201cNa\u00efve,\u201d said the caf\u00e9 owner in Montr\u00e9al on Monday. " * 30)
    (d / "stray.txt").write_bytes(text.encode() + b"\xff" + b" The end.")


@case
def latin1(d: Path):
    (d / "latin1.txt").write_bytes(("The na\u00efve plan, said Mr. M\u00fcller in Z\u00fcrich on "
                                    "Monday, was dead. " * 10).encode("latin-1"))


@case
def warc_cut(d: Path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for n in range(6):
        page = (f"<html><head><title>Story {n}</title></head><body><article><p>"
                + GOOD.format(n=n) * 6 + "</p></article></body></html>").encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"http://example.com/{n}", "response",
                                                      payload=io.BytesIO(page), http_headers=http))
    data = out.getvalue()
    (d / "cut.warc").write_bytes(data[:int(len(data) * 0.7)])


@case
def binary_files(d: Path):
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (d / "empty.txt").write_bytes(b"")
    (d / "noise.html").write_bytes(os.urandom(20_000))


@case
def control_and_bidi(d: Path):
    (d / "odd.txt").write_text("\u202eThe minister\u200b said\u0007 talks \ufeffwould resume "
                               "on Tuesday in Geneva. " * 20)


# Cases whose hostile line sits between good ones (before-*, after-*) in the same file.
AROUND = {"nested_line", "long_integer", "surrogate_title", "nul_in_text", "gzip_bomb"}


def run(cmd: list, timeout: float) -> tuple:
    """Return (exit code, stdout, stderr, wall seconds, peak RSS MiB) of a command run alone."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        wall = time.monotonic() - started
        out.seek(0)
        err.seek(0)
        code = os.waitstatus_to_exitcode(status)
        return code, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"), \
            wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="Comma-separated case names.")
    parser.add_argument("--keep", help="Generate the cases in this folder and keep them.")
    parser.add_argument("--timeout", type=float, default=900, help="Kill a case after this long.")
    parser.add_argument("--postgres", help="Also ingest the NUL case into this PostgreSQL URL.")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(CASES)
    root = Path(args.keep or tempfile.mkdtemp(prefix="hostile-"))
    dateline = [sys.executable, "-m", "dateline.cli"]
    budget = 2 * DEFAULT.time_limit
    rows = []
    for name in names:
        folder = root / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        (folder / "good.jsonl").write_text("\n".join(good_lines()) + "\n")
        CASES[name](folder)
        code, out, err, wall, rss = run(dateline + ["extract", str(folder)], args.timeout)
        ids = {json.loads(line)["id"] for line in out.splitlines() if line.strip()}
        want = {f"good-{i}" for i in range(3)}
        if name in AROUND:
            want |= {"before-0", "before-1", "after-0", "after-1"}
        lost = len(want - ids)
        rows.append((name, code, "Traceback" in err, wall, rss, lost, len(ids),
                     err.strip().splitlines()[-1][:90] if err.strip() else ""))
        print(f"{name:22} rc={code} traceback={'Traceback' in err} wall={wall:6.1f}s "
              f"rss={rss:7.0f}MiB records={len(ids)} good_lost={lost}  {rows[-1][-1]}", flush=True)
    if args.postgres or "nul_in_text" in names:
        for url in [str(root / "nul.db")] + ([args.postgres] if args.postgres else []):
            code, out, err, wall, rss = run(dateline + ["ingest", str(root / "nul_in_text"),
                                                        "--db", url, "--workers", "1",
                                                        "--no-progress"], args.timeout)
            print(f"ingest nul_in_text into {url.split('://')[0]}: rc={code} "
                  f"traceback={'Traceback' in err} {out.strip()[:90]}", flush=True)
            rows.append((f"ingest nul ({url.split(':')[0]})", code, "Traceback" in err, wall, rss,
                         0 if "stored 8" in out or "unchanged 8" in out else 1, 0, out.strip()))
    print(f"\ncases {len(rows)}, tracebacks {sum(r[2] for r in rows)}, "
          f"bad exit codes {sum(r[1] not in (0, 1) for r in rows)}, "
          f"over budget ({budget:.0f}s) {sum(r[3] > budget for r in rows)}, "
          f"slowest {max(r[3] for r in rows):.1f}s ({max(rows, key=lambda r: r[3])[0]}), "
          f"peak RSS max {max(r[4] for r in rows):.0f} MiB, good articles lost {sum(r[5] for r in rows)}")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
