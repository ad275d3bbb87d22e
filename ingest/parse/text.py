"""Plain text and light markdown -> blocks.

This is also the back end of the PDF and HTML parsers: they turn their input
into text of the same shape (blank lines between blocks, ``- `` bullets, ``#``
headings) and let this module find the structure.
"""

import bisect
import re
from collections.abc import Sequence
from pathlib import Path

from ..errors import IngestError
from .encoding import BinaryContent, decode
from .model import Block, BlockKind, ParsedDocument, ReadOptions

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPER_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")

BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:[-*•▪◦●\x7f\uf0a7\uf0b7\uf076\uf0d8\uf0fc]|\d{1,2}[.)]|\(?[a-z][)])\s+(?P<body>\S.*)$")
MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<body>.*\S)")
FOOTNOTE = re.compile(rf"^(?:\[\^(?P<md>\w+)\]:|(?P<sup>[{SUPERSCRIPTS}]+))\s*(?P<body>.*)$", re.S)
TOC_LINE = re.compile(r"\t\s{0,20}p\.?\s{0,5}\d+\s*$", re.I)
CELL_SEPARATOR = " | "  # how every parser writes a table row's cells
GLUED_MARK = re.compile(rf"(?<=[\w.,;:)\]’”\"'])[{SUPERSCRIPTS}]+")
MD_LINK = re.compile(r"\[(?P<label>[^\[\]]{1,1000})\]\((?P<url>[^()\s]{0,2000})\)")
ANGLE_URL = re.compile(r"<(?P<url>(?:https?|mailto):[^<>\s]+)>")
# Bold, then italic; no span crosses a marker of its own kind, so each scan stops at the next one
# (a line of unclosed markers costs linear time). Nested emphasis goes in two passes.
EMPHASIS = re.compile(r"\*\*(?=\S)([^*]{1,1000}?)(?<=\S)\*\*|__(?=\S)([^_]{1,1000}?)(?<=\S)__|(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
LETTER = re.compile(r"[^\W\d_]")
TERMINAL = tuple(".!?:;)]”\"'’")

# Navigation and call-to-action lines that web captures carry and no reader wants.
BOILERPLATE = re.compile(
    r"^(skip to (main )?content|skip navigation|back to (overview|top|list)|jump to navigation|"
    r"request more information( here)?|click here|read more|share( this( page| article)?)?|"
    r"print( this page)?|(accept|reject|manage)( all)? cookies|cookie (settings|preferences)|"
    r"this site uses cookies.*|menu|main menu|search|home|breadcrumb|you are here:?)\W*$",
    re.I,
)

MAX_HEADING_CHARS = 120
MAX_HEADING_WORDS = 20
MAX_TITLE_CHARS = 220


def read_text(path: Path, *, markup: bool = False) -> str:
    """The file's text, whatever its encoding; ``markup`` lets an HTML page's own charset declaration count."""
    raw = path.read_bytes()
    if not raw.strip():
        raise IngestError(path, "file is empty; nothing to ingest")
    try:
        text = decode(raw, markup=markup)
    except BinaryContent as binary:
        held = f" (it holds {binary.what})" if binary.what else "; give it its real extension (.pdf, .html)"
        raise IngestError(path, f"binary content in a text file{held}") from None
    del raw
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_text(path: Path, options: ReadOptions | None = None) -> ParsedDocument:
    text = read_text(path)
    blocks, footnotes = blocks_from_text(text)
    if not any(b.kind is not BlockKind.HEADING for b in blocks):
        raise IngestError(path, "no readable text found")
    return ParsedDocument(path, "text", text, blocks, title=_title(blocks), footnotes=footnotes)


def clean_inline(text: str) -> str:
    """Markdown emphasis, links and glued footnote marks out; whitespace folded."""
    text = MD_LINK.sub(lambda m: m["label"] if m["url"] in ("", "#") else f"{m['label']} ({m['url']})", text)
    text = ANGLE_URL.sub(lambda m: m["url"], text)
    for _ in range(2):  # nested emphasis such as ***x***
        text = EMPHASIS.sub(lambda m: m[1] or m[2] or m[3], text)
    text = GLUED_MARK.sub("", text)
    return " ".join(text.split())


def blocks_from_text(text: str, page_starts: Sequence[int] = (), *, shape_headings: bool = True) -> tuple[list[Block], dict[str, str]]:
    """Find headings, paragraphs, list items and footnotes in ``text``.

    ``page_starts`` holds the offset where each page begins (PDF); blocks get
    the page they start on. ``shape_headings`` guesses headings from the shape of
    a line (short, capitalised, unpunctuated), for plain text; formats that mark
    their headings (``#`` from PDF type sizes and HTML tags) turn it off.
    """
    raw = _raw_blocks(text)
    blocks = [b for b in (_classify(kind, lines, level, i == 0, shape_headings) for i, (kind, lines, level) in enumerate(raw)) if b]
    if page_starts:
        blocks = [_with_page(b, page_starts) for b in blocks]
    blocks = _mend_broken_paragraphs(blocks)
    blocks = _number_headings(blocks)
    footnotes = {b.marker: b.text for b in blocks if b.kind is BlockKind.FOOTNOTE and b.marker}
    return blocks, footnotes


Line = tuple[str, int, int]  # text, start, end


def _raw_blocks(text: str) -> list[tuple[str, list[Line], int]]:
    """Group lines into ('item' | 'heading' | 'para', lines, level) by blank lines and bullets."""
    blocks: list[tuple[str, list[Line], int]] = []
    current: list[Line] | None = None
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            current = None
            continue
        if (m := MD_HEADING.match(line)) is not None:
            body = m["body"].rstrip("#").rstrip() or m["body"]  # closing hashes, as in "## Scope ##"
            blocks.append(("heading", [(body, start, end)], len(m["hashes"])))
            current = None
        elif (m := BULLET.match(line)) is not None:
            indent = len(m["indent"].expandtabs(4))
            current = [(m["body"], start + m.start("body"), end)]
            blocks.append(("item", current, indent // 2))
        elif current is not None:
            current.append((line, start, end))
        else:
            current = [(line, start, end)]
            blocks.append(("para", current, 0))
    return blocks


def _classify(kind: str, lines: list[Line], level: int, first: bool, shape_headings: bool = True) -> Block | None:
    source = " ".join(t for t, _, _ in lines)
    start, end = lines[0][1], lines[-1][2]
    if TOC_LINE.search(source):
        return None
    if kind == "para" and (m := FOOTNOTE.match(source.strip())) is not None:
        marker = m["md"] or m["sup"].translate(_SUPER_TO_DIGIT)
        return Block(BlockKind.FOOTNOTE, clean_inline(m["body"]), start, end, marker=marker)
    if not LETTER.search(source):
        return None
    text = clean_inline(source)
    if not LETTER.search(text) or BOILERPLATE.match(text):
        return None
    if kind == "heading":
        return Block(BlockKind.HEADING, text, start, end, level=level)
    if kind == "item":
        return Block(BlockKind.LIST_ITEM, text, start, end, level=level)
    guessed = (first and len(text) <= MAX_TITLE_CHARS and not text.endswith(".")) or (len(lines) == 1 and _looks_like_heading(text))
    if shape_headings and guessed:
        return Block(BlockKind.HEADING, text, start, end, level=1 if first else 0)
    return Block(BlockKind.PARAGRAPH, text, start, end)


def _looks_like_heading(text: str) -> bool:
    return (
        len(text) <= MAX_HEADING_CHARS
        and len(text.split()) <= MAX_HEADING_WORDS
        and not text.endswith((".", ",", ";", ":"))
        and (text[0].isupper() or text[0].isdigit())
        and "://" not in text
        and CELL_SEPARATOR not in text  # a table row is never a heading
    )


def _mend_broken_paragraphs(blocks: list[Block]) -> list[Block]:
    """Join text that a page break split: a block with no closing punctuation
    followed (across footnotes) by a paragraph that starts in lower case."""
    out: list[Block] = []
    held: list[Block] = []  # footnotes met while a broken block waits for its tail
    for block in blocks:
        tail = out[-1] if out else None
        broken = tail is not None and tail.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) and not tail.text.endswith(TERMINAL)
        if block.kind is BlockKind.FOOTNOTE and broken:
            held.append(block)
            continue
        across_pages = tail is not None and tail.kind is BlockKind.PARAGRAPH and tail.page is not None and block.page != tail.page
        continues = block.text[:1].islower() or (block.text[:1].isdigit() and across_pages)
        if broken and block.kind is BlockKind.PARAGRAPH and continues:
            out[-1] = Block(tail.kind, f"{tail.text} {block.text}", tail.start, block.end, tail.level, tail.page)
        else:
            out.append(block)
        out.extend(held)
        held = []
    return out + held


def _number_headings(blocks: list[Block]) -> list[Block]:
    """Give headings found by shape (level 0) the level below the title, or the deepest level seen."""
    explicit = [b.level for b in blocks if b.kind is BlockKind.HEADING and b.level > 0]
    default = 2 if explicit == [1] or not explicit else min(max(explicit), 6)
    return [
        Block(b.kind, b.text, b.start, b.end, default, b.page, b.marker) if b.kind is BlockKind.HEADING and b.level == 0 else b
        for b in blocks
    ]


def _with_page(block: Block, page_starts: Sequence[int]) -> Block:
    page = bisect.bisect_right(page_starts, block.start)
    return Block(block.kind, block.text, block.start, block.end, block.level, max(page, 1), block.marker)


def _title(blocks: list[Block]) -> str | None:
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            return block.text
        if block.kind is not BlockKind.FOOTNOTE:
            return None
    return None
