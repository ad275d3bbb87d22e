"""Word (.docx) -> blocks: the body in order, headings by style and outline level, list
paragraphs with their level, table rows, links with their address, and foot/endnotes.

python-docx opens the package and gives styles, relationships and core properties; the body
is walked here over its XML, with explicit stacks rather than recursion, because Word wraps
content in controls (``w:sdt``), text boxes and fields that python-docx's own API skips.
"""

import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from ..errors import IngestError
from .model import (
    EMPHASIS_CLOSE,
    EMPHASIS_OPEN,
    LINE_BREAK,
    BlockKind,
    ParsedDocument,
    ReadOptions,
    cell_text,
    take_emphasis,
    with_emphasis,
)
from .office import (
    NoteMarks,
    Piece,
    first_title,
    fold,
    iso_date,
    issuer_from,
    link_suffix,
    open_package,
    parse_xml,
    render,
)
from .office import clean_metadata as _clean
from .text import blocks_from_text

KIND = "Word document (.docx)"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MATH_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
EXTENDED_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
OPENDOCUMENT_TEXT = b"application/vnd.oasis.opendocument.text"


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


P, TBL, TR, TC, SDT, SDT_CONTENT, SDT_PR = w("p"), w("tbl"), w("tr"), w("tc"), w("sdt"), w("sdtContent"), w("sdtPr")
PPR, VAL, ID = w("pPr"), w("val"), w("id")
TXBX = w("txbxContent")
FALLBACK = f"{{{MC_NS}}}Fallback"
R_ID = f"{{{R_NS}}}id"
TEXT_TAGS = {w("t"), f"{{{MATH_NS}}}t"}
SPACE_TAGS = {w("tab"), w("ptab"), w("br"), w("cr")}
NOTE_REFS = {w("footnoteReference"): "footnote", w("endnoteReference"): "endnote"}
# Deleted and moved-away text, field codes, drawings (text boxes are read as blocks of their own), properties.
SKIP_INLINE = {w("del"), w("moveFrom"), w("delText"), w("delInstrText"), w("drawing"), w("pict"), w("object"), w("rPr"), PPR, SDT_PR}
SKIP_INLINE |= {FALLBACK, w("fldData"), w("commentReference")}
CONTAINERS = {SDT_CONTENT, w("customXml"), w("ins"), w("moveTo"), w("smartTag")}
MAX_FIELD_CODE = 2048  # a field's instruction is read this far: enough for any address, bounded for a hostile file
HYPERLINK_FIELD = re.compile(r'^\s*HYPERLINK\s+(?:"(?P<quoted>[^"]+)"|(?P<bare>\S+))', re.I)
HEADING_STYLE = re.compile(r"^heading ([1-9])$", re.I)
LIST_STYLE = re.compile(r"^list(?: bullet| number| continue)? ([2-9])$", re.I)
NOT_CONTENT_STYLE = re.compile(r"^(toc( \d| heading)|table of figures|index \d)$", re.I)


def parse_docx(path: Path, options: ReadOptions | None = None) -> ParsedDocument:
    options = options or ReadOptions()
    with open_package(path, options, KIND) as package:
        _check_kind(path, package)
    document = _open(path)
    reader = _Reader(document, path)
    pieces = reader.body()
    text, emphasis, _ = take_emphasis(render(pieces))
    blocks, footnotes = blocks_from_text(text, shape_headings=False)
    blocks = with_emphasis(blocks, text, emphasis)
    if not any(b.kind is not BlockKind.HEADING for b in blocks):
        raise IngestError(path, "no readable text in the Word document; if it holds scanned pages, give rskg a PDF with a text layer")
    metadata = _metadata(document, path)
    title = take_emphasis(first_title(pieces) or "")[0] or metadata.get("title")
    return ParsedDocument(path, "docx", text, blocks, title=title, footnotes=footnotes, metadata=metadata)


def _check_kind(path: Path, package: zipfile.ZipFile) -> None:
    names = set(package.namelist())
    if "mimetype" in names and package.read("mimetype").strip() == OPENDOCUMENT_TEXT:
        raise IngestError(path, "this is an OpenDocument text file, not a Word document; rename it to .odt")
    if "[Content_Types].xml" not in names:
        raise IngestError(
            path, "not a Word document (no [Content_Types].xml in the zip); open it in Word or LibreOffice and save it as .docx"
        )


def _open(path: Path):
    try:
        return docx.Document(str(path))
    except ValueError as exc:  # another Office type (.docm, .dotx, .xlsx renamed)
        raise IngestError(path, f"not a Word document ({exc}); save it as a Word document (.docx)") from exc
    except etree.XMLSyntaxError as exc:
        raise IngestError(path, f"not a readable {KIND}: a part is not well-formed XML ({exc}); open and save it again in Word") from exc
    except KeyError as exc:
        raise IngestError(path, f"not a complete {KIND}: the part {exc} is missing; open and save it again in Word") from exc
    except (PackageNotFoundError, zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError) as exc:
        raise IngestError(path, f"not a readable {KIND} ({exc}); open and save it again in Word") from exc


@dataclass(frozen=True)
class _Style:
    name: str
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None


class _Reader:
    def __init__(self, document, path: Path):
        self.path = path
        self.document = document
        self.styles, self.default_style = _styles(document)
        self.marks = NoteMarks()
        part = document.part
        self.links = _rel_targets(part)
        self.notes = {kind: self._notes(part, reltype) for kind, reltype in (("footnote", RT.FOOTNOTES), ("endnote", RT.ENDNOTES))}

    def _notes(self, part, reltype: str) -> tuple[dict[str, etree._Element], Callable[[str | None], str | None]]:
        target = next((rel.target_part for rel in part.rels.values() if rel.reltype == reltype and not rel.is_external), None)
        if target is None:
            return {}, lambda _: None
        root = parse_xml(target.blob, str(target.partname), self.path, KIND)
        notes = {n.get(ID): n for n in root if n.get(w("type"), "normal") == "normal" and n.get(ID) is not None}
        return notes, _rel_targets(target)

    def body(self) -> list[Piece]:
        body = self.document.element.body
        if body is None:
            raise IngestError(self.path, "no document body found; if it was saved as Strict Open XML, save it as a Word Document (.docx)")
        pieces: list[Piece] = []
        stack = list(reversed(body))
        while stack:
            element = stack.pop()
            tag = element.tag
            if tag == P:
                kind, level = self._classify(element)
                if kind != "skip":
                    pieces.append(Piece(kind, self._inline(element, self.links), level))
                    self._add_notes(pieces)
                stack.extend(reversed([child for box in _text_boxes(element) for child in box]))
            elif tag == TBL:
                stack.extend(reversed(self._table(element, pieces)))
            elif tag == SDT:
                if not _is_generated(element):
                    stack.extend(reversed([c for content in element.iterchildren(SDT_CONTENT) for c in content]))
            elif tag in CONTAINERS:
                stack.extend(reversed(list(element)))
        return pieces

    def _table(self, table: etree._Element, pieces: list[Piece]) -> list[etree._Element]:
        """Rows as ``a | b | c`` paragraphs; a cell merged down over rows (``vMerge``) is read again in each row it
        covers, so every row reads whole. A one-column table (a box around text) is read as body text."""
        rows = [row for row in table.iter(TR) if _nearest(row, TBL) is table]
        cells = [[cell for cell in row.iter(TC) if _nearest(cell, TR) is row] for row in rows]
        if all(len(row) <= 1 for row in cells):
            return [child for row in cells for cell in row for child in cell]
        above: dict[int, str] = {}  # grid column -> the text of the cell there in the row above
        for row, element in zip(cells, rows, strict=True):
            texts, column, here = [], _int(_val(element.find(w("trPr")), "gridBefore")) or 0, {}
            for cell in row:
                properties = cell.find(w("tcPr"))
                merge = properties.find(w("vMerge")) if properties is not None else None
                text = cell_text([self._inline(p, self.links, lines=True) for p in cell.iter(P) if not _under(p, FALLBACK, cell)])
                if merge is not None and merge.get(VAL) in (None, "continue"):
                    text = above.get(column, text)  # merged with the cell above: it spans this row too
                texts.append(text)
                here[column] = text
                column += max(1, _int(_val(properties, "gridSpan")) or 1)
            above = here
            if any(texts):
                pieces.append(Piece("para", " | ".join(texts)))
                self._add_notes(pieces)
        return []

    def _classify(self, paragraph: etree._Element) -> tuple[str, int]:
        ppr = paragraph.find(PPR)
        style_id = _val(ppr, "pStyle") or self.default_style
        chain = self._chain(style_id)
        own = chain[0].name if chain else ""
        if NOT_CONTENT_STYLE.match(own):
            return "skip", 0
        if own.lower() == "title":
            return "title", 1
        outline = _int(_val(ppr, "outlineLvl"))
        if outline is None:
            outline = next((s.outline for s in chain if s.outline is not None), None)
        if outline is not None and 0 <= outline <= 8:
            return "heading", outline + 1
        named_heading = next((m for s in chain if (m := HEADING_STYLE.match(s.name))), None)
        if outline is None and named_heading:
            return "heading", int(named_heading[1])
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        num_id = _val(numpr, "numId") if numpr is not None else None
        if num_id is None:
            num_id = next((s.num_id for s in chain if s.num_id is not None), None)
        if num_id is None or num_id == "0":
            return "para", 0
        level = _int(_val(numpr, "ilvl")) if numpr is not None else None
        if level is None:
            level = next((s.ilvl for s in chain if s.ilvl is not None), 0)
        named = next((int(m[1]) - 1 for s in chain if (m := LIST_STYLE.match(s.name))), 0)
        return "item", max(level, named)

    def _chain(self, style_id: str | None) -> list[_Style]:
        chain: list[_Style] = []
        seen: set[str] = set()
        while style_id and style_id not in seen and style_id in self.styles and len(chain) < 20:
            seen.add(style_id)
            chain.append(self.styles[style_id])
            style_id = self.styles[style_id].based_on
        return chain

    def _add_notes(self, pieces: list[Piece]) -> None:
        for kind, note_id, mark in self.marks.take_pending():
            notes, links = self.notes[kind]
            note = notes.get(note_id)
            if note is not None:
                text = " ".join(self._inline(p, links, in_note=True) for p in note.iter(P) if not _under(p, FALLBACK, note))
                pieces.append(Piece("note", text, marker=mark))

    def _inline(
        self, paragraph: etree._Element, links: Callable[[str | None], str | None], in_note: bool = False, lines: bool = False
    ) -> str:
        """A paragraph's visible text in order, with note marks as ``[^n]`` and link addresses after their text."""
        parts: list[str] = []
        stack: list[tuple] = [(iter(paragraph), None)]
        fields: list[list] = []  # open complex fields: [instruction, address, where the shown text starts]
        while stack:
            children, link = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if link is BOLD_RUN:
                    parts.append(EMPHASIS_CLOSE)
                elif link is not None:
                    parts.append(link_suffix(link[0], "".join(parts[link[1] :])))
                continue
            tag = child.tag
            if tag == w("r") and _bold(child):
                parts.append(EMPHASIS_OPEN)
                stack.append((iter(child), BOLD_RUN))
            elif tag in TEXT_TAGS:
                parts.append(child.text or "")
            elif tag in SPACE_TAGS:  # a line break (not a page's) as ``LINE_BREAK`` where ``lines`` (a table cell's)
                line = lines and tag in (w("br"), w("cr")) and child.get(w("type")) in (None, "textWrapping")
                parts.append(LINE_BREAK if line else " ")
            elif tag == w("noBreakHyphen"):
                parts.append("-")
            elif tag in NOTE_REFS:
                if not in_note:
                    parts.append(self.marks.reference(NOTE_REFS[tag], child.get(ID) or ""))
            elif tag == w("fldChar"):
                _field_char(child.get(w("fldCharType")), fields, parts)
            elif tag == w("instrText"):
                if fields and len(fields[-1][0]) < MAX_FIELD_CODE:
                    fields[-1][0] += child.text or ""
            elif tag == w("hyperlink"):
                stack.append((iter(child), (links(child.get(R_ID)), len(parts))))
            elif tag == w("fldSimple"):
                stack.append((iter(child), (_field_address(child.get(w("instr")) or ""), len(parts))))
            elif tag not in SKIP_INLINE and isinstance(tag, str):
                stack.append((iter(child), None))
        return fold("".join(parts))


BOLD_RUN = ("bold run",)  # what the inline reader's stack holds for a run set in bold, to close its mark


def _bold(run: etree._Element) -> bool:
    """A run set in bold by its own properties (w:b, or the Strong character style), not by its paragraph's style."""
    properties = run.find(w("rPr"))
    if properties is None:
        return False
    bold = properties.find(w("b"))
    if bold is not None:
        return (bold.get(w("val")) or "true").lower() not in ("0", "false", "off")
    style = properties.find(w("rStyle"))
    return style is not None and "strong" in (style.get(w("val")) or "").lower()


def _field_char(kind: str | None, fields: list[list], parts: list[str]) -> None:
    if kind == "begin":
        fields.append(["", None, None])
    elif kind == "separate" and fields:
        fields[-1][1], fields[-1][2] = _field_address(fields[-1][0]), len(parts)
    elif kind == "end" and fields:
        _, address, start = fields.pop()
        if address and start is not None:
            parts.append(link_suffix(address, "".join(parts[start:])))


def _field_address(instruction: str) -> str | None:
    m = HYPERLINK_FIELD.match(instruction)
    return (m["quoted"] or m["bare"]) if m else None


def _styles(document) -> tuple[dict[str, _Style], str | None]:
    styles: dict[str, _Style] = {}
    default = None
    for style in document.styles.element.iterchildren(w("style")):
        style_id = style.get(w("styleId"))
        if style_id is None or style.get(w("type")) not in (None, "paragraph"):
            continue
        ppr = style.find(PPR)
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        styles[style_id] = _Style(
            name=_val(style, "name") or style_id,
            based_on=_val(style, "basedOn"),
            outline=_int(_val(ppr, "outlineLvl")),
            num_id=_val(numpr, "numId") if numpr is not None else None,
            ilvl=_int(_val(numpr, "ilvl")) if numpr is not None else None,
        )
        if style.get(w("default")) in ("1", "true", "on"):
            default = style_id
    return styles, default


def _rel_targets(part) -> Callable[[str | None], str | None]:
    addresses = {rel_id: rel.target_ref for rel_id, rel in part.rels.items() if rel.is_external}
    return lambda rel_id: addresses.get(rel_id) if rel_id else None


def _val(parent: etree._Element | None, name: str) -> str | None:
    if parent is None:
        return None
    child = parent.find(w(name))
    return child.get(VAL) if child is not None else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _nearest(element: etree._Element, tag: str) -> etree._Element | None:
    return next(element.iterancestors(tag), None)


def _under(element: etree._Element, tag: str, stop: etree._Element) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag == tag:
            return True
    return False


def _text_boxes(paragraph: etree._Element) -> list[etree._Element]:
    """Text boxes anchored in this paragraph (not in one nested inside it, not the VML duplicate)."""
    return [box for box in paragraph.iter(TXBX) if _nearest(box, P) is paragraph and not _under(box, FALLBACK, paragraph)]


def _is_generated(sdt: etree._Element) -> bool:
    """A table of contents or bibliography that Word generates from the document itself."""
    gallery = sdt.find(f"{SDT_PR}/{w('docPartObj')}/{w('docPartGallery')}")
    return gallery is not None and (gallery.get(VAL) or "").lower() in ("table of contents", "bibliographies")


def _metadata(document, path: Path) -> dict[str, str]:
    core = document.core_properties
    properties = _properties(document, path)
    return _clean(
        {
            "title": core.title,
            # The author and last editor are people; the organisation is the Company property, or a custom one.
            "issuer": issuer_from(properties),
            "date": iso_date(core.modified) or iso_date(core.created),
            "language": core.language,
            "description": core.comments or core.subject,
        }
    )


def _properties(document, path: Path) -> list[tuple[str, str]]:
    """Company from the extended properties and name/value pairs from the custom ones; a damaged one is skipped."""
    found: list[tuple[str, str]] = []
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if name not in ("/docProps/app.xml", "/docProps/custom.xml"):
            continue
        try:
            root = parse_xml(part.blob, name, path, KIND)
        except IngestError:
            continue
        company = root.find(f"{{{EXTENDED_NS}}}Company")
        if company is not None and company.text:
            found.append(("company", company.text))
        found.extend((prop.get("name") or "", "".join(prop.itertext())) for prop in root.iterchildren(f"{{{CUSTOM_NS}}}property"))
    return found
