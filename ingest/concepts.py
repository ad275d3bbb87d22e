"""Concepts from document structure: values, principles, risk vectors, tools, activities,
technology areas, topics, defined terms and organisations.

Extraction reads the shapes guidance is written in, not strings of particular files:
- a section of definition items ("Risk Proportionality: Research safeguards can ...") is a
  list of values, principles or risk vectors, as its heading or introducing sentence says;
- a paragraph "Research Integrity: Research integrity is defined as ..." defines a term;
- a list introduced by "The following ... activities ...:" names activities, one introduced
  by "... technologies ... such as:" technology areas, "... covers ... areas ...:" topics;
- a list item, footnote or short paragraph that carries a web address names a tool, and so
  does every item of a reading list ("Further reading", "Material shared"); the list's
  sub-heading ("Norway", "CESAER") says whose tool it is;
- "Full Name (ACRONYM)" with an organisation's head word names an organisation.
"""

import re
from collections.abc import Iterator
from dataclasses import replace

from .clauses import DEFINITION_ITEM
from .parse.model import Block, BlockKind, ParsedDocument
from .records import ClauseRecord, Concept, DocumentRecord

URL = re.compile(r"\(?<?(https?://[^\s<>()]+[^\s<>().,;:])>?\)?")
YEAR = re.compile(r"\((?:19|20)\d\d\)|,\s*(?:19|20)\d\d\b")
READING_LIST = re.compile(r"\b(further reading|background material|material shared|resources|reading list|useful links)\b", re.I)
SCHEME_WORDS = [  # checked in this order; the first that matches wins
    ("risk-vector", re.compile(r"\bvectors?\b", re.I)),
    ("principle", re.compile(r"\bprinciples?\b", re.I)),
    ("value", re.compile(r"\bvalues?\b", re.I)),
]
LIST_WORDS = [
    ("activity", re.compile(r"\bactivit(y|ies)\b", re.I)),
    ("technology-area", re.compile(r"\btechnolog(y|ies)\b|\bsensitive research\b|\bsuch as:?$", re.I)),
    ("topic", re.compile(r"\b(areas?|covers?|topics?|themes?)\b", re.I)),
]
TOOL_NOUNS = (
    r"guidance|guidelines?|guide|checklists?|toolkits?|tools?|framework|portal|principles|recommendations?|report|rapport|"
    r"paper|statement|strategy|training|modules?|courses?|contact point|self-assessment|vade-mecum|booklet|act|memorandum"
)
TOOL_NOUN = re.compile(rf"\b({TOOL_NOUNS})\b", re.I)
CONNECTORS = r"(?:and|for|of|on|in|to|the|&)"
TITLE_IN_PROSE = re.compile(
    rf"\b((?:[A-Z][\w’'&-]*\s+(?:{CONNECTORS}\s+){{0,2}}){{1,7}}"
    r"(?:Guidance|Checklist|Toolkit|Guidelines|Principles|Framework|Portal|Modules|Recommendations)"
    rf"(?:\s+(?:for|on|of)\s+[A-Z][\w&-]*(?:\s+(?:{CONNECTORS}\s+)?[A-Z][\w&-]*)*)?)"
)
ORG_HEADS = (
    r"Centre|Center|Council|Foundation|Commission|Agency|Ministry|University|Universities|Association|Institute|"
    r"Office|Department|Academy|Conference|Organi[sz]ation|Group|Service|Society|Directorate|Secretariat|Network|"
    r"Alliance|Union|Committee|Senate|Forschungsgemeinschaft|Team|Leopoldina|Board|Authority"
)
ORG_HEAD = re.compile(rf"\b({ORG_HEADS})\b")
ORG_WITH_ACRONYM = re.compile(
    rf"((?:[A-Z][\w.’'-]*\s+(?:(?:and|for|of|on|the|in|&)\s+)*){{0,9}}(?:{ORG_HEADS})(?:\s+(?:(?:and|for|of|on|the|in|&)\s+)*[A-Z][\w’'-]*)*)"
    r"\s*\((?P<acronym>[A-Z][A-Za-z&]{1,9})(?:,[^)]*)?\)"
)
MAX_LIST_LABEL_WORDS = 10
MAX_TOOL_PARAGRAPH = 320


def extract(document: DocumentRecord, parsed: ParsedDocument, clauses: list[ClauseRecord]) -> list[Concept]:
    """Every concept the structure of one document states."""
    locate = _ClauseLocator(clauses)
    blocks = [b for b in parsed.blocks]
    found: list[Concept] = []
    found += _definition_lists(blocks, locate)
    found += _defined_terms(blocks, locate)
    found += _lead_in_lists(blocks, locate)
    found += _tools(blocks, locate, document)
    found += _organisations(document, clauses)
    return merge(found)


def merge(concepts: list[Concept]) -> list[Concept]:
    """One concept per scheme and id: alt labels, sources and missing fields pooled, first wins.

    Organisations that share an acronym are one organisation, under the shorter name."""
    by_acronym: dict[str, str] = {}
    for concept in sorted(concepts, key=lambda c: len(c.label)):
        if concept.scheme == "organisation":
            for acronym in concept.alt_labels:
                by_acronym.setdefault(acronym, concept.label)
    concepts = [_renamed(c, by_acronym) for c in concepts]
    merged: dict[tuple[str, str], Concept] = {}
    for concept in concepts:
        key = (concept.scheme, concept.id)
        if key not in merged:
            merged[key] = concept
            continue
        old = merged[key]
        merged[key] = replace(
            old,
            alt_labels=tuple(dict.fromkeys(old.alt_labels + concept.alt_labels + ((concept.label,) if concept.label != old.label else ()))),
            definition=old.definition or concept.definition,
            source_clauses=tuple(dict.fromkeys(old.source_clauses + concept.source_clauses)),
            address=old.address or concept.address,
            extra={
                **concept.extra,
                **old.extra,
                "addresses": _addresses(old) + [a for a in _addresses(concept) if a not in _addresses(old)],
            },
            issuer=old.issuer or concept.issuer,
            jurisdiction=old.jurisdiction or concept.jurisdiction,
            curated=old.curated or concept.curated,
        )
    return list(merged.values())


def _addresses(concept: Concept) -> list[str]:
    return concept.extra.get("addresses") or ([concept.address] if concept.address else [])


def all_addresses(concept: Concept) -> list[str]:
    """Every address a tool was listed with (the same tool is sometimes listed twice, once mistyped)."""
    return _addresses(concept)


def _renamed(concept: Concept, by_acronym: dict[str, str]) -> Concept:
    if concept.scheme != "organisation":
        return concept
    name = next((by_acronym[a] for a in concept.alt_labels if a in by_acronym), concept.label)
    return concept if name == concept.label else replace(concept, label=name, alt_labels=(*concept.alt_labels, concept.label))


class _ClauseLocator:
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

    def containing(self, text: str) -> str | None:
        return next((c.uri for c in self.clauses if text in c.text), None)


def _sections(blocks: list[Block]) -> Iterator[tuple[str, list[Block]]]:
    heading, body = "", []
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            if body:
                yield heading, body
            heading, body = block.text, []
        else:
            body.append(block)
    if body:
        yield heading, body


def _split_definition(text: str) -> tuple[str, str] | None:
    if not DEFINITION_ITEM.match(text) or URL.search(text.split(":", 1)[0]):
        return None
    label, definition = (part.strip() for part in text.split(":", 1))
    if len(label.split()) > MAX_LIST_LABEL_WORDS or URL.search(definition[:60]):
        return None
    return label, definition


def _definition_lists(blocks: list[Block], locate: _ClauseLocator) -> list[Concept]:
    found = []
    for heading, body in _sections(blocks):
        items = [
            (i, b, d) for i, b in enumerate(body) if b.kind is BlockKind.LIST_ITEM and b.level == 0 and (d := _split_definition(b.text))
        ]
        if len(items) < 2:
            continue
        first = items[0][0]
        context = [heading, *[b.text for b in reversed(body[:first]) if b.kind is BlockKind.PARAGRAPH][:2]]
        scheme = _classify(context, SCHEME_WORDS)
        if scheme is None:
            continue
        for _, block, (label, definition) in items:
            clause = locate(block)
            found.append(
                Concept(scheme, label, definition=definition, source_clauses=(clause,) if clause else (), method="definition-list")
            )
    return found


def _classify(context: list[str], words) -> str | None:
    for text in context:
        hits = [scheme for scheme, pattern in words if pattern.search(text)]
        if len(hits) == 1 or (hits and text is not context[0]):
            return hits[0]
    return None


def _defined_terms(blocks: list[Block], locate: _ClauseLocator) -> list[Concept]:
    """'Research Integrity: Research integrity is defined ...': a paragraph that names its term twice."""
    found = []
    for block in blocks:
        if block.kind is not BlockKind.PARAGRAPH or not (parts := _split_definition(block.text)):
            continue
        label, definition = parts
        first_sentence = re.split(r"(?<=[.!?])\s", definition, maxsplit=1)[0]
        if label.lower() in first_sentence.lower():
            clause = locate(block)
            term = label[0] + label[1:].lower()
            found.append(Concept("term", term, definition=definition, source_clauses=(clause,) if clause else (), method="defined-term"))
    return found


def _lead_in_lists(blocks: list[Block], locate: _ClauseLocator) -> list[Concept]:
    found = []
    for i, block in enumerate(blocks):
        if block.kind is not BlockKind.PARAGRAPH or not block.text.endswith(":"):
            continue
        items = []
        for item in blocks[i + 1 :]:
            if item.kind is not BlockKind.LIST_ITEM:
                break
            items.append(item)
        short = [b for b in items if len(b.text.split()) <= MAX_LIST_LABEL_WORDS and not URL.search(b.text)]
        if len(short) < 3 or len(short) < len(items) * 0.8:
            continue
        scheme = _classify([block.text], LIST_WORDS)
        if scheme is None:
            continue
        clause = locate(block)
        for item in short:
            label, alts = _label_and_acronym(item.text.rstrip(".,;"))
            found.append(Concept(scheme, label, alt_labels=alts, source_clauses=(clause,) if clause else (), method="lead-in-list"))
    return found


def _label_and_acronym(text: str) -> tuple[str, tuple[str, ...]]:
    m = re.fullmatch(r"(.+?)\s*\(([A-Z][A-Za-z&]{1,9})\)", text)
    return (m[1], (m[2],)) if m else (text, ())


def _tools(blocks: list[Block], locate: _ClauseLocator, document: DocumentRecord) -> list[Concept]:
    found = []
    context: str | None = None  # the sub-heading of a reading list: a jurisdiction or an issuer
    in_reading_list = False
    for i, block in enumerate(blocks):
        text = block.text
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if block.kind is BlockKind.HEADING or (block.kind is BlockKind.PARAGRAPH and len(text.split()) <= 4 and not URL.search(text)):
            label = text.rstrip(":").strip()
            leads_to_tools = nxt is not None and (nxt.kind is BlockKind.LIST_ITEM or URL.search(nxt.text))
            if in_reading_list and not leads_to_tools:
                in_reading_list = False
            context = label if leads_to_tools else None
            continue
        if block.kind is BlockKind.PARAGRAPH and READING_LIST.search(text) and len(text) < 200:
            in_reading_list, context = True, None
            continue
        if block.kind is BlockKind.LIST_ITEM and block.level == 0 and not URL.search(text) and len(text.split()) <= 4:
            context = text.rstrip(":,")  # a list item that heads the tools nested under it
            continue
        if block.kind is BlockKind.PARAGRAPH and not URL.search(text):
            in_reading_list = in_reading_list and block.text.endswith(":")
            continue
        tool = _tool_from(text, block, in_reading_list, context, document)
        if tool is not None:
            clause = locate(block)
            found.append(replace(tool, source_clauses=(clause,) if clause else ()))
    found += _tools_in_prose(blocks, locate, document)
    return found


def _tool_from(text: str, block: Block, in_reading_list: bool, context: str | None, document: DocumentRecord) -> Concept | None:
    url = URL.search(text)
    if block.kind is BlockKind.PARAGRAPH and (url is None or len(text) > MAX_TOOL_PARAGRAPH):
        return None
    if block.kind is BlockKind.FOOTNOTE and (url is None or not (TOOL_NOUN.search(text) or YEAR.search(text))):
        return None
    if block.kind is BlockKind.LIST_ITEM and url is None and not in_reading_list:
        return None
    label = clean_tool_label(URL.sub("", text))
    if len(label.split()) < 2 or (not label[0].isupper() and not label[0].isdigit()):
        return None
    return Concept(
        "tool",
        label,
        address=url.group(1) if url else None,
        issuer=context,  # the list's sub-heading: a jurisdiction or an issuer, told apart when linking
        method="reading-list" if in_reading_list else "addressed-item",
        extra={"document_jurisdiction": document.jurisdiction},
    )


def clean_tool_label(text: str) -> str:
    """A tool's title: no file names or bare domains, no link text after a dated citation."""
    label = re.sub(r"\S+\.(?:pdf|docx?|html?|aspx)\b", "", text)
    label = re.sub(r"\((?:[\w-]+\.)+[a-z]{2,}\)", "", label)  # "(europa.eu)"
    label = re.split(r"(?<=\((?:19|20)\d\d\)):\s", label.strip(), maxsplit=1)[0]  # "Title (2022): link text"
    return re.sub(r"\s+", " ", label).strip(" :;,.-–")


def _tools_in_prose(blocks: list[Block], locate: _ClauseLocator, document: DocumentRecord) -> list[Concept]:
    found = []
    for block in blocks:
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        for m in TITLE_IN_PROSE.finditer(block.text):
            label = re.sub(r"^(?:The|A|An|Its|Our|These|This)\s+", "", m.group(1).strip())
            if len(label.split()) < 3 or label.lower() == document.title.lower() or ORG_HEAD.search(label):
                continue
            clause = locate(block)
            found.append(
                Concept(
                    "tool",
                    label,
                    source_clauses=(clause,) if clause else (),
                    method="title-in-prose",
                    extra={"document_jurisdiction": document.jurisdiction},
                )
            )
    return found


def _organisations(document: DocumentRecord, clauses: list[ClauseRecord]) -> list[Concept]:
    found = []
    if document.issuer:
        name = document.issuer.split(",")[0].strip()
        label, alts = _label_and_acronym(name)
        found.append(Concept("organisation", label, alt_labels=alts, method="document-issuer", extra={"issues": document.uri}))
    for clause in clauses:
        for m in ORG_WITH_ACRONYM.finditer(clause.text):
            name = re.sub(r"^(?:The|the|and|of|in|for)\s+|^\w+['’]s\s+", "", m.group(1).strip())
            if len(name.split()) < 2:
                continue
            found.append(
                Concept("organisation", name, alt_labels=(m["acronym"],), source_clauses=(clause.uri,), method="name-with-acronym")
            )
    return found
