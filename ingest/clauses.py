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
from dataclasses import dataclass, field

from .parse.model import Block, BlockKind, ParsedDocument

MAX_CLAUSE_CHARS = 1000  # about the 256 word pieces the embedding model reads
MIN_CLAUSE_WORDS = 5
DEFINITION_ITEM = re.compile(r"^[A-Z][^:.;]{1,80}:\s+\S")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"“(]?[A-Z0-9])")


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
    units = [piece for unit in units for piece in _split_long(unit)]
    return sections, _number(doc_id, units, sections)


def _sections_and_units(blocks: list[Block], title: str | None) -> tuple[list[Section], list[_Unit]]:
    sections: list[Section] = []
    stack: list[Section] = []
    units: list[_Unit] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        current = stack[-1].number if stack else None
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


def _split_long(unit: _Unit) -> list[_Unit]:
    """Paragraphs past the model's window become runs of whole sentences."""
    if unit.kind != "paragraph" or len(unit.text) <= MAX_CLAUSE_CHARS * 1.5:
        return [unit]
    pieces, run = [], ""
    for sentence in SENTENCE_END.split(unit.text):
        if run and len(run) + len(sentence) > MAX_CLAUSE_CHARS:
            pieces.append(run)
            run = sentence
        else:
            run = f"{run} {sentence}".strip()
    pieces.append(run)
    return [_Unit(unit.kind, p, unit.start, unit.end, unit.page, unit.section) for p in pieces]


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
