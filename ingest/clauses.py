"""Blocks -> sections and clauses, the retrievable unit.

A clause is a paragraph, or a list kept together with the sentence that
introduces it: the bare bullet "Teaching" answers nothing, "The following
routine academic activities could be covered by export control: ... Teaching"
does. Items that carry their own definition ("Risk Proportionality: ...") are
clauses of their own. Ids come from the document id and the clause text, so
ingesting the same text again gives the same ids.
"""

import hashlib
import re
import unicodedata
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from .parse.model import Block, BlockKind, ParsedDocument

MAX_CLAUSE_CHARS = 1000  # about the 256 word pieces the embedding model reads
# No clause is longer than this, whatever the input: a paragraph with no sentence end (a 10 MB line)
# is cut between words, or anywhere, rather than reaching SHACL and the index whole.
CLAUSE_CHAR_LIMIT = 2000
MAX_SECTION_TITLE_CHARS = 500  # a "heading" longer than this is read as a paragraph
MIN_CLAUSE_WORDS = 5
DEFINITION_ITEM = re.compile(r"^[A-Z][^:.;]{1,80}:\s+\S")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")
LINE_OR_SENTENCE_END = re.compile(rf"\n\s*|{SENTENCE_END.pattern}")
WHITESPACE = re.compile(r"\s+")
# A letter: a word character that is not a digit, an underscore or a superscript or other numeral
# (footnote marks glued to a word are not part of it).
NON_LETTER = r"\W\d_\u00b2\u00b3\u00b9\u00bc-\u00be\u2070-\u209f\u2150-\u218f\u2460-\u24ff\u2776-\u2793"
LETTER = f"[^{NON_LETTER}]"
LETTERS = re.compile(f"{LETTER}+")
NOT_LETTERS = f"[{NON_LETTER}]+"
WORD_LOOKAHEAD_CHARS = 2000


@dataclass(frozen=True)
class Section:
    number: int
    title: str
    level: int
    parent: int | None
    path: tuple[str, ...]


@dataclass(frozen=True)
class Clause:
    id: str
    doc_id: str
    position: int
    kind: str  # paragraph | list | item | footnote
    text: str
    section: int | None
    section_path: tuple[str, ...] = field(default_factory=tuple)
    page: int | None = None
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class _Unit:
    kind: str
    text: str
    start: int
    end: int
    page: int | None
    section: int | None


def build_clauses(doc_id: str, parsed: ParsedDocument) -> tuple[list[Section], list[Clause]]:
    sections, units = _sections_and_units(parsed.blocks, parsed.title)
    units = _absorb_fragments(units)
    units = [piece for unit in units for piece in _split_long(unit, parsed.text)]
    return sections, _number(doc_id, units, sections)


def _sections_and_units(blocks: list[Block], title: str | None) -> tuple[list[Section], list[_Unit]]:
    sections: list[Section] = []
    stack: list[Section] = []
    units: list[_Unit] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        current = stack[-1].number if stack else None
        if block.kind is BlockKind.HEADING and len(block.text) > MAX_SECTION_TITLE_CHARS:
            block = Block(BlockKind.PARAGRAPH, block.text, block.start, block.end, 0, block.page, block.marker)
        if block.kind is BlockKind.HEADING:
            while stack and stack[-1].level >= block.level:
                stack.pop()
            parent = stack[-1] if stack else None
            path = (*parent.path, block.text) if parent else (block.text,)
            section = Section(len(sections) + 1, block.text, block.level, parent.number if parent else None, path)
            sections.append(section)
            stack.append(section)
            i += 1
        elif block.kind is BlockKind.FOOTNOTE:
            units.append(_Unit("footnote", f"[{block.marker}] {block.text}", block.start, block.end, block.page, current))
            i += 1
        else:
            j = i + (block.kind is BlockKind.PARAGRAPH)
            items, footnotes = [], []
            while j < len(blocks) and blocks[j].kind in (BlockKind.LIST_ITEM, BlockKind.FOOTNOTE):
                (items if blocks[j].kind is BlockKind.LIST_ITEM else footnotes).append(blocks[j])
                j += 1
            if not items:
                units.append(_Unit("paragraph", block.text, block.start, block.end, block.page, current))
                i += 1
                continue
            intro = block if block.kind is BlockKind.PARAGRAPH else None
            units.extend(_list_units(intro, items, current))
            units.extend(_Unit("footnote", f"[{f.marker}] {f.text}", f.start, f.end, f.page, current) for f in footnotes)
            i = j
    return sections, units


def _list_units(intro: Block | None, items: list[Block], section: int | None) -> list[_Unit]:
    """A list with its introduction: definition items alone, the rest packed under the intro."""
    units: list[_Unit] = []
    base = min(b.level for b in items)
    items = [Block(b.kind, b.text, b.start, b.end, b.level - base, b.page, b.marker) for b in items]
    leads_in = intro is not None and intro.text.rstrip().endswith(":")
    if intro is not None and not leads_in:
        units.append(_Unit("paragraph", intro.text, intro.start, intro.end, intro.page, section))
    head = intro.text if leads_in else None
    pack: list[Block] = []

    def flush():
        if pack:
            lines = [("  " * b.level) + "- " + b.text for b in pack]
            text = "\n".join([head, *lines] if head else lines)
            first = intro if head and intro is not None else pack[0]
            units.append(_Unit("list", text, first.start, pack[-1].end, first.page, section))
            pack.clear()

    for item in items:
        if item.level == 0 and DEFINITION_ITEM.match(item.text) and len(item.text) > 200:
            flush()
            if head and not units:
                units.append(_Unit("paragraph", head, intro.start, intro.end, intro.page, section))
            units.append(_Unit("item", item.text, item.start, item.end, item.page, section))
            continue
        size = len(head or "") + sum(len(b.text) + 3 for b in pack) + len(item.text)
        if pack and size > MAX_CLAUSE_CHARS and item.level == 0:
            flush()
        pack.append(item)
    flush()
    return units


def _absorb_fragments(units: list[_Unit]) -> list[_Unit]:
    """A scrap too short to be a statement ("Norway:", a date) joins the next unit of its section."""
    out: list[_Unit] = []
    carry: _Unit | None = None
    for unit in units:
        if carry is not None and carry.section == unit.section and unit.kind != "footnote":
            unit = _Unit(unit.kind, f"{carry.text}\n{unit.text}", carry.start, unit.end, carry.page, unit.section)
            carry = None
        elif carry is not None:
            out.append(carry)
            carry = None
        if len(unit.text.split()) < MIN_CLAUSE_WORDS and unit.kind != "footnote":
            carry = unit
        else:
            out.append(unit)
    if carry is not None:
        out.append(carry)
    return out


def _split_long(unit: _Unit, source: str) -> list[_Unit]:
    """Paragraphs past the model's window become runs of whole sentences; nothing passes CLAUSE_CHAR_LIMIT."""
    if len(unit.text) <= (MAX_CLAUSE_CHARS * 1.5 if unit.kind == "paragraph" else CLAUSE_CHAR_LIMIT):
        return [unit]
    boundary = SENTENCE_END if unit.kind == "paragraph" else LINE_OR_SENTENCE_END
    spans = _bounded_spans(unit.text, boundary)
    starts = _source_starts(unit, spans, source)
    ends = [*starts[1:], unit.end]
    return [
        _Unit(unit.kind, unit.text[a:b], start, max(end, start + 1), unit.page, unit.section)
        for (a, b), start, end in zip(spans, starts, ends, strict=True)
    ]


def _bounded_spans(text: str, boundary: re.Pattern) -> list[tuple[int, int]]:
    """Cut ``text`` into runs of at most MAX_CLAUSE_CHARS at ``boundary`` (a sentence longer than that stays
    whole up to CLAUSE_CHAR_LIMIT); with no boundary in reach, between words; with no space either, anywhere."""
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while n - pos > MAX_CLAUSE_CHARS:
        cuts = [m for m in boundary.finditer(text, pos + 1, min(n, pos + CLAUSE_CHAR_LIMIT)) if m.start() > pos]
        within = [m for m in cuts if m.start() - pos <= MAX_CLAUSE_CHARS]
        cut = within[-1] if within else (cuts[0] if cuts else None)
        if cut is None:
            spaces = [m for m in WHITESPACE.finditer(text, pos + MAX_CLAUSE_CHARS // 2, pos + MAX_CLAUSE_CHARS + 1)]
            cut = spaces[-1] if spaces else None
        end, pos_next = (cut.start(), cut.end()) if cut is not None else (pos + MAX_CLAUSE_CHARS, pos + MAX_CLAUSE_CHARS)
        spans.append((pos, end))
        pos = pos_next
    if pos < n:
        spans.append((pos, n))
    return spans


def _source_starts(unit: _Unit, spans: list[tuple[int, int]], source: str) -> list[int]:
    """Where each piece starts in the document text.

    A unit's text is its source with markup, marks and runs of white space taken out, but with the
    same words in the same order: walk both word by word, and where a piece starts, take the position
    of the matching source word (less any non-letters the piece begins with). Where the words differ
    (a line the parser dropped, two words an address had joined), find the next three words a little
    further on, or go on without that word.
    """
    targets = [a for a, _ in spans[1:]]
    starts = [unit.start]
    anchor = (0, unit.start)  # the last word found: (offset in the unit's text, offset in the source)
    pos = unit.start  # where the next source word is looked for
    for word, *following in _with_next(LETTERS.finditer(unit.text) if targets else iter(()), 2):
        if len(starts) > len(targets):
            break
        found = _next_word(source, [word, *following], pos, unit.end)
        if found is None:
            continue
        anchor = (word.start(), found)
        while len(starts) <= len(targets) and word.end() > targets[len(starts) - 1]:
            starts.append(_place(anchor, targets[len(starts) - 1], starts[-1], unit.end))
        pos = found + len(word[0])
    while len(starts) <= len(targets):  # no word left to go by: keep the distance to the last word found
        starts.append(_place(anchor, targets[len(starts) - 1], starts[-1], unit.end))
    return starts


def _with_next(items: Iterator, n: int) -> Iterator[tuple]:
    """Each item with the (up to) ``n`` items after it."""
    window: deque = deque(islice(items, n))
    for item in items:
        window.append(item)
        yield tuple(window)
        window.popleft()
    while window:
        yield tuple(window)
        window.popleft()


def _place(anchor: tuple[int, int], target: int, previous: int, end: int) -> int:
    return min(max(anchor[1] + target - anchor[0], previous + 1), end - 1)


def _next_word(source: str, words: list[re.Match], pos: int, end: int) -> int | None:
    m = LETTERS.search(source, pos, end)
    if m is not None and m[0] == words[0][0]:
        return m.start()
    pattern = NOT_LETTERS.join(re.escape(w[0]) for w in words)
    m = re.search(rf"(?<!{LETTER}){pattern}(?!{LETTER})", source[pos : min(end, pos + WORD_LOOKAHEAD_CHARS)])
    return pos + m.start() if m is not None else None


def _number(doc_id: str, units: list[_Unit], sections: list[Section]) -> list[Clause]:
    by_number = {s.number: s for s in sections}
    seen: dict[str, int] = {}
    clauses = []
    for position, unit in enumerate(units, 1):
        digest = content_id(doc_id, unit.text)
        seen[digest] = seen.get(digest, 0) + 1
        clause_id = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
        section = by_number.get(unit.section) if unit.section else None
        clauses.append(
            Clause(
                id=clause_id,
                doc_id=doc_id,
                position=position,
                kind=unit.kind,
                text=unit.text,
                section=unit.section,
                section_path=section.path if section else (),
                page=unit.page,
                start=unit.start,
                end=unit.end,
            )
        )
    return clauses


def content_id(doc_id: str, text: str) -> str:
    normal = " ".join(unicodedata.normalize("NFKC", text).lower().split())
    return hashlib.sha256(f"{doc_id}\x00{normal}".encode()).hexdigest()[:16]
