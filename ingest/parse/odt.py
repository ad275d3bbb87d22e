"""OpenDocument text (.odt) -> blocks: headings with their outline level, nested lists, table
rows, sections (a two-column section is just content), links with their address, foot- and
endnotes, and what meta.xml says of the document.

content.xml is read with lxml without resolving entities; the tree is walked with explicit
stacks, so a deeply nested file costs memory in proportion to its size and never the stack.
"""

import re
import zipfile
from pathlib import Path

from lxml import etree

from ..errors import IngestError
from .model import (
    EMPHASIS_CLOSE,
    EMPHASIS_OPEN,
    LINE_BREAK,
    BlockKind,
    ParsedDocument,
    ReadOptions,
    RowSpans,
    cell_text,
    take_emphasis,
    with_emphasis,
)
from .office import (
    NoteMarks,
    Piece,
    clean_metadata,
    first_title,
    fold,
    iso_date,
    issuer_from,
    link_suffix,
    open_package,
    parse_xml,
    read_member,
    render,
)
from .text import blocks_from_text

KIND = "OpenDocument text (.odt)"
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "dc": "http://purl.org/dc/elements/1.1/",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
# Paragraph styles of generated lists (a table of contents copied out of its index, as converters leave it).
NOT_CONTENT_STYLE = re.compile(r"^(contents( \d+| heading)|toc( \d+| heading)|table of contents)$", re.I)
TEXT_MIMETYPES = (b"application/vnd.oasis.opendocument.text", b"application/vnd.oasis.opendocument.text-template")


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


P, H, LIST, ITEM, HEADER = q("text:p"), q("text:h"), q("text:list"), q("text:list-item"), q("text:list-header")
TABLE, ROW, CELL, NOTE, TEXT_BOX = q("table:table"), q("table:table-row"), q("table:table-cell"), q("text:note"), q("draw:text-box")
COVERED = q("table:covered-table-cell")
MAX_REPEAT = 1000  # a count of repeated or spanned cells past this is a spreadsheet's filler, not a table's layout
LINK = q("text:a")
SPAN = q("text:span")
STYLE_NAME = q("text:style-name")
LINE = q("text:line-break")
SPACES = {q("text:s"), q("text:tab"), LINE}
# Generated indexes (tables of contents and the like), revision records, declarations, comments, drawings,
# ruby annotations and a note's own citation: none of them is the document's text.
SKIP_BLOCKS = {
    q(f"text:{n}")
    for n in ("table-of-content", "illustration-index", "table-index", "object-index", "user-index", "alphabetical-index", "bibliography")
}
SKIP_BLOCKS |= {
    q("text:tracked-changes"),
    q("text:sequence-decls"),
    q("text:variable-decls"),
    q("text:user-field-decls"),
    q("office:forms"),
}
SKIP_INLINE = {q("office:annotation"), q("text:ruby-text"), q("text:tracked-changes"), q("text:note-citation")}
SKIP_INLINE |= {q(f"draw:{n}") for n in ("frame", "a", "custom-shape", "rect", "g", "line", "ellipse", "polygon", "path", "control")}


def parse_odt(path: Path, options: ReadOptions | None = None) -> ParsedDocument:
    options = options or ReadOptions()
    with open_package(path, options, KIND) as package:
        _check_kind(path, package)
        content = parse_xml(read_member(package, "content.xml", path, KIND), "content.xml", path, KIND)
        styles = _style_parents(content, package, path)
        bold = _bold_styles(content, package, path)
        meta = _meta(package, path)
    body = content.find(f"{q('office:body')}/{q('office:text')}")
    if body is None:
        raise IngestError(path, "no text body in content.xml (is it a spreadsheet or drawing saved as .odt?); save it from Writer as .odt")
    pieces = _Reader(styles, bold).body(body)
    text, emphasis, _ = take_emphasis(render(pieces))
    blocks, footnotes = blocks_from_text(text, shape_headings=False)
    blocks = with_emphasis(blocks, text, emphasis)
    if not any(b.kind is not BlockKind.HEADING for b in blocks):
        raise IngestError(path, "no readable text in the OpenDocument file")
    title = take_emphasis(first_title(pieces) or "")[0] or meta.get("title")
    return ParsedDocument(path, "odt", text, blocks, title=title, footnotes=footnotes, metadata=meta)


def _check_kind(path: Path, package: zipfile.ZipFile) -> None:
    names = set(package.namelist())
    if "[Content_Types].xml" in names:
        raise IngestError(path, "this is a Word document, not OpenDocument; rename it to .docx")
    if "mimetype" in names:
        mimetype = read_member(package, "mimetype", path, KIND).strip()
        if mimetype not in TEXT_MIMETYPES:
            raise IngestError(path, f"not a text document ({mimetype.decode('ascii', 'replace')[:80]}); save it from Writer as .odt")
    manifest = _optional_part(package, "META-INF/manifest.xml", path)
    if manifest is not None and manifest.find(f".//{q('manifest:encryption-data')}") is not None:
        raise IngestError(path, "the document is password-protected; open it in LibreOffice and save it without a password")


def _style_parents(content: etree._Element, package: zipfile.ZipFile, path: Path) -> dict[str, tuple[str | None, str]]:
    """Paragraph style name -> (parent name, display name), from content.xml and styles.xml."""
    roots = [root for root in (content, _optional_part(package, "styles.xml", path)) if root is not None]
    styles: dict[str, tuple[str | None, str]] = {}
    for root in roots:
        for style in root.iter(q("style:style")):
            name = style.get(q("style:name"))
            if name and style.get(q("style:family")) == "paragraph":
                styles.setdefault(name, (style.get(q("style:parent-style-name")), style.get(q("style:display-name")) or name))
    return styles


def _bold_styles(content: etree._Element, package: zipfile.ZipFile, path: Path) -> set[str]:
    """Names of the text styles that set words in bold (Writer's automatic "T1" of a bold lead-in, or a named one)."""
    roots = [root for root in (content, _optional_part(package, "styles.xml", path)) if root is not None]
    bold = set()
    for root in roots:
        for style in root.iter(q("style:style")):
            properties = style.find(q("style:text-properties"))
            if style.get(q("style:family")) == "text" and properties is not None and properties.get(q("fo:font-weight")) in ("bold", "700"):
                bold.add(style.get(q("style:name")))
    return bold


BOLD_SPAN = object()  # the marker, on the reading stack, of a span set in bold


class _Reader:
    def __init__(self, styles: dict[str, tuple[str | None, str]], bold: set[str] | None = None):
        self.styles = styles
        self.bold = bold or set()
        self.marks = NoteMarks()
        self.note_bodies: dict[str, etree._Element] = {}

    def body(self, body: etree._Element) -> list[Piece]:
        pieces: list[Piece] = []
        stack: list[tuple[etree._Element, int]] = [(child, -1) for child in reversed(body)]
        while stack:
            element, depth = stack.pop()
            tag = element.tag
            if tag == H:
                level = _int(element.get(q("text:outline-level"))) or 1
                pieces.append(Piece("heading", self._inline(element), max(1, level)))
            elif tag == P:
                names = self._style_names(element.get(STYLE_NAME))
                if any(NOT_CONTENT_STYLE.match(name) for name in names):
                    continue
                kind = "title" if any(name.lower() == "title" for name in names) else "para"
                pieces.append(Piece(kind, self._inline(element), 1))
            elif tag == LIST:
                stack.extend((child, depth + 1) for child in reversed(element))
                continue
            elif tag in (ITEM, HEADER):
                stack.extend(reversed(self._list_item(element, depth, pieces)))
                continue
            elif tag == TABLE:
                stack.extend((child, -1) for child in reversed(self._table(element, pieces)))
            elif tag not in SKIP_BLOCKS and isinstance(tag, str):
                stack.extend((child, depth) for child in reversed(element))  # sections, soft page breaks, frames
                continue
            self._add_notes(pieces)
            if tag in (P, H):
                stack.extend(reversed([(child, -1) for box in _text_boxes(element) for child in box]))
        return pieces

    def _list_item(self, item: etree._Element, depth: int, pieces: list[Piece]) -> list[tuple[etree._Element, int]]:
        """The item's paragraphs as one list item; its headings, nested lists and tables go back on the stack."""
        rest: list[tuple[etree._Element, int]] = []
        text: list[str] = []
        for child in item:
            if child.tag == P and not rest:
                text.append(self._inline(child))
            else:
                rest.append((child, depth))
        if text:
            pieces.append(Piece("item", " ".join(text), max(depth, 0)))
            self._add_notes(pieces)
        return rest

    def _table(self, table: etree._Element, pieces: list[Piece]) -> list[etree._Element]:
        """Each row as ``a | b | c``; nested tables' rows are not rows of this table. A cell that spans rows is read
        again in each row it covers, so every row reads whole; cells a column span covers are not cells of their own.
        A one-column table (a box around text) is read as body text: its contents go back to the caller."""
        rows = [row for row in table.iter(ROW) if next(row.iterancestors(TABLE), None) is table]
        cells = [[cell for cell in row.iter(CELL, COVERED) if next(cell.iterancestors(ROW), None) is row] for row in rows]
        if all(sum(cell.tag == CELL for cell in row) <= 1 for row in cells):
            return [child for row in cells for cell in row if cell.tag == CELL for child in cell]
        spanning = RowSpans()
        for row in cells:
            texts, column = [], 0
            for cell in row:
                if cell.tag == COVERED:
                    if (above := spanning.take(column)) is not None:
                        texts.append(above)  # covered by a cell spanning down; one a column span covers is no cell
                    column += _count(cell, "table:number-columns-repeated")
                    continue
                text = cell_text([self._inline(p, lines=True) for p in cell.iter(P, H) if not _in_note(p, cell)])
                spanning.open(column, text, _count(cell, "table:number-rows-spanned"))
                texts.append(text)
                column += _count(cell, "table:number-columns-repeated")
            if any(texts):
                pieces.append(Piece("para", " | ".join(texts)))
                self._add_notes(pieces)
        return []

    def _style_names(self, style: str | None) -> list[str]:
        """The display names of a paragraph style and the styles it inherits from (automatic styles first)."""
        names: list[str] = []
        seen: set[str] = set()
        while style and style not in seen and len(seen) < 20:
            seen.add(style)
            parent, display = self.styles.get(style, (None, style.replace("_20_", " ")))
            names.append(display)
            style = parent
        return names

    def _add_notes(self, pieces: list[Piece]) -> None:
        for _, note_id, mark in self.marks.take_pending():
            body = self.note_bodies.pop(note_id, None)
            if body is not None:
                pieces.append(Piece("note", " ".join(self._inline(p, in_note=True) for p in body.iter(P, H)), marker=mark))

    def _inline(self, paragraph: etree._Element, in_note: bool = False, lines: bool = False) -> str:
        """A paragraph's text in order: spans, spaces, links with their address, notes as ``[^n]``; manual line breaks
        as ``LINE_BREAK`` where ``lines`` (a table cell's)."""
        parts = [paragraph.text or ""]
        stack: list[tuple] = [(iter(paragraph), None, 0)]
        while stack:
            children, element, start = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if element is not None:
                    if element.tag == LINK:
                        parts.append(link_suffix(element.get(q("xlink:href")), "".join(parts[start:])))
                    elif element.tag == SPAN and element.get(STYLE_NAME) in self.bold:
                        parts.append(EMPHASIS_CLOSE)
                    parts.append(element.tail or "")
                continue
            tag = child.tag
            if tag in SPACES:
                parts.append(LINE_BREAK if lines and tag == LINE else " ")
            elif tag == NOTE:
                if not in_note:
                    parts.append(self._note(child))
            elif tag not in SKIP_INLINE and isinstance(tag, str) and tag not in (P, H):
                stack.append((iter(child), child, len(parts)))
                if tag == SPAN and child.get(STYLE_NAME) in self.bold:
                    parts.append(EMPHASIS_OPEN)
                parts.append(child.text or "")
                continue
            parts.append(child.tail or "")
        return fold("".join(parts))

    def _note(self, note: etree._Element) -> str:
        note_id = str(len(self.marks.marks))  # each text:note is a note of its own, whatever its (optional) id says
        citation = note.find(q("text:note-citation"))
        label = citation.get(q("text:label")) or fold(citation.text or "") if citation is not None else None
        kind = "endnote" if note.get(q("text:note-class")) == "endnote" else "footnote"
        body = note.find(q("text:note-body"))
        if body is not None:
            self.note_bodies.setdefault(note_id, body)
        return self.marks.reference(kind, note_id, label)


def _optional_part(package: zipfile.ZipFile, name: str, path: Path) -> etree._Element | None:
    """A part the text does not depend on (styles, properties, manifest): absent or damaged, it is done without."""
    if name not in package.namelist():
        return None
    try:
        return parse_xml(read_member(package, name, path, KIND), name, path, KIND)
    except IngestError:
        return None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _in_note(paragraph: etree._Element, stop: etree._Element) -> bool:
    for ancestor in paragraph.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag in (NOTE, q("office:annotation")):
            return True
    return False


def _text_boxes(paragraph: etree._Element) -> list[etree._Element]:
    """Text boxes anchored in this paragraph, read after it as blocks of their own."""
    return [box for box in paragraph.iter(TEXT_BOX) if next(box.iterancestors(P, H), None) is paragraph]


def _meta(package: zipfile.ZipFile, path: Path) -> dict[str, str]:
    root = _optional_part(package, "meta.xml", path)
    meta = root.find(q("office:meta")) if root is not None else None
    if meta is None:
        return {}

    def field(name: str) -> str | None:
        found = meta.find(q(name))
        return "".join(found.itertext()) if found is not None else None

    user_defined = [(e.get(q("meta:name")) or "", "".join(e.itertext())) for e in meta.iter(q("meta:user-defined"))]
    return clean_metadata(
        {
            "title": field("dc:title"),
            # meta:initial-creator and dc:creator name people; the organisation, when given, is a user-defined property.
            "issuer": issuer_from(user_defined),
            "date": iso_date(field("dc:date")) or iso_date(field("meta:creation-date")),
            "language": field("dc:language"),
            "description": field("dc:description") or field("dc:subject"),
        }
    )


def _count(cell: etree._Element, attribute: str) -> int:
    try:
        return max(1, min(int(cell.get(q(attribute), "1")), MAX_REPEAT))
    except ValueError:
        return 1
