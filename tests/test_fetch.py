"""`rskg fetch`, `rskg refresh` and `rskg sources` against a real local web server serving fixture guidance.

The server (http.server in a thread, on 127.0.0.1 at a port the system picks) serves a PDF at an address with
no extension and a misleading Content-Type, an HTML page with Dublin Core metadata, a DOCX, a redirect
to a text file with a Last-Modified header, a 404, a robots.txt that disallows /private/, a slow
answer, an oversized answer, a document that changes between two fetches, redirects to a private
address and in a loop, and an image. The real CLI runs as a subprocess; the tests read what a user
sees (its lines) and what the data directory holds (the index and ``fetched.json``).
"""

import contextlib
import csv
import io
import itertools
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from ingest import graph
from ingest.fetch import detect_format, name_for, refusal_of
from ingest.index import HybridIndex
from ingest.settings import PROJECT_ROOT
from ingest.storage import current_state
from tests.liveserver import free_port

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
PDF = FIXTURES / "producers" / "docx-libreoffice" / "au-foreign-interference.pdf"
DOCX = FIXTURES / "office" / "word-like.docx"
CA_TEXT = FIXTURES / "guidance" / "ca-research-partnerships.txt"
NL_TEXT = FIXTURES / "guidance" / "nl-knowledge-security.txt"
G7_TEXT = FIXTURES / "guidance" / "g7-secure-open-research.txt"
UK_TEXT = FIXTURES / "guidance" / "uk-trusted-research.txt"
SLOW_SECONDS = 3.0
REMOVED_START = "Several G7 members already run dedicated advice services;"  # it names two organisations
REWORDED = (
    "Funders see proposals before any work is done, which makes them well placed to spot risk early.",
    "Funders see proposals before any research begins, which puts them in a good position to spot risks early.",
)
NEW_SENTENCE = (  # it names a tool
    "This second edition adds that every institution should name one office to answer questions on research security, "
    "as the Knowledge Security Desk (https://www.loketkennisveiligheid.nl) does in the Netherlands."
)


def html_page(text: str) -> bytes:
    """A guidance page as a publisher's site serves it: metadata in the head, the text as headings and paragraphs."""
    body = []
    for block in text.split("\n\n"):
        block = block.strip()
        if block.startswith("#"):
            level = len(block) - len(block.lstrip("#"))
            body.append(f"<h{level}>{block.lstrip('#').strip()}</h{level}>")
        elif block.startswith("- "):
            body.append("<ul>" + "".join(f"<li>{item[2:]}</li>" for item in block.splitlines()) + "</ul>")
        elif block and not block.startswith("[^"):
            body.append(f"<p>{block}</p>")
    head = (
        '<meta charset="utf-8"><title>Knowledge security | Example ministry</title>'
        '<meta name="DC.publisher" content="Example Ministry of Education, Culture and Science">'
        '<meta name="DC.date.issued" content="2022-01-14">'
    )
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{''.join(body)}</body></html>".encode()


# The README's example addresses (their paths), served from fixtures so the example runs offline.
README_PAGES = {
    "/nistpubs/ir/2023/NIST.IR.8484.pdf": PDF,
    "/site/science/en/safeguarding-your-research/guidelines-and-tools-implement-research-security/"
    "national-security-guidelines-research-partnerships": CA_TEXT,
    "/trusted-research-academia": UK_TEXT,
}


README_LINKS_PAGE = "/research-security/reading-list"  # the README's --depth example: a page of links

# Tools a reading list names, at the paths of the local server: two served, one not.
TOOL_PAGES = {"/tools/trusted-research": UK_TEXT, "/tools/knowledge-security": NL_TEXT}
READING_LIST = """# Research security: where to start

Institutions that collaborate internationally should assess the risks of each partnership before they sign, and protect academic
freedom while they do so.

## Further reading

- Trusted Research Guidance for Academia ({base}/tools/trusted-research)
- Knowledge Security Guidelines ({base}/tools/knowledge-security)
- Research Partnerships Risk Assessment Checklist ({base}/tools/not-served)
"""


# Tools whose addresses redirect: a 301 to a served tool page, and a 302 then a 301 to a guidance page at a new path.
MOVED_TOOLS = {
    "/tools/old-trusted-research": (301, "/tools/trusted-research"),
    "/go/knowledge-security": (302, "/hop/knowledge-security"),
    "/hop/knowledge-security": (301, "/nl/knowledge-security"),
}
MOVED_READING_LIST = """# Research security: where to start

Institutions that collaborate internationally should assess the risks of each partnership before they sign, and protect academic
freedom while they do so.

## Further reading

- Trusted Research Guidance for Academia ({base}/tools/old-trusted-research)
- Knowledge Security Guidelines ({base}/go/knowledge-security)
"""


class Site:
    """What the test server serves, and every request it was sent."""

    def __init__(self):
        self.requests: list[tuple[float, str, dict[str, str]]] = []
        self.g7_edition = 1
        self.ca_path = "/new/ca-research-partnerships"  # where /old/ca redirects to
        self.robots_status = 200

    def links_page(self, own: str) -> bytes:
        """A reading list page: links to another host, two documents, a path robots.txt disallows, an image, itself and more."""
        other_host = self.base.replace("127.0.0.1", "localhost")
        links = [f"{other_host}/nl/knowledge-security", "/docs/au-guidance", "../files/guide", "/private/secret.txt", "/picture"]
        links += ["styles.css", "#top", own, "mailto:security@example.org", "/docs/au-guidance#page=2"]
        items = "".join(f'<li><a href="{href}">Link {n}</a></li>' for n, href in enumerate(links, 1))
        body = f"<h1>Research security reading</h1><p>Guidance to read before any partnership.</p><ul>{items}</ul>"
        return f"<!DOCTYPE html><html lang='en'><head><title>Reading</title></head><body>{body}</body></html>".encode()

    def g7(self) -> tuple[bytes, str]:
        text = G7_TEXT.read_text()
        if self.g7_edition == 2:  # one paragraph added, one removed, one reworded
            text = text.replace("\n\n", f"\n\n{NEW_SENTENCE}\n\n", 1)
            removed = next(p for p in text.split("\n\n") if p.startswith(REMOVED_START))
            text = text.replace(removed + "\n\n", "").replace(*REWORDED)
        return text.encode(), f'"g7-edition-{self.g7_edition}"'


class Handler(BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *args) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self.site.requests.append((time.monotonic(), self.path, {k.lower(): v for k, v in self.headers.items()}))
        path = self.path
        if path == "/robots.txt":
            return self.send(self.site.robots_status, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if path in README_PAGES:
            fixture = README_PAGES[path]
            if fixture.suffix == ".pdf":
                return self.send(200, fixture.read_bytes(), "application/pdf")
            return self.send(200, html_page(fixture.read_text()), "text/html; charset=utf-8")
        if path in TOOL_PAGES:
            return self.send(200, html_page(TOOL_PAGES[path].read_text()), "text/html; charset=utf-8")
        if path == "/docs/au-guidance":
            return self.send(200, PDF.read_bytes(), "application/octet-stream")
        if path == "/nl/knowledge-security":
            return self.send(200, html_page(NL_TEXT.read_text()), "text/html; charset=utf-8")
        if path == "/files/guide":
            return self.send(200, DOCX.read_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        if path == "/old/ca":
            return self.redirect(301, self.site.ca_path)
        if path in MOVED_TOOLS:
            return self.redirect(*MOVED_TOOLS[path])
        if path in ("/new/ca-research-partnerships", "/moved/ca-research-partnerships"):
            return self.send(200, CA_TEXT.read_bytes(), "text/plain; charset=utf-8", {"Last-Modified": "Wed, 15 May 2024 08:00:00 GMT"})
        if path in ("/reading/links", README_LINKS_PAGE):
            return self.send(200, self.site.links_page(path), "text/html; charset=utf-8")
        if path == "/private/secret.txt":
            return self.send(200, b"Nobody may fetch this.", "text/plain")
        if path == "/slow":
            time.sleep(SLOW_SECONDS)
            return self.send(200, b"Too late.", "text/plain")
        if path == "/huge":
            return self.stream_huge()
        if path == "/declared-huge":
            return self.send(200, b"", "application/pdf", {"Content-Length": str(5 * 2**20)}, length=False)
        if path == "/dribble":
            return self.dribble()
        if path == "/g7":
            body, etag = self.site.g7()
            if self.headers.get("If-None-Match") == etag:
                return self.send(304, b"", None, {"ETag": etag})
            return self.send(200, body, "text/plain; charset=utf-8", {"ETag": etag})
        if path == "/to-private":
            return self.redirect(302, "http://10.0.0.1/secret")
        if path == "/loop":
            return self.redirect(302, "/loop")
        if path == "/picture":
            return self.send(200, b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        return self.send(404, b"Not found", "text/plain")

    def send(self, status: int, body: bytes, content_type: str | None, headers: dict | None = None, length: bool = True) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304 and length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def dribble(self) -> None:
        """A few bytes at a time, each read well within the timeout, the whole far beyond RSKG_FETCH_MAX_SECONDS."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for _ in range(30):
                self.wfile.write(b"Research security, slowly. " * 10)
                self.wfile.flush()
                time.sleep(0.2)

    def stream_huge(self) -> None:
        """Two MiB of text with no Content-Length: only counting while reading can stop it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        line = b"Research security is everyone's business. " * 24 + b"\n"
        try:
            for _ in range(2 * 2**20 // len(line) + 1):
                self.wfile.write(line)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def site():
    found = Site()
    handler = type("SiteHandler", (Handler,), {"site": found})
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)  # a free port (see free_port)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    found.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield found
    server.shutdown()
    server.server_close()


def rskg(*args: str, data_dir: Path, allow_loopback: bool = True, **settings: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "RSKG_DATA_DIR": str(data_dir),
        "RSKG_FETCH_DELAY": "0.2",
        "RSKG_FETCH_TIMEOUT": "1",
        "RSKG_MAX_FILE_MB": "1",
        "PYTHONPATH": str(PROJECT_ROOT),
        **settings,
    }
    env.pop("RSKG_FETCH_ALLOW_LOOPBACK", None)
    if allow_loopback:
        env["RSKG_FETCH_ALLOW_LOOPBACK"] = "1"
    return subprocess.run([sys.executable, "-m", "api.cli", *args], capture_output=True, text=True, timeout=300, env=env, cwd=PROJECT_ROOT)


def documents(data_dir: Path) -> dict:
    return HybridIndex.load(current_state(data_dir) / "index").documents


def clause_texts(data_dir: Path, doc_id: str) -> str:
    return "\n".join(c.text for c in HybridIndex.load(current_state(data_dir) / "index").clauses if c.doc_id == doc_id)


def record(data_dir: Path) -> dict[str, dict]:
    return {row["address"]: row for row in json.loads((data_dir / "fetched.json").read_text())["sources"]}


def error_lines(run: subprocess.CompletedProcess) -> dict[str, str]:
    """The one-line errors of a run, by the path of the address they name."""
    lines = [line for line in run.stderr.splitlines() if line.startswith("error: ")]
    return {line.split()[1].split("/", 3)[-1].rstrip(":"): line for line in lines}


GOOD = {"docs/au-guidance": "pdf", "nl/knowledge-security": "html", "files/guide": "docx", "old/ca": "txt", "g7": "txt"}
BAD = ("missing", "private/secret.txt", "slow", "huge", "declared-huge", "dribble", "to-private", "loop", "picture")


@pytest.fixture(scope="module")
def fetched(site, tmp_path_factory):
    """One `rskg fetch` of every path the site serves: (the run, its data directory, the site's requests during it)."""
    data_dir = tmp_path_factory.mktemp("fetched") / "data"
    started = len(site.requests)
    run = rskg("fetch", *(f"{site.base}/{path}" for path in (*GOOD, *BAD)), data_dir=data_dir, RSKG_FETCH_MAX_SECONDS="1.5")
    return run, data_dir, site.requests[started:]


@pytest.mark.slow
def test_each_good_address_is_ingested_in_the_format_its_bytes_say(fetched, site):
    run, data_dir, _ = fetched
    docs = documents(data_dir)
    assert len(docs) == len(GOOD), run.stdout + run.stderr
    rows = record(data_dir)
    for path, format_ in GOOD.items():
        row = rows[f"{site.base}/{path}"]
        assert row["status"] == "added" and row["format"] == format_ and row["error"] is None
        assert docs[row["doc_id"]].source == row["final_address"]
        assert f"added        {row['doc_id']}  {site.base}/{path}" in run.stdout
    assert "index now holds 5 documents" in run.stdout


@pytest.mark.slow
def test_the_page_and_the_server_give_the_metadata(fetched, site):
    _, data_dir, _ = fetched
    rows, docs = record(data_dir), documents(data_dir)
    nl = docs[rows[f"{site.base}/nl/knowledge-security"]["doc_id"]]
    assert nl.issuer == "Example Ministry of Education, Culture and Science" and nl.date == "2022-01-14"
    assert nl.title == "Knowledge security | Example ministry"  # the page's <title>
    ca = docs[rows[f"{site.base}/old/ca"]["doc_id"]]
    assert ca.date == "2024-05-15" and ca.inferred.get("date") == "the web server's Last-Modified header"
    assert ca.source == f"{site.base}/new/ca-research-partnerships"  # the address the redirect ends at
    assert ca.id == "ca-research-partnerships"  # named from the address, not from a hash
    assert "Foreign interference" in clause_texts(data_dir, rows[f"{site.base}/docs/au-guidance"]["doc_id"])
    from fastapi.testclient import TestClient

    from api.app import create_app
    from ingest.settings import Settings

    with TestClient(create_app(Settings(data_dir=data_dir))) as client:
        page = client.get(f"/id/doc/{ca.id}", headers={"Accept": "text/html"}).text
    assert '2024-05-15 <small title="from the web server\'s Last-Modified header">(inferred)</small>' in page.replace("&#39;", "'")


@pytest.mark.slow
def test_each_bad_address_is_one_line_that_says_what_to_do(fetched, site):
    run, data_dir, _ = fetched
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    errors = error_lines(run)
    assert set(errors) == set(BAD), run.stderr
    assert "404" in errors["missing"] and "check the address" in errors["missing"]
    assert "robots.txt does not allow" in errors["private/secret.txt"]
    assert "no answer within 1 s" in errors["slow"] and "RSKG_FETCH_TIMEOUT" in errors["slow"]
    assert "over the 1 MiB limit" in errors["huge"] and "RSKG_MAX_FILE_MB" in errors["huge"]
    assert "the file is 5 MiB, over the 1 MiB limit" in errors["declared-huge"]  # said before reading a byte
    assert "took over 1.5 s" in errors["dribble"] and "RSKG_FETCH_MAX_SECONDS" in errors["dribble"]
    assert "refused: 10.0.0.1 is a private address" in errors["to-private"]
    assert "more than 5 redirects" in errors["loop"]
    assert "not a document rskg reads (image/png)" in errors["picture"]
    rows = record(data_dir)
    assert all(rows[f"{site.base}/{path}"]["status"] == "failed" for path in BAD)
    assert not (data_dir / "downloads").exists() or not any((data_dir / "downloads").iterdir())  # nothing staged is left


@pytest.mark.slow
def test_the_client_is_polite(fetched):
    _, _, requests = fetched
    paths = [path for _, path, _ in requests]
    assert paths.count("/robots.txt") == 1  # read once for the host
    assert "/private/secret.txt" not in paths  # robots.txt said no: never asked
    assert all(headers["user-agent"].startswith("rskg/") for _, _, headers in requests)
    times = [at for at, _, _ in requests]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) >= 0.19  # RSKG_FETCH_DELAY=0.2 between two requests to the host
    assert paths.count("/loop") == 6  # the first request and five redirects, then it stops


@pytest.mark.slow
def test_a_refetch_asks_conditionally_and_keeps_or_replaces_the_document(fetched, site, tmp_path):
    _, fetched_dir, _ = fetched
    data_dir = tmp_path / "data"
    shutil.copytree(fetched_dir, data_dir, symlinks=True)
    g7 = f"{site.base}/g7"
    g7_id = record(data_dir)[g7]["doc_id"]
    before = len(site.requests)
    run = rskg("fetch", g7, data_dir=data_dir)
    assert run.returncode == 0, run.stderr
    (_, _, headers) = next(r for r in site.requests[before:] if r[1] == "/g7")
    assert headers["if-none-match"] == '"g7-edition-1"'
    assert f"not modified {g7_id}  {g7}" in run.stdout
    assert "the current index is unchanged" in run.stdout
    assert len(documents(data_dir)) == len(GOOD)

    ca_id = record(data_dir)[f"{site.base}/old/ca"]["doc_id"]
    site.g7_edition, site.ca_path = 2, "/moved/ca-research-partnerships"
    try:
        run = rskg("refresh", data_dir=data_dir, RSKG_FETCH_MAX_SECONDS="1.5")
    finally:
        site.g7_edition, site.ca_path = 1, "/new/ca-research-partnerships"
    assert f"changed      {g7_id}  {g7}" in run.stdout
    for path in ("docs/au-guidance", "nl/knowledge-security", "files/guide", "old/ca"):
        assert record(data_dir)[f"{site.base}/{path}"]["status"] in ("not modified", "unchanged")
    assert len(documents(data_dir)) == len(GOOD)  # the same documents: the new edition replaced its own
    assert NEW_SENTENCE in clause_texts(data_dir, g7_id)
    diff = json.loads(rskg("editions", g7, "--json", data_dir=data_dir).stdout)
    changes = {c["change"]: c for c in diff["changes"]}
    assert sorted(c["change"] for c in diff["changes"]) == ["added", "removed", "reworded"]
    assert changes["added"]["after"] == NEW_SENTENCE
    assert changes["removed"]["before"].startswith(REMOVED_START)
    assert changes["reworded"]["before"].startswith(REWORDED[0]) and changes["reworded"]["after"].startswith(REWORDED[1])
    assert diff["before"]["sha256"] != diff["after"]["sha256"]
    store = graph.open_store(current_state(data_dir) / "graph")  # the earlier edition is in the graph, revised by the document
    (edition,) = graph.rows(
        store,
        f"""SELECT ?edition ?sha ?until WHERE {{ <https://w3id.org/rskg/id/doc/{g7_id}> prov:wasRevisionOf ?edition .
             ?edition dcterms:isVersionOf <https://w3id.org/rskg/id/doc/{g7_id}> ; rskg:sha256 ?sha ; prov:invalidatedAtTime ?until }}""",
    )
    assert edition["sha"] == diff["before"]["sha256"] and edition["edition"].endswith(f"/edition/{edition['sha'][:16]}")
    from tests.test_docs import code_blocks, readme_section

    (readme_query,) = code_blocks(readme_section("Fetching from the web"), "sparql")
    assert [row["edition"] for row in graph.rows(store, readme_query.replace("https://example.org/guidance.pdf", g7))] == [
        edition["edition"]
    ]
    del store
    moved = documents(data_dir)[ca_id]  # the address now redirects elsewhere: the same document, its new source
    assert moved.source == f"{site.base}/moved/ca-research-partnerships"
    row = record(data_dir)[g7]
    assert row["etag"] == '"g7-edition-2"' and row["last_changed"] == row["last_fetched"]
    assert run.returncode == 1  # the bad addresses are fetched again, and fail again, each in one line
    assert set(error_lines(run)) == set(BAD)


@pytest.mark.slow
def test_sources_as_json_and_csv(fetched, site):
    _, data_dir, _ = fetched
    as_json = json.loads(rskg("sources", "--json", data_dir=data_dir).stdout)
    assert {row["address"] for row in as_json} == {f"{site.base}/{path}" for path in (*GOOD, *BAD)}
    run = rskg("sources", "--csv", data_dir=data_dir)
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert len(rows) == len(GOOD) + len(BAD)
    assert {"address", "final_address", "status", "last_fetched", "last_changed", "etag", "doc_id", "error"} <= set(rows[0])
    by_address = {row["address"]: row for row in rows}
    assert by_address[f"{site.base}/old/ca"]["final_address"] == f"{site.base}/new/ca-research-partnerships"
    table = rskg("sources", data_dir=data_dir, COLUMNS="250")
    assert "ca-research-partnerships" in table.stdout and "failed" in table.stdout


def test_private_and_metadata_addresses_are_refused_without_a_connection(tmp_path):
    started = time.monotonic()
    run = rskg(
        "fetch",
        "http://10.0.0.1/guidance.pdf",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00::1]/x",
        "ftp://example.org/guidance.pdf",
        data_dir=tmp_path / "data",
        RSKG_FETCH_TIMEOUT="30",
    )
    assert time.monotonic() - started < 20  # a connection attempt to 10.0.0.1 would wait the 30 s timeout
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4 and run.returncode == 1
    assert "10.0.0.1 is a private address" in errors[0]
    assert "169.254.169.254 is a link-local address" in errors[1]
    assert "fd00::1 is a private address" in errors[2]
    assert "not an http(s) address" in errors[3]


def test_a_host_whose_robots_txt_cannot_be_read_is_not_fetched(site, tmp_path):
    site.robots_status = 503
    before = len(site.requests)
    try:
        run = rskg("fetch", f"{site.base}/g7", f"{site.base}/files/guide", data_dir=tmp_path / "data")
    finally:
        site.robots_status = 200
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and all("robots.txt cannot be read (the server answered 503)" in line for line in errors)
    assert [path for _, path, _ in site.requests[before:]] == ["/robots.txt"]  # asked once, then nothing else


def test_loopback_needs_the_setting(site, tmp_path):
    before = len(site.requests)
    run = rskg("fetch", f"{site.base}/g7", data_dir=tmp_path / "data", allow_loopback=False)
    assert run.returncode == 1
    assert "a loopback address (set RSKG_FETCH_ALLOW_LOOPBACK=1" in run.stderr
    assert len(site.requests) == before  # refused before any request


@pytest.mark.slow
def test_a_list_file_of_addresses(site, tmp_path):
    listing = tmp_path / "reading-list.txt"
    listing.write_text(f"# reading list\n{site.base}/g7\n\n   {site.base}/missing\n")
    run = rskg("fetch", "--list", str(listing), "--issuer", "G7", data_dir=tmp_path / "data")
    assert run.returncode == 1
    assert "added" in run.stdout and "404" in run.stderr
    (doc,) = documents(tmp_path / "data").values()
    assert doc.issuer == "G7"
    assert rskg("fetch", "--list", str(tmp_path / "nope.txt"), data_dir=tmp_path / "data").stderr.startswith("error: ")


def test_a_removed_document_is_not_fetched_back_by_refresh(site, tmp_path):
    data_dir = tmp_path / "data"
    assert rskg("fetch", f"{site.base}/g7", f"{site.base}/old/ca", data_dir=data_dir).returncode == 0
    g7 = record(data_dir)[f"{site.base}/g7"]["doc_id"]
    removed = rskg("remove", g7, data_dir=data_dir)
    assert removed.returncode == 0 and f"no longer fetched by `rskg refresh`: {site.base}/g7" in removed.stdout
    assert set(record(data_dir)) == {f"{site.base}/old/ca"}
    started = len(site.requests)
    assert rskg("refresh", data_dir=data_dir).returncode == 0
    assert g7 not in documents(data_dir) and not any(path == "/g7" for _, path, _ in site.requests[started:])


@pytest.mark.parametrize(
    "address, refused",
    [
        ("10.1.2.3", "a private address"),
        ("192.168.0.1", "a private address"),
        ("172.16.0.1", "a private address"),
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),
        ("::ffff:10.0.0.1", "a private address"),
        ("169.254.169.254", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("224.0.0.1", "a multicast address"),
        ("0.0.0.0", "an unspecified address"),
        ("100.64.0.1", "not a public address"),
        ("240.0.0.1", "a private address"),
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_which_addresses_are_refused(address, refused):
    import ipaddress

    found = refusal_of(ipaddress.ip_address(address))
    if refused is None:
        assert found is None
    else:
        assert found is not None and found.startswith(refused)


def test_the_format_comes_from_the_bytes_first(tmp_path):
    docx = tmp_path / "x"
    shutil.copy(DOCX, docx)
    assert detect_format(PDF.read_bytes()[:4096], "text/html", PDF) == ".pdf"
    assert detect_format(docx.read_bytes()[:4096], "application/octet-stream", docx) == ".docx"
    odt = FIXTURES / "office" / "libreoffice.odt"
    assert detect_format(odt.read_bytes()[:4096], "application/zip", odt) == ".odt"
    archive = tmp_path / "archive.zip"
    shutil.make_archive(str(archive.with_suffix("")), "zip", FIXTURES / "tools")
    assert detect_format(archive.read_bytes()[:4096], "application/zip", archive) is None  # a zip that is no document
    assert detect_format(b"<!DOCTYPE html><html>", "application/octet-stream", tmp_path / "y") == ".html"
    assert detect_format(b"Plain words.", "text/plain; charset=utf-8", tmp_path / "y") == ".txt"
    assert detect_format(b"\x89PNG\r\n", "image/png", tmp_path / "y") is None


def test_names_come_from_the_address():
    assert name_for("https://example.org/files/Trusted-Research_Guide.pdf") == "trusted-research-guide"
    assert name_for("https://www.example.org/") == "www-example-org"


@pytest.mark.slow
def test_the_readme_fetching_example_runs(site, tmp_path):
    """The README's commands, with its addresses pointed at the local server (same paths, fixture content)."""
    from tests.test_docs import code_blocks, readme_section

    script = code_blocks(readme_section("Fetching from the web"), "bash")[0]
    script = re.sub(r"https://[a-z.]+(?=/)", site.base, script)
    assert script.count(site.base) == 3
    shell = f'rskg() {{ "{sys.executable}" -m api.cli "$@"; }}\n{script}'
    env = {**os.environ, "RSKG_DATA_DIR": str(tmp_path / "data"), "RSKG_FETCH_ALLOW_LOOPBACK": "1", "PYTHONPATH": str(PROJECT_ROOT)}
    run = subprocess.run(["bash", "-eu", "-c", shell], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert sum(line.startswith("added ") for line in run.stdout.splitlines()) == 3, run.stdout
    assert "added        nist-ir-8484" in run.stdout
    assert "added        national-security-guidelines-research-partnerships" in run.stdout
    assert "added        trusted-research-academia" in run.stdout
    (nist,) = [d for d in documents(tmp_path / "data").values() if d.id == "nist-ir-8484"]
    assert nist.source == f"{site.base}/nistpubs/ir/2023/NIST.IR.8484.pdf"
    assert "unchanged    nist-ir-8484" in run.stdout  # refresh: served again with no validator, the same bytes
    assert documents(tmp_path / "data")["trusted-research-academia"].kind == "national guidance"
    doctor = rskg("doctor", data_dir=tmp_path / "data")  # the staged downloads are gone; the registry's copies stand for them
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    rebuilt = rskg("ingest", "--rebuild", data_dir=tmp_path / "data")
    assert rebuilt.returncode == 0 and "index now holds 3 documents" in rebuilt.stdout, rebuilt.stderr
    assert documents(tmp_path / "data")["nist-ir-8484"].source == nist.source


@pytest.mark.slow
def test_the_readme_depth_example_runs(site, tmp_path):
    from tests.test_docs import code_blocks, readme_section

    (script,) = [block for block in code_blocks(readme_section("Fetching from the web"), "bash") if "--depth" in block]
    script = re.sub(r"https://[a-z.]+(?=/)", site.base, script)
    assert script.count(f"{site.base}{README_LINKS_PAGE}") == 1
    shell = f'rskg() {{ "{sys.executable}" -m api.cli "$@"; }}\n{script}'
    env = {**os.environ, "RSKG_DATA_DIR": str(tmp_path / "data"), "RSKG_FETCH_ALLOW_LOOPBACK": "1", "PYTHONPATH": str(PROJECT_ROOT)}
    run = subprocess.run(["bash", "-eu", "-c", shell], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    assert sorted(d.format for d in documents(tmp_path / "data").values()) == ["docx", "html", "pdf"]  # the page and its two documents


@pytest.mark.slow
def test_fetch_tools_links_each_served_tool_to_its_document(site, tmp_path):
    from tests.conftest import G7

    data_dir = tmp_path / "data"
    reading = tmp_path / "reading-list.txt"
    reading.write_text(READING_LIST.format(base=site.base))
    assert rskg("ingest", str(G7), str(reading), data_dir=data_dir).returncode == 0
    run = rskg("fetch", "--tools", data_dir=data_dir)
    assert run.returncode == 1
    errors = error_lines(run)
    assert list(errors) == ["tools/not-served"] and "404" in errors["tools/not-served"]
    added = {line.split()[1]: line.split()[2] for line in run.stdout.splitlines() if line.startswith("added ")}
    assert set(added.values()) == {f"{site.base}{path}" for path in TOOL_PAGES}

    store = graph.open_store(current_state(data_dir) / "graph")
    own = graph.rows(
        store,
        """SELECT ?label ?doc ?from WHERE { ?tool a rskg:Tool ; skos:prefLabel ?label ; rskg:ingestedAs ?doc ;
             rskg:descriptionFrom ?from }""",
    )
    assert {(r["label"], r["doc"].rsplit("/", 1)[-1], r["from"]) for r in own} == {
        ("Trusted Research Guidance for Academia", "trusted-research", "its own text"),
        ("Knowledge Security Guidelines", "knowledge-security", "its own text"),
    }
    cited = graph.rows(
        store,
        """SELECT DISTINCT ?label ?doc WHERE { ?link rskg:tool ?tool ; rskg:method/rdfs:label "tool-own-text" ; rskg:evidence ?clause .
             ?tool skos:prefLabel ?label . ?clause rskg:document ?doc }""",
    )
    assert cited and all(r["doc"].rsplit("/", 1)[-1] in ("trusted-research", "knowledge-security") for r in cited)
    del store
    before = len(site.requests)
    again = rskg("fetch", "--tools", data_dir=data_dir)  # the linked tools are done: of the local ones, only the one not served is tried
    assert [path for _, path, _ in site.requests[before:]] == ["/robots.txt", "/tools/not-served"]
    assert again.returncode == 1 and "tools/not-served" in error_lines(again)  # (and the tools the fetched guidance names, elsewhere)


@pytest.mark.slow
def test_fetch_tools_links_a_tool_whose_address_redirects(site, tmp_path):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from ingest.settings import Settings
    from tests.conftest import G7

    data_dir = tmp_path / "data"
    reading = tmp_path / "reading-list.txt"
    reading.write_text(MOVED_READING_LIST.format(base=site.base))
    assert rskg("ingest", str(G7), str(reading), data_dir=data_dir).returncode == 0
    run = rskg("fetch", "--tools", data_dir=data_dir)
    added = {line.split()[2]: line for line in run.stdout.splitlines() if line.startswith("added ")}
    assert set(added) == {f"{site.base}{path}" for path in ("/tools/old-trusted-research", "/go/knowledge-security")}, run.stdout
    assert f"(now at {site.base}/nl/knowledge-security)" in added[f"{site.base}/go/knowledge-security"]
    rows = record(data_dir)
    assert rows[f"{site.base}/go/knowledge-security"]["redirects"] == [f"{site.base}/hop/knowledge-security"]

    store = graph.open_store(current_state(data_dir) / "graph")
    linked = graph.rows(
        store,
        """SELECT ?tool ?label ?doc ?source WHERE { ?tool a rskg:Tool ; skos:prefLabel ?label ; rskg:ingestedAs ?doc ;
             rskg:descriptionFrom "its own text" . ?doc dcterms:source ?source }""",
    )
    assert {(r["label"], r["source"]) for r in linked} == {
        ("Trusted Research Guidance for Academia", f"{site.base}/tools/trusted-research"),
        ("Knowledge Security Guidelines", f"{site.base}/nl/knowledge-security"),
    }
    cited = graph.rows(
        store,
        """SELECT DISTINCT ?label WHERE { ?link rskg:tool ?tool ; rskg:method/rdfs:label "tool-own-text" ; rskg:evidence ?clause .
             ?tool skos:prefLabel ?label ; rskg:ingestedAs ?doc . ?clause rskg:document ?doc }""",
    )
    assert {r["label"] for r in cited} <= {r["label"] for r in linked} and cited, "the crosswalk cites no tool's own text"
    del store
    ks = next(r for r in linked if r["label"] == "Knowledge Security Guidelines")
    with TestClient(create_app(Settings(data_dir=data_dir))) as client:
        page = client.get(ks["tool"].removeprefix("https://w3id.org/rskg"), headers={"Accept": "text/html"})
    assert page.status_code == 200
    own = re.search(r'<dt>Its own text</dt><dd><a class="own-text" href="([^"]+)">', page.text)
    assert own and own.group(1) == ks["doc"].removeprefix("https://w3id.org/rskg")


def test_addresses_are_matched_whatever_their_spelling():
    from ingest.links import address_key

    same = ["HTTPS://WWW.Example.org:443/Guide/#part-2", "http://example.org/guide", "https://example.org:443/guide/"]
    assert len({address_key(a) for a in same}) == 1
    assert address_key("http://example.org:8080/guide") != address_key("http://example.org/guide")  # another port: another site
    assert address_key("https://example.org/guide?page=2") != address_key("https://example.org/guide")


@pytest.mark.slow
def test_fetch_tools_of_a_jurisdiction_that_has_none_says_which_there_are(site, tmp_path):
    data_dir = tmp_path / "data"
    reading = tmp_path / "reading-list.txt"
    reading.write_text(READING_LIST.format(base=site.base))
    assert rskg("ingest", str(reading), data_dir=data_dir).returncode == 0
    run = rskg("fetch", "--tools", "--jurisdiction", "Atlantis", data_dir=data_dir)
    assert run.returncode == 1 and run.stderr.startswith("error: no tool of the graph is in 'Atlantis'")


def test_clause_diff_tells_added_removed_and_reworded_apart():
    from ingest.editions import diff_clauses

    before = ["Keep research open.", "Check partners before you sign.", "Report approaches to the contact point.", "Train staff."]
    after = ["Keep research open.", "Check every partner before you sign anything.", "Train staff.", "Review the policy each year."]
    changes = [(c.change, c.before, c.after) for c in diff_clauses(before, after)]
    assert changes == [
        ("reworded", "Check partners before you sign.", "Check every partner before you sign anything."),
        ("removed", "Report approaches to the contact point.", None),
        ("added", None, "Review the policy each year."),
    ]
    assert diff_clauses(before, before) == []


@pytest.fixture(scope="module")
def two_editions(site, tmp_path_factory):
    """A data directory holding the G7 guidance fetched twice, the second time changed, and a page fetched once."""
    data_dir = tmp_path_factory.mktemp("editions") / "data"
    first = rskg("fetch", f"{site.base}/g7", f"{site.base}/nl/knowledge-security", data_dir=data_dir)
    assert first.returncode == 0, first.stderr
    site.g7_edition = 2
    try:
        second = rskg("fetch", f"{site.base}/g7", data_dir=data_dir)
    finally:
        site.g7_edition = 1
    assert "changed      g7" in second.stdout, second.stdout + second.stderr
    return data_dir


def _app_client(data_dir: Path):
    from fastapi.testclient import TestClient

    from api.app import create_app
    from ingest.settings import Settings

    return TestClient(create_app(Settings(data_dir=data_dir, reload_interval=0)))


@pytest.mark.slow
def test_the_editions_page_shows_what_changed_side_by_side(two_editions, site):
    with _app_client(two_editions) as client:
        page = client.get("/id/doc/g7/editions", headers={"Accept": "text/html"})
        as_json = client.get("/id/doc/g7/editions", headers={"Accept": "application/json"}).json()
        assert client.get("/id/doc/g7/editions?format=json").json() == as_json
        document = client.get("/id/doc/g7", headers={"Accept": "text/html"}).text
        documents = client.get("/documents", headers={"Accept": "text/html"}).text
        one_edition = client.get("/id/doc/knowledge-security/editions", headers={"Accept": "application/json"})
        missing = client.get("/id/doc/no-such-document/editions", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert re.search(r"1 clause added, 1 removed, 1 reworded", page.text)
    reworded = re.search(r'<li id="change-\d+" class="change reworded">(.*?)</li>', page.text, re.S).group(1)
    before, after = re.search(r'<div class="before">(.*?)</div>\s*<div class="after">(.*?)</div>', reworded, re.S).groups()
    assert "<del>work is done,</del> " in before and "<ins>research begins,</ins> " in after  # the words that differ, marked
    assert re.sub(r"<[^>]+>", "", before).endswith(REWORDED[0] + " Their practices fall into two groups.")
    assert re.sub(r"<[^>]+>", "", after).endswith(REWORDED[1] + " Their practices fall into two groups.")
    removed = re.search(r'class="change removed">.*?<div class="before">(.*?)</div>', page.text, re.S).group(1)
    assert REMOVED_START in removed
    only_new = page.text.split("Only in the current edition", 1)[1].split("Only in the earlier edition", 1)
    assert "Knowledge Security Desk" in only_new[0] and "Research Security Centre" in only_new[1]
    assert re.search(r'href="(/id/concept/tool/[^"]+)">Knowledge Security Desk</a>', only_new[0])  # a concept of the graph: a link

    cli = json.loads(rskg("editions", f"{site.base}/g7", "--json", data_dir=two_editions).stdout)  # the same diff as `rskg editions`

    def changed(diff: dict) -> list[tuple]:
        return [(c["change"], c["before"], c["after"]) for c in diff["changes"]]

    assert changed(as_json) == changed(cli)
    assert {(c["change"], c["label"]) for c in cli["concepts"]} == {
        (c["change"], c["label"]) for c in as_json["concepts_added"] + as_json["concepts_removed"]
    }
    assert {c["label"] for c in as_json["concepts_removed"]} >= {"Research Security Centre", "Research Collaboration Advice Team"}
    assert as_json["before"]["sha256"] != as_json["after"]["sha256"] and as_json["counts"] == {"added": 1, "removed": 1, "reworded": 1}

    assert '<a class="editions" href="/id/doc/g7/editions">' in document
    assert documents.count('class="editions"') == 1  # linked from the documents page for the one document that has an earlier edition
    assert one_edition.status_code == 404 and "one edition only" in one_edition.json()["detail"]
    assert missing.status_code == 404 and "no document" in missing.text


@pytest.mark.slow
def test_search_answers_from_the_current_edition_unless_asked(two_editions):
    removed = "Canada's Research Security Centre and the U.K.'s Research Collaboration Advice Team"  # only the earlier edition says it
    with _app_client(two_editions) as client:
        current = client.get("/search", params={"q": removed, "k": 10}).json()
        every = client.get("/search", params={"q": removed, "k": 10, "editions": "all"}).json()
        as_csv = client.get("/search", params={"q": removed, "k": 3, "editions": "all", "format": "csv"}).text
        kept = "Funders are also asked to use consistent disclosure formats"  # both editions say it
        unchanged = client.get("/search", params={"q": kept, "editions": "all"}).json()
        described = client.get("/openapi.json").json()["paths"]["/search"]["get"]["parameters"]
    assert not any(removed in hit["text"] for hit in current["results"])  # by default: the current edition only
    assert all(hit["edition"] is None and "/edition/" not in hit["uri"] for hit in current["results"])
    first = every["results"][0]
    assert removed in first["text"] and first["document"]["id"] == "g7"
    assert first["edition"]["current"] is False and first["edition"]["uri"] in first["uri"]
    assert first["edition"]["date"] < first["edition"]["until"]  # the earlier edition's dates: fetched, then replaced
    current_hits = [hit for hit in every["results"] if hit["edition"]["current"]]
    assert current_hits and all("/edition/" not in hit["uri"] for hit in current_hits)
    assert next(h for h in current_hits if h["document"]["id"] == "g7")["edition"]["date"] == first["edition"]["until"]
    assert "earlier, of " in as_csv.splitlines()[1]
    texts = [hit["text"] for hit in unchanged["results"]]
    assert len(texts) == len(set(texts))  # a clause both editions have is found once, in the current edition
    (editions,) = [p for p in described if p["name"] == "editions"]
    assert "earlier editions" in editions["description"]
    cli = rskg("search", removed, "-k", "1", "--all-editions", data_dir=two_editions, COLUMNS="400")
    assert removed in cli.stdout and f"earlier edition, fetched {first['edition']['date']}" in cli.stdout
    assert removed not in rskg("search", removed, "-k", "3", data_dir=two_editions, COLUMNS="400").stdout


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_the_editions_page_in_a_browser(two_editions, width):
    from ingest.settings import Settings
    from tests.browser import browser_page
    from tests.liveserver import live_server
    from tests.test_web import serious_violations, shot

    settings = Settings(data_dir=two_editions, reload_interval=0)
    with live_server(settings) as url, browser_page(viewport={"width": width, "height": 900}) as page:
        page.goto(url + "/documents")
        page.get_by_role("link", name="what changed").click()
        page.wait_for_selector("ol.changes")
        assert page.locator("ol.changes > li").count() == 3
        assert page.locator(".change.reworded del").count() >= 1 and page.locator(".change.reworded ins").count() >= 1
        before, after = (page.locator(f".change.reworded .{side}").bounding_box() for side in ("before", "after"))
        if width > 640:  # side by side on a desktop, one above the other on a phone
            assert before["x"] < after["x"] and abs(before["y"] - after["y"]) < 5
        else:
            assert before["y"] < after["y"]
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert serious_violations(page) == []
        shot(page, f"12-editions-{width}")


@pytest.mark.slow
def test_depth_follows_the_links_of_a_page_politely(site, tmp_path):
    page = f"{site.base}/reading/links"

    def fetched_paths(*options: str, data_dir: Path, **settings: str) -> tuple[subprocess.CompletedProcess, list[str]]:
        before = len(site.requests)
        run = rskg("fetch", page, *options, data_dir=data_dir, **settings)
        return run, [path for _, path, _ in site.requests[before:]]

    run, paths = fetched_paths(data_dir=tmp_path / "only")  # depth 0, the default: the listed address only
    assert run.returncode == 0, run.stderr
    assert paths == ["/robots.txt", "/reading/links"] and len(documents(tmp_path / "only")) == 1

    run, paths = fetched_paths("--depth", "1", data_dir=tmp_path / "linked")
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(paths) == sorted(["/robots.txt", "/reading/links", "/docs/au-guidance", "/files/guide", "/picture"])
    assert "/private/secret.txt" not in paths and "/nl/knowledge-security" not in paths  # disallowed by robots.txt; on another host
    formats = sorted(d.format for d in documents(tmp_path / "linked").values())
    assert formats == ["docx", "html", "pdf"]
    skipped = [line for line in run.stdout.splitlines() if line.startswith("skipped")]
    assert len(skipped) == 2
    assert any("/private/secret.txt" in line and "robots.txt does not allow" in line for line in skipped)
    assert any("/picture" in line and "not a document rskg reads (image/png)" in line for line in skipped)
    rows = record(tmp_path / "linked")
    assert set(rows) == {page, f"{site.base}/docs/au-guidance", f"{site.base}/files/guide"}  # refresh fetches these again
    times = [at for at, _, _ in site.requests[-len(paths) :]]
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.19  # the delay between two requests holds for linked ones too

    run, paths = fetched_paths("--depth", "1", "--any-host", data_dir=tmp_path / "any", RSKG_FETCH_MAX_LINKED="1")
    assert run.returncode == 0, run.stderr
    assert paths == ["/robots.txt", "/reading/links", "/robots.txt", "/nl/knowledge-security"]  # the other host's robots.txt, its page
    assert "4 more linked addresses were not fetched (RSKG_FETCH_MAX_LINKED)" in run.stderr
    assert len(documents(tmp_path / "any")) == 2


def test_links_of_a_page_are_resolved_and_cleaned(tmp_path):
    from ingest.fetch import links_of

    page = tmp_path / "page.html"
    page.write_text(
        '<html><head><base href="/guides/"></head><body><a href="a.pdf#p2">A</a> <a href="https://other.example/b">B</a>'
        '<a href="mailto:x@example.org">mail</a> <a href="/logo.png">logo</a> <a href="a.pdf">again</a><a>none</a></body></html>'
    )
    assert links_of(page, "https://example.org/start/page") == ["https://example.org/guides/a.pdf", "https://other.example/b"]


def test_editions_of_an_address_never_fetched_is_one_line(tmp_path):
    run = rskg("editions", "https://example.org/never", data_dir=tmp_path / "data")
    assert run.returncode == 1 and run.stderr.startswith("error: https://example.org/never was never fetched")


def _self_signed_certificate(folder: Path, host: str) -> tuple[Path, Path]:
    """A certificate for ``host`` only, and its key, made with the cryptography package (no openssl command needed)."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture(scope="module")
def tls_site(tmp_path_factory):
    """The same kind of server over TLS, with a certificate for 'localhost' only: (its port, the certificate)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = _self_signed_certificate(folder, "localhost")
    handler = type("TlsHandler", (Handler,), {"site": Site()})
    server = ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], cert
    server.shutdown()
    server.server_close()


def test_https_is_verified_against_the_host_name_though_the_checked_address_is_dialled(tls_site, tmp_path):
    from ingest.fetch import FetchError, PoliteClient
    from ingest.settings import Settings

    port, cert = tls_site
    client = PoliteClient(Settings(fetch_allow_loopback=True, fetch_delay=0), verify=ssl.create_default_context(cafile=str(cert)))
    try:
        download = client.download(f"https://localhost:{port}/g7", tmp_path)
        assert download.format == "txt" and download.path.read_bytes() == G7_TEXT.read_bytes()
        with pytest.raises(FetchError, match="certificate verify failed"):  # the certificate names localhost, not 127.0.0.1
            client.download(f"https://127.0.0.1:{port}/g7", tmp_path)
    finally:
        client.close()
    with pytest.raises(FetchError, match="certificate verify failed"):  # and an authority the system does not trust is refused
        PoliteClient(Settings(fetch_allow_loopback=True, fetch_delay=0)).download(f"https://localhost:{port}/g7", tmp_path)
