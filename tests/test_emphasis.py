"""Words set in bold inside a sentence reach the extraction readers, from every format that has bold, and
become concepts when the sentence says what they are."""

import pytest

from ingest.extract import emphasis
from ingest.parse import BlockKind, parse
from tests.conftest import PROJECT_ROOT
from tests.test_extract_readers import _source_of_path, labels

HOLDOUT2 = PROJECT_ROOT / "tests" / "fixtures" / "concepts" / "holdout2"


@pytest.mark.parametrize(
    "path",
    [HOLDOUT2 / "src" / "eu-foreign-interference.docx", HOLDOUT2 / "eu-foreign-interference.pdf"],
    ids=["docx", "libreoffice-pdf"],
)
def test_bold_words_inside_a_paragraph_are_kept_and_the_text_is_clean(path):
    document = parse(path)
    assert "\ue000" not in document.text and "\ue001" not in document.text
    values = next(b for b in document.blocks if b.text.startswith("The toolkit exists to help institutions protect the values"))
    assert values.kind is BlockKind.PARAGRAPH
    named = [part for phrase in values.emphasis for part in phrase.split(", ")]
    assert named == ["academic freedom", "integrity", "institutional autonomy", "freedom of speech"]
    # a bold phrase wrapped over two lines of the PDF is still one phrase, without its comma
    proportionality = next(b for b in document.blocks if b.text.startswith("Institutions should seek a balance"))
    assert proportionality.emphasis == ("balance between risk reduction and resilience",)


def test_a_page_in_bold_is_not_emphasis_but_its_headings_and_sentences_are_read(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><h1><strong>Research security</strong></h1>"
        "<p><b>All of this paragraph is in bold.</b></p>"
        "<p>Our work rests on shared values: <strong>academic freedom</strong>, <b>openness</b> and <strong>integrity</strong>. "
        "It also names <strong>espionage</strong> and <strong>coercion</strong> as the threats to watch.</p>"
        "<p>The office speaks of <strong>dual-use research</strong> when its results could also serve other ends.</p></body></html>"
    )
    document = parse(page)
    assert document.title == "Research security"
    assert [b.emphasis for b in document.blocks if b.emphasis] == [
        ("academic freedom", "openness", "integrity", "espionage", "coercion"),
        ("dual-use research",),
    ]
    found = emphasis.read(_source_of_path(page))
    assert labels(found, "value") == {"Academic freedom", "Openness", "Integrity"}
    assert labels(found, "risk-area") == {"Espionage", "Coercion"}
    assert not [c for c in found if c.label == "Dual-use research"]  # nothing says what it is


def test_bold_lead_ins_of_a_writer_document_are_emphasis_as_in_word_and_the_text_is_clean():
    # Writer sets a bold lead-in with an automatic text style ("T1": fo:font-weight="bold") on a span
    document = parse(PROJECT_ROOT / "tests" / "fixtures" / "concepts" / "holdout21" / "hr-unizg-knowledge-security-guidance.odt")
    assert "\ue000" not in document.text and "\ue001" not in document.text
    leads = [b.emphasis for b in document.blocks if b.text.startswith(("Trust, but verify.", "No blanket bans."))]
    assert leads == [("Trust, but verify",), ("No blanket bans",)]
