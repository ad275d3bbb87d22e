"""The document model every parser produces."""

import re
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"
    FOOTNOTE = "footnote"


@dataclass(frozen=True)
class Block:
    """One structural unit of a document, with offsets into ``ParsedDocument.text``.

    ``level`` is the heading level (1 = top) for headings and the nesting depth
    (0 = top) for list items. ``marker`` is a footnote's mark.
    """

    kind: BlockKind
    text: str
    start: int
    end: int
    level: int = 0
    page: int | None = None
    marker: str | None = None
    emphasis: tuple[str, ...] = ()  # words the document sets in bold inside the block, in order ("values: **A**, **B**")


# What a parser may read from a file's own metadata (PDF info and XMP, HTML meta tags, DOCX core
# properties, a browser's printed header and footer). The pipeline fills a document's record from
# these when neither the command line nor a manifest says otherwise.
METADATA_KEYS = ("title", "issuer", "date", "language", "source", "description", "kind", "jurisdiction")


@dataclass
class ParsedDocument:
    path: Path
    format: str
    text: str
    blocks: list[Block]
    title: str | None = None
    page_count: int | None = None
    footnotes: dict[str, str] = field(default_factory=dict)
    # What the file says of itself: keys from METADATA_KEYS, each a non-empty string.
    metadata: dict[str, str] = field(default_factory=dict)
    # Pages (1-based) whose text could not be extracted: the document is ingested without them, and flagged.
    damaged_pages: list[int] = field(default_factory=list)
    # Web links whose address is not in the text: (link text, address), e.g. a printed page's link annotations.
    links: list[tuple[str, str]] = field(default_factory=list)

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind is BlockKind.HEADING]


@dataclass(frozen=True)
class ReadOptions:
    """How far a parser may go: a password for encrypted PDFs, and size limits."""

    password: str | None = None
    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 3000


# Parsers mark words set in bold with these while they write the text, and take the marks out
# (``take_emphasis``) before the blocks are found: the text stays clean, the blocks keep the words.
EMPHASIS_OPEN, EMPHASIS_CLOSE = "\ue000", "\ue001"


def take_emphasis(text: str, offsets: list[int] | None = None) -> tuple[str, list[tuple[int, int]], list[int]]:
    """The text without emphasis marks, the (start, end) of each emphasised run in it (runs that touch, or meet
    across spaces only, are one), and ``offsets`` into the marked text moved to the clean one."""
    clean: list[str] = []
    spans: list[tuple[int, int]] = []
    moved: dict[int, int] = {}
    wanted = sorted(set(offsets or ()))
    position = removed = 0
    opened: int | None = None
    for i, char in enumerate(text):
        while position < len(wanted) and wanted[position] <= i:
            moved[wanted[position]] = wanted[position] - removed
            position += 1
        if char == EMPHASIS_OPEN:
            removed += 1
            at = i - removed + 1
            if spans and opened is None and not "".join(clean[spans[-1][1] : at]).strip():
                opened = spans.pop()[0]  # the run goes on after a space
            elif opened is None:
                opened = at
            continue
        if char == EMPHASIS_CLOSE:
            removed += 1
            if opened is not None:
                end = i - removed + 1
                if end > opened:
                    spans.append((opened, end))
                opened = None
            continue
        clean.append(char)
    for offset in wanted[position:]:
        moved[offset] = offset - removed
    return "".join(clean), spans, [moved[o] for o in (offsets or [])]


def with_emphasis(blocks: list[Block], text: str, spans: list[tuple[int, int]]) -> list[Block]:
    """Each block with the emphasised words that lie inside it (whitespace folded), when it is not bold throughout."""
    if not spans:
        return blocks
    out = []
    i = 0
    for block in blocks:
        while i < len(spans) and spans[i][1] <= block.start:
            i += 1
        words = []
        j = i
        while j < len(spans) and spans[j][0] < block.end:
            phrase = " ".join(text[max(spans[j][0], block.start) : min(spans[j][1], block.end)].split()).strip(" .,;:!?")
            if phrase and phrase != " ".join(block.text.split()).strip(" .,;:!?"):
                words.append(phrase)
            j += 1
        out.append(replace(block, emphasis=tuple(words)) if words else block)
    return out


class RowSpans:
    """The cells of a table that span rows below their own (HTML ``rowspan``, ODT ``number-rows-spanned``), by column:
    each is read again in every row it covers, so a row reads whole and its columns stay in place."""

    def __init__(self) -> None:
        self._cells: dict[int, tuple[str, int]] = {}  # column -> the cell's text, rows it still covers

    def open(self, column: int, text: str, rows: int) -> None:
        """A cell at ``column`` spanning ``rows`` rows, its own included."""
        if rows > 1:
            self._cells[column] = (text, rows - 1)

    def take(self, column: int) -> str | None:
        """The text of the cell spanning into ``column`` of this row, or None when none does."""
        if column not in self._cells:
            return None
        text, left = self._cells.pop(column)
        if left > 1:
            self._cells[column] = (text, left - 1)
        return text


LINE_BREAK = "\ue010"  # a manual line break inside a paragraph, kept apart from spaces until a table cell is read
ENDS_SENTENCE = re.compile(r"[.!?:;,]\W*$")


def cell_text(paragraphs: list[str]) -> str:
    """A table cell's text from its paragraphs: lines (paragraphs, or lines a manual break ends) that do not end a
    sentence are items of a list and are parted by semicolons ("Advanced batteries; Hydrogen and fuel cells"), as
    a cell that lists them inline would; lines that do are run together."""
    lines = [" ".join(line.split()) for paragraph in paragraphs for line in paragraph.split(LINE_BREAK)]
    lines = [line for line in lines if line]
    out = ""
    for line in lines:
        out += line if not out else ("; " if not ENDS_SENTENCE.search(out) else " ") + line
    return out
