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


@dataclass
class ParsedDocument:
    path: Path
    format: str
    text: str
    blocks: list[Block]
    title: str | None = None
    page_count: int | None = None
    footnotes: dict[str, str] = field(default_factory=dict)

    def headings(self) -> list[Block]:
        return [b for b in self.blocks if b.kind is BlockKind.HEADING]


@dataclass(frozen=True)
class ReadOptions:
    """How far a parser may go: a password for encrypted PDFs, and size limits."""

    password: str | None = None
    max_bytes: int = 200 * 1024 * 1024
    max_pages: int = 3000
