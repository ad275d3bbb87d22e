"""A table whose first column groups rows ("Quantum science" spanning three technologies) reads as whole rows in
every format it comes in: the grouping cell is read again in each row it spans, as a reader sees it beside them.
The fixtures are one HTML page (tests/fixtures/spans/make.py) printed by Chromium and converted by LibreOffice."""

import pytest

from ingest.parse import BlockKind, parse
from ingest.pipeline import read_document
from tests.conftest import PROJECT_ROOT

SPANS = PROJECT_ROOT / "tests" / "fixtures" / "spans"
FORMATS = ["technology-review.html", "technology-review.chromium.pdf", "technology-review.docx", "technology-review.odt"]


def rows(path) -> list[list[str]]:
    return [[c.strip() for c in b.text.split(" | ")] for b in parse(path).blocks if b.kind is BlockKind.PARAGRAPH and " | " in b.text]


@pytest.mark.parametrize("name", FORMATS)
def test_a_cell_spanning_rows_is_read_in_each_row_it_spans(name):
    found = rows(SPANS / name)
    assert found[0] == ["Area", "Technology", "What the office checks"]
    assert ["Quantum science", "Quantum sensing", "Navigation uses without satellite signals"] in found
    assert ["Quantum science", "Post-quantum cryptography", "Whether keys or code leave the project"] in found
    assert ["Biotechnology", "Neurotechnology", "Links to state security agencies"] in found
    assert ["Space technology", "Small satellite propulsion", "Export licence for components"] in found
    assert {len(row) for row in found} == {3}  # no row loses its first column, none is glued to the one above


@pytest.mark.parametrize("name", ["technology-review.html", "technology-review.chromium.pdf"])
def test_technologies_grouped_by_a_spanning_cell_have_it_as_their_broader_area(name):
    _, _, _, concepts = read_document(SPANS / name, doc_id="spans")
    broader = {c.label: c.extra.get("broader") for c in concepts if c.scheme == "technology-area"}
    assert broader["Quantum sensing"] == "Quantum science"
    assert broader["Post-quantum cryptography"] == "Quantum science"
    assert broader["High-entropy alloys"] == "Advanced materials"
    assert broader["Neurotechnology"] == "Biotechnology"
    assert broader["Quantum science"] is None
