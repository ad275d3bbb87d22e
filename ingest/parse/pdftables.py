"""Ruled tables in a PDF page: where the cells are, from the lines drawn around them (pdfplumber's
table finder, on pdfminer's reading of the page's drawing), and what each cell says, from pdfium
(the same text engine as the rest of the page, so a cell reads as cleanly as a paragraph).

A row comes out as one line of cells, so a cell that wraps over three lines stays one cell and a
bold header cell is not taken for a heading. Only pages that draw a few rules are handed to
pdfminer: it is the slow reader, and a page without rules has no ruled table."""

import ctypes
import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2.raw as pdfium_raw

logging.getLogger("pdfminer").setLevel(logging.ERROR)

MIN_RULES = 3  # a page that draws fewer lines or boxes than this has no ruled table
ADDRESS_END = re.compile(r"(?:https?://|www\.)\S*[^\s.,;:)]$")
ADDRESS_GOES_ON = re.compile(r"[\w%~#?=&/.-]*[/.=&_#?-]|[a-z0-9][\w%~#?=&/.-]*(?:\s|$)")
CELL_INSET = 0.5  # points: a cell's text is read a hair inside its rules, so a neighbour's glyphs never bleed in


@dataclass(frozen=True)
class TableRow:
    cells: list[str]
    left: float
    bottom: float
    right: float
    top: float


def path_boxes(page) -> Iterator[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of each shape the page draws (its path objects), from pdfium's page objects."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(pdfium_raw.FPDFPage_CountObjects(page.raw)):
        shape = pdfium_raw.FPDFPage_GetObject(page.raw, index)
        if pdfium_raw.FPDFPageObj_GetType(shape) == pdfium_raw.FPDF_PAGEOBJ_PATH and pdfium_raw.FPDFPageObj_GetBounds(
            shape, left, bottom, right, top
        ):
            yield left.value, bottom.value, right.value, top.value


def has_rules(page) -> bool:
    """Whether the page draws what rules a table: thin lines across and thin lines or boxes down (without parsing
    the page again). A page of text with a rule under its header does not."""
    across = down = 0
    for left, bottom, right, top in path_boxes(page):
        width, height = right - left, top - bottom
        across += height <= 2.5 and width >= 15
        down += (width <= 2.5 and height >= 8) or (width >= 30 and height >= 10)
        if across >= MIN_RULES and down >= MIN_RULES - 1:
            return True
    return False


def page_tables(plumber_page, textpage, page_height: float, origin: tuple[float, float]) -> list[list[TableRow]]:
    """The page's ruled tables of at least two rows and two columns, top to bottom, each a list of rows whose
    cells are pdfium's text of the cell's box, lines joined. ``origin`` is the media box's lower-left corner."""
    tables = []
    x0, y0 = origin
    for table in sorted(plumber_page.find_tables(), key=lambda t: t.bbox[1]):
        rows = []
        spanning: dict[int, tuple[str, float]] = {}  # column -> the text of a cell spanning down, and where it ends
        for row in table.rows:
            boxes = [(j, box) for j, box in enumerate(row.cells) if box is not None]
            if not boxes:
                continue
            left, top_down, right, _ = row.bbox
            bottom_down = min(box[3] for _, box in boxes)  # the row's own height: a cell spanning rows below reaches further
            cells = []
            for j, box in enumerate(row.cells):
                if box is None:
                    if j in spanning and spanning[j][1] >= bottom_down - 1:
                        cells.append(spanning[j][0])  # a cell above spans this row too: each row reads whole
                    continue
                text = _cell_text(textpage, box, page_height, x0, y0)
                if box[3] > bottom_down + 1:
                    spanning[j] = (text, box[3])
                cells.append(text)
            rows.append(TableRow(cells, x0 + left, y0 + page_height - bottom_down, x0 + right, y0 + page_height - top_down))
        if len(rows) >= 2 and max(len(r.cells) for r in rows) >= 2 and any(any(c for c in r.cells) for r in rows[1:]):
            tables.append(rows)
    return tables


def _cell_text(textpage, box: tuple[float, float, float, float], page_height: float, x0: float, y0: float) -> str:
    left, top_down, right, bottom_down = box
    bottom, top = y0 + page_height - bottom_down, y0 + page_height - top_down
    text = textpage.get_text_bounded(x0 + left + CELL_INSET, bottom + CELL_INSET, x0 + right - CELL_INSET, top - CELL_INSET)
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    joined = ""
    for line in (line for line in lines if line):
        if joined.endswith(("\x02", "\ufffe")):  # pdfium's mark of a hyphen at a line end: the word goes on
            joined = joined[:-1] + "\x02" + line
        elif ADDRESS_END.search(joined) and ADDRESS_GOES_ON.match(line):
            joined += line  # an address wrapped in a narrow cell
        elif joined.endswith("-") and line[:1].islower():
            joined += "\n" + line  # left for the document's hyphen mending, which knows compounds from split words
        else:
            joined += (" " if joined else "") + line
    return joined.replace("|", "/")


# Tables set without rules (booktabs, a borderless HTML or Writer table): columns of text with a gutter of white
# running down every line between them, which a paragraph never has. Pieces are read for their words' extents.
GUTTER = 0.7  # ems: the narrowest white between two columns (a justified line's widest space is narrower, and never
# stands at the same place three lines running)
MIN_TABLE_LINES = 3  # lines with text on both sides of a gutter that make a table
ENUMERATOR = re.compile(r"^(?:[(\[]?(?:\d{1,3}(?:\.\d{1,3})*|[ivxlc]{1,5}|[a-zA-Z])[.)\]]?|[•▪◦●■□–\uf0b7\uf0a7*-])$")
ROW_STEP = 1.3  # a step between lines this much over the table's tightest parts rows


@dataclass
class _VisualLine:
    members: list[int]  # indices of its pieces
    left: float
    right: float
    bottom: float
    top: float
    baseline: float
    size: float
    words: list[tuple[float, float]]


def aligned_tables(pieces, textpage, page_height: float, origin: tuple[float, float]) -> list[list[TableRow]]:
    """The page's tables without rules, each a list of rows as ``page_tables`` gives them. A table is a run of lines
    sharing a gutter at least ``GUTTER`` ems wide with text on both sides on ``MIN_TABLE_LINES`` lines or more, which
    the file writes row by row (crossing the gutter at each row); its rows start where its first column starts a
    new entry. The file crosses the gutter between a page's columns once: each column is read for tables of its own.
    A gutter after bullets or item numbers is a list's."""
    lines = _visual_lines(pieces)
    split = _page_gutter(lines, pieces)
    if split is not None:
        sides = ([p for p in pieces if p.left < split], [p for p in pieces if p.left >= split])
        return [table for side in sides for table in aligned_tables(side, textpage, page_height, origin)]
    tables, start = [], 0
    while start < len(lines):
        end, gutters = _region(lines, start)
        region = lines[start:end]
        gutters = [g for g in gutters if _column_changes(region, g, pieces) >= _two_sided_count(region, g) - 1]
        gutters = [g for g in gutters if not _list_gutter(region, g, textpage)]
        if not gutters or _two_sided_count(region, gutters[0]) < MIN_TABLE_LINES or _entries(region, gutters[0]) < 2:
            start += 1
            continue
        rows = _rows(region, gutters, textpage, page_height, origin)
        if len(rows) >= 2:
            tables.append(rows)
        start = end
    return tables


def _page_gutter(lines: list[_VisualLine], pieces) -> float | None:
    """Where a page set in columns parts them: a gutter down a run of lines that the file crosses only once."""
    for start in range(len(lines)):
        end, gutters = _region(lines, start)
        region = lines[start:end]
        for gutter in gutters:
            if _two_sided_count(region, gutter) >= MIN_TABLE_LINES + 1 and _column_changes(region, gutter, pieces) <= 1:
                return (gutter[0] + gutter[1]) / 2
    return None


def _visual_lines(pieces) -> list[_VisualLine]:
    lines: list[_VisualLine] = []
    for index in sorted(range(len(pieces)), key=lambda i: -pieces[i].top):
        piece = pieces[index]
        words = list(piece.words) or [(piece.left, piece.right)]
        line = lines[-1] if lines else None
        middle = (piece.bottom + piece.top) / 2
        if line is not None and (line.bottom <= middle <= line.top or piece.bottom <= (line.bottom + line.top) / 2 <= piece.top):
            line.members.append(index)
            line.left, line.right = min(line.left, piece.left), max(line.right, piece.right)
            line.bottom, line.top = min(line.bottom, piece.bottom), max(line.top, piece.top)
            line.words = sorted(line.words + words)
        else:
            lines.append(_VisualLine([index], piece.left, piece.right, piece.bottom, piece.top, piece.baseline, piece.size, words))
    return lines


def _wide_gaps(line: _VisualLine) -> list[tuple[float, float]]:
    gaps, reach = [], None
    for left, right in line.words:
        if reach is not None and left - reach >= GUTTER * line.size:
            gaps.append((reach, left))
        reach = right if reach is None else max(reach, right)
    return gaps


def _free(line: _VisualLine, gutter: tuple[float, float]) -> tuple[float, float] | None:
    """The part of ``gutter`` no word of the line covers, where the line's words leave the gutter's middle free."""
    low, high = gutter
    for left, right in line.words:
        if right <= low or left >= high:
            continue
        if (left + right) / 2 < (low + high) / 2:
            low = max(low, right)
        else:
            high = min(high, left)
    return (low, high) if high - low >= GUTTER * line.size else None


def _two_sided(line: _VisualLine, gutter: tuple[float, float]) -> bool:
    return line.left < gutter[0] and line.right > gutter[1]


def _region(lines: list[_VisualLine], start: int) -> tuple[int, list[tuple[float, float]]]:
    """The run of lines from ``start`` that keep the gutters of its first line white, and those gutters, narrowed to
    what every line leaves free. Gutters that close within the first lines were a wide space's; a gutter that closes
    later, or a gap in the lines, ends the run."""
    gutters = _wide_gaps(lines[start])
    end, pitch = start + 1, None
    for index in range(start + 1, len(lines) if gutters else start):
        line, above = lines[index], lines[index - 1]
        step = above.baseline - line.baseline
        if step <= 0 or step > 2.6 * max(line.size, above.size) or (pitch is not None and step > 2.2 * pitch):
            break
        if abs(line.size - lines[start].size) > 0.15 * lines[start].size:
            break  # a heading, in a type of its own
        kept = [gutter for gutter in (_free(line, g) for g in gutters) if gutter is not None]
        if not kept or (len(kept) < len(gutters) and index - start >= MIN_TABLE_LINES):
            break
        gutters = kept
        pitch = step if pitch is None else min(pitch, step)
        end = index + 1
    return end, gutters


def _entries(region: list[_VisualLine], gutter: tuple[float, float]) -> int:
    """Lines with words in the first column."""
    return sum(1 for line in region if _words_before(line, gutter[0]))


def _two_sided_count(region: list[_VisualLine], gutter: tuple[float, float]) -> int:
    return sum(_two_sided(line, gutter) for line in region)


def _list_gutter(region: list[_VisualLine], gutter: tuple[float, float], textpage) -> bool:
    """Whether the words just left of the gutter are mostly bullets or item numbers (a list's hanging indent)."""
    marks = []
    for line in region:
        if _two_sided(line, gutter):
            left, right = max(((a, b) for a, b in line.words if b <= gutter[0]), key=lambda w: w[1])
            marks.append(bool(ENUMERATOR.match(_band_text(textpage, line, left - 0.5, right + 0.5))))
    return sum(marks) >= 0.6 * len(marks)


def _column_changes(region: list[_VisualLine], gutter: tuple[float, float], pieces) -> int:
    """How often the text, in the order the file writes it, crosses the gutter. A producer writes a table row by row
    (so it crosses at every row) and a page's columns one after the other (so it crosses once)."""
    sides = []
    for index in sorted(i for line in region for i in line.members):
        piece = pieces[index]
        if piece.left < gutter[0]:
            sides.append(0)
        if piece.right > gutter[1]:
            sides.append(1)
    return sum(a != b for a, b in itertools.pairwise(sides))


def _words_before(line: _VisualLine, x: float) -> float:
    """How far the line's words left of ``x`` reach (0 when it has none there)."""
    return max((right for left, right in line.words if right <= x), default=0.0)


def _rows(region: list[_VisualLine], gutters, textpage, page_height: float, origin) -> list[TableRow]:
    x0, y0 = origin
    edges = [min(line.left for line in region) - 1] + [(low + high) / 2 for low, high in gutters] + [max(line.right for line in region) + 1]
    steps = [above.baseline - line.baseline for above, line in itertools.pairwise(region)]
    tight = min(steps, default=0.0)
    groups: list[list[_VisualLine]] = []
    for position, line in enumerate(region):
        opens = _words_before(line, gutters[0][0]) > 0
        text = _band_text(textpage, line, edges[0], edges[1]) if opens else ""
        spaced = position > 0 and steps[position - 1] > tight * ROW_STEP
        if not groups or spaced or (opens and not text[:1].islower()):
            groups.append([line])
        else:
            groups[-1].append(line)
    rows = []
    for number, group in enumerate(groups):
        top = group[0].top + 2 if number == 0 else (group[0].top + groups[number - 1][-1].bottom) / 2
        bottom = group[-1].bottom - 2 if number == len(groups) - 1 else (group[-1].bottom + groups[number + 1][0].top) / 2
        cells = [
            _cell_text(textpage, (left - x0, y0 + page_height - top, right - x0, y0 + page_height - bottom), page_height, x0, y0)
            for left, right in itertools.pairwise(edges)
        ]
        rows.append(TableRow(cells, edges[0], bottom, edges[-1], top))
    if all(ENUMERATOR.match(row.cells[0]) or not row.cells[0] for row in rows):
        return []  # numbers or bullets down the left: a list
    return rows


def _band_text(textpage, line: _VisualLine, left: float, right: float) -> str:
    return textpage.get_text_bounded(left, line.bottom + 0.5, right, line.top - 0.5).strip()
