"""Terms and their definitions printed as alternating paragraphs: a web page's definition list saved as a Word file
or printed, a report's run of bold terms each over its paragraph ("Quality" / "Cooperation should raise ...",
"Relevance" / "A partnership should ..."). Two or more such pairs under a heading or introduction that says what
they are (principles, values, risks, technology areas) give one concept each, the paragraph its definition."""

from ..parse.model import Block, BlockKind
from ..records import Concept
from .base import SENTENCE_OR_COLON, Source, concept, scheme_of, sections

SCHEMES = ("principle", "value", "risk-area", "technology-area")
MAX_TERM_WORDS = 6
MIN_DEFINITION_WORDS = 6
MIN_PAIRS = 2


def read(source: Source) -> list[Concept]:
    found = []
    for heading, body in sections(source.blocks):
        pairs, first = _pairs(body)
        if len(pairs) < MIN_PAIRS:
            continue
        before = body[first - 1] if first > 0 else None  # the paragraph that introduces the pairs, if one does
        introduces = before is not None and before.kind is BlockKind.PARAGRAPH and " | " not in before.text
        intro = SENTENCE_OR_COLON.split(before.text)[-2:] if introduces else []
        context = [heading.text if heading else "", *intro]
        scheme = scheme_of(context, SCHEMES)
        if scheme is None:
            continue
        for term, definition in pairs:
            found.append(concept(scheme, term.text, source, (term, definition), "term-paragraph", definition=definition.text))
    return found


def _pairs(body: list[Block]) -> tuple[list[tuple[Block, Block]], int]:
    """The longest run of (term, definition) paragraph pairs in a section, and where it starts."""
    best: list[tuple[Block, Block]] = []
    best_start, i = 0, 0
    while i < len(body):
        run, j = [], i
        while j + 1 < len(body) and _term(body[j]) and _definition(body[j + 1]):
            run.append((body[j], body[j + 1]))
            j += 2
        if len(run) > len(best):
            best, best_start = run, i
        i = j + 1 if run else i + 1
    return best, best_start


def _term(block: Block) -> bool:
    text = block.text.strip()
    return (
        block.kind is BlockKind.PARAGRAPH
        and 0 < len(text.split()) <= MAX_TERM_WORDS
        and text[:1].isupper()
        and not text.endswith((".", ":", ";", "?", "!", ","))
        and " | " not in text
    )


def _definition(block: Block) -> bool:
    return block.kind is BlockKind.PARAGRAPH and len(block.text.split()) >= MIN_DEFINITION_WORDS and " | " not in block.text
