"""The web app end to end in headless Chromium: a policy officer's and a CRIS champion's walk through it.

Screenshots of each step go to ``screenshots/`` (or RSKG_SCREENSHOTS): look at them.
"""

import json
import os
from pathlib import Path

import pytest

from ingest.settings import PROJECT_ROOT, Settings
from tests.browser import browser_page
from tests.liveserver import live_server

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SHOTS = Path(os.environ.get("RSKG_SCREENSHOTS", PROJECT_ROOT / "screenshots"))
QUESTION = "which guidance covers export control in teaching"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(corpus_data_dir):
    with live_server(Settings(data_dir=corpus_data_dir, reload_interval=0)) as url:
        yield url


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    report = page.evaluate("async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))")
    violations = json.loads(report)["violations"]
    serious = [v for v in violations if v["impact"] in {"serious", "critical"}]
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}" for v in serious]


def test_ask_read_the_clause_filter_and_browse(server):
    with browser_page() as page:
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))

        # Ask, and see the Trusted Research clause first, with its citation.
        page.goto(server + "/")
        page.get_by_label("Your question").fill(QUESTION)
        page.get_by_role("button", name="Ask").click()
        page.wait_for_selector("ol.hits li")
        first = page.locator("ol.hits li").first
        assert "Trusted Research" in first.locator(".cite").inner_text()
        assert first.locator("mark").count() >= 2  # the question's words are highlighted
        assert "q=which+guidance" in page.url  # a shareable URL
        covering = page.locator("section.covering")
        assert covering.get_by_role("heading").inner_text() == "1 document covers this"
        assert "Trusted Research" in covering.locator("li").first.inner_text()
        shot(page, "01-ask")
        assert serious_violations(page) == []

        # Open it in its document: the page lands on the clause.
        clause_text = first.locator(".text").inner_text()
        first.locator(".cite a").click()
        page.wait_for_load_state()
        assert "#clause-" in page.url
        target = page.locator(".clause-block:target")
        assert target.count() == 1 and target.inner_text().startswith(clause_text[:60])
        assert page.locator("h1").inner_text() == "Trusted Research: What you need to know"
        shot(page, "02-document")
        assert serious_violations(page) == []

        # Back to the answers; filter by a facet.
        page.go_back()
        page.wait_for_selector("ol.hits li")
        before = page.locator("ol.hits li").count()
        facet = page.locator("aside.facets section").filter(has=page.get_by_role("heading", name="Issuer")).locator("li a").first
        issuer = facet.inner_text()
        facet.click()
        page.wait_for_selector("ul.active")
        assert issuer in page.locator("ul.active").inner_text()
        assert "issuer=" in page.url
        cites = page.locator("ol.hits li .cite").all_inner_texts()
        assert cites and all(issuer in c for c in cites) and len(cites) <= before
        shot(page, "03-filtered")

        # A principle page, then one of its tools.
        page.goto(server + "/concepts")
        page.locator("#principle").get_by_role("link", name="Risk Proportionality").click()
        page.wait_for_selector("h1")
        assert page.locator("h1").inner_text() == "Risk Proportionality"
        assert page.get_by_role("heading", name="Tools that serve it").count() == 1
        shot(page, "04-principle")
        assert serious_violations(page) == []
        tool_link = page.locator("ul.links h3 a").first
        tool = tool_link.inner_text()
        tool_link.click()
        page.wait_for_selector("h1")
        assert page.locator("h1").inner_text() == tool
        assert page.get_by_role("link", name="Risk Proportionality").count() >= 1  # the tool page links back
        shot(page, "05-tool")

        # The crosswalk, and one cell's evidence.
        page.get_by_role("link", name="Principles & tools").click()
        page.wait_for_selector("table")
        headers = page.locator("table th.concept")
        assert headers.count() == 19, "the 7 values, 8 principles and 4 risk vectors, each a column"
        assert page.locator("svg.network line").count() >= 15
        shot(page, "06-crosswalk")
        assert serious_violations(page) == []
        page.set_viewport_size({"width": 390, "height": 844})
        first_column = page.locator("table th[scope=row]").first
        before = first_column.bounding_box()["x"]
        page.locator(".matrix .scroll").evaluate("el => el.scrollBy(300, 0)")
        assert abs(first_column.bounding_box()["x"] - before) < 1, "the tool names stay in view on a phone"
        assert first_column.bounding_box()["width"] < 200, "and take less than half the screen"
        shot(page, "06-crosswalk-phone")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.locator("a.cell").first.click()
        page.wait_for_selector("h1")
        assert page.get_by_role("heading", name="Evidence").count() == 1
        assert page.locator("blockquote.clause").count() >= 1
        page.go_back()
        page.locator("a.cell", has_text="○").first.click()  # an inferred link names the sentences it rests on
        page.wait_for_selector("h1")
        assert page.get_by_role("heading", name="Why: the sentences it rests on").count() == 1
        assert page.locator("ul.sentences q").count() >= 1
        shot(page, "07-link-evidence")

        assert errors == []


def test_the_core_search_works_without_javascript(server):
    with browser_page(java_script_enabled=False) as page:
        page.goto(server + "/")
        page.get_by_label("Your question").fill(QUESTION)
        page.get_by_label("Your question").press("Enter")
        page.wait_for_selector("ol.hits li")
        assert "Trusted Research" in page.locator("ol.hits li .cite").first.inner_text()


def test_pages_fit_a_phone(server):
    with browser_page(viewport={"width": 390, "height": 844}) as page:
        for path in [f"/?q={QUESTION}", "/id/doc/uk-university-trusted-research", "/concepts", "/documents", "/"]:
            page.goto(server + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (path, overflow)
        page.goto(server + f"/?q={QUESTION}")
        shot(page, "08-phone-ask")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_documents_page_reads_and_leads_to_each_document(server, width):
    with browser_page(viewport={"width": width, "height": 900}) as page:
        page.goto(server + "/")
        page.get_by_role("link", name="Documents", exact=True).first.click()
        page.wait_for_selector("table.documents")
        rows = page.locator("table.documents tbody tr")
        assert rows.count() == 5
        assert serious_violations(page) == []
        shot(page, f"10-documents-{width}")
        page.get_by_role("link", name="Trusted Research: What you need to know").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Trusted Research: What you need to know"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_compare_page_sets_jurisdictions_side_by_side(server, width):
    with browser_page(viewport={"width": width, "height": 900}) as page:
        page.goto(server + "/compare")
        page.get_by_label("Topic or question").fill("screening of staff")
        page.get_by_role("button", name="Compare").click()
        page.wait_for_selector("ol.compare li")
        assert page.locator("ol.compare li h2").count() >= 2
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert serious_violations(page) == []
        shot(page, f"11-compare-{width}")


def test_keyboard_reaches_the_question_box_and_shows_focus(server):
    with browser_page() as page:
        page.goto(server + "/")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to content"
        page.keyboard.press("Enter")
        for _ in range(10):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "q":
                break
        assert page.evaluate("document.activeElement.id") == "q"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"
