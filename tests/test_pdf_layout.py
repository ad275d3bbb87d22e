"""PDFs as ministries typeset them, read as a person reads them.

The fixtures in tests/fixtures/latex/ are the seed texts typeset with LaTeX
(tests/fixtures/make_latex_pdfs.py): running header and "Page N" footer,
justified and hyphenated text, footnotes, a two-column section and a table.
"""

import re
import unicodedata

import pypdfium2 as pdfium
import pytest

from ingest.clauses import SENTENCE_END, build_clauses
from ingest.parse import parse
from ingest.parse.text import BULLET, FOOTNOTE, clean_inline, read_text
from tests.conftest import CORPUS, PROJECT_ROOT

LATEX = PROJECT_ROOT / "tests" / "fixtures" / "latex"
G7_PDF = LATEX / "000_1ca7f78fd2aefb61.pdf"
WORKSHOP_PDF = LATEX / "001_7074dd3c33786a85.pdf"


def norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def body_sentences(source, n: int) -> list[str]:
    """``n`` distinctive body sentences of a seed text, spread over the whole document."""
    sentences = []
    for block in re.split(r"\n\s*\n", read_text(source)):
        block = block.strip()
        if not block or FOOTNOTE.match(block) or BULLET.match(block) or "\t" in block:
            continue
        for sentence in SENTENCE_END.split(clean_inline(block.replace("\n", " "))):
            if 80 <= len(sentence) <= 260 and "http" not in sentence and sentence.endswith((".", "?", "!", ":", ";")):
                sentences.append(sentence)
    step = max(1, len(sentences) // n)
    return sentences[::step][:n]


@pytest.fixture(scope="module")
def clauses():
    return {pdf.stem: build_clauses(pdf.stem, parse(pdf))[1] for pdf in sorted(LATEX.glob("*.pdf"))}


def test_at_least_98_percent_of_40_body_sentences_are_intact_in_one_clause(clauses):
    sample = [(s, "000_1ca7f78fd2aefb61") for s in body_sentences(CORPUS / "000_1ca7f78fd2aefb61.txt", 20)]
    sample += [(s, "001_7074dd3c33786a85") for s in body_sentences(CORPUS / "001_7074dd3c33786a85.txt", 20)]
    assert len(sample) == 40
    texts = {stem: [norm(c.text) for c in found] for stem, found in clauses.items()}
    missing = [s for s, stem in sample if not any(norm(s) in t for t in texts[stem])]
    assert len(missing) / len(sample) <= 0.02, missing


def test_no_running_header_footer_or_page_number_inside_a_clause(clauses):
    for stem, found in clauses.items():
        for clause in found:
            assert not re.search(r"\bPage \d+\b", clause.text), (stem, clause.text[:80])
            assert "Research security\n" not in clause.text and not clause.text.endswith("Research security")


def test_hyphenated_line_ends_are_joined_and_compounds_kept(clauses):
    g7 = " ".join(c.text for c in clauses["000_1ca7f78fd2aefb61"])
    assert "under which it flourishes. Our governments have the right" in g7  # "govern-|ments" at a line end
    assert "cyber-attacks" in g7
    assert not re.search(r"\b(govern ments|indepen dence|misappro priat)", g7)


def test_sentences_cross_page_and_column_breaks(clauses):
    g7 = " ".join(c.text for c in clauses["000_1ca7f78fd2aefb61"])
    assert "controls might be placed around novel technologies for security, ethical, or commercial interests" in g7
    two_column = next(c for c in clauses["000_1ca7f78fd2aefb61"] if c.text.startswith("Compounding this"))
    assert "an increase in suspicion and mistrust" in two_column.text


def test_footnotes_are_separated_and_marks_not_glued_to_words():
    workshop = parse(WORKSHOP_PDF)
    assert workshop.footnotes["2"].startswith("https://www.nsf.gov/news/special_reports/jasonsecurity/")
    assert workshop.footnotes["5"].startswith("JASON Report on Fundamental Research Security (2019)")
    body = " ".join(b.text for b in workshop.blocks if b.kind.value != "footnote")
    assert "JASON Report on Fundamental Security which highlighted" in body
    assert not re.search(r"Security ?2 which", body)


def test_tables_keep_their_rows(clauses):
    rows = [c.text for c in clauses["001_7074dd3c33786a85"] if c.text.startswith("14:20 – 14:30")]
    assert rows and "Coffee break and switch to second breakout session" in rows[0]


def test_title_and_page_of_each_clause():
    g7 = parse(G7_PDF)
    assert g7.title == "G7 Common Values and Principles on Research Security and Research Integrity"
    _, found = build_clauses("g7", g7)
    assert {c.page for c in found} == set(range(1, g7.page_count + 1))
    document = pdfium.PdfDocument(str(G7_PDF))
    for start in ("Risk Proportionality", "Compounding this", "Personnel: Some parties"):
        clause = next(c for c in found if c.text.startswith(start))
        page_text = document[clause.page - 1].get_textpage().get_text_range()
        assert start in page_text, f"{start!r} is not on page {clause.page}"


def test_a_line_end_hyphen_is_kept_only_where_the_document_writes_the_word_with_one():
    from ingest.parse.pdf import _mend_hyphens

    # pdfium writes \x02 in place of a hyphen at a line break
    text = "ransomware and other cyber\x02\nattacks on intel\x02\nlectual property.\n\nMore cyber-attacks follow.\n"
    mended, starts = _mend_hyphens(text, [0])
    assert "other cyber-attacks on intellectual property." in mended
    assert starts == [0]
