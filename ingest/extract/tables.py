"""Table rows: a table whose header names what a column holds ("Value", "Risk", "Typical threat",
"Technology", "Engagement", "Body") makes each row's cell in that column a concept, and the next
cell its definition. Parsers write a row as one paragraph with cells joined by " | "."""

import re

from ..parse.model import Block, BlockKind
from ..records import Concept
from .base import CELL, NAMED_NUMBER, Source, concept, scheme_of, to_label

HEADER_SCHEMES = [
    ("principle", re.compile(r"^principles?$", re.I)),
    ("value", re.compile(r"^(?:core |shared |fundamental )?values?$", re.I)),
    (
        "risk-area",
        re.compile(
            r"^(?:(?:typical |main |key |identified )?(?:risks?|threats?)(?: areas?| categor(?:y|ies)| vectors?| factors?| indicators?)?|"
            r"risk areas?|areas? of risk|red flags?|warning signs?|indicators?)$",
            re.I,
        ),
    ),
    (
        "technology-area",
        re.compile(r"^(?:(?:sensitive |critical )?technolog(?:y|ies)(?: areas?)?|research areas?|subcategor(?:y|ies))$", re.I),
    ),
    ("activity", re.compile(r"^(?:activit(?:y|ies)|engagements?|(?:type of )?engagement)$", re.I)),
    ("organisation", re.compile(r"^(?:organi[sz]ations?|bod(?:y|ies)|agenc(?:y|ies)|institutions?|partners?|issuers?)$", re.I)),
    ("topic", re.compile(r"^(?:themes?|topics?)$", re.I)),
]
MAX_CELL_WORDS = 14
TAB_CELLS = re.compile(r"\S\t+\S")


SUBCATEGORY = re.compile(r"^(?:sub-?categor(?:y|ies)|sub-?areas?|examples?|(?:specific |key )?technolog(?:y|ies))$", re.I)
CATEGORY = re.compile(
    r"^(?:(?:(?!risk|threat|danger|harm)[a-z-]+ ){0,3}(?:categor(?:y|ies)|areas?|fields?|domains?|famil(?:y|ies)|groups?)|"
    r"(?:critical |sensitive |emerging )?technolog(?:y|ies)(?: areas?)?)$",
    re.I,
)


Row = tuple[Block, list[str]]  # a row's block (for its clause) and its cells


def read(source: Source) -> list[Concept]:
    found = []
    for rows in [*_tables(source.blocks), *_text_tables(source)]:
        header = rows[0][1]
        if hierarchy := _hierarchy(header) or _listed_hierarchy(rows, source):
            found += _technology_rows(rows[1:], *hierarchy, source)
            continue
        column = (
            next(((i, scheme) for i, cell in enumerate(header) if (scheme := _scheme(cell))), None)
            or _cued_column(header)
            or _context_column(header, rows[0][0], source)
        )
        if column is None:
            continue
        index, scheme = column
        for row, cells in rows[1:]:
            if len(cells) <= index or len(cells[index].split()) > MAX_CELL_WORDS:
                continue
            label = to_label(cells[index])
            definition = cells[index + 1].strip() if len(cells) > index + 1 else None
            if label:
                found.append(concept(scheme, label, source, (row,), "table-row", definition=definition))
    return found


def _hierarchy(header: list[str]) -> tuple[int, int] | None:
    """(category column, sub-area column) of a table such as "Category | Subcategories"."""
    cells = [c.strip().rstrip(":") for c in header]
    sub = next((i for i, c in enumerate(cells) if SUBCATEGORY.match(c)), None)
    top = next((i for i, c in enumerate(cells) if CATEGORY.match(c)), None)
    return (top, sub) if sub is not None and top is not None and top < sub else None


def _listed_hierarchy(rows: list[Row], source: Source) -> tuple[int, int] | None:
    """A table of fields and what each holds, "Field | Items met in research" over "Life sciences | Pathogens; Toxins":
    a category column followed by cells that list items with semicolons, in a section or document about technologies."""
    header = [c.strip().rstrip(":") for c in rows[0][1]]
    top = next((i for i, c in enumerate(header[:-1]) if CATEGORY.match(c)), None)
    if top is None or len(rows) < 3:
        return None
    listed = sum(1 for _, cells in rows[1:] if len(cells) > top + 1 and cells[top + 1].count(";") >= 1)
    if listed * 2 < len(rows) - 1:
        return None
    first = rows[0][0]
    at = next((i for i, b in enumerate(source.blocks) if b is first), len(source.blocks))
    heading = next((i for i in range(at - 1, -1, -1) if source.blocks[i].kind is BlockKind.HEADING), None)
    section = source.blocks[heading if heading is not None else 0 : at]  # the table's own heading and its introduction
    context = [b.text for b in section if b.kind in (BlockKind.HEADING, BlockKind.PARAGRAPH) and CELL not in b.text]
    context.append(header[top + 1])
    if _scheme(header[top + 1]) == "technology-area" or scheme_of(context, ("technology-area",)):  # "Category | Research areas"
        return top, top + 1
    # else the categories themselves may say so ("Aerospace systems, equipment and related technology")
    named = sum(1 for _, cells in rows[1:] if len(cells) > top and scheme_of([cells[top]], ("technology-area",)))
    return (top, top + 1) if named >= max(2, 0.3 * (len(rows) - 1)) else None


def _technology_rows(rows: list[Row], top: int, sub: int, source: Source) -> list[Concept]:
    found = []
    for row, cells in rows:
        if len(cells) <= top or not (category := to_label(NAMED_NUMBER.sub("", cells[top], count=1))):  # "Category 2 - Materials"
            continue
        found.append(concept("technology-area", category, source, (row,), "table-row"))
        for item in re.split(r";\s*|\s+•\s+", cells[sub]) if len(cells) > sub else []:
            if (label := to_label(item)) and len(label.split()) <= MAX_CELL_WORDS:
                found.append(concept("technology-area", label, source, (row,), "table-row", extra={"broader": category}))
    return found


NOT_A_NAME_COLUMN = re.compile(
    r"\b(?:levels?|ratings?|scores?|likelihood|impact|owners?|status|measures?|mitigations?|responses?|actions?|examples?|"
    r"descriptions?|evidence|sources?|dates?|numbers?|no|what|how|why|when|where|who)\b",
    re.I,
)
CUED_SCHEMES = ("principle", "value", "risk-area", "technology-area", "activity")
MAX_HEADER_WORDS = 4


def _cued_column(header: list[str]) -> tuple[int, str] | None:
    """A first or second column whose short header names a scheme in other words ("Type of risk", "Warning sign",
    "Emerging technology"), unless it holds ratings, measures or descriptions rather than names."""
    for i, cell in enumerate(header[:2]):
        cell = cell.strip().rstrip(":")
        if len(cell.split()) > MAX_HEADER_WORDS or NOT_A_NAME_COLUMN.search(cell):
            continue
        if scheme := scheme_of([cell], CUED_SCHEMES):
            return i, scheme
    return None


GENERIC_HEADER = re.compile(r"^(?:name|item|area|category|field|domain|type|kind|title|label|topic|theme|issue|what)$", re.I)


def _context_column(header: list[str], first: Block, source: Source) -> tuple[int, str] | None:
    """A first column headed only "Area", "Name" or "Type": the paragraph before the table or the section's heading
    says what the rows are ("The sensitive technologies:" over "Area | Why it matters")."""
    if not GENERIC_HEADER.match(header[0].strip().rstrip(":")):
        return None
    at = next((i for i, b in enumerate(source.blocks) if b is first), len(source.blocks))
    before = next((b for b in reversed(source.blocks[:at]) if b.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)), None)
    heading = next((b for b in reversed(source.blocks[:at]) if b.kind is BlockKind.HEADING), None)
    context = [t for t in (before.text if before else "", heading.text if heading else "") if CELL not in t]
    scheme = scheme_of(context, CUED_SCHEMES)
    return (0, scheme) if scheme else None


def _scheme(cell: str) -> str | None:
    cell = cell.strip().rstrip(":")
    return next((scheme for scheme, pattern in HEADER_SCHEMES if pattern.match(cell)), None)


def _text_tables(source: Source) -> list[list[Row]]:
    """Tables in plain text: a paragraph whose lines in the file are tab-separated cells (the text parser joins them)."""
    tables = []
    for block in source.blocks:
        if block.kind is not BlockKind.PARAGRAPH or CELL in block.text:
            continue
        lines = [line for line in source.text[block.start : block.end].split("\n") if line.strip()]
        rows = [(block, [c.strip() for c in line.split("\t") if c.strip()]) for line in lines if TAB_CELLS.search(line)]
        if len(rows) >= 2 and len(rows) == len(lines):
            tables.append(rows)
    return tables


def _tables(blocks: list[Block]) -> list[list[Row]]:
    """Runs of at least two rows (paragraphs with cells). A row whose first cell is empty ("| superconductors; ...")
    is the rest of the row before it, cut by a page or column break: its cells are joined to that row's."""
    tables, run = [], []
    for block in blocks:
        if block.kind is BlockKind.PARAGRAPH and (CELL in block.text or block.text.startswith("| ")):
            cells = block.text.split(CELL) if not block.text.startswith("| ") else ["", *block.text[2:].split(CELL)]
            if run and not cells[0].strip() and len(cells) == len(run[-1][1]):
                before, previous = run[-1]
                run[-1] = (before, [f"{a} {b}".strip() for a, b in zip(previous, cells, strict=True)])
                continue
            run.append((block, cells))
            continue
        if len(run) >= 2:
            tables.append(run)
        run = []
    if len(run) >= 2:
        tables.append(run)
    return tables
