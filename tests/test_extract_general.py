"""Extraction mechanisms that do not depend on a document's wording: links in prose, context that names a list's
scheme, nested hierarchies, risk lists, values named in sentences. Each test reads a small document of its own
through the real parser and the real extraction."""

from pathlib import Path

from ingest.pipeline import read_document


def concepts_of(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, _, _, concepts = read_document(path)
    return concepts


def labels(concepts, scheme: str) -> set[str]:
    return {c.label for c in concepts if c.scheme == scheme}


PAGE = """<!doctype html><html><head><title>Partnering abroad</title></head><body>
<nav><a href="/en">Home</a></nav>
<main><h1>Partnering abroad</h1>
<p>Universities weigh partnerships with care. Since 2021 every proposal is checked under the Code of Practice for
Overseas Partnerships (https://example.org/code-of-practice), and laboratories follow the Handbook for Export Licensing
(https://example.org/handbook-export) when equipment ships abroad. A longer overview sits in its summary of the
partnership rules (https://example.org/summary), which the ministry keeps up to date for every reader who asks.</p>
<aside class="resources"><h2>Resources</h2><ul>
<li><a href="https://example.org/guide">Guide to partner checks</a> - step by step</li>
<li><a href="https://example.org/forms">Partner declaration form</a></li></ul></aside>
</main><footer><a href="/privacy">Privacy</a></footer></body></html>"""


def test_links_in_prose_are_tools_titled_by_the_phrase_before_the_address(tmp_path):
    tools = {c.label: c.address for c in concepts_of(tmp_path, "page.html", PAGE) if c.scheme == "tool"}
    assert tools["Code of Practice for Overseas Partnerships"] == "https://example.org/code-of-practice"
    assert tools["Handbook for Export Licensing"] == "https://example.org/handbook-export"
    assert tools.get("summary of the partnership rules") == "https://example.org/summary"


def test_an_aside_inside_the_main_content_is_read_but_the_site_chrome_is_not(tmp_path):
    tools = {c.label: c.address for c in concepts_of(tmp_path, "page.html", PAGE) if c.scheme == "tool"}
    assert tools["Guide to partner checks"] == "https://example.org/guide"
    assert tools["Partner declaration form"] == "https://example.org/forms"
    assert not any("Privacy" in label or label == "Home" for label in tools)
