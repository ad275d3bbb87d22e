"""The document model every parser produces."""

from dataclasses import dataclass, field
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
