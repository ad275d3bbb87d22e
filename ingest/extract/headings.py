"""Headings with paragraphs: a heading that names a scheme ("Guiding principles", "Where the risks
lie"), or whose opening paragraph does ("Three principles guide ..."), followed by sub-headings,
each with its own paragraph: each sub-heading is a concept, its first paragraph the definition.
Numbered sub-headings ("2.1 Proportionality", "Principle 3: Openness") lose their numbers."""

import re

from ..parse.model import Block, BlockKind
from ..records import Concept
from .base import SENTENCE_OR_COLON, Source, child_headings, concept, parent_heading, scheme_of

SCHEMES = ("risk-vector", "principle", "value", "technology-area", "risk-area")
NUMBER = re.compile(
    r"^(?:(?:principle|value|risk(?: area)?|theme|area)\s+)?(?:[a-z]\.\d+(?:\.\d+)*|\d+(?:\.\d+)*|[ivx]+|[a-z])[.):]?\s+[–—-]?\s*", re.I
)
MAX_LABEL_WORDS = 10  # a section's name, its number off ("Acquisitions caught by the National Security and Investment Act")


def strip_number(text: str) -> str:
    return NUMBER.sub("", text, count=1).strip() if NUMBER.match(text) and len(NUMBER.sub("", text, count=1).split()) else text


def read(source: Source) -> list[Concept]:
    return _sections(source) + _technology_tree(source)


def _technology_tree(source: Source) -> list[Concept]:
    """Headings nested under a heading that names technologies ("Annex: technology fields" > "A Defence technology" >
    "A.1 Unmanned systems"): every heading below is a technology area, its broader the heading it sits under (none
    for those directly under the naming heading), when the tree goes at least two levels deep."""
    blocks = source.blocks
    found = []
    for i, root in enumerate(blocks):
        if root.kind is not BlockKind.HEADING or _is_title(blocks, i) or scheme_of([root.text], SCHEMES) != "technology-area":
            continue
        parent = parent_heading(blocks, root)
        if parent is not None and not _is_title(blocks, blocks.index(parent)) and scheme_of([parent.text], ("technology-area",)):
            continue  # a branch of a tree read from its root
        tops = child_headings(blocks, root)
        if len(tops) < 2 or not any(child_headings(blocks, top) for top in tops):
            continue
        stack = [(top, None) for top in reversed(tops)]
        while stack:
            heading, broader = stack.pop()
            label = strip_number(heading.text)
            if len(label.split()) > MAX_LABEL_WORDS:
                continue
            extra = {"broader": broader} if broader else {}
            found.append(concept("technology-area", label, source, (heading,), "heading-tree", extra=extra))
            stack += [(child, label) for child in reversed(child_headings(blocks, heading))]
    return found


def _sections(source: Source) -> list[Concept]:
    blocks = source.blocks
    found = []
    for i, block in enumerate(blocks):
        if block.kind is not BlockKind.HEADING or _is_title(blocks, i):
            continue
        children = _children(blocks, i) or _numbered_children(blocks, i) or _counted_siblings(blocks, i) or _unnumbered_children(blocks, i)
        children = children or _flat_children(blocks, i)
        if len(children) < 2:
            continue
        intro = [b.text for b in blocks[i + 1 : children[0][0]] if b.kind is BlockKind.PARAGRAPH and not source.is_table(b)]
        announce = SENTENCE_OR_COLON.split(intro[-1])[-1:] if intro else []  # the sentence just before the sub-headings
        counted = [t for p in intro for t in SENTENCE_OR_COLON.split(p) if COUNTED_AREAS.search(t)]  # "... four areas of risk. Each is ..."
        scheme = scheme_of([block.text], SCHEMES) or scheme_of(announce, SCHEMES) or scheme_of(counted, SCHEMES)
        if scheme is None:
            continue
        for _, heading, paragraph in children:
            label = strip_number(heading.text)
            found.append(concept(scheme, label, source, (heading, paragraph), "heading-section", definition=paragraph.text))
    return found


COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
COUNTED = re.compile(rf"\b(?P<n>{'|'.join(COUNTS)}|\d+)\s+(?:\w+\s+)?(?:principles|values|risks|threats|risk areas)\b", re.I)


SECTION_NUMBER = re.compile(r"^(?P<n>\d+(?:\.\d+)*)\.?\s+\S")
COUNTED_AREAS = re.compile(
    rf"\b(?P<n>{'|'.join(COUNTS)}|\d+)\s+(?:main\s+|key\s+)?(?:areas?|kinds?|types?|categories|sources?|forms?)\s+of\s+(?:risks?|threats?|harms?)\b",
    re.I,
)


FLAT_ITEM_WORDS = 4


def _flat_children(blocks: list[Block], i: int) -> list[tuple[int, Block, Block]]:
    """Where a parser printed every heading at one level (or read short lines as headings): a heading whose
    introduction ends with ":" and the short same-level headings after it, each with one paragraph, up to one that
    is longer or names a scheme of its own ("What institutions should watch for")."""
    j = i + 1
    while j < len(blocks) and blocks[j].kind is BlockKind.PARAGRAPH:
        j += 1
    if j == i + 1 or not blocks[j - 1].text.rstrip().endswith(":"):
        return []
    found = []
    for k in range(j, len(blocks) - 1, 2):
        heading, paragraph = blocks[k], blocks[k + 1]
        after = blocks[k + 2] if k + 2 < len(blocks) else None
        if (
            heading.kind is not BlockKind.HEADING
            or heading.level != blocks[i].level
            or len(heading.text.split()) > FLAT_ITEM_WORDS
            or scheme_of([heading.text], SCHEMES)
            or paragraph.kind is not BlockKind.PARAGRAPH
            or (after is not None and after.kind is not BlockKind.HEADING)
        ):
            break
        found.append((k, heading, paragraph))
    return found


def _unnumbered_children(blocks: list[Block], i: int) -> list[tuple[int, Block, Block]]:
    """Where a PDF printed every heading at one level: "3. How might you be targeted?" and the unnumbered headings after
    it, each with its paragraph, up to the next numbered heading."""
    found = []
    for heading in child_headings(blocks, blocks[i]) if SECTION_NUMBER.match(blocks[i].text) else []:
        k = blocks.index(heading)
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if heading.level != blocks[i].level:
            return []
        if (
            nxt is None
            or nxt.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
            or len(strip_number(heading.text).split()) > MAX_LABEL_WORDS
        ):
            return []
        found.append((k, heading, nxt))
    return found


def _numbered_children(blocks: list[Block], i: int) -> list[tuple[int, Block, Block]]:
    """Where a PDF printed "2 Values at stake" and "2.1 Openness" at one level, the numbers give the hierarchy."""
    m = SECTION_NUMBER.match(blocks[i].text)
    if m is None:
        return []
    prefix, found = m["n"] + ".", []
    for k in range(i + 1, len(blocks)):
        block = blocks[k]
        if block.kind is not BlockKind.HEADING:
            continue
        sub = SECTION_NUMBER.match(block.text)
        if sub is None or not sub["n"].startswith(prefix):
            break
        if sub["n"].count(".") != prefix.count("."):
            continue
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if (
            nxt is None
            or nxt.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
            or len(strip_number(block.text).split()) > MAX_LABEL_WORDS
        ):
            return []
        found.append((k, block, nxt))
    return found


def _counted_siblings(blocks: list[Block], i: int) -> list[tuple[int, Block, Block]]:
    """Where a PDF printed every heading at one level: "Three principles guide ..." under a heading, and the
    next three headings of the same level, each with its paragraph, are the three."""
    j = i + 1
    intro = []
    while j < len(blocks) and blocks[j].kind is BlockKind.PARAGRAPH:
        intro.append(blocks[j].text)
        j += 1
    m = (COUNTED.search(intro[-1]) or COUNTED_AREAS.search(intro[-1])) if intro else None  # "... four areas of risk."
    if m is None or j >= len(blocks) or blocks[j].kind is not BlockKind.HEADING:
        return []  # the counted items are not headings (a list follows, read by the lists reader)
    count = COUNTS.get(m["n"].lower()) or int(m["n"])
    found = []
    for k in range(j, len(blocks)):
        block = blocks[k]
        if len(found) == count:
            break
        if block.kind is not BlockKind.HEADING:
            continue
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if (
            block.level != blocks[i].level
            or nxt is None
            or nxt.kind is not BlockKind.PARAGRAPH
            or len(block.text.split()) > MAX_LABEL_WORDS
        ):
            return []
        found.append((k, block, nxt))
    return found if len(found) == count else []


def _is_title(blocks: list[Block], i: int) -> bool:
    """The document's title heads every section, and names none of them."""
    return blocks[i].level <= 1 and not any(b.kind is BlockKind.HEADING for b in blocks[:i])


def _children(blocks: list[Block], i: int) -> list[tuple[int, Block, Block]]:
    """The sub-headings one level below heading ``i``, each with the paragraph that follows it; [] if any is not so."""
    level = blocks[i].level
    children = []
    for j in range(i + 1, len(blocks)):
        block = blocks[j]
        if block.kind is not BlockKind.HEADING:
            continue
        if block.level <= level:
            break
        if block.level != level + 1:
            continue
        nxt = blocks[j + 1] if j + 1 < len(blocks) else None
        if (
            nxt is None
            or nxt.kind not in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
            or len(strip_number(block.text).split()) > MAX_LABEL_WORDS
        ):
            return []
        children.append((j, block, nxt))
    return children
