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

import logging
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

from ..errors import IngestError
from .model import ParsedDocument, ReadOptions
from .text import blocks_from_text

MIN_CHARS_PER_PAGE = 25
MARGIN_ZONE = 0.085  # top and bottom share of the page where running headers and footers live
HEADING_RATIO = 1.15  # a line this much taller than body text is a heading
FOOTNOTE_RATIO = 0.9  # footnote type is at most this size of body text
SHORT_DOCUMENT_MARGIN_RATIO = 0.95  # in a one- or two-page document, margin lines smaller than body text are running lines
CELL_GAP = 0.8  # a gap between pieces of one line wider than this many ems parts table cells
PARAGRAPH_GAP = 0.55  # extra vertical space, in line heights, that ends a paragraph
SOFT_HYPHEN = "\x02"
SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
PLAIN_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")  # how pdfium marks a hyphen at a line break
PAGE_NUMBER = re.compile(r"^(page\s+)?[\divxlc]+(\s*(of|/)\s*\d+)?$|^[-–—]\s*\d+\s*[-–—]$", re.I)
FILE_NAME_TITLE = re.compile(r"\.(pdf|docx?|odt|indd|tex)$|^(untitled|microsoft word\b)|^\s*$", re.I)
BULLETS = "•▪◦●■□–\uf0b7\uf0a7"
C1_CONTROLS = re.compile("[\x80-\x9f]")

COMBINING = {"´": "\u0301", "`": "\u0300", "¨": "\u0308", "ˆ": "\u0302", "˜": "\u0303", "¸": "\u0327", "˚": "\u030a", "ˇ": "\u030c"}
SPACING_ACCENT = re.compile(rf"([{''.join(COMBINING)}])([A-Za-z])")

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


def parse_pdf(path: Path, options: ReadOptions | None = None) -> ParsedDocument:
    options = options or ReadOptions()
    reader = _open(path, options.password)
    if len(reader.pages) > options.max_pages:
        raise IngestError(
            path, f"PDF has {len(reader.pages)} pages, over the {options.max_pages} page limit; raise RSKG_MAX_PAGES to ingest it"
        )
    try:
        document = pdfium.PdfDocument(str(path), password=options.password)
        try:
            pages = [_page_lines(document[i]) for i in range(len(document))]
            page_height = document[0].get_size()[1] if len(document) else 842.0
        finally:
            document.close()
    except pdfium.PdfiumError as exc:
        raise IngestError(path, f"corrupt PDF, text could not be extracted ({exc}); re-export or download it again") from exc
    if not pages:
        raise IngestError(path, "PDF has no pages")
    if sum(len(line.text) for lines in pages for line in lines) < MIN_CHARS_PER_PAGE * len(pages):
        raise IngestError(
            path, "PDF has no text layer (scanned pages?); run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, and ingest the result"
        )
    body = statistics.median([line.size for lines in pages for line in lines if len(line.text) > 30] or [10.0])
    pages = _drop_running_lines(pages, page_height, body)
    texts = [_page_text(lines, body) for lines in pages]
    text, page_starts = "", []
    for page in texts:
        page_starts.append(len(text))
        text += page.strip("\n") + "\n\n"
    text, page_starts = _mend_hyphens(text, page_starts)
    blocks, footnotes = blocks_from_text(text, page_starts, shape_headings=False)
    return ParsedDocument(path, "pdf", text, blocks, title=_title(reader, blocks), page_count=len(pages), footnotes=footnotes)


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


def _page_lines(page) -> list[Line]:
    """The page's text lines, top to bottom. Pieces that share a line are joined: with ' | '
    when far apart and short (table cells), but two wide pieces side by side are columns."""
    textpage = page.get_textpage()
    width = page.get_size()[0]
    pieces = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top).replace("\r", "").replace("\n", " ").strip()
        text = C1_CONTROLS.sub("•", _compose_accents(text))  # fonts' bullets that carry no Unicode
        if text:
            size = _font_size(textpage, left, bottom, right, top)
            pieces.append(Line(text, left, right, bottom, top, size))
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
            if _is_footnote_mark(piece, line):
                piece = Line(piece.text.translate(SUPERSCRIPT_DIGITS), piece.left, piece.right, piece.bottom, piece.top, line.size)
                line = Line(line.text + piece.text, line.left, piece.right, line.bottom, line.top, line.size)
                continue
            gap = piece.left - line.right
            cells = gap > CELL_GAP * max(line.size, piece.size) and not (len(line.text) == 1 and line.text in BULLETS)
            line = Line(
                line.text + (" | " if cells else " ") + piece.text,
                line.left,
                piece.right,
                min(line.bottom, piece.bottom),
                max(line.top, piece.top),
                min(line.size, piece.size),
                line.cells or cells,
            )
        lines.append(line)
    return sorted(lines, key=lambda line: -line.top)


def _is_footnote_mark(piece: Line, line: Line) -> bool:
    """A footnote mark: a few digits in small type, raised above the text it follows."""
    return piece.text.isdigit() and len(piece.text) <= 3 and piece.size < line.size * 0.85 and piece.bottom > line.bottom + 1


def _font_size(textpage, left: float, bottom: float, right: float, top: float) -> float:
    """The smallest font size at the start, middle and end of a piece: a heading is large throughout."""
    middle = (bottom + top) / 2
    sizes = []
    for x in (left + 0.5, (left + right) / 2, right - 0.5):
        index = textpage.get_index(x, middle, 2, 2)
        if index is not None and index >= 0:
            sizes.append(pdfium_raw.FPDFText_GetFontSize(textpage.raw, index))
    return min((s for s in sizes if s > 0), default=top - bottom)


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


def _drop_running_lines(pages: list[list[Line]], page_height: float, body: float) -> list[list[Line]]:
    """Lines in the top or bottom margin that recur across pages, are page numbers, or (on a
    document too short to recur) are set smaller than the body."""
    top, bottom = page_height * (1 - MARGIN_ZONE), page_height * MARGIN_ZONE

    def in_margin(line: Line) -> bool:
        return line.bottom >= top or line.top <= bottom

    counts = Counter(_running_key(line.text) for lines in pages for line in {id(x): x for x in lines if in_margin(x)}.values())
    recurring = {key for key, n in counts.items() if n >= 2}
    kept = []
    for lines in pages:
        kept.append(
            [
                line
                for line in lines
                if not (
                    in_margin(line)
                    and (
                        _running_key(line.text) in recurring
                        or PAGE_NUMBER.match(line.text.strip())
                        or (len(pages) <= 2 and line.size < body * SHORT_DOCUMENT_MARGIN_RATIO)
                    )
                )
            ]
        )
    return kept


def _page_text(lines: list[Line], body: float) -> str:
    """One page as light markdown: headings, paragraphs split by blank lines, bullets, footnotes."""
    if not lines:
        return ""
    ordered, footnotes = _reading_order(lines, body)
    column_left = min((line.left for line in ordered), default=0.0)
    out: list[str] = []
    previous: Line | None = None
    previous_heading = False
    for line in ordered:
        text = line.text
        heading = line.size >= body * HEADING_RATIO and len(text) < 150
        if text[:1] in BULLETS:
            text = "- " + text[1:].lstrip()
        if previous is not None:
            gap = previous.bottom - line.top
            new_column = line.top > previous.top or line.left > previous.right
            column_right = max(x.right for x in ordered if abs(x.left - previous.left) < body * 2)
            ended = previous.right < column_right - body * 3 and previous.text.endswith((".", ":", "?", "!"))  # a short last line
            outdented = (
                line.left < previous.left - body and previous.left > column_left + body
            )  # a hanging block (table row, wrapped item) ends
            starts = text.startswith("- ") or heading != previous_heading or ended or outdented or line.cells
            new_block = starts or (not new_column and gap > body * PARAGRAPH_GAP)
            if heading and previous_heading and not new_block:
                out[-1] += " " + text  # a heading set over two lines
                previous = line
                continue
            if new_block:
                out.append("")
        out.append(("## " if heading else "") + text)
        previous, previous_heading = line, heading
    notes: list[str] = []
    for note in footnotes:
        text = note.text.translate(PLAIN_DIGITS)
        m = re.match(r"^(\d{1,3})\s+(\S.*)$", text)
        if m:
            notes.append(f"[^{m[1]}]: {m[2]}")
        elif notes:  # a footnote's second line
            notes[-1] += ("" if notes[-1].endswith(("/", "-", "_")) or "://" in notes[-1].rsplit(" ", 1)[-1] else " ") + text
        else:
            notes.append(text)
    for note in notes:
        out.extend(["", note])
    return "\n".join(out)


def _reading_order(lines: list[Line], body: float) -> tuple[list[Line], list[Line]]:
    """Body lines in reading order (two-column bands left column first) and the footnotes under them."""
    full_width = max(line.right for line in lines) - min(line.left for line in lines)
    middle = min(line.left for line in lines) + full_width / 2
    footnotes: list[Line] = []
    body_lines: list[Line] = []
    lowest_body = min((line.bottom for line in lines if line.size >= body * FOOTNOTE_RATIO and len(line.text) > 20), default=0)
    for line in lines:
        small = line.size < body * FOOTNOTE_RATIO
        if small and line.top <= lowest_body + 1 and (re.match(r"^\d{1,3}\s", line.text) or footnotes):
            footnotes.append(line)
        else:
            body_lines.append(line)
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


def _mend_hyphens(text: str, page_starts: list[int]) -> tuple[str, list[int]]:
    """Join words split at a line end ("intel-|lectual"), keeping the hyphen where the document
    itself writes the word with one elsewhere ("cyber-|attacks"); page offsets follow the text."""
    words = Counter(w.lower() for w in re.findall(r"\w+(?:-\w+)*", text.replace(SOFT_HYPHEN, "-")))
    pattern = re.compile(rf"(?P<left>\w+)[{SOFT_HYPHEN}-]\n[ \t]*(?P<right>[a-z]\w*)")

    def join(m: re.Match) -> str:
        left, right = m["left"], m["right"]
        keep = words[f"{left}-{right}".lower()] > 0 and words[f"{left}{right}".lower()] == 0
        return f"{left}-{right}" if keep else f"{left}{right}"

    mended = pattern.sub(join, text).replace(SOFT_HYPHEN, "")
    shifted, position = [], 0
    for start, end in zip(page_starts, [*page_starts[1:], len(text)], strict=True):
        anchor = text[start:end].strip()[:24]
        found = mended.find(anchor, position) if anchor else -1
        position = found if found >= 0 else position
        shifted.append(position)
    return mended, shifted


def _title(reader: PdfReader, blocks) -> str | None:
    meta = (reader.metadata.title if reader.metadata else None) or ""
    if not FILE_NAME_TITLE.search(meta.strip()):
        return meta.strip()
    return next((b.text for b in blocks if b.kind.value == "heading"), None)
