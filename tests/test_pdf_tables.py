"""Ruled tables in PDFs come out one paragraph a row, cells joined by " | ", whatever the producer:
a cell that wraps over several lines stays one cell, a bold header cell is no heading, a header the
producer prints again after a page break is read once, and a row cut by the break is one row."""

from ingest.parse import BlockKind, parse
from tests.conftest import PROJECT_ROOT

CONCEPTS = PROJECT_ROOT / "tests" / "fixtures" / "concepts"
CHROMIUM = CONCEPTS / "holdout2" / "dk-uris-guidelines.pdf"  # headless Chromium, an HTML <table> over two pages
LIBREOFFICE_FORM = CONCEPTS / "dev" / "ca-risk-assessment-form.libreoffice.pdf"  # LibreOffice Writer, a row cut by a page break
LIBREOFFICE_DOCX = CONCEPTS / "holdout2" / "eu-foreign-interference.pdf"  # a Word table printed by LibreOffice


def rows(path) -> list[list[str]]:
    return [[cell.strip() for cell in b.text.split(" | ")] for b in parse(path).blocks if b.kind is BlockKind.PARAGRAPH and " | " in b.text]


def test_wrapped_cells_stay_whole_and_each_row_is_one_paragraph():
    found = rows(CHROMIUM)
    principles = [row for row in found if len(row) == 3 and row[0] not in ("Principle", "Resource") and not row[2].startswith("http")]
    assert [row[0] for row in principles] == [
        "Openness as the starting point",
        "Institutional responsibility",
        "Risk-based assessment",
        "Awareness among researchers",
        "Knowledge sharing across the sector",
    ]
    assert principles[2][1] == (
        "Effort follows risk: most cooperation needs no more than ordinary care, a small part needs close scrutiny."
    )


def test_a_header_repeated_after_a_page_break_is_read_once_and_is_no_heading():
    document = parse(CHROMIUM)
    assert [row for row in rows(CHROMIUM) if row[0] == "Principle"] == [["Principle", "What it means", "What institutions do"]]
    assert not [h.text for h in document.headings() if "institutions do" in h.text]


def test_an_address_wrapped_in_a_narrow_cell_is_whole():
    addresses = [row[2] for row in rows(CHROMIUM) if len(row) == 3 and row[2].startswith("https://")]
    assert "https://medarbejdere.au.dk/en/administration/research-support-and-collaboration/uris" in addresses
    assert all(" " not in address for address in addresses)


def test_a_row_cut_by_a_page_break_is_one_row():
    found = rows(LIBREOFFICE_FORM)
    assert ["Ownership or direction by a foreign government or military", "☐", "☐"] in found
    assert not [row for row in found if row[0].startswith("government")]


def test_a_word_table_printed_by_libreoffice_keeps_its_three_columns():
    found = rows(LIBREOFFICE_DOCX)
    assert found[0] == ["Area", "Indicator", "Question to ask"]
    assert ["Cybersecurity", "Unusual access to research servers from abroad", "Are logs reviewed, and by whom?"] in found
    assert len({len(row) for row in found}) == 1


def test_a_bold_run_in_head_is_set_off_from_its_definition():
    """A description list typeset by lualatex: the term in bold, its definition in regular type on the same line."""
    paragraphs = [b.text for b in parse(CONCEPTS / "holdout3" / "jp-research-integrity.pdf").blocks if b.kind is BlockKind.PARAGRAPH]
    assert any(p.startswith("Freedom and openness: Research advances") for p in paragraphs)
    assert any(p.startswith("Autonomy of the research community: Researchers") for p in paragraphs)
    # words in bold inside a sentence are emphasis, not a head
    eu = [b.text for b in parse(LIBREOFFICE_DOCX).blocks if b.kind is BlockKind.PARAGRAPH]
    assert any(p.startswith("Institutions should take a whole-of-institution approach, in which") for p in eu)


def test_a_paragraph_after_a_list_is_not_taken_into_its_last_item():
    """reportlab sets the paragraph after a list with little space above it; its first line stands at the bullets'
    edge, where an item's own wrapped lines never do."""
    blocks = parse(CONCEPTS / "holdout3" / "eu-critical-technologies.pdf").blocks
    last = next(b for b in blocks if b.text.startswith("Weaponisation of economic dependencies"))
    assert last.kind is BlockKind.LIST_ITEM and last.text == "Weaponisation of economic dependencies or economic coercion"
    after = blocks[blocks.index(last) + 1]
    assert after.kind is BlockKind.PARAGRAPH and after.text.startswith("The Recommendation of October 2023")


# Tables set without rules: a gutter of white down every line, crossed by the file row by row.
PDFLATEX_UNRULED = CONCEPTS / "holdout11" / "es-research-security-guide.pdf"  # tabular with \hline only, p{} columns
CHROMIUM_BORDERLESS = CONCEPTS / "holdout10" / "us-cogr-global-engagements.pdf"  # an HTML <table> with no borders
LIBREOFFICE_TWO_COLUMNS = CONCEPTS / "holdout11" / "ee-research-security-guidelines.pdf"  # a two-column page with bullets


def test_a_table_without_rules_reads_as_rows_of_whole_cells():
    found = rows(PDFLATEX_UNRULED)
    assert ["Area", "Technologies"] in found
    # the first cell wraps over three lines, the second over two: one row
    assert [
        "Advanced semiconductor technologies",
        "Microelectronics; photonics; high-frequency chips; semiconductor manufacturing equipment",
    ] in found
    assert ["Advanced materials", "Nanomaterials; smart materials; advanced recycling technologies"] in found  # "re-|cycling" mended
    assert ["Space and propulsion", "Satellite communications; positioning, navigation and timing; hypersonic propulsion"] in found


def test_a_borderless_html_table_printed_by_chromium_keeps_its_rows():
    found = rows(CHROMIUM_BORDERLESS)
    assert found[0] == ["Principle", "What it asks of the institution"]
    assert [row[0] for row in found[1:6]] == [
        "Full and timely disclosure",
        "Risk-based review",
        "Non-discrimination",
        "Consistency and documentation",
        "Institutional commitment first",
    ]


def test_columns_of_a_page_and_numbered_paragraphs_are_no_table():
    two_columns = parse(LIBREOFFICE_TWO_COLUMNS).blocks
    assert not [b.text for b in two_columns if " | " in b.text]
    item = next(b for b in two_columns if b.text.startswith("dependence on a single foreign"))
    assert item.kind is BlockKind.LIST_ITEM and item.text == "dependence on a single foreign funder or supplier of equipment;"
    numbered = parse(CONCEPTS / "holdout4" / "eu-council-research-security.pdf").blocks
    assert not [b.text for b in numbered if " | " in b.text and b.text[:1].isdigit()]
