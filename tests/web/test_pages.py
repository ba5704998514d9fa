"""Every page in real headless Chromium against `dateline serve` on loopback."""

import csv
import json


def rows(page):
    return page.locator("table.rows tbody tr")


def test_overview_counts_and_timeline_switch(page):
    page.goto("/")
    assert page.locator('[data-total="articles"]').inner_text() == "5"
    page.wait_for_selector("#timeline[data-bars]")
    assert page.locator("#timeline").get_attribute("data-bucket") == "month"
    assert int(page.locator("#timeline").get_attribute("data-bars")) == 2  # March, April 2022
    page.click('button[data-bucket="day"]')
    page.wait_for_selector('#timeline[data-bucket="day"]')
    assert int(page.locator("#timeline").get_attribute("data-bars")) == 32  # 2 Mar to 2 Apr
    page.click('button[data-bucket="week"]')
    page.wait_for_selector('#timeline[data-bucket="week"]')
    assert page.locator("#timeline svg rect").count() >= 3
    assert not page.errors


def test_events_filters_and_facets_change_results(page):
    page.goto("/events")
    assert rows(page).count() == 4
    assert page.locator('.facet[data-facet="type"] li').count() == 4
    page.select_option('select[name="type"]', "ASSAULT")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?*type=ASSAULT*")
    assert rows(page).count() == 1
    assert "Mariupol" in rows(page).first.inner_text()
    page.goto("/events?actor=kuleba")
    assert rows(page).count() == 1
    page.click('.facet[data-facet="outlet"] a:text("Reuters")')
    assert rows(page).count() == 1 and "outlet=Reuters" in page.url
    page.goto("/events?since=2022-04-01")
    assert rows(page).count() == 1
    assert not page.errors


def test_event_page_shows_every_report_with_evidence(page):
    page.goto("/events?type=CONSULT")
    page.click("table.rows a:text('CONSULT')")
    reports = page.locator("li.report")
    assert reports.count() == 2
    marks = page.locator("li.report mark.hl-event")
    assert "met Sergei Lavrov" in marks.nth(0).inner_text() + marks.nth(1).inner_text()
    page.locator("li.report .meta a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("article.text mark.hl-event").count() >= 1


def test_map_draws_clustered_points_over_outline(page):
    page.goto("/map")
    page.wait_for_selector("#map[data-points_drawn]")
    assert page.locator("#map").get_attribute("data-points_drawn") == "4"
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # country outlines
    markers = page.locator(".marker-cluster, .leaflet-overlay-pane path.leaflet-interactive")
    assert markers.count() > 0
    page.goto("/map?type=REQUEST")
    page.wait_for_selector("#map[data-points_drawn]")
    assert page.locator("#map").get_attribute("data-points_drawn") == "1"
    assert not page.errors


def test_map_popup_links_to_event(page):
    page.goto("/map?type=ASSAULT")
    page.wait_for_selector("#map[data-points_drawn]")
    page.locator(".leaflet-marker-pane .marker-cluster, path.leaflet-interactive[fill='#b03a2e'], "
                 "path.leaflet-interactive").last.click(force=True)
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    assert "ASSAULT" in link.inner_text()
    link.click()
    page.wait_for_url("**/events/*")
    assert page.locator("li.report").count() == 1


def test_speakers_speaker_page_and_quote_search(page):
    page.goto("/speakers")
    assert "Dmytro Kuleba" in page.locator("table.rows").inner_text()
    page.click("table.rows a:text('Antonio Guterres')")
    assert page.locator("ol.quotes li").count() == 1
    assert page.locator(".month-bars .month").count() == 1
    page.goto("/quotes")
    assert rows(page).count() == 4
    page.fill('input[name="q"]', "guns silent")
    page.click("form.filters button[type=submit]")
    assert rows(page).count() == 1
    assert "The guns must fall silent." in rows(page).first.inner_text()


def test_article_page_highlights_everything(page):
    page.goto("/articles/a-talks-reuters")
    text = page.locator("article.text")
    for kind in ("quote", "entity", "place", "event"):
        assert text.locator(f"mark.hl-{kind}").count() >= 1, kind
    assert "We have not achieved" in text.locator("mark.hl-quote").first.inner_text()


def test_list_pages_load(page):
    for path, expected in (("/articles", 5), ("/entities", 6), ("/places", 4)):
        page.goto(path)
        assert rows(page).count() == expected, path


def test_places_page_shows_other_roles_when_asked(page):
    page.goto("/places?role=acting")
    assert rows(page).count() == 1
    assert "acting" in rows(page).first.inner_text() and "Russia" in rows(page).first.inner_text()
    page.select_option("form.filters select[name=role]", "any")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/places?*role=any*")
    assert rows(page).count() == 5


def test_export_downloads_the_filtered_rows(page, tmp_path):
    page.goto("/events?type=CONSULT")
    with page.expect_download() as info:
        page.click("a.export-csv")
    path = tmp_path / "events.csv"
    info.value.save_as(path)
    exported = list(csv.DictReader(path.open(encoding="utf-8")))
    assert [r["type"] for r in exported] == ["CONSULT"]
    assert exported[0]["n_reports"] == "2"
    page.goto("/quotes?actor=zelensky")
    with page.expect_download() as info:
        page.click("a.export-json")
    info.value.save_as(tmp_path / "quotes.json")
    quotes = json.loads((tmp_path / "quotes.json").read_text(encoding="utf-8"))
    assert [q["speaker_name"] for q in quotes] == ["Volodymyr Zelensky"]


def test_every_facet_link_gives_a_page(page):
    for path in ("/events", "/quotes", "/speakers", "/articles", "/entities", "/places"):
        page.goto(path)
        links = [a.get_attribute("href") for a in page.locator(".facets a").all()]
        assert links, path
        for href in links:
            response = page.goto(href)
            assert response.status == 200, href
            assert rows(page).count() >= 1, href


def test_timeline_bar_opens_the_events_of_its_period(page):
    page.goto("/")
    page.wait_for_selector('#timeline[data-bucket="month"] svg a.bar')
    assert page.locator("#timeline svg text").count() >= 4  # y-axis counts and month labels
    page.click('#timeline a.bar[data-bucket="2022-04"] rect >> nth=1')
    page.wait_for_url("**/events?*since=2022-04-01*until=2022-04-30*")
    assert rows(page).count() == 1
    page.goto("/")
    page.click('button[data-bucket="year"]')
    page.wait_for_selector('#timeline[data-bucket="year"]')
    assert int(page.locator("#timeline").get_attribute("data-bars")) == 1
    assert not page.errors
