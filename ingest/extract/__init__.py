"""Concepts from document structure, read by small readers, one per shape guidance is written in.

Each reader is a module with ``read(source: Source) -> list[Concept]``: ``source`` holds one
document's blocks, with the addresses of links the text lost written back (``hrefs``), page
chrome removed (``chrome``) and numbered runs a PDF printed as one line split into items (``runs``),
and a locator from a block to its clause.
- ``definitions``: definition items ("Risk Proportionality: ...") and self-defining paragraphs;
- ``headings``: a heading naming a scheme, with sub-headings each followed by a paragraph;
- ``numbered``: sections that number their scheme ("Principle 1: Openness");
- ``sentences``: principles stated as a run of "should" clauses in prose;
- ``emphasis``: words in bold inside a sentence that says what they are ("the values: **A**, **B**");
- ``ordinals``: enumerations in prose ("three kinds of harm. The first is ...");
- ``lists``: lists introduced by what they hold, with technology hierarchies;
- ``tables``: table rows under a header that names the column's scheme;
- ``tools``: tools from addressed items, links, reading lists, footnotes and titles in prose;
- ``term_pairs``: terms and definitions as alternating paragraphs (a definition list saved or printed);
- ``counted``: principles stated one sentence each after a sentence that counts them;
- ``named``: values, principles and risks named inside sentences ("values, namely A, B and C"), a fallback;
- ``known_terms``: values enumerated in prose with the shared vocabulary of values (ontology/lexicon.ttl);
- ``coordinated``: values and principles named as a list inside a sentence, found with a dependency parser;
- ``mentioned``: a distinctive word of the vocabulary of values used in prose as a noun of its own ("cares about
  reciprocity"), a fallback;
- ``held``: principles stated as positions held ("We hold that A, and that B", "Our position is that ...");
- ``named_areas``: technology areas named inside sentences ("fields such as underwater technology"), a fallback;
- ``questions``: what a table or list of risk questions probes ("... | Misuse of research results");
- ``copular``: risks a sentence in a section on risks calls a risk ("A third risk is the loss of ...");
- ``controls``: what export control covers, enumerated in prose (activities);
- ``prose_links``: links inside running prose, titled by the phrase before the address;
- ``notes``: notes that give only an address, titled where the note is called;
- ``organisations``: organisations with and without acronyms.
Risk areas (scheme ``risk-area``) are then related to the G7 risk vectors (``vectors``).
"""

from ..parse.model import ParsedDocument
from ..records import ClauseRecord, Concept, DocumentRecord
from . import (
    controls,
    coordinated,
    copular,
    counted,
    definitions,
    emphasis,
    headings,
    held,
    known_terms,
    lists,
    mentioned,
    named,
    named_areas,
    notes,
    numbered,
    ordinals,
    organisations,
    prose_links,
    questions,
    sentences,
    tables,
    term_pairs,
    tools,
    vectors,
)
from .base import ClauseLocator, Source
from .chrome import is_chrome_label, without_chrome
from .hrefs import with_links
from .merge import addresses as all_addresses
from .merge import merge
from .runs import split_numbered_runs
from .tools import clean_tool_label

READERS = (
    definitions,
    term_pairs,
    headings,
    numbered,
    sentences,
    emphasis,
    named,
    known_terms,
    coordinated,
    mentioned,
    held,
    named_areas,
    ordinals,
    lists,
    tables,
    questions,
    copular,
    controls,
    counted,
    tools,
    prose_links,
    notes,
    organisations,
)

__all__ = ["READERS", "all_addresses", "clean_tool_label", "extract", "merge"]


def extract(document: DocumentRecord, parsed: ParsedDocument, clauses: list[ClauseRecord]) -> list[Concept]:
    """Every concept the structure of one document states."""
    blocks = split_numbered_runs(without_chrome(with_links(parsed.blocks, parsed.links)))
    source = Source(document, blocks, ClauseLocator(clauses), parsed.text)
    found = [c for reader in READERS for c in reader.read(source) if c.label and not is_chrome_label(c.label)]
    return vectors.relate(merge(mentioned.pruned(named.fallback(found))))
