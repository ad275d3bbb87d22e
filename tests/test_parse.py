"""Parsing each format into the document model, on real files."""

import re

import pytest
from pypdf.generic import NameObject, TextStringObject

from ingest.errors import IngestError
from ingest.parse import BlockKind, parse
from tests.conftest import G7, TRUSTED_RESEARCH
from tests.pdfmaker import image_only_pdf, text_to_pdf

HTML_PAGE = """<!doctype html>
<html><head><title>Trusted Research | Research Services</title></head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<div id="cookie-banner">We use cookies. <button>Accept all cookies</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/research">Research</a></li></ul></nav></header>
<main id="main">
  <h1>Trusted Research</h1>
  <h2>A note on export control</h2>
  <p>Export control applies equally to the academic community as to any other exporter.</p>
  <p>The following routine academic activities could be covered by export control:</p>
  <ul><li>International collaboration</li><li>Teaching</li></ul>
  <h3>Checklists</h3>
  <p>See the <a href="https://www.npsa.gov.uk/trusted-research-academia">Trusted Research guidance for academia</a> before you start.</p>
</main>
<footer><p>© University. Privacy policy. Accessibility statement.</p></footer>
</body></html>
"""


def texts(doc, kind):
    return [b.text for b in doc.blocks if b.kind is kind]


def test_text_finds_title_headings_lists_and_footnotes():
    doc = parse(G7)
    assert doc.title == "G7 Common Values and Principles on Research Security and Research Integrity"
    headings = texts(doc, BlockKind.HEADING)
    assert "G7 Principles of Research Security" in headings
    assert doc.headings()[0].level == 1 and doc.headings()[1].level == 2
    items = texts(doc, BlockKind.LIST_ITEM)
    assert any(i.startswith("Risk Proportionality: Research safeguards") for i in items), "bold lead-in kept as text, markup gone"
    assert doc.footnotes["1"].startswith("This Paper has been developed within the Sub-Working Group")
    assert all("¹" not in b.text for b in doc.blocks), "footnote marks are not glued to words"


def test_text_mends_a_sentence_broken_by_a_page_break():
    doc = parse(G7)
    body = " ".join(texts(doc, BlockKind.PARAGRAPH))
    assert "will not look to identify a comprehensive list of sensitive technologies" in body
    assert "or controls might be placed around novel technologies for security" in body


def test_text_offsets_point_into_the_source():
    doc = parse(TRUSTED_RESEARCH)
    block = next(b for b in doc.blocks if b.text.startswith("The following routine academic activities"))
    assert doc.text[block.start : block.end].startswith("The following routine academic activities")


def test_text_drops_navigation_boilerplate():
    doc = parse(TRUSTED_RESEARCH)
    assert all("skip to main content" not in b.text.lower() for b in doc.blocks)
    assert doc.title == "Trusted Research"


def test_html_keeps_main_content_structure_and_link_targets(tmp_path):
    page = tmp_path / "trusted.html"
    page.write_text(HTML_PAGE)
    doc = parse(page)
    all_text = " ".join(b.text for b in doc.blocks)
    assert doc.title == "Trusted Research"
    assert {"Trusted Research", "A note on export control", "Checklists"} <= set(texts(doc, BlockKind.HEADING))
    assert [h.level for h in doc.headings()] == [1, 2, 3]
    assert texts(doc, BlockKind.LIST_ITEM) == ["International collaboration", "Teaching"]
    assert "Trusted Research guidance for academia (https://www.npsa.gov.uk/trusted-research-academia) before" in all_text
    for chrome in ("cookies", "Skip to main content", "Privacy policy", "Home"):
        assert chrome not in all_text


def test_pdf_has_pages_and_no_running_header_or_page_numbers(g7_pdf):
    doc = parse(g7_pdf)
    assert doc.format == "pdf" and doc.page_count >= 5
    assert doc.title.startswith("G7 Common Values and Principles")
    assert all("G7 SIGRE | Common Values" not in b.text for b in doc.blocks)
    assert all(not b.text.strip().isdigit() for b in doc.blocks)
    pages = {b.page for b in doc.blocks}
    assert pages == set(range(1, doc.page_count + 1))
    risk = next(b for b in doc.blocks if b.text.startswith("Risk Proportionality"))
    assert risk.kind is BlockKind.LIST_ITEM and risk.page > 1


def test_pdf_mends_sentences_across_pages(g7_pdf):
    body = " ".join(b.text for b in parse(g7_pdf).blocks)
    assert "Openness and security are not contradictory but complementary and mutually reinforcing." in body


def test_pdf_uses_metadata_title_unless_it_is_a_file_name(tmp_path):
    titled = text_to_pdf(G7, tmp_path / "a.pdf", header="G7 SIGRE", title="G7 Common Values and Principles (2022)")
    named = text_to_pdf(G7, tmp_path / "b.pdf", header="G7 SIGRE", title="g7_principles_v3_final.docx")
    assert parse(titled).title == "G7 Common Values and Principles (2022)"
    assert parse(named).title == "G7 Common Values and Principles on Research Security and Research Integrity"


@pytest.mark.parametrize(
    "make, problem",
    [
        (lambda d: ((d / "empty.txt").write_bytes(b"") and None) or d / "empty.txt", "empty"),
        (lambda d: ((d / "blank.pdf").write_bytes(b"") and None) or d / "blank.pdf", "empty"),
        (lambda d: _write(d / "page.pdf", b"<!DOCTYPE html><html><body><p>Hi</p></body></html>"), "not a PDF (the file holds HTML)"),
        (lambda d: _truncated(d), "truncated PDF"),
        (lambda d: text_to_pdf(TRUSTED_RESEARCH, d / "locked.pdf", encrypt="s3cret"), "encrypted PDF"),
        (lambda d: image_only_pdf(d / "scan.pdf"), "no text layer"),
        (lambda d: _write(d / "notes.docx", b"PK\x03\x04"), "not a readable Word document (.docx) (damaged zip"),
        (lambda d: _write(d / "sheet.xlsx", b"PK\x03\x04"), "unsupported file type .xlsx"),
    ],
    ids=["empty-txt", "empty-pdf", "html-named-pdf", "truncated-pdf", "encrypted-pdf", "scanned-pdf", "docx", "xlsx"],
)
def test_unreadable_files_say_what_is_wrong(tmp_path, make, problem):
    path = make(tmp_path)
    with pytest.raises(IngestError) as caught:
        parse(path)
    assert caught.value.path == path
    assert problem in caught.value.problem
    assert "\n" not in str(caught.value)


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def _truncated(folder):
    whole = text_to_pdf(G7, folder / "whole.pdf").read_bytes()
    return _write(folder / "truncated.pdf", whole[: len(whole) // 2])


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_an_encrypted_pdf_opens_with_its_password(tmp_path, algorithm):
    from pypdf import PdfWriter

    from ingest.parse import ReadOptions

    writer = PdfWriter(clone_from=text_to_pdf(TRUSTED_RESEARCH, tmp_path / "open.pdf"))
    writer.encrypt("s3cret", algorithm=algorithm)  # AES needs the cryptography package, as real encrypted PDFs do
    writer.write(locked := tmp_path / "locked.pdf")
    with pytest.raises(IngestError, match="give its password with --password"):
        parse(locked)
    with pytest.raises(IngestError, match="that password does not open it"):
        parse(locked, ReadOptions(password="wrong"))
    doc = parse(locked, ReadOptions(password="s3cret"))
    assert any("routine academic activities" in b.text for b in doc.blocks)


def test_limits_on_file_size_and_pages_say_which_setting_to_raise(g7_pdf):
    from ingest.parse import ReadOptions

    with pytest.raises(IngestError, match=r"over the 3 page limit; raise RSKG_MAX_PAGES"):
        parse(g7_pdf, ReadOptions(max_pages=3))
    with pytest.raises(IngestError, match=r"MiB limit; raise RSKG_MAX_FILE_MB"):
        parse(g7_pdf, ReadOptions(max_bytes=1000))


def test_html_tables_keep_their_rows(tmp_path):
    page = tmp_path / "agenda.html"
    page.write_text(
        "<html><body><main><h1>Agenda</h1><table><tr><th>Time</th><th>Item</th></tr>"
        "<tr><td>13:00</td><td>Opening and welcome</td></tr><tr><td>13:05</td><td>Introduction to the workshop</td></tr>"
        "</table></main></body></html>"
    )
    rows = [b.text for b in parse(page).blocks]
    assert "13:00 | Opening and welcome" in rows and "13:05 | Introduction to the workshop" in rows


def _flip_streams(pdf, target, every: int):
    """Bit rot: flip bytes inside every ``every``-th stream of a real PDF."""
    raw = bytearray(pdf.read_bytes())
    starts = [m.end() for m in re.finditer(rb"stream\r?\n", raw)]
    for start in starts[::every]:
        for i in range(start + 20, start + 28):
            raw[i] ^= 0xFF
    target.write_bytes(raw)
    return target


def test_a_damaged_pdf_names_its_unreadable_pages_instead_of_dropping_text_silently(tmp_path, g7_pdf):
    whole = parse(g7_pdf)
    assert whole.damaged_pages == []
    damaged = parse(_flip_streams(g7_pdf, tmp_path / "rotten.pdf", every=5))
    assert damaged.damaged_pages, "flipped content streams must be noticed"
    assert set(damaged.damaged_pages) <= set(range(1, whole.page_count + 1))
    kept = {b.page for b in damaged.blocks}
    assert not kept & set(damaged.damaged_pages), "a damaged page's garbled text is not kept"
    with pytest.raises(IngestError, match=r"damaged PDF: no readable text \(pages? .*could not be read\)"):
        parse(_flip_streams(g7_pdf, tmp_path / "ruined.pdf", every=1))


def test_a_browser_printed_pdf_says_where_it_came_from_and_when_it_was_printed():
    from tests.pdfquality import entries

    printed = {e.path.name: e for e in entries() if e.producer == "chromium-headerfooter" and not e.holdout}
    australia = printed["au-foreign-interference.pdf"]
    date, title, address = australia.furniture
    found = parse(australia.path).metadata
    assert found["source"] == address
    month, day, year = (int(n) for n in date.split(",")[0].split("/"))
    assert found["date"] == f"{2000 + year:04d}-{month:02d}-{day:02d}"
    assert found["title"] == title
    # an address the browser cut short ("…") is no address
    assert "source" not in parse(printed["ca-research-partnerships.pdf"].path).metadata


def test_a_pdf_says_its_title_date_and_language_in_its_information_and_catalog(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=text_to_pdf(TRUSTED_RESEARCH, tmp_path / "plain.pdf"))
    writer.add_metadata({"/Title": "Trusted Research: what you need to know", "/CreationDate": "D:20230514120000Z"})
    writer._root_object[NameObject("/Lang")] = TextStringObject("en-GB")
    writer.write(tagged := tmp_path / "tagged.pdf")
    found = parse(tagged).metadata
    assert found["title"] == "Trusted Research: what you need to know"
    assert found["date"] == "2023-05-14"
    assert found["language"] == "en-GB"
