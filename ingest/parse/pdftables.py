"""Ruled tables in a PDF page: where the cells are, from the lines drawn around them (pdfplumber's
table finder, on pdfminer's reading of the page's drawing), and what each cell says, from pdfium
(the same text engine as the rest of the page, so a cell reads as cleanly as a paragraph).

A row comes out as one line of cells, so a cell that wraps over three lines stays one cell and a
bold header cell is not taken for a heading. Only pages that draw a few rules are handed to
pdfminer: it is the slow reader, and a page without rules has no ruled table."""

import ctypes
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
        for row in table.rows:
            boxes = [box for box in row.cells if box is not None]
            if not boxes:
                continue
            cells = [_cell_text(textpage, box, page_height, x0, y0) for box in boxes]
            left, top_down, right, bottom_down = row.bbox
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
