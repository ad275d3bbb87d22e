"""The SPARQL query page in a real browser: YASGUI loads from the app, runs a gallery query, and nothing leaves the host."""

import pytest

from api.query_page import examples
from ingest.settings import Settings
from tests.browser import browser_page
from tests.liveserver import live_server


@pytest.fixture(scope="module")
def server(corpus_data_dir):
    with live_server(Settings(data_dir=corpus_data_dir, reload_interval=0)) as url:
        yield url


@pytest.mark.slow
def test_a_gallery_question_runs_in_the_query_page_without_leaving_the_host(server):
    with browser_page() as page:
        requests, errors = [], []
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

        page.goto(f"{server}/sparql")
        page.wait_for_selector(".CodeMirror")
        personnel = next(e for e in examples() if e.name == "06-tools-for-personnel")
        page.get_by_role("button", name=personnel.question).click()

        summary = page.locator(".yasr_response_chip").last
        summary.wait_for(state="visible", timeout=15_000)
        assert "results in" in summary.inner_text()
        table = page.locator(".yasr table.dataTable").last
        assert "Dutch national contact point" in table.inner_text()
        assert table.locator("tbody tr").count() >= 2  # the two curated Dutch tools: no sentence of the seeds ties another to personnel

    assert errors == []
    assert requests and all(url.startswith(server) or url.startswith("data:") for url in requests), requests


@pytest.mark.slow
@pytest.mark.parametrize("path, rendered", [("/docs", ".swagger-ui .info .title"), ("/redoc", ".redoc-wrap")])
def test_the_api_documentation_renders_without_leaving_the_host(server, path, rendered):
    with browser_page() as page:
        sent, blocked = [], []
        page.on("requestfinished", lambda request: sent.append(request.url))
        page.on("requestfailed", lambda request: blocked.append((request.url, request.failure)))
        page.goto(f"{server}{path}")
        page.wait_for_selector(rendered, timeout=15_000)
        assert "rskg" in page.content()
    assert sent and all(url.startswith((server, "data:", "blob:")) for url in sent), sent
    # ReDoc asks a CDN for its logo: the page's security policy stops that in the browser
    stopped = [(url, failure) for url, failure in blocked if not url.startswith((server, "data:", "blob:"))]
    assert all(url.endswith("/logo-mini.svg") and failure == "csp" for url, failure in stopped), stopped
