"""The producer matrix: the same documents printed by headless Chromium (plain, with its own
header/footer, with CSS running header/footer and two columns), LibreOffice (ODT and DOCX), pdflatex,
lualatex and reportlab read back as their source texts say (tests/fixtures/producers/, made by
``python -m tests.fixtures.producers.make``; measures in tests/pdfquality.py; figures by
``python -m bench.pdf``).

The first tests check the measures themselves: they flag planted damage and nothing in clean text.
"""

from functools import cache

import pytest

from ingest.clauses import build_clauses
from ingest.parse import parse
from tests.pdfquality import (
    MD_MARK,
    body_sentences,
    broken_tokens,
    entries,
    furniture_strings,
    leaked_furniture,
    letter_spaced,
    measure,
    read_source,
    sentences_missing,
)

ENTRIES = entries()
PRODUCERS = sorted({e.producer for e in ENTRIES if not e.holdout})
HOLDOUT = sorted({e.producer for e in ENTRIES if e.holdout})
MIN_INTACT = 0.98


@cache
def qualities(producer: str, holdout: bool = False):
    return [measure(e) for e in ENTRIES if e.producer == producer and e.holdout == holdout]


@cache
def source(path):
    return read_source(path)


# The measures


@pytest.mark.parametrize("entry", list({e.source: e for e in ENTRIES}.values()), ids=lambda e: e.source.name)
def test_the_source_text_read_by_rskg_passes_every_measure(entry):
    """The source itself, parsed as text: every sentence intact, nothing broken, no furniture."""
    text = source(entry.source)
    _, clauses = build_clauses("source", parse(entry.source))
    texts = [MD_MARK.sub("", c.text) for c in clauses]  # the text reader keeps [^1] marks; a PDF has superscripts
    assert not sentences_missing(body_sentences(entry.source), texts)
    everything = " ".join(texts)
    assert letter_spaced(everything, text) == []
    assert broken_tokens(everything, text) == ([], [], [])
    for other in ENTRIES:  # the furniture of every producer, on clean text
        strings, numbers = furniture_strings(other)
        assert [leak for t in texts for leak in leaked_furniture(t, strings, text, numbers, 1)] == []


def test_planted_damage_is_flagged():
    g7 = next(e for e in ENTRIES if e.source.name.startswith("000_"))
    text = source(g7.source)
    sentence = "The G7 members envision the continuation of a collaborative research system where the importance of all talent"
    assert letter_spaced("S c i e n t i s t s and their partners", text) == ["S c i e n t i s t s"]
    split, doubled, glued = broken_tokens("the r esear ch of speci fi c partners. Va Values must not misappropria tion", text)
    assert split == ["r esear ch", "speci fi c", "misappropria tion"]
    assert doubled == ["va values"]
    split, doubled, glued = broken_tokens("a betterequipped and cyberattacks", text)
    assert glued == ["betterequipped", "cyberattacks"]
    assert sentences_missing([sentence + "."], [sentence.replace("research", "re search") + "."]) == [sentence + "."]


def test_planted_furniture_is_flagged_and_the_same_words_in_the_text_are_not():
    headerfooter = next(e for e in ENTRIES if e.producer == "chromium-headerfooter" and e.source.name.startswith("000_"))
    text = source(headerfooter.source)
    strings, numbers = furniture_strings(headerfooter)
    date, title, url = headerfooter.furniture
    clean = "Openness and security are not contradictory but complementary and mutually reinforcing."
    assert leaked_furniture(clean, strings, text) == []
    assert leaked_furniture(f"Openness and security are not {url} 3/13 contradictory", strings, text)
    assert leaked_furniture(f"{clean} {date} {title}", strings, text)
    assert leaked_furniture(f"{title} 4/{headerfooter.pages}", strings, text)
    assert leaked_furniture(title, strings, text) == []  # the title as the document's own heading
    reportlab = next(e for e in ENTRIES if e.producer == "reportlab" and e.source.name.startswith("000_"))
    strings, numbers = furniture_strings(reportlab)
    assert leaked_furniture(f"{clean} 4", strings, text, numbers, page=4)
    assert leaked_furniture(f"{clean} 4", strings, text, numbers, page=9) == []  # not that page's number


@pytest.mark.parametrize(
    "entry", [e for e in ENTRIES if e.furniture or e.page_label], ids=lambda e: str(e.path.relative_to(e.path.parents[1]))
)
def test_the_furniture_the_manifest_names_is_printed_and_a_reader_that_keeps_whole_pages_leaks_it(entry):
    """The manifest is right about each PDF (its strings are on the page, as pdfium reads it), and
    the measure catches them when a reader keeps the page's running lines."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(entry.path))
    pages = [" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
    for string in entry.furniture:
        assert string.rstrip(" …") in pages[1], string
    strings, numbers = furniture_strings(entry)
    assert leaked_furniture(pages[1], strings, source(entry.source), numbers, page=2)


# The matrix


def test_the_intact_check_finds_a_sentence_a_reader_split_or_letter_spaced():
    """The measure the matrix is held to can fail: a sentence cut across clauses, or letter-spaced, is missing."""
    from tests.pdfquality import sentences_missing

    sentence = "Researchers assess the risks of each partnership before they sign an agreement."
    assert sentences_missing([sentence], [sentence]) == []
    assert sentences_missing([sentence], ["Researchers assess the risks of each", "partnership before they sign an agreement."]) == [
        sentence
    ]
    assert sentences_missing([sentence], [" ".join(sentence)]) == [sentence]


@pytest.mark.parametrize("producer", PRODUCERS)
def test_at_least_98_percent_of_distinctive_sentences_are_intact_in_one_clause(producer):
    found = qualities(producer)
    sentences = sum(q.sentences for q in found)
    missing = [(q.entry.path.name, s) for q in found for s in q.missing]
    assert sentences >= 80
    assert len(missing) <= (1 - MIN_INTACT) * sentences, missing[:10]


@pytest.mark.parametrize("producer", PRODUCERS)
def test_no_letter_spaced_split_or_doubled_tokens_and_at_most_one_glued_compound(producer):
    broken = [
        (q.entry.path.name, kind, t)
        for q in qualities(producer)
        for kind in ("letter_spaced", "split", "doubled")
        for t in getattr(q, kind)
    ]
    assert broken == [], broken[:10]
    # A producer that hyphenates (LaTeX) prints "supra-|national" the same whether the writer wrote the
    # hyphen or the typesetter did, and both spellings are words: one such guess may go either way.
    glued = [(q.entry.path.name, t) for q in qualities(producer) for t in q.glued]
    assert len(glued) <= 1, glued


@pytest.mark.parametrize("producer", PRODUCERS)
def test_no_running_header_footer_or_page_label_inside_a_clause(producer):
    leaks = [(q.entry.path.name, leak) for q in qualities(producer) for leak in q.furniture]
    assert leaks == [], leaks[:10]


# The hold-out: PDFs the parser was never tuned on, held to the same bars


@pytest.mark.parametrize("producer", HOLDOUT)
def test_holdout_reads_as_well_as_the_matrix(producer):
    found = qualities(producer, holdout=True)
    sentences = sum(q.sentences for q in found)
    missing = [s for q in found for s in q.missing]
    assert sentences >= 15
    assert len(missing) <= (1 - MIN_INTACT) * sentences, missing
    assert [t for q in found for kind in ("letter_spaced", "split", "doubled", "glued") for t in getattr(q, kind)] == []
    assert [leak for q in found for leak in q.furniture] == []
