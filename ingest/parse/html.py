"""HTML -> blocks: the main content only, with headings, paragraphs, lists, table rows and link targets.

The page is read as a stream of start tags, text and end tags (libxml2's HTML parser with a
parser target), never built into a tree: memory stays a small multiple of the page's text, and
100,000 nested ``<div>``s are only a deep stack of names, not a deep recursion. What the page
says of itself (``<title>``, ``<html lang>``, Dublin Core, Open Graph, ``citation_*``, canonical
link) goes into ``ParsedDocument.metadata``.
"""

import re
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree

from ..errors import IngestError
from .htmlmeta import page_metadata
from .model import EMPHASIS_CLOSE, EMPHASIS_OPEN, LINE_BREAK, ParsedDocument, ReadOptions, RowSpans, cell_text, take_emphasis, with_emphasis
from .text import blocks_from_text, read_text

DROP_TAGS = frozenset(("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe"))
DROP_ATTR = re.compile(r"cookie|consent|banner|breadcrumb|skip|share|social|menu|navbar|sidebar|footer|newsletter", re.I)
NEVER_CHROME = frozenset(("html", "body", "main", "article"))
HEAD_TAGS = frozenset(("meta", "link", "html", "title", "base"))
MAIN_TAGS = frozenset(("main", "article", "body"))
# Where the main content is, best first; the first element of the best kind found wins.
MAIN_KINDS = ("main", "role=main", "article", "#content", "#main-content", ".content", "body")
HEADINGS = {f"h{n}": n for n in range(1, 7)}
LISTS = frozenset(("ul", "ol"))
CELLS = frozenset(("td", "th"))
BREAKS = frozenset(
    (
        *("p", "div", "section", "article", "main", "blockquote", "pre", "dl", "dt", "dd", "caption", "figcaption", "figure"),
        *("table", "thead", "tbody", "tfoot", "address", "details", "summary", "hr", "center", "fieldset", "legend", "body"),
        *HEADINGS,
        *LISTS,
        "li",
    )
)
FEED_CHARS = 1 << 20
# A row whose cells hold any of these, or more text than this, is page layout, not data.
LAYOUT_TAGS = frozenset((*HEADINGS, *LISTS, "table", "blockquote", "pre", "dl", "section", "article", "main"))
MAX_ROW_CHARS = 2000
TERM_MARK = "\x00dt "
BOLD_TAGS = frozenset(("strong", "b"))  # words set in bold (not <em>: italics mostly mark titles of works)  # a <dt> waiting for its <dd>
MAX_SEARCH_DEPTH = 64  # how far up an end tag looks for its start before it is ignored as stray


def parse_html(path: Path, options: ReadOptions | None = None) -> ParsedDocument:
    source = read_text(path, markup=True)
    if not re.search(r"<\s*(html|body|p|div|h[1-6])\b", source[:20000], re.I):
        raise IngestError(path, "not HTML (no <html>, <body> or block tags); give it a .txt extension if it is plain text")
    reader = _PageReader()
    parser = etree.HTMLParser(target=reader, encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True)
    for start in range(0, len(source), FEED_CHARS):
        parser.feed(source[start : start + FEED_CHARS].encode("utf-8"))
    del source
    parser.close()
    text, emphasis, _ = take_emphasis("\n\n".join(reader.main_blocks()).strip() + "\n")
    blocks, footnotes = blocks_from_text(text)
    blocks = with_emphasis(blocks, text, emphasis)
    if not blocks:
        raise IngestError(path, "no readable text in the page's main content")
    metadata = page_metadata(reader.head)
    title = reader.first_h1 or metadata.get("title")
    return ParsedDocument(path, "html", text, blocks, title=title or None, footnotes=footnotes, metadata=metadata)


MAX_SPAN = 1000  # rows a cell may span: a bigger number is a typo, and HTML itself caps rowspan at 65534


def _span(attrib, name: str) -> int:
    try:
        return max(1, min(int((attrib.get(name) or "1").strip()), MAX_SPAN))
    except ValueError:
        return 1


class _PageReader:
    """A parser target that writes the page as light markdown, one string per block."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.buffer: list[str] = []  # inline text of the block being read
        self.open: list[str] = []  # names of the open elements
        self.contexts: list[tuple[str, int, int]] = []  # (heading | li | list | row, depth, heading level)
        self.list_depth = 0
        self.rows: list[list[str] | None] = []  # cells of each open table row; None for a layout row
        self.spans: list[dict[int, int]] = []  # for each open row: its cells (by index) that span rows below, and how many
        self.spanning: list[RowSpans] = []  # for each open table: its cells spanning rows below
        self.links: list[tuple[str, int, int]] = []  # address, buffer index, depth
        self.dropped_at: int | None = None
        self.found: dict[str, list[int]] = {}  # main kind -> [first block, end block]
        self.open_kinds: list[tuple[int, str]] = []
        self.first_h1: str | None = None
        self.head: dict[str, list[str]] = {}  # what the page says of itself: meta names, link rels, title, lang
        self.title_parts: list[str] | None = None

    # parser target interface
    def start(self, tag: str, attrib) -> None:
        depth = len(self.open)
        self.open.append(tag)
        if self.dropped_at is not None:
            return
        if tag in HEAD_TAGS:
            self._head(tag, attrib)
        kinds: tuple[str, ...] = ()
        if attrib:
            names = (attrib.get("id"), attrib.get("class"), attrib.get("role"))
            if any(names) and _is_chrome(tag, *names):
                self.dropped_at = depth
                return
            kinds = _main_kinds(tag, *names)
        elif tag in MAIN_TAGS:
            kinds = (tag,)
        if tag in DROP_TAGS and not (tag == "aside" and self._in_main()):
            self.dropped_at = depth
            return
        for kind in kinds:
            if kind not in self.found:
                self._flush()
                self.found[kind] = [len(self.blocks), -1]
                self.open_kinds.append((depth, kind))
        if tag in CELLS:
            self._stray_cell_text()
            if self.rows and self.rows[-1] is not None and (rowspan := _span(attrib, "rowspan")) > 1:
                self.spans[-1][len(self.rows[-1])] = rowspan
        elif tag == "tr":
            self._stray_cell_text()
            self._flush()
            self.rows.append([])
            self.spans.append({})
            self.contexts.append(("row", depth, 0))
        elif tag in BREAKS:
            self._break(tag)
            if tag == "table":
                self.spanning.append(RowSpans())
            if tag in HEADINGS:
                self.contexts.append(("heading", depth, HEADINGS[tag]))
            elif tag == "li":
                self.contexts.append(("li", depth, 0))
            elif tag in ("dt", "dd"):
                self.contexts.append((tag, depth, 0))
            elif tag in LISTS:
                self.contexts.append(("list", depth, 0))
                self.list_depth += 1
        elif tag == "br":  # a line break inside a table cell may part the cell's items (``cell_text``)
            self.buffer.append(LINE_BREAK if self._in_cell() else " ")
        elif tag in BOLD_TAGS:
            self.buffer.append(EMPHASIS_OPEN)
        elif tag == "a" and (href := self._absolute((attrib.get("href") or "").strip())):
            self.links.append((href, len(self.buffer), depth))

    def end(self, tag: str) -> None:
        if self.open and self.open[-1] == tag:
            self._close(self.open.pop(), len(self.open))
            return
        for i in range(len(self.open) - 1, max(len(self.open) - MAX_SEARCH_DEPTH, 0) - 1, -1):
            if self.open[i] == tag:
                while len(self.open) > i:
                    self._close(self.open.pop(), len(self.open))
                return

    def data(self, text: str) -> None:
        if self.title_parts is not None:
            self.title_parts.append(text)
        elif self.dropped_at is None:
            self.buffer.append(text)

    def close(self) -> "_PageReader":
        while self.open:
            self._close(self.open.pop(), len(self.open))
        self._flush()
        return self

    # the rest
    def main_blocks(self) -> list[str]:
        blocks = [b.removeprefix(TERM_MARK) for b in self.blocks]  # a term with no definition is a line of its own
        for kind in MAIN_KINDS:
            if kind in self.found:
                first, end = self.found[kind]
                return blocks[first : end if end >= 0 else len(blocks)]
        return blocks

    def _close(self, tag: str, depth: int) -> None:
        if self.dropped_at is not None:
            if depth == self.dropped_at:
                self.dropped_at = None
            if tag == "title" and self.title_parts is not None:
                self._end_title()
            return
        if tag == "title" and self.title_parts is not None:
            self._end_title()
        if self.links and self.links[-1][2] == depth:
            self._end_link()
        if tag in BOLD_TAGS:
            self.buffer.append(EMPHASIS_CLOSE)
        if tag in CELLS:
            self._end_cell()
        elif tag == "tr" and self.rows:
            self._stray_cell_text()
            cells, spans = self.rows.pop(), self.spans.pop()
            if cells is None:
                self._flush()
            else:
                cells = self._spanned(cells, spans)
                if any(cells):
                    self.blocks.append(" | ".join(cells))
        elif tag in BREAKS:
            self._break(tag, own_depth=depth)
            if tag == "table" and self.spanning:
                self.spanning.pop()
        if self.contexts and self.contexts[-1][1] == depth and self.contexts.pop()[0] == "list":
            self.list_depth -= 1
        while self.open_kinds and self.open_kinds[-1][0] >= depth:
            self._flush()
            self.found[self.open_kinds.pop()[1]][1] = len(self.blocks)

    def _break(self, tag: str, own_depth: int | None = None) -> None:
        """A block element starts or ends: the text so far is a block, unless the enclosing block reads it inline."""
        enclosing = next((c[0] for c in reversed(self.contexts) if c[1] != own_depth), None)
        if enclosing == "row" and (tag in LAYOUT_TAGS or self._row_chars() > MAX_ROW_CHARS):
            self._to_layout()
            enclosing = "layout"
        inline = enclosing == "heading" or (enclosing == "li" and tag not in LISTS and tag != "li") or enclosing == "row"
        if inline:
            self.buffer.append(LINE_BREAK if enclosing == "row" else " ")  # paragraphs in a cell are its lines
        else:
            self._flush()

    def _flush(self) -> None:
        line = " ".join("".join(self.buffer).replace(LINE_BREAK, " ").split())
        self.buffer.clear()
        if not line:
            return
        kind, _, level = self.contexts[-1] if self.contexts else ("", 0, 0)
        if kind == "heading":
            self.blocks.append("#" * level + " " + line)
            if level == 1 and self.first_h1 is None:
                self.first_h1 = take_emphasis(line)[0]
        elif kind == "li":
            self.blocks.append("  " * max(self.list_depth - 1, 0) + "- " + line)
        elif kind == "dt":
            self.blocks.append(TERM_MARK + line)
        elif kind == "dd" and self.blocks and self.blocks[-1].startswith(TERM_MARK):
            self.blocks[-1] = f"- {self.blocks[-1][len(TERM_MARK) :]}: {line}"  # a definition list item: "Term: definition"
        else:
            self.blocks.append(line)

    def _end_cell(self) -> None:
        """A cell ends (every cell counts, empty or not, so columns stay in place)."""
        if self.rows and (row := self.rows[-1]) is not None:
            row.append(cell_text(["".join(self.buffer)]))
            self.buffer.clear()
        elif self.rows:
            self._flush()

    def _spanned(self, cells: list[str], spans: dict[int, int]) -> list[str]:
        """The row with the cells that rows above span into it ("Quantum science" over three rows of technologies)
        written in again, so each row reads whole and its columns stay in place."""
        if not self.spanning:
            return cells
        spanning = self.spanning[-1]
        row, own = [], iter(enumerate(cells))
        while True:
            if (above := spanning.take(len(row))) is not None:
                row.append(above)
                continue
            index, text = next(own, (None, None))
            if index is None:
                break
            spanning.open(len(row), text, spans.get(index, 1))
            row.append(text)
        return row

    def _stray_cell_text(self) -> None:
        """Text in a row outside any cell becomes a cell of its own."""
        if self.rows and self.rows[-1] is not None and "".join(self.buffer).strip():
            self._end_cell()
        elif self.rows:
            self._flush()

    def _in_cell(self) -> bool:
        return bool(self.contexts) and self.contexts[-1][0] == "row" and bool(self.rows) and self.rows[-1] is not None

    def _row_chars(self) -> int:
        return sum(map(len, self.rows[-1] or ())) + sum(map(len, self.buffer)) if self.rows else 0

    def _to_layout(self) -> None:
        """A row whose cells hold headings, lists, tables or pages of text lays out the page: its
        cells are read as blocks, not joined into one line."""
        cells, self.rows[-1] = self.rows[-1], None
        if cells and any(cells):
            self.blocks.append(" | ".join(cell for cell in cells if cell))
        at = next(i for i in range(len(self.contexts) - 1, -1, -1) if self.contexts[i][0] == "row")
        self.contexts[at] = ("layout", self.contexts[at][1], 0)
        self._flush()

    def _absolute(self, href: str) -> str | None:
        """An outgoing link's address; a relative one resolved against the page's own address (<base>, canonical
        link or og:url), or None when the page does not say where it lives."""
        if href.startswith(("http://", "https://")):
            return href
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
            return None
        base = next((v[0] for k in ("base", "link:canonical", "og:url") if (v := self.head.get(k)) and v[0].startswith("http")), None)
        return urljoin(base, href) if base else None

    def _end_link(self) -> None:
        """Write an outgoing link's address after its text: tools are known by their address."""
        href, first, _ = self.links.pop()
        label = " ".join("".join(self.buffer[first:]).split())
        if label and href not in label:
            self.buffer.append(f" ({href})")

    def _head(self, tag: str, attrib) -> None:
        if tag == "title" and "title" not in self.head:
            self.title_parts = []
        elif tag == "html" and (lang := attrib.get("lang") or attrib.get("xml:lang")):
            self.head.setdefault("lang", []).append(lang)
        elif tag == "meta":
            key = (attrib.get("name") or attrib.get("property") or attrib.get("http-equiv") or "").strip().lower()
            if key and attrib.get("content"):
                self.head.setdefault(key, []).append(attrib["content"])
        elif tag == "base" and attrib.get("href"):
            self.head.setdefault("base", []).append(attrib["href"].strip())
        elif tag == "link":
            for rel in (attrib.get("rel") or "").lower().split():
                if attrib.get("href"):
                    self.head.setdefault(f"link:{rel}", []).append(attrib["href"])

    def _in_main(self) -> bool:
        """Inside the page's main content: an aside there is related material ("Resources"), not the site's sidebar."""
        return any(tag in ("main", "article") for tag in self.open[:-1])

    def _end_title(self) -> None:
        self.head["title"] = [" ".join("".join(self.title_parts or ()).split())]
        self.title_parts = None


def _is_chrome(tag: str, ident: str | None, classes: str | None, role: str | None) -> bool:
    if tag in NEVER_CHROME or role == "main":
        return False
    return DROP_ATTR.search(f"{ident or ''} {classes or ''} {role or ''}") is not None


def _main_kinds(tag: str, ident: str | None, classes: str | None, role: str | None) -> tuple[str, ...]:
    kinds = (tag,) if tag in MAIN_TAGS else ()
    if role == "main":
        kinds += ("role=main",)
    if ident in ("content", "main-content"):
        kinds += (f"#{ident}",)
    if classes and "content" in classes.split():
        kinds += (".content",)
    return kinds
