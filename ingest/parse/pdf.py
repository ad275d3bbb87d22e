"""PDF -> blocks, reading the page as a person does (pypdfium2 for text and positions).

Each page's text comes as lines with their boxes. From the boxes we drop running
headers, footers and page numbers (they sit in the margins and recur), read
two-column bands column by column, break paragraphs at vertical gaps and
first-line indents, mark headings by their larger type and footnotes by their
smaller type under the body, and keep table cells of one row together. Words
hyphenated at a line end are joined unless the document itself writes them with
a hyphen. The result is text of the shape ``text.py`` reads. pypdf answers what
pdfium cannot say clearly: whether a file is a PDF at all, truncated or encrypted.
"""

import ctypes
import functools
import itertools
import logging
import re
import statistics
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

from ..errors import IngestError
from .model import EMPHASIS_CLOSE, EMPHASIS_OPEN, ParsedDocument, ReadOptions, take_emphasis, with_emphasis
from .pdftables import TableRow, aligned_tables, has_rules, page_tables, path_boxes
from .text import blocks_from_text

MIN_CHARS_PER_PAGE = 25
MARGIN_ZONE = 0.085  # top and bottom share of the page where running headers and footers live
OUTER_ZONE = 0.15  # top and bottom share where a CSS running header printed inside the page box lives
HEADING_RATIO = 1.15  # a line this much taller than body text is a heading
BOLD_SHARE = 0.9  # a line this much in bold is set in bold (a few words in bold within a sentence are emphasis)
MAX_HEADING_LEVEL = 4
FOOTNOTE_RATIO = 0.9  # footnote type is at most this size of body text
SHORT_DOCUMENT_MARGIN_RATIO = 0.95  # in a one- or two-page document, margin lines smaller than body text are running lines
CELL_GAP = 0.8  # a gap between pieces of one line wider than this many ems parts table cells
SPLIT_GAP = 2.0  # within one of pdfium's lines, a gap wider than this many ems parts cells or columns (justified text stretches less)
COMMON_WORD = 3.0  # a word at least this frequent (Zipf scale: 3 = once per million words) is a word
FRAGMENT = 2.5  # a piece of a word this rare is no word of its own ("ments", "tion" are, barely)
WORD_HALF = 3.9  # the halves of a compound are themselves this common ("cyber", "better", "co")
PARAGRAPH_GAP = 0.3  # extra space between baselines, in line pitches, that ends a paragraph
SOFT_HYPHEN = "\x02"
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")  # how pdfium marks a hyphen at a line break
# A footnote begins with its number, spaced from the text or set close to it as a raised mark ("1The guidelines")
FOOTNOTE_START = re.compile(r"^(\d{1,3})(?:\s+|(?=[A-Z“\"‘'(]))(\S.*)$")
PAGE_NUMBER = re.compile(r"^(page\s+)?[\divxlc]+(\s*(of|/)\s*\d+)?$|^[-–—]\s*\d+\s*[-–—]$", re.I)
FILE_NAME_TITLE = re.compile(r"\.(pdf|docx?|odt|indd|tex)$|^(untitled|microsoft word\b)|^\s*$", re.I)
BULLETS = "•▪◦●■□–\uf0b7\uf0a7"
C1_CONTROLS = re.compile("[\x80-\x9f]")
# Symbol fonts' bullets in the private use area (Wingdings, Symbol) as Word and LibreOffice write them.
_PRIVATE_BULLETS = {code: "•" for code in (0xF095, 0xF09F, 0xF0A7, 0xF0A8, 0xF0B7, 0xF0D8, 0xF0FC, 0xF076, 0xF06C, 0xF06E, 0xF0E0)}

COMBINING = {"´": "\u0301", "`": "\u0300", "¨": "\u0308", "ˆ": "\u0302", "˜": "\u0303", "¸": "\u0327", "˚": "\u030a", "ˇ": "\u030c"}
SPACING_ACCENT = re.compile(rf"([{''.join(COMBINING)}])([A-Za-z])")

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass
class Line:
    text: str
    left: float
    right: float
    bottom: float
    top: float
    size: float  # font size of its first character, in points
    cells: bool = False  # pieces set apart like the cells of a table row
    bold: bool = False  # (nearly) all of its characters are set in a bold face
    baseline: float = 0.0  # where its first character stands: tight boxes vary with the letters, baselines do not
    lead_bold: str = ""  # the words in bold it opens with, when the rest is not: a run-in head ("Openness Research is ...")
    emphasis: tuple[tuple[int, int], ...] = ()  # runs set in bold, as (start, end) counted back from the end of ``text``
    words: tuple[tuple[float, float], ...] = ()  # a piece's words, (left, right) each: where the white between them runs


def parse_pdf(path: Path, options: ReadOptions | None = None) -> ParsedDocument:
    options = options or ReadOptions()
    reader = _open(path, options.password)
    if len(reader.pages) > options.max_pages:
        raise IngestError(
            path, f"PDF has {len(reader.pages)} pages, over the {options.max_pages} page limit; raise RSKG_MAX_PAGES to ingest it"
        )
    damaged = _damaged_streams(reader)
    try:
        document = pdfium.PdfDocument(str(path), password=options.password)
    except pdfium.PdfiumError as exc:
        raise IngestError(path, f"corrupt PDF, text could not be extracted ({exc}); re-export or download it again") from exc
    try:
        pages: list[list[Line]] = []
        links: list[tuple[str, str]] = []
        tables = _Tables(path, options.password)
        for number in range(1, len(document) + 1):
            try:
                page = document[number - 1]
                pages.append(_page_pieces(page, tables, number - 1))
                links += _page_links(document, page)
                width, height = page.get_size()
            except pdfium.PdfiumError:
                damaged.add(number)
                pages.append([])
        if len(document) < len(reader.pages):
            damaged.update(range(len(document) + 1, len(reader.pages) + 1))
    finally:
        tables.close()
        document.close()
    damaged.update(n for n, pieces in enumerate(pages, 1) if _gibberish(pieces))
    pages = [[] if n in damaged else pieces for n, pieces in enumerate(pages, 1)]
    if not pages:
        raise IngestError(path, "PDF has no pages")
    if sum(len(line.text) for lines in pages for line in lines) < MIN_CHARS_PER_PAGE * max(1, len(pages) - len(damaged)):
        if damaged:
            raise IngestError(path, f"damaged PDF: no readable text ({_page_list(damaged)} could not be read); download or export it again")
        raise IngestError(
            path, "PDF has no text layer (scanned pages?); run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, and ingest the result"
        )
    body = statistics.median([line.size for lines in pages for line in lines if len(line.text) > 30] or [10.0])
    metadata = _metadata(reader)
    pages, browser = _drop_running_lines(pages, height, body)
    for key, value in browser.items():
        metadata.setdefault(key, value)
    paged = [_page_lines(lines, width) for lines in pages]
    pitch = _line_pitch([lines for lines, _ in paged], body)
    levels = _heading_levels([lines for lines, _ in paged], body)
    text, page_starts = _assemble([_page_text(lines, in_order, body, pitch, levels) for lines, in_order in paged])
    text = re.sub(rf"{EMPHASIS_CLOSE}([-{SOFT_HYPHEN}]?\n[ \t]*){EMPHASIS_OPEN}", r"\1", text)  # a bold run wrapped to the next line
    text, page_starts = _mend_hyphens(text, page_starts, metadata.get("language", "en"))
    text, emphasis, page_starts = take_emphasis(text, page_starts)
    blocks, footnotes = blocks_from_text(text, page_starts, shape_headings=False)
    blocks = with_emphasis(blocks, text, emphasis)
    title = metadata.get("title") or next((b.text for b in blocks if b.kind.value == "heading"), None)
    return ParsedDocument(
        path,
        "pdf",
        text,
        blocks,
        title=title,
        page_count=len(pages),
        footnotes=footnotes,
        metadata=metadata,
        damaged_pages=sorted(damaged),
        links=list(dict.fromkeys(links)),
    )


def _page_list(pages: set[int]) -> str:
    numbers = sorted(pages)
    shown = ", ".join(map(str, numbers[:10])) + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")
    return f"page{'s' if len(numbers) > 1 else ''} {shown}"


def _damaged_streams(reader: PdfReader) -> set[int]:
    """Pages whose content or font streams do not decode (bit rot, a broken download). pdfium
    would silently draw what it could of them: their text would be cut short or garbled."""
    damaged = set()
    verdicts: dict[int, bool] = {}  # fonts are shared by many pages: decode each stream once
    for number, page in enumerate(reader.pages, 1):
        try:
            if any(verdicts.setdefault(id(stream), _broken(stream)) for stream in _page_streams(page)):
                damaged.add(number)
        except Exception:  # pypdf raises many kinds for broken objects; any of them means the page is damaged
            damaged.add(number)
    return damaged


def _page_streams(page):
    """The page's content streams and its fonts' character maps and font programs."""
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else []
    yield from (c.get_object() for c in (contents if isinstance(contents, list) else [contents]))
    resources = page.get("/Resources")
    fonts = resources.get_object().get("/Font") if resources is not None else None
    for font in (fonts.get_object() if fonts is not None else {}).values():
        font = font.get_object()
        parts = [font, *(d.get_object() for d in font.get("/DescendantFonts", []) or [])]
        for part in parts:
            if "/ToUnicode" in part:
                yield part["/ToUnicode"].get_object()
            descriptor = part.get("/FontDescriptor")
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if descriptor is not None and key in descriptor.get_object():
                    yield descriptor.get_object()[key].get_object()


def _broken(stream) -> bool:
    """A stream whose Flate data zlib cannot decode to its end (pypdf itself is lenient and would
    not say); text filters before it are undone first, image filters are not checked."""
    from pypdf.filters import ASCII85Decode, ASCIIHexDecode

    filters = stream.get("/Filter")
    data = stream._data
    for name in filters if isinstance(filters, list) else [filters]:
        if name == "/ASCII85Decode":
            data = ASCII85Decode.decode(data)
        elif name == "/ASCIIHexDecode":
            data = ASCIIHexDecode.decode(data)
        elif name == "/FlateDecode":
            inflater = zlib.decompressobj()
            try:
                data = inflater.decompress(data)
            except zlib.error:
                return True
            if not inflater.eof:
                return True
        else:
            return False
    return False


def _gibberish(pieces: list[Line]) -> bool:
    """Text that no font maps to readable characters: replacement marks, controls, unassigned code points."""
    text = "".join(line.text for line in pieces)
    if len(text) < 40:
        return False
    bad = sum(1 for char in text if char == "\ufffd" or unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs"))
    return bad > len(text) * 0.3


def _assemble(pages: list[tuple[str, str, str | None]]) -> tuple[str, list[int]]:
    """Pages into one text. A paragraph cut by a page break (its last line runs to the margin)
    is joined with its tail on the next page, before the footnotes of the page it started on."""
    text, page_starts, notes = "", [], ""
    open_line: str | None = None
    for body, page_notes, last_open in pages:
        cut = open_line is not None and body and not re.match(r"#{1,6} |- ", body)
        if cut and (not open_line.endswith((".", "!", "?", ":", ";")) or body.lstrip(EMPHASIS_OPEN + EMPHASIS_CLOSE)[:1].islower()):
            head, _, body = body.partition("\n\n")
            text = text.rstrip("\n") + "\n" + head + "\n\n"
        text += notes
        page_starts.append(len(text))
        text += body.strip("\n") + "\n\n"
        notes = page_notes + "\n\n" if page_notes else ""
        open_line = last_open
    return text + notes, page_starts


def _open(path: Path, password: str | None = None) -> PdfReader:
    raw = path.read_bytes()
    head = raw[:1024].lstrip()
    if not head.startswith(b"%PDF-"):
        what = "HTML" if re.match(rb"(?i)<(!doctype|html|\?xml|head|body)", head) else "something else"
        raise IngestError(path, f"not a PDF (the file holds {what}); give it its real extension")
    if b"%%EOF" not in raw[-2048:]:
        raise IngestError(path, "truncated PDF (no end-of-file marker); download or export it again")
    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted and not reader.decrypt(password or ""):
            ask = "that password does not open it" if password else "give its password with --password"
            raise IngestError(path, f"encrypted PDF; {ask} (or decrypt it first, e.g. `qpdf --decrypt`)")
        len(reader.pages)
    except (FileNotDecryptedError, DependencyError) as exc:
        raise IngestError(path, f"encrypted PDF that cannot be opened ({exc}); decrypt it first, e.g. with qpdf") from exc
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError) as exc:
        raise IngestError(path, f"corrupt PDF ({exc}); re-export or download it again") from exc
    return reader


def _page_pieces(page, tables: "_Tables | None" = None, index: int = 0) -> list[Line]:
    """The page's runs of text, from pdfium's own text stream.

    The characters, the spaces between words and the line breaks are pdfium's, in its order
    (the text ``get_text_range()`` gives); positions and type sizes only cut a line where a
    wide gap parts table cells or columns, and mark raised footnote numbers. A ruled table's
    rows replace the runs inside them, one line of cells a row."""
    textpage = page.get_textpage()
    try:
        pieces = _pieces(textpage)
        if tables is not None:
            found = tables.read(page, index, textpage)
            loose = [piece for piece in pieces if not any(_within(piece, row) for table in found for row in table)]
            left, bottom, _, top = page.get_mediabox()
            found += aligned_tables(loose, textpage, top - bottom, (left, bottom))
            pieces = tables.place(pieces, found)
    finally:
        textpage.close()
    return _with_drawn_bullets(pieces, _bullet_marks(page))


class _Tables:
    """pdfplumber's reading of the same file, opened only when a page draws rules, and what the
    last table looked like: a table that runs on over a page break repeats its header (dropped)
    and may carry a cut cell's tail into its first row (joined to the row it belongs to)."""

    def __init__(self, path: Path, password: str | None):
        self.path, self.password = path, password
        self.document = None
        self.failed = False
        self.header: list[str] | None = None  # the last table's first row
        self.last_row: tuple[list[Line], int] | None = None  # the page's lines and where the last table's last row is

    def read(self, page, index: int, textpage) -> list[list[TableRow]]:
        if self.failed or not has_rules(page):
            return []
        try:
            if self.document is None:
                import pdfplumber  # pdfminer underneath: loaded only for a file that draws rules

                self.document = pdfplumber.open(self.path, password=self.password or "")
            plumber_page = self.document.pages[index]
            try:
                left, bottom, _, top = page.get_mediabox()
                return page_tables(plumber_page, textpage, top - bottom, (left, bottom))
            finally:
                plumber_page.close()
        except Exception as error:  # pdfminer failing on a file pdfium reads: the text stands, without table rows
            log.info("%s: tables not read (%s: %s)", self.path.name, type(error).__name__, error)
            self.failed = True
            return []

    def place(self, pieces: list[Line], found: list[list[TableRow]]) -> list[Line]:
        """Each row's cells as one line where the row's first run stood; the runs inside the row dropped."""
        if not found:
            if pieces:
                self.header = self.last_row = None
            return pieces
        rows: dict[int, Line] = {}  # index of the row's first piece -> the row's line
        inside: set[int] = set()
        found = [table for table in found if not _entangled(table, pieces)]
        for number, table in enumerate(found):
            continued = number == 0 and self.header is not None and len(table[0].cells) == len(self.header)
            if continued and _cells_key(table[0].cells) == _cells_key(self.header):
                inside.update(i for i, piece in enumerate(pieces) if _within(piece, table[0]))
                table = table[1:]  # the header, printed again on the new page
            elif not continued:
                self.header = table[0].cells
            for position, row in enumerate(table):
                members = [i for i, piece in enumerate(pieces) if _within(piece, row)]
                inside.update(members)
                if not members or not any(row.cells):
                    continue
                if continued and position == 0 and self.last_row is not None and row.cells[0][:1].islower():
                    lines, at = self.last_row  # the previous page's lines: the row's tail is joined to it there
                    lines[at] = _extend_row(lines[at], row.cells)
                    continue
                first = pieces[members[0]]
                rows[members[0]] = Line(
                    " | ".join(row.cells), row.left, row.right, row.bottom, row.top,
                    statistics.median(pieces[i].size for i in members), cells=True, baseline=first.baseline,
                )  # fmt: skip
        placed: list[Line] = []
        last_index = None
        for i, piece in enumerate(pieces):
            if i in rows:
                placed.append(rows[i])
                last_index = len(placed) - 1
            elif i not in inside:
                placed.append(piece)
        self.last_row = (placed, last_index) if last_index is not None else None
        return placed

    def close(self) -> None:
        if self.document is not None:
            self.document.close()


def _entangled(table: list[TableRow], pieces: list[Line]) -> bool:
    """Whether text outside the table runs into its box (a table overflowing its column into the next): its cells
    would read letters of the neighbouring text, so the table is left to the line reader."""
    left, right = min(r.left for r in table), max(r.right for r in table)
    bottom, top = min(r.bottom for r in table), max(r.top for r in table)
    for piece in pieces:
        middle_x, middle_y = (piece.left + piece.right) / 2, (piece.bottom + piece.top) / 2
        inside_x, inside_y = left <= middle_x <= right, bottom <= middle_y <= top
        if inside_y and not inside_x and min(piece.right, right) - max(piece.left, left) > 1:
            return True
    return False


def _within(piece: Line, row: TableRow) -> bool:
    middle_x, middle_y = (piece.left + piece.right) / 2, (piece.bottom + piece.top) / 2
    return row.left <= middle_x <= row.right and row.bottom <= middle_y <= row.top


def _cells_key(cells: list[str]) -> tuple[str, ...]:
    return tuple(" ".join(cell.split()).lower() for cell in cells)


def _extend_row(line: Line, tails: list[str]) -> Line:
    """A row cut by a page break, with the tails of its cells from the next page."""
    cells = line.text.split(" | ")
    if len(cells) != len(tails):
        return line
    return replace(line, text=" | ".join(f"{cell} {tail}".strip() for cell, tail in zip(cells, tails, strict=True)))


MAX_LINKS_PER_PAGE = 500
MAX_URI_BYTES = 4096


def _page_links(document, page) -> list[tuple[str, str]]:
    """(link text, address) for each web link annotation on the page: a printed web page keeps its
    hrefs as annotations over the link text, which the text stream has lost."""
    found = []
    textpage = page.get_textpage()
    try:
        position, link = ctypes.c_int(0), pdfium_raw.FPDF_LINK()
        while len(found) < MAX_LINKS_PER_PAGE and pdfium_raw.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
            action = pdfium_raw.FPDFLink_GetAction(link)
            if not action:
                continue
            buffer = ctypes.create_string_buffer(MAX_URI_BYTES)
            size = pdfium_raw.FPDFAction_GetURIPath(document.raw, action, buffer, MAX_URI_BYTES)
            address = buffer.raw[: max(0, size - 1)].decode("utf-8", "replace").strip()
            rect = pdfium_raw.FS_RECTF()
            if not address.startswith(("http://", "https://")) or not pdfium_raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect)):
                continue
            text = " ".join(textpage.get_text_bounded(rect.left, rect.bottom, rect.right, rect.top).split())
            if text:
                found.append((text, address))
    finally:
        textpage.close()
    return found


def _bullet_marks(page) -> list[tuple[float, float, float, float]]:
    """Small square-ish shapes: list bullets a browser draws instead of writing a character."""
    return [
        (left, bottom, right, top)
        for left, bottom, right, top in path_boxes(page)
        if 1.5 <= right - left <= 8 and 1.5 <= top - bottom <= 8 and 0.6 <= (right - left) / (top - bottom) <= 1.6
    ]


def _with_drawn_bullets(pieces: list[Line], marks: list[tuple[float, float, float, float]]) -> list[Line]:
    """Each line that a bullet shape stands just before becomes a list item."""
    for left, bottom, right, top in marks:
        middle = (bottom + top) / 2
        beside = [
            (piece.left - right, i)
            for i, piece in enumerate(pieces)
            if piece.bottom <= middle <= piece.top and 0 <= piece.left - right <= 2.5 * piece.size
        ]
        if beside:
            i = min(beside)[1]
            if pieces[i].text[:1] not in BULLETS:
                pieces[i] = replace(pieces[i], text="• " + pieces[i].text, left=left)
    return pieces


class _Piece:
    """A run of characters on one line, growing as characters are added."""

    def __init__(self, char: str, box: tuple[float, float, float, float], size: float, bold: bool, baseline: float):
        self.chars = [char]
        self.baseline = baseline
        self.left, self.bottom, self.right, self.top = box
        self.sizes = [size]
        self.bold = [bold]
        self.space = False  # a space is pending before the next character
        self.written_space = False  # ... and the file wrote it as a character (pdfium did not infer it)
        self.last_box = box  # a ligature's letters ("ffi") all come with the one glyph's box
        self.words = [[box[0], box[2]]]

    def accepts(self, box: tuple[float, float, float, float], size: float) -> bool:
        if not self.space and all(abs(a - b) < 0.01 for a, b in zip(box, self.last_box, strict=True)):
            return True  # the next letter of a ligature
        left, bottom, _, top = box
        middle, own_middle = (bottom + top) / 2, (self.bottom + self.top) / 2
        same_line = self.bottom - 1 <= middle <= self.top + 1 or bottom - 1 <= own_middle <= top + 1
        gap = left - self.right
        if self.written_space:  # a justified line stretches the spaces it writes; table cells have none between them
            return same_line and gap > -size
        return same_line and -size < gap < SPLIT_GAP * max(size, self.sizes[-1])

    def add(self, char: str, box: tuple[float, float, float, float], size: float, bold: bool) -> None:
        self.last_box = box
        _, bottom, right, top = box
        if char.isdigit() and size < self.sizes[-1] * 0.85 and bottom > self.bottom + 1 and not self.space:
            char, size = char.translate(SUPERSCRIPT_DIGITS), self.sizes[-1]  # a raised footnote mark
        self.chars.append((" " if self.space else "") + char)
        if self.space:
            self.words.append([box[0], right])
        else:
            self.words[-1][1] = max(self.words[-1][1], right)
        self.space = self.written_space = False
        self.right = max(self.right, right)
        self.bottom, self.top = min(self.bottom, bottom), max(self.top, top)
        self.sizes.append(size)
        self.bold.append(bold)

    def line(self) -> Line:
        marked = C1_CONTROLS.sub("•", _compose_accents(_marked(self.chars, self.bold))).strip()
        text, spans, _ = take_emphasis(marked)
        size = statistics.median(self.sizes)
        bold = sum(self.bold) >= len(self.bold) * BOLD_SHARE
        lead = "" if bold else _lead_bold(self.chars, self.bold)
        emphasis = tuple((len(text) - start, len(text) - end) for start, end in spans)
        box = (self.left, self.right, self.bottom, self.top)
        words = tuple((left, right) for left, right in self.words)
        return Line(text, *box, size, bold=bold, baseline=self.baseline, lead_bold=lead, emphasis=emphasis, words=words)


def _marked(chars: list[str], bold: list[bool]) -> str:
    """The run's characters with its bold words between emphasis marks (a bullet is never emphasis)."""
    out, inside = [], False
    for char, heavy in zip(chars, bold, strict=True):
        heavy = heavy and char.strip() not in BULLETS
        if heavy != inside:
            space = " " if char.startswith(" ") else ""
            out.append(space + EMPHASIS_OPEN + char[len(space) :] if heavy else EMPHASIS_CLOSE + char)
            inside = heavy
        else:
            out.append(char)
    return "".join(out) + (EMPHASIS_CLOSE if inside else "")


def _lead_bold(chars: list[str], bold: list[bool]) -> str:
    """The whole words in bold a run opens with (after a bullet), when the words after them are not bold."""
    start = 0
    while start < len(chars) and chars[start].strip() in BULLETS and chars[start].strip():
        start += 1
    end = start
    while end < len(chars) and bold[end]:
        end += 1
    if end == start or end == len(chars) or not chars[end].startswith(" "):
        return ""  # no bold, all bold, or bold ending inside a word
    return "".join(chars[start:end]).strip()


def _pieces(textpage) -> list[Line]:
    raw = textpage.raw
    matrix = pdfium_raw.FS_MATRIX()
    left, bottom, right, top, origin_x, origin_y = (ctypes.c_double() for _ in range(6))
    pieces: list[_Piece] = []
    current: _Piece | None = None
    size, bold = 0.0, False
    font_name = ctypes.create_string_buffer(128)
    for index in range(textpage.count_chars()):
        code = pdfium_raw.FPDFText_GetUnicode(raw, index)
        if code in (0x0D, 0x0A):
            current = None  # pdfium's line break
            continue
        if code in (0x02, 0xFFFE):
            char = SOFT_HYPHEN  # pdfium's mark for a hyphen at the end of a line
        elif code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            continue
        else:
            char = _PRIVATE_BULLETS.get(code) or chr(code)
        if char.isspace():
            if current is not None:
                current.space = True
                current.written_space |= not pdfium_raw.FPDFText_IsGenerated(raw, index)
            continue
        if not pdfium_raw.FPDFText_GetCharBox(raw, index, left, right, bottom, top):
            continue
        box = (left.value, bottom.value, right.value, top.value)
        if current is None or current.space or char.isdigit():  # type is read once a word (and for raised digits)
            pdfium_raw.FPDFText_GetMatrix(raw, index, matrix)
            size = pdfium_raw.FPDFText_GetFontSize(raw, index) * abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            bold = pdfium_raw.FPDFText_GetFontWeight(raw, index) >= 600 or _bold_font(raw, index, font_name)
        if current is not None and current.accepts(box, size):
            current.add(char, box, size, bold)
        else:
            pdfium_raw.FPDFText_GetCharOrigin(raw, index, origin_x, origin_y)
            current = _Piece(char, box, size, bold, origin_y.value)
            pieces.append(current)
    return [line for line in (piece.line() for piece in pieces) if line.text]


BOLD_FONT = re.compile(rb"bold|black|heavy|semibold|demi", re.I)


def _bold_font(raw, index: int, buffer) -> bool:
    """Fonts often say they are bold only in their name ("DejaVuSans-Bold"), with a weight of 400."""
    pdfium_raw.FPDFText_GetFontInfo(raw, index, buffer, len(buffer), None)
    return BOLD_FONT.search(buffer.value) is not None


def _page_lines(pieces: list[Line], width: float) -> tuple[list[Line], bool]:
    """The page's lines, and whether they are in the producer's own order.

    Producers write text in reading order (column after column, a table row cell by cell),
    so pdfium's order is kept when it reads down the page; where it jumps about (text boxes
    placed in any order), lines are sorted by position instead."""
    lines: list[Line] = []
    for piece in pieces:
        follows = lines and _same_line(lines[-1], piece) and piece.left >= lines[-1].right - 1
        if follows and not _side_by_side_columns([lines[-1]], piece, width):
            lines[-1] = _join(lines[-1], piece)
        else:
            lines.append(piece)
    upward = sum(
        1
        for before, after in itertools.pairwise(lines)
        # up the page, and not to a column on the right
        if after.bottom > before.top + before.size and after.left < before.right - before.size
    )
    if upward <= max(1, len(lines) // 20):
        return lines, True
    return _lines_by_position(pieces, width), False


def _lines_by_position(pieces: list[Line], width: float) -> list[Line]:
    """Pieces that share a line, joined left to right; lines top to bottom."""
    groups: list[list[Line]] = []
    for piece in sorted(pieces, key=lambda p: -p.top):
        group = groups[-1] if groups else None
        if group is not None and any(_same_line(g, piece) for g in group) and not _side_by_side_columns(group, piece, width):
            group.append(piece)
        else:
            groups.append([piece])
    lines = []
    for group in groups:
        group.sort(key=lambda p: p.left)
        line = group[0]
        for piece in group[1:]:
            line = _join(line, piece)
        lines.append(line)
    return lines


def _join(line: Line, piece: Line) -> Line:
    """A piece that follows on the same line: a footnote mark, a table cell (' | ') or more words."""
    if _is_footnote_mark(piece, line):
        grown = len(piece.text)
        return replace(
            line,
            text=line.text + piece.text.translate(SUPERSCRIPT_DIGITS),
            right=piece.right,
            emphasis=tuple((start + grown, end + grown) for start, end in line.emphasis),
        )
    gap = piece.left - line.right
    cells = gap > CELL_GAP * max(line.size, piece.size) and not (len(line.text) == 1 and line.text in BULLETS)
    grown = len(" | " if cells else " ") + len(piece.text)
    return Line(
        line.text + (" | " if cells else " ") + piece.text,
        line.left,
        piece.right,
        min(line.bottom, piece.bottom),
        max(line.top, piece.top),
        min(line.size, piece.size),
        line.cells or cells,
        line.bold and piece.bold,
        line.baseline,
        line.lead_bold or (line.text.lstrip(BULLETS + " ") if line.bold and not piece.bold and not _is_footnote_mark(piece, line) else ""),
        tuple((start + grown, end + grown) for start, end in line.emphasis) + piece.emphasis,
    )


def _is_footnote_mark(piece: Line, line: Line) -> bool:
    """A footnote mark: a few digits in small type, raised above the text it follows."""
    return piece.text.isdigit() and len(piece.text) <= 3 and piece.size < line.size * 0.85 and piece.bottom > line.bottom + 1


def _side_by_side_columns(group: list[Line], piece: Line, page_width: float) -> bool:
    """Lines of two columns: on either side of the page's middle, one of them column-wide."""
    middle, wide = page_width / 2, page_width * 0.3
    for other in group:
        left, right = (other, piece) if other.left < piece.left else (piece, other)
        if left.right <= middle <= right.left and max(left.right - left.left, right.right - right.left) > wide:
            return True
    return False


def _compose_accents(text: str) -> str:
    """'attach´es' -> 'attachés': fonts that set accents as glyphs of their own."""
    return unicodedata.normalize("NFC", SPACING_ACCENT.sub(lambda m: m[2] + COMBINING[m[1]], text))


def _same_line(a: Line, b: Line) -> bool:
    """Two pieces share a line when the middle of either lies within the other's height."""
    middle_a, middle_b = (a.bottom + a.top) / 2, (b.bottom + b.top) / 2
    return a.bottom <= middle_b <= a.top or b.bottom <= middle_a <= b.top


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split())).lower()


def _drop_running_lines(pages: list[list[Line]], page_height: float, body: float) -> tuple[list[list[Line]], dict[str, str]]:
    """Drop running headers, footers and page numbers, and say what a browser's own header and
    footer told of the page (its address and the date it was printed).

    A running line is a piece in the top or bottom margin that recurs across pages, is a page
    number, or (in a document too short to recur) is set smaller than the body; or a piece
    that stands at the same place on most pages wherever it is, or on half of them near the top
    or bottom edge (a CSS running header, which prints inside the page box)."""
    top, bottom = page_height * (1 - MARGIN_ZONE), page_height * MARGIN_ZONE

    def in_margin(line: Line) -> bool:
        return line.bottom >= top or line.top <= bottom

    margin_counts = Counter(key for lines in pages for key in {_running_key(x.text) for x in lines if in_margin(x)})
    placed_counts = Counter(key for lines in pages for key in {(_running_key(x.text), round(x.top / 4)) for x in lines})
    printed = sum(1 for lines in pages if lines)
    placed_floor = max(3, 0.6 * printed)
    outer_floor = max(2, 0.5 * printed)  # near the top or bottom edge, half the pages suffice
    browser: dict[str, str] = {}

    def in_outer_zone(line: Line) -> bool:
        return line.bottom >= page_height * (1 - OUTER_ZONE) or line.top <= page_height * OUTER_ZONE

    def running(line: Line) -> bool:
        key = _running_key(line.text)
        placed = placed_counts[key, round(line.top / 4)]
        found = (
            placed >= placed_floor
            or (in_outer_zone(line) and placed >= outer_floor)
            or (
                in_margin(line)
                and (
                    margin_counts[key] >= 2
                    or PAGE_NUMBER.match(line.text.strip()) is not None
                    or (len(pages) <= 2 and line.size < body * SHORT_DOCUMENT_MARGIN_RATIO)
                )
            )
        )
        if found:
            _browser_furniture(line.text.strip(), browser)
        return found

    return [[line for line in lines if not running(line)] for lines in pages], browser


BROWSER_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4}),?\s+\d{1,2}:\d{2}(\s*[AP]M)?$", re.I)
WEB_ADDRESS = re.compile(r"^https?://\S+$")


def _browser_furniture(text: str, found: dict[str, str]) -> None:
    """A browser prints the page's address in its footer and the date in its header."""
    if WEB_ADDRESS.match(text) and not text.endswith(("…", "...")):  # a long address is printed cut short
        found.setdefault("source", text)
    elif (m := BROWSER_DATE.match(text)) is not None:
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        found.setdefault("date", f"{year:04d}-{int(m[1]):02d}-{int(m[2]):02d}")


def _line_pitch(pages: list[list[Line]], body: float) -> float:
    """The distance from one baseline to the next within a paragraph of body text: the most
    common step between consecutive body lines."""
    steps = Counter(
        round(before.baseline - after.baseline)
        for lines in pages
        for before, after in itertools.pairwise(lines)
        if abs(before.size - body) < 0.5 and abs(after.size - body) < 0.5 and 0 < before.baseline - after.baseline < body * 3
    )
    return float(steps.most_common(1)[0][0]) if steps else body * 1.2


def _heading_levels(pages: list[list[Line]], body: float) -> dict[float, int]:
    """Heading level by type size: the largest heading type is level 1, the next 2, and so on; headings in
    body-sized bold come one level under the smallest (``levels[0.0]``)."""
    sizes = sorted(
        {round(line.size * 2) / 2 for lines in pages for line in lines if len(line.text) < 150 and line.size >= body * HEADING_RATIO},
        reverse=True,
    )
    levels = {size: min(rank, MAX_HEADING_LEVEL) for rank, size in enumerate(sizes, 1)}
    levels[0.0] = min(len(sizes) + 1, MAX_HEADING_LEVEL)
    return levels


def _page_text(
    lines: list[Line], in_stream_order: bool, body: float, pitch: float, levels: dict[float, int] | None = None
) -> tuple[str, str, str | None]:
    """One page as light markdown: the body (headings, paragraphs split by blank lines, bullets),
    its footnotes, and the last line when it runs to the margin (a paragraph the page break cuts)."""
    if not lines:
        return "", "", None
    ordered, footnotes = _reading_order(lines, body, in_stream_order)
    column_left = min((line.left for line in ordered), default=0.0)
    bullet_left = min((line.left for line in ordered if line.text[:1] in BULLETS or _numbered_item(line, body)), default=0.0)
    out: list[str] = []
    previous: Line | None = None
    previous_heading = False
    item_left: float | None = None  # where the bullet of the list item being read stands
    for line in ordered:
        text = line.text
        bulleted = text[:1] in BULLETS
        larger = line.size >= body * HEADING_RATIO
        heading = len(text) < 150 and not line.cells and (larger or (_bold_heading(line) and not _runs_on(previous, line, pitch)))
        if text[:1] in BULLETS:
            text = "  " * _list_depth(line.left - bullet_left, body) + "- " + text[1:].lstrip()
        if previous is not None:
            step = previous.baseline - line.baseline
            new_column = line.top > previous.top or line.left > previous.right
            column_right = max(x.right for x in ordered if abs(x.left - previous.left) < body * 2)
            ended = (
                previous.text.endswith((".", ":", "?", "!"))
                and not ADDRESS_TAIL.search(previous.text)  # a typesetter breaks an address anywhere, even after "https:"
                and _room_for_next_word(previous, line, column_right)
            )  # a last line
            outdented = (
                line.left < previous.left - body and previous.left > column_left + body
            ) or (  # a hanging block (table row, wrapped item) ends
                item_left is not None and not bulleted and line.left <= item_left + 0.5
            )  # a line back at the bullet's edge is no longer the item's: its wrapped lines hang under the item's text
            starts = text.lstrip().startswith("- ") or heading != previous_heading or ended or outdented or line.cells or previous.cells
            new_block = starts or (not new_column and step > pitch * (1 + PARAGRAPH_GAP) + 0.5)
            if heading and previous_heading and 0 < step < max(line.size, previous.size) * 1.6:
                out[-1] += " " + text  # a heading set over two lines
                previous = line
                continue
            if new_block:
                out.append("")
        level = (levels or {}).get(round(line.size * 2) / 2 if larger else 0.0, 2)
        emphasis = line.emphasis
        if not heading and (previous is None or new_block):
            headed = _run_in_head(text, line.lead_bold)
            emphasis = emphasis[1:] if headed != text else emphasis  # the head is a head, not emphasis
            text = headed
        if not heading and not line.cells:
            text = _with_marks(text, emphasis)
        if bulleted:
            item_left = line.left
        elif previous is None or new_block:
            item_left = None
        out.append(("#" * level + " " if heading else "") + text)
        previous, previous_heading = line, heading
    last = ordered[-1] if ordered else None
    full = last is not None and last.right >= max(x.right for x in ordered if abs(x.left - last.left) < body * 2) - body * 1.5
    last_open = last.text if full and not previous_heading and not last.cells else None
    notes: list[str] = []
    for note in footnotes:
        text = note.text.translate(PLAIN_DIGITS)
        m = FOOTNOTE_START.match(text)
        if m:
            notes.append(f"[^{m[1]}]: {m[2]}")
        elif notes:  # a footnote's second line
            notes[-1] += ("" if notes[-1].endswith(("/", "-", "_")) or ADDRESS_TAIL.search(notes[-1]) else " ") + text
        else:
            notes.append(text)
    return "\n".join(out), "\n\n".join(notes), last_open


LIST_INDENT = 2.2  # a nested list's bullet sits about this many body sizes right of its parent's
LIST_NUMBER = re.compile(r"^\d[.)]\s+\S")  # one digit: "10." is printed further left, its number right-aligned


def _numbered_item(line: Line, body: float) -> bool:
    """A numbered list's item ("1. Advanced energy"), not a numbered heading: the level bullets nested in it count from."""
    return bool(LIST_NUMBER.match(line.text)) and line.size < body * HEADING_RATIO and not _bold_heading(line)


def _list_depth(indent: float, body: float) -> int:
    """How deep a bullet is nested, from how far right of the page's leftmost bullet it sits."""
    if indent < body:
        return 0
    return max(1, round(indent / (body * LIST_INDENT)))


def _room_for_next_word(previous: Line, line: Line, column_right: float) -> bool:
    """Whether the first word of ``line`` would have fitted at the end of ``previous``: if so, the
    break was the writer's (a paragraph ends), not the line breaker's (ragged-right text wraps)."""
    word = len(line.text.split(" ", 1)[0]) + 1
    char_width = (line.right - line.left) / max(len(line.text), 1)
    return column_right - previous.right > word * char_width * 1.1


ADDRESS_TAIL = re.compile(r"(?:https?:(?://)?|www\.)\S*$")
RUN_IN_WORDS = 8


def _with_marks(text: str, emphasis: tuple[tuple[int, int], ...]) -> str:
    """The line's text with emphasis marks around its bold runs (counted from its end, which bullets and heads leave be)."""
    length = len(text)
    for from_end_start, from_end_end in sorted(emphasis, key=lambda span: span[1]):  # the last run first
        start, end = length - from_end_start, length - from_end_end
        if 0 <= start < end <= length:
            text = text[:start] + EMPHASIS_OPEN + text[start:end] + EMPHASIS_CLOSE + text[end:]
    return text


def _run_in_head(text: str, head: str) -> str:
    """A block opening with words in bold and going on in regular type ("Openness Research advances by ...", a
    description list's term or a bold lead-in) is written with a colon after the head, as its type shows it."""
    if not head or len(head.split()) > RUN_IN_WORDS or head.endswith((".", ":", ";", ",", "–", "—", "-", ")")) or PAGE_NUMBER.match(head):
        return text
    at = text.find(head)
    if at < 0 or at > 6 or text[at + len(head) : at + len(head) + 1] != " ":
        return text
    return text[: at + len(head)] + ":" + text[at + len(head) :]


def _runs_on(previous: Line | None, line: Line, pitch: float) -> bool:
    """Whether ``line`` goes on with the paragraph of ``previous``: the next baseline down, after a line that
    did not end a sentence (a run of bold words wrapped to a line of their own is no heading)."""
    if previous is None or previous.cells or previous.bold or previous.text.endswith((".", ":", "?", "!")):
        return False
    step = previous.baseline - line.baseline
    return 0 < step <= pitch * (1 + PARAGRAPH_GAP) + 0.5 and abs(previous.size - line.size) < 0.5


def _bold_heading(line: Line) -> bool:
    """A short line set wholly in bold, not a sentence: a heading in body-sized type (Word, LibreOffice)."""
    short = len(line.text) < 120 and not line.text.endswith((".", ",", ";"))
    return line.bold and short and not line.cells and line.text[:1] not in BULLETS


def _reading_order(lines: list[Line], body: float, in_stream_order: bool) -> tuple[list[Line], list[Line]]:
    """Body lines in reading order and the footnotes under them. Lines in the producer's own
    order stay so; lines sorted by position are read two-column bands left column first."""
    footnotes: list[Line] = []
    body_lines: list[Line] = []
    lowest_body = min((line.bottom for line in lines if line.size >= body * FOOTNOTE_RATIO and len(line.text) > 20), default=0)
    for line in sorted(lines, key=lambda x: -x.top):
        small = line.size < body * FOOTNOTE_RATIO
        if small and line.top <= lowest_body + 1 and (FOOTNOTE_START.match(line.text.translate(PLAIN_DIGITS)) or footnotes):
            footnotes.append(line)
    notes = {id(line) for line in footnotes}
    body_lines = [line for line in lines if id(line) not in notes]
    if in_stream_order or not body_lines:
        return body_lines, footnotes
    full_width = max(line.right for line in lines) - min(line.left for line in lines)
    middle = min(line.left for line in lines) + full_width / 2
    ordered: list[Line] = []
    band: list[Line] = []

    def flush() -> None:
        left = [line for line in band if line.left < middle]
        right = [line for line in band if line.left >= middle]
        ordered.extend(left + right if left and right else band)
        band.clear()

    for line in body_lines:
        narrow = (line.right - line.left) < full_width * 0.55 and (line.right <= middle + body or line.left >= middle - body)
        if narrow:
            band.append(line)
        else:
            flush()
            ordered.append(line)
    flush()
    return ordered, footnotes


def _mend_hyphens(text: str, page_starts: list[int], language: str = "en") -> tuple[str, list[int]]:
    """Join words split at a line end ("intel-|lectual"), keeping the hyphen of a compound
    ("cyber-|attacks", "better-|equipped"); page offsets follow the text.

    The document's own spelling decides first (it writes the word elsewhere, joined or with a
    hyphen); then the language's word frequencies: a common word joined is joined, two common
    words that are rare joined keep their hyphen, and a fragment ("misappropria-|tion") is joined."""
    # pdfium's mark splits a word, not a compound: "re\x02cycling" is no spelling of the document's own
    words = Counter(w.lower() for w in re.findall(r"\w+(?:-\w+)*", text.replace(SOFT_HYPHEN, "\n")))
    # pdfium's own mark is always a line end, even where it reports no line break after it
    pattern = re.compile(rf"(?P<left>\w+)(?:-\n[ \t]*|{SOFT_HYPHEN}(?:\n+[ \t]*| ?))(?P<right>[a-z]\w*)")
    frequency = _word_frequency(language)

    def fragment(m: re.Match) -> bool:
        """A split inside a word ("misappropria-|tion"): a sign that the producer hyphenates."""
        left, right = m["left"].lower(), m["right"].lower()
        return min(frequency(left), frequency(right)) < FRAGMENT and frequency(left + right) >= COMMON_WORD

    # Browsers, Word and LibreOffice do not hyphenate unless asked: where no line end splits a
    # word, every hyphen at a line end is the writer's own ("long-|standing", "supra-|national").
    hyphenates = any(fragment(m) for m in pattern.finditer(text))

    def join(m: re.Match) -> str:
        left, right = m["left"], m["right"]
        hyphenated, joined = f"{left}-{right}".lower(), f"{left}{right}".lower()
        if words[hyphenated] or words[joined]:
            keep = words[hyphenated] > words[joined]
        elif not hyphenates:
            keep = True
        else:
            keep = frequency(joined) < COMMON_WORD and frequency(left) >= WORD_HALF and frequency(right) >= WORD_HALF - 0.4
        return f"{left}-{right}" if keep else f"{left}{right}"

    def split(m: re.Match) -> str:
        left, right = m["left"], m["right"]
        parts = [part.lower() for part in (left, right)]
        fragment = any(frequency(part) < 2 or (len(part) == 1 and part not in "ai") for part in parts)
        joined = fragment and frequency("".join(parts)) >= COMMON_WORD
        return left if joined else f"{left}\n"

    mended = pattern.sub(join, text)
    # pdfium marks every hyphen at a line end; before a digit or a capital it is a compound's own ("NSPM-|33", "EU-|US")
    mended = re.sub(rf"{SOFT_HYPHEN}\n+[ \t]*(?=[\dA-Z])", "-", mended).replace(SOFT_HYPHEN, "")
    # a word broken without a hyphen (a narrow table cell): neither part is a word, together they are
    mended = re.sub(r"(?P<left>[^\W\d_]+)\n(?=(?P<right>[a-z]+)\b)", split, mended)
    # an address broken at the margin (maybe more than once) goes on with more of its path
    while (joined := BROKEN_ADDRESS.sub(_join_address, mended)) != mended:
        mended = joined
    shifted: list[int | None] = []
    position = 0
    for start, end in zip(page_starts, [*page_starts[1:], len(text)], strict=True):
        anchor = text[start:end].strip()[:24]
        found = mended.find(anchor, position) if anchor else -1
        position = found if found >= 0 else position
        shifted.append(position if anchor else None)  # an empty page starts where the next one does
    following = len(mended)
    for i in reversed(range(len(shifted))):
        following = shifted[i] = following if shifted[i] is None else shifted[i]
    return mended, shifted


# an address broken at a line end, wherever the typesetter broke it ("https:|//example.org", "www.example.|org/page")
BROKEN_ADDRESS = re.compile(r"(?P<left>https?:(?://)?\S*)\n(?P<right>(?://)?[\w%~#?=&/.-]*[/.=&_-][\w%~#?=&/.-]*)")


def _join_address(m: re.Match) -> str:
    left, right = m["left"], m["right"]
    if right.startswith("//") != left.endswith(":"):
        return m[0]
    extension = re.fullmatch(r"[a-z0-9]{2,5}[.,;:]?", right) is not None  # "...-Guidance.|pdf."
    ends_sentence = left.endswith(".") and "/" not in right and not extension
    if left.endswith((",", ";", ")")) or ends_sentence or (left.endswith(":") and "//" in left):
        return m[0]  # the address ended a sentence or a clause, and the next line is something else
    if right[:1].isupper() and not left.endswith(tuple("/.-_=&?#:~%")):
        return m[0]  # "https://www.example.gov.il" then a title on the next line ("Dual-use export control – ..."): not a break
    return left + right


@functools.cache
def _word_frequency(language: str):
    """Zipf frequency of a word in ``language`` (English when wordfreq does not know it)."""
    from wordfreq import available_languages, zipf_frequency

    code = language.split("-")[0].lower() if language else "en"
    code = code if code in available_languages() else "en"
    return functools.partial(zipf_frequency, lang=code)


def _metadata(reader: PdfReader) -> dict[str, str]:
    """What the PDF says of itself: its document information and XMP (Dublin Core) metadata."""
    found: dict[str, str] = {}
    try:
        info = reader.metadata or {}
        xmp = reader.xmp_metadata
    except Exception:  # broken metadata is no reason to refuse the text
        return found

    def first(value) -> str | None:
        if isinstance(value, dict):
            value = value.get("x-default") or next(iter(value.values()), None)
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        text = " ".join(str(value).split()) if value else ""
        return text or None

    title = first(xmp.dc_title if xmp else None) or first(info.get("/Title"))
    if title and not FILE_NAME_TITLE.search(title) and title.strip("()").lower() != "unspecified":
        found["title"] = title
    if publisher := first(xmp.dc_publisher if xmp else None):
        found["issuer"] = publisher
    description = first(xmp.dc_description if xmp else None) or first(info.get("/Subject"))
    if description and description.strip("()").lower() not in ("unspecified", "untitled", "anonymous", "none"):
        found["description"] = description
    if language := first(xmp.dc_language if xmp else None) or first(reader.trailer["/Root"].get("/Lang")):
        found["language"] = language
    date = first(xmp.dc_date if xmp else None) or first(info.get("/CreationDate"))
    if date and (m := re.search(r"(?:D:)?((?:19|20)\d\d)-?(\d\d)?-?(\d\d)?", date)):
        found["date"] = "-".join(part for part in m.groups() if part)
    return found
