"""Web test fixtures: a small store written through the store API, `dateline serve` on a
free loopback port, and Debian's headless Chromium driven by playwright.

Screenshots go to test-artifacts/web/ (git-ignored).
"""

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from dateline.model import (Actor, Entity, Event, EventPlace, Place, Quote, Record, Span,
                            Speaker)
from dateline.store import open_store

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "web"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS = ('<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
       '" onmouseover="window.__xss = 3" x="')


def span(text: str, part: str, nth: int = 0) -> tuple:
    """Return (start, end) of the nth occurrence of `part` in `text`."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def article(id, title, outlet, published, body, people, quotes=(), events=(), places=(), url=None):
    """Return a Record built by hand: people = [(name, country)], quotes = [(speaker, words)],
    events = [(type, source, target, place, lat, lon, evidence)], places = [(name, country, lat,
    lon) or (name, country, lat, lon, role)]."""
    text = f"{title}\n\n{body}"
    ents = []
    for n, (name, country) in enumerate(people, 1):
        ents.append(Entity(id=f"e{n}", name=name, type="PERSON" if " " in name else "GPE",
                           mentions=[list(span(text, name))], country=country, sector="GOV"))
    by_name = {e.name: e for e in ents}
    rec_quotes = []
    for speaker, words in quotes:
        s, e = span(text, words)
        ent = by_name[speaker]
        rec_quotes.append(Quote(kind="direct", start=s, end=e, text=words,
                                speaker=Speaker(ent.id, ent.name, *ent.mentions[0])))
    rec_places = [Place(*span(text, name), text=name, name=name, country=c, lat=lat, lon=lon,
                        geonameid=None, feature="city", role=role)
                  for name, c, lat, lon, role, *_ in (p + ("literal",) for p in places)]
    rec_events = []
    for etype, source, target, place, lat, lon, evidence in events:
        s, e = span(text, evidence)
        actor = lambda name: name and Actor(by_name[name].id, name, by_name[name].country, "GOV")
        rec_events.append(Event(type=etype, evidence=Span(s, e), source=actor(source),
                                target=actor(target), date=published, date_precision="day",
                                place=EventPlace(place, None, lat, lon) if place else None,
                                confidence=0.9))
    return Record(id=id, text=text, title=title, source=outlet, published=published, url=url,
                  entities=ents, quotes=rec_quotes, places=rec_places, events=rec_events)


def sample_records() -> list:
    """Return the five test articles: two reports of one meeting, a shelling, a ceasefire
    request, and one article full of script tags and attribute injections."""
    talks = ("Dmytro Kuleba met Sergei Lavrov in Antalya on Thursday. "
             "Kuleba said: “We have not achieved a ceasefire today.”")
    return [
        article("a-talks-reuters", "Foreign ministers meet in Antalya", "Reuters", "2022-03-10",
                talks, [("Dmytro Kuleba", "UKR"), ("Sergei Lavrov", "RUS")],
                quotes=[("Dmytro Kuleba", "We have not achieved a ceasefire today.")],
                events=[("CONSULT", "Dmytro Kuleba", "Sergei Lavrov", "Antalya", 36.9, 30.7,
                         "Dmytro Kuleba met Sergei Lavrov in Antalya on Thursday.")],
                places=[("Antalya", "TUR", 36.9, 30.7)], url="https://example.org/talks"),
        article("a-talks-ap", "Kuleba and Lavrov hold talks", "AP", "2022-03-10",
                talks.replace("met", "held talks with"),
                [("Dmytro Kuleba", "UKR"), ("Sergei Lavrov", "RUS")],
                events=[("CONSULT", "Dmytro Kuleba", "Sergei Lavrov", "Antalya", 36.9, 30.7,
                         "Dmytro Kuleba held talks with Sergei Lavrov in Antalya on Thursday.")],
                places=[("Antalya", "TUR", 36.9, 30.7)]),
        article("a-mariupol", "Shelling hits Mariupol", "AP", "2022-03-02",
                "Russia shelled Mariupol overnight, Volodymyr Zelensky said. "
                "Zelensky said: “Civilians are under fire.”",
                [("Russia", "RUS"), ("Volodymyr Zelensky", "UKR")],
                quotes=[("Volodymyr Zelensky", "Civilians are under fire.")],
                events=[("ASSAULT", "Russia", None, "Mariupol", 47.1, 37.5,
                         "Russia shelled Mariupol overnight, Volodymyr Zelensky said.")],
                places=[("Russia", "RUS", 61.5, 105.3, "acting"),  # not shown unless asked
                        ("Mariupol", "UKR", 47.1, 37.5)]),
        article("a-geneva", "UN asks for a ceasefire", "BBC", "2022-04-02",
                "Antonio Guterres asked Russia for a ceasefire in Geneva. "
                "Antonio Guterres said: “The guns must fall silent.”",
                [("Antonio Guterres", "UNO"), ("Russia", "RUS")],
                quotes=[("Antonio Guterres", "The guns must fall silent.")],
                events=[("REQUEST", "Antonio Guterres", "Russia", "Geneva", 46.2, 6.1,
                         "Antonio Guterres asked Russia for a ceasefire in Geneva.")],
                places=[("Geneva", "CHE", 46.2, 6.1)]),
        article("a-xss", f"Evil {XSS} title", f"Outlet {XSS}", "2022-03-15",
                f"Mallory Evil{XSS} threatened Russia in Paris. Mallory Evil{XSS} said: "
                f"“{XSS} is a quote.”",
                [(f"Mallory Evil{XSS}", "FRA"), ("Russia", "RUS")],
                quotes=[(f"Mallory Evil{XSS}", f"{XSS} is a quote.")],
                events=[("THREATEN", f"Mallory Evil{XSS}", "Russia", f"Paris{XSS}", 48.9, 2.35,
                         f"Mallory Evil{XSS} threatened Russia in Paris.")],
                places=[("Paris", "FRA", 48.9, 2.35)], url="javascript:window.__xss = 5"),
    ]


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    with open_store(str(path)) as store:
        for record in sample_records():
            store.write_record(record)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(web_db):
    """Yield the base URL of `dateline serve` running on loopback over the test store."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", "--db", str(web_db),
                             "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, proc)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def start_serve(db: Path, *options: str) -> tuple:
    """Start `dateline serve` over `db` with more options on a free loopback port; return
    (process, base URL) once it answers."""
    base = f"http://127.0.0.1:{free_port()}"
    proc = subprocess.Popen([sys.executable, "-m", "dateline.cli", "serve", "--db", str(db),
                             "--port", base.rsplit(":", 1)[1], *options],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_until_up(base, proc)
    except RuntimeError:
        proc.terminate()
        raise
    return proc, base


@pytest.fixture(scope="session")
def launch():
    """Return `start_serve`, for tests that need a server with other options than `server`."""
    return start_serve


def wait_until_up(base: str, proc, timeout: float = 180.0) -> None:
    # Generous: importing spaCy on a loaded 2-core machine can take tens of seconds.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"dateline serve exited: {proc.stderr.read().decode()}")
        try:
            if httpx.get(f"{base}/api/stats", timeout=5).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError(f"dateline serve did not answer on {base} within {timeout}s")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium not found: run scripts/services.sh (installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server, request):
    """Yield a fresh browser page; a screenshot named after the test is saved at the end.

    Requests leaving loopback are blocked, so a page that needs the internet fails.
    """
    context = browser.new_context(base_url=server, accept_downloads=True,
                                  viewport={"width": 1280, "height": 900})
    page = context.new_page()
    outside = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server)
               else (outside.append(route.request.url), route.abort()))
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("dialog", lambda dialog: (errors.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.errors = errors
    page.outside = outside
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not outside, f"pages fetched from outside loopback: {outside}"


@pytest.fixture(scope="session")
def real_server(real_db):
    """Yield the base URL of `dateline serve` over the real-data store (see tests/real_store.py)."""
    proc, base = start_serve(real_db, "--workers", "1")
    try:
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
