"""An article full of script tags and attribute injections: shown as text, never run."""

SCRIPT = "<script>window.__xss = 1</script>"  # part of the XSS string in conftest.py

PAGES = ["/articles/a-xss", "/articles", "/events", "/quotes", "/speakers", "/entities",
         "/places", "/", "/events?actor=Mallory", "/quotes?q=quote"]


def assert_nothing_ran(page):
    assert page.evaluate("window.__xss") is None, page.url
    assert not page.errors, page.errors
    assert page.locator("img[src=x]").count() == 0, page.url


def test_injected_article_runs_nothing_on_any_page(page):
    for path in PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert_nothing_ran(page)


def test_injected_text_is_shown_as_text(page):
    page.goto("/articles/a-xss")
    body = page.locator("article.text").inner_text()
    assert "<script>window.__xss = 1</script>" in body
    assert 'onerror="window.__xss = 2"' in body
    assert page.locator("article.text script").count() == 0
    page.locator("article.text mark").first.hover()
    assert page.locator("a:text('original')").count() == 0  # javascript: URL not linked
    assert_nothing_ran(page)


def test_injected_event_page_and_map_popup(page):
    page.goto("/events?type=THREATEN")
    page.click("table.rows a:text('THREATEN')")
    assert "<script>" in page.locator("h1").inner_text()
    assert_nothing_ran(page)
    page.goto("/map?type=THREATEN")
    page.wait_for_selector("#map[data-points_drawn]")
    page.locator("path.leaflet-interactive").last.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert SCRIPT in popup.inner_text()
    assert_nothing_ran(page)


def test_injected_speaker_page(page):
    page.goto("/speakers")
    page.click("table.rows a:has-text('Mallory')")
    assert "<script>" in page.locator("h1").inner_text()
    assert_nothing_ran(page)
