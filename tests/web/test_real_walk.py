"""Every page on a store made by a real ingest of real articles, opened in headless Chromium.

The walk opens each page linked from the home page, then every facet, sort, pager and
filter link on those pages and the first rows' links, and fails on any 4xx/5xx answer
(of the page or of what it loads) and any console error or uncaught exception.
Exports are fetched, not opened. Requests leaving loopback are blocked.
"""

from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import httpx
import pytest

# As in tests/web/conftest.py (not imported: tests/store has a conftest module too).
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"

# Failures that belong to another part of issue 24, so this walk reports them as expected
# (xfail) rather than failing: path -> why. Remove an entry once its fix is merged.
KNOWN: dict = {}
# Row links followed per list page (all rows would be the whole store).
ROW_LINKS = 3


@pytest.fixture(scope="module")
def walker(browser, real_server):
    context = browser.new_context(base_url=real_server, viewport={"width": 1280, "height": 900})
    yield Walker(context, real_server)
    context.close()


class Walker:
    """Opens pages in one browser context and records every problem seen."""

    def __init__(self, context, base: str):
        self.context, self.base = context, base
        self.problems = []  # (page path, what went wrong)
        self.outside = []
        self.page = context.new_page()
        self.page.route("**/*", self.route)
        self.page.on("response", lambda r: r.status >= 400 and self.problem(
            f"{r.status} {urlsplit(r.url).path}?{urlsplit(r.url).query}", r.url))
        self.page.on("console", lambda m: m.type == "error" and self.problem(
            f"console: {m.text}", m.location.get("url", "")))
        self.page.on("pageerror", lambda exc: self.problem(f"exception: {exc}", ""))
        self.current = ""

    def route(self, route):
        if route.request.url.startswith(self.base):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def problem(self, what: str, url: str) -> None:
        self.problems.append((self.current, what, urlsplit(url).path))

    def open(self, path: str) -> list:
        """Open a page, wait for its scripts' requests (only pages whose scripts fetch data: waiting
        for a quiet network costs half a second a page), and return the same-site links on it."""
        self.current = path
        self.page.goto(path, wait_until="load")
        if self.page.locator("[data-api], [data-points]").count():  # its scripts fetch more
            self.page.wait_for_load_state("networkidle")
        assets = self.page.eval_on_selector_all(
            "script[src], link[href], img[src], iframe[src]",
            "es => es.map(e => e.getAttribute('src') || e.getAttribute('href'))")
        for url in assets:
            if "//" in url and not url.startswith(self.base):
                self.problem(f"external asset {url}", url)
        return self.links("a[href]")

    def links(self, selector: str) -> list:
        """Return the same-site links of the elements matched, as paths with their query."""
        hrefs = self.page.eval_on_selector_all(selector, "as => as.map(a => a.getAttribute('href'))")
        return [h[len(self.base):] or "/" if h.startswith(self.base) else h for h in hrefs
                if h.startswith((self.base, "/", "?"))]


def absolute(path: str, href: str) -> str:
    """Return a link's site path (with query) resolved against the page it is on."""
    url = urlsplit(urljoin(f"http://x{path}", href))
    return url.path + (f"?{url.query}" if url.query else "")


def test_every_page_and_facet_link_opens_without_errors(walker, real_server):
    home_links = [h.split("#")[0] for h in walker.open("/")]
    pages = list(dict.fromkeys(h for h in home_links if h and not h.startswith("/api/")))
    assert len(pages) >= 6, f"the home page links too few pages: {pages}"
    seen, exports = {"/"}, set()
    for path in pages:
        if path in seen:
            continue
        seen.add(path)
        walker.open(path)
        follow = walker.links("aside.facets a, th a.sort, nav.pager a, form.filters a")
        follow += walker.links("table.rows tbody tr td a")[:ROW_LINKS]
        exports.update(walker.links("p.exports a"))
        for href in dict.fromkeys(absolute(path, h.split("#")[0]) for h in follow):
            if href not in seen:
                seen.add(href)
                walker.open(href)
    for href in sorted(exports):
        answer = httpx.get(real_server + href, timeout=60)
        if answer.status_code >= 400:
            walker.problems.append((href, f"{answer.status_code} export", urlsplit(href).path))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    walker.page.screenshot(path=str(ARTIFACTS / "real_walk_last.png"), full_page=True)
    (ARTIFACTS / "real_walk.txt").write_text(
        f"{len(seen)} pages, {len(exports)} exports\n" + "".join(f"{p}\n" for p in sorted(seen))
        + "problems:\n" + "".join(f"{p}\n" for p in walker.problems), encoding="utf-8")
    assert not walker.outside, f"pages fetched from outside loopback: {walker.outside[:5]}"
    unknown = [p for p in walker.problems if p[2] not in KNOWN]
    assert not unknown, f"{len(unknown)} problems in {len(seen)} pages: {unknown[:10]}"
    assert len(seen) > 50, f"the walk opened only {len(seen)} pages"
    known = sorted({KNOWN[p[2]] for p in walker.problems})
    if known:
        pytest.xfail("; ".join(known))


def test_facet_counts_match_the_lists_they_link_to(real_server):
    """A facet value's count is the total of the list its link opens (on the unfiltered view)."""
    params = {"events": {"type": "type", "source_country": "source_country",
                         "target_country": "target_country", "source_sector": "source_sector",
                         "target_sector": "target_sector", "outlet": "outlet"},
              "quotes": {"kind": "type", "speaker_country": "country", "outlet": "outlet"}}
    checked = 0
    for kind, facet_params in params.items():
        facets = httpx.get(f"{real_server}/api/{kind}/facets", timeout=60).json()
        for name, param in facet_params.items():
            for row in facets[name][:4]:
                listed = httpx.get(f"{real_server}/api/{kind}", params={param: row["value"]},
                                   timeout=60).json()
                assert listed["total"] == row["count"], (kind, name, row, listed["total"])
                checked += 1
    assert checked >= 10


def test_a_sort_link_orders_the_list(real_server):
    page = httpx.get(f"{real_server}/api/events", params={"sort": "-n_reports", "per_page": 100},
                     timeout=60).json()
    counts = [r["n_reports"] for r in page["rows"]]
    assert counts == sorted(counts, reverse=True) and page["total"] > 20
    page = httpx.get(f"{real_server}/api/events", params={"sort": "source_name", "per_page": 500},
                     timeout=60).json()
    names = [r["source_name"] for r in page["rows"] if r["source_name"] is not None]
    assert names == sorted(names)
    assert page["rows"][-1]["source_name"] is None or all(r["source_name"] for r in page["rows"])


def test_query_string_of_a_facet_link_is_the_filter_it_counts(walker):
    walker.open("/events")
    hrefs = walker.links("section.facet[data-facet='source country'] a")
    assert hrefs, "no source country facet on the events page"
    assert all(set(parse_qs(urlsplit(h).query)) == {"source_country"} for h in hrefs), hrefs


def test_quote_search_marks_the_words_found_in_the_quote(walker, real_server):
    found = httpx.get(f"{real_server}/api/quotes", params={"q": "emails"}, timeout=60).json()
    assert found["total"] > 0 and all("email" in r["text"].lower() for r in found["rows"])
    walker.open("/quotes?q=emails")
    marks = walker.page.eval_on_selector_all("table.rows mark.hit", "ms => ms.map(m => m.textContent)")
    assert marks and all(m.lower().startswith("email") for m in marks)
    phrase = httpx.get(f"{real_server}/api/quotes", params={"q": '"private email server"'},
                       timeout=60).json()
    assert phrase["total"] and all("private email server" in r["text"].lower() for r in phrase["rows"])


def test_the_quote_an_anchor_points_to_is_marked(walker, real_server):
    quote = httpx.get(f"{real_server}/api/quotes", params={"q": "emails"}, timeout=60).json()["rows"][0]
    walker.open(f"/articles/{quote['article_id']}#q{quote['n']}")
    marked = walker.page.eval_on_selector_all("mark.current", "ms => ms.map(m => m.textContent)")
    assert "".join(marked).strip() == quote["text"].strip()


def test_api_docs_work_offline(walker):
    walker.open("/docs")
    listed = walker.page.eval_on_selector_all("section.endpoint h2", "hs => hs.map(h => h.textContent)")
    assert "GET /api/events" in listed and "GET /api/timeline" in listed
    params = walker.page.eval_on_selector_all("section.endpoint td code", "cs => cs.map(c => c.textContent)")
    assert {"source_country", "sort", "q"} <= set(params)
    assert not walker.outside and not walker.page.query_selector("script[src^='http']")
    walker.open("/redoc")
    assert walker.page.url.endswith("/docs")
