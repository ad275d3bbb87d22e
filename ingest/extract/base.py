"""What every reader shares: the input it reads (``Source``), where a block's clause is, sections,
the words that say which scheme a list or heading introduces, and how text is cut to a label."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..parse.model import Block, BlockKind
from ..records import ClauseRecord, Concept, DocumentRecord

URL = re.compile(r"\(?<?(https?://[^\s<>()]+[^\s<>().,;:])>?\)?")
CELL = " | "  # how the parsers write a table row's cells

# Words that say what a heading, a list's introduction or a table column holds; checked in this order.
SCHEME_WORDS: list[tuple[str, re.Pattern]] = [
    ("risk-vector", re.compile(r"\bvectors?\b", re.I)),
    ("principle", re.compile(r"\bprinciples?\b", re.I)),
    ("value", re.compile(r"\bvalues?\b", re.I)),
    ("technology-area", re.compile(r"\btechnolog(y|ies)\b|\bsensitive (research|fields?|areas?|domains?)\b", re.I)),
    ("activity", re.compile(r"\bactivit(y|ies)\b|\bengagements?\b", re.I)),
    ("risk-area", re.compile(r"\brisks?\b|\bthreats?\b|\bharms?\b|\bdangers?\b", re.I)),
    ("topic", re.compile(r"\b(areas?|covers?|topics?|themes?)\b", re.I)),
]
MAX_LABEL_WORDS = 12
# A label ends where a qualifier begins: "open science, with results shared ...", "quantum science, covering ..."
QUALIFIER = re.compile(
    r"(?:[:;]\s|\s[–—]\s|\s\((?![A-Z0-9]{2,}\))|,\s(?=(?:meaning|as|with|so|which|who|whose|where|including|particularly|covering|"
    r"especially|such|for|e\.g\.|i\.e\.|not|rather|whether|while|when|because|to|in order|by|from|through|offered|maintained|"
    r"published|hosted|provided|run|kept|used|like)\b)|\s(?:so that|in order to|in every|and in|and to)\s)"
)


@dataclass(frozen=True)
class Source:
    """What a reader reads: one document's blocks (page chrome already out) and where each block's clause is."""

    document: DocumentRecord
    blocks: list[Block]
    locate: "ClauseLocator"
    text: str = ""  # the document's text, which blocks index by offset (a plain-text table keeps its tabs there)

    def is_table(self, block: Block) -> bool:
        """A table row (cells joined by " | "), or a plain-text table the text parser joined into one paragraph."""
        return CELL in block.text or "\t" in self.text[block.start : block.end].strip()

    def clauses_of(self, *blocks: Block) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for b in blocks if (c := self.locate(b))))


class ClauseLocator:
    """The clause a block ended up in, found by character offsets."""

    def __init__(self, clauses: list[ClauseRecord]):
        self.clauses = sorted(clauses, key=lambda c: (c.start, c.end - c.start))

    def __call__(self, block: Block) -> str | None:
        """The smallest clause holding the whole block, else (a long paragraph cut in pieces) the piece it starts in."""
        best = start = None
        for clause in self.clauses:
            if clause.start > block.start:
                break
            if clause.end >= block.end and (best is None or clause.end - clause.start <= best.end - best.start):
                best = clause
            elif clause.end > block.start:
                start = clause
        found = best or start
        return found.uri if found else None


def sections(blocks: list[Block]) -> Iterator[tuple[Block | None, list[Block]]]:
    """(heading, the blocks under it up to the next heading of any level)."""
    heading, body = None, []
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            if body or heading is not None:
                yield heading, body
            heading, body = block, []
        else:
            body.append(block)
    if body or heading is not None:
        yield heading, body


def scheme_of(context: list[str], allowed: tuple[str, ...] | None = None) -> str | None:
    """The scheme the nearest context names: the first text with a scheme word decides, in SCHEME_WORDS order."""
    for text in context:
        hits = [scheme for scheme, pattern in SCHEME_WORDS if pattern.search(text) and (allowed is None or scheme in allowed)]
        if hits:
            return hits[0]
    return None


# A run-in head: "Proportionality. Measures match the risk." (a bold lead-in, its definition after it)
RUN_IN = re.compile(r"^(?P<label>[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,3})[.:]\s+(?P<definition>[A-Z\"“].+)$", re.S)
NOT_A_HEAD = re.compile(
    r"\b(?:is|are|was|were|be|has|have|had|can|will|would|should|must|may|do|does|did|we|it|they|this|these|there|our)\b", re.I
)


def run_in_head(text: str) -> tuple[str, str] | None:
    """(head, definition) of a block that opens with a run-in head, else None."""
    m = RUN_IN.match(text)
    return (m["label"], m["definition"]) if m and not NOT_A_HEAD.search(m["label"]) else None


def to_label(text: str, max_words: int = MAX_LABEL_WORDS) -> str:
    """A list item, a table cell or a sentence cut to a label: no qualifier, no closing punctuation, capitalised."""
    text = URL.sub("", text).strip()
    if head := run_in_head(text):
        text = head[0]
    text = re.sub(r"^(?:it is|it|they are|they|we)\s+", "", text, flags=re.I)
    if (m := QUALIFIER.search(text)) and m.start() > 0:
        text = text[: m.start()]
    words = text.split()
    if len(words) > max_words and ", and " in text:
        text = text.split(", and ")[0]
    if len(text.split()) > max_words and ", " in text:
        text = text.split(", ")[0]
    text = text.strip(" .,;:!?–—-\"'“”")
    return text[:1].upper() + text[1:] if text else text


def label_and_acronym(label: str) -> tuple[str, tuple[str, ...]]:
    """ "Intellectual Property (IP)" -> ("Intellectual Property", ("IP",))."""
    m = re.fullmatch(r"(.+?)\s*\(([A-Z][A-Za-z&]{1,9})\)", label)
    return (m[1], (m[2],)) if m else (label, ())


def is_question(text: str) -> bool:
    return text.rstrip().endswith("?")


def concept(scheme: str, label: str, source: Source, blocks: tuple[Block, ...], method: str, **fields) -> Concept:
    return Concept(scheme, label, source_clauses=source.clauses_of(*blocks), method=method, **fields)
