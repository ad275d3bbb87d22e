"""Questions that probe risks: a risk-assessment form or a table of orientation questions ("Could the results be
misused by third parties? | Misuse of research results"). Where a table pairs a column of questions with a column
of short noun phrases, the noun phrases name what each question probes; a question that names its risk itself
("Is there a risk of military end use?") gives that risk. Only where the section, its introduction, the headings
above or the document's title speak of risks or threats."""

import re

from ..parse.model import Block, BlockKind
from ..records import Concept
from .base import CELL, Source, ancestors, concept, is_question, scheme_of, to_label

MAX_LABEL_WORDS = 8
RISK_OF = re.compile(r"\b(?:risk|danger|threat)s?\s+(?:of|from)\s+(?P<what>[^?,;]+?)\s*(?:\?|,|;|$)", re.I)
MIN_ROWS = 2
# A column header that says its cells name what a question probes
LABEL_HEADER = re.compile(
    r"\b(?:uncover|reveal|detect|identif|probe|address|risks?|threats?|concerns?|issues?|indicat|red flags?|warning)", re.I
)


def read(source: Source) -> list[Concept]:
    found = []
    for rows, before in _tables(source.blocks):
        cells = [[c.strip(" |") for c in row.text.split(CELL)] for row in rows]
        question_column = _column(cells, is_question)
        if question_column is None or not _about_risks(source, rows[0], before):
            continue
        label_column = _column(cells, _short_phrase, exclude=question_column)
        if label_column is not None and not LABEL_HEADER.search(cells[0][label_column] if len(cells[0]) > label_column else ""):
            label_column = None  # "Outcome", "Where to look": what the answer gives, not what the question probes
        has_header = not is_question(cells[0][question_column]) if len(cells[0]) > question_column else True
        for row, row_cells in list(zip(rows, cells, strict=True))[1 if has_header else 0 :]:
            label = _label(row_cells, question_column, label_column)
            if label:
                found.append(concept("risk-area", label, source, (row,), "question-table", definition=row_cells[question_column].strip()))
    found += _risk_questions(source) + _printed_tables(source)
    return found


HEADER_CELL_WORDS = 6


def _printed_tables(source: Source) -> list[Concept]:
    """A question table a printer wrapped: the header's last cell on a line of its own ("No. | Question", then "What it
    helps to uncover"), and each row's last cell run into its question ("... be done? Dependency on the partner
    country") or onto the next line ("Misuse of research results")."""
    blocks, found = source.blocks, []
    for i, header in enumerate(blocks[:-1]):
        spilled = blocks[i + 1]
        if header.kind is not BlockKind.PARAGRAPH or CELL not in header.text or "?" in header.text or CELL in spilled.text:
            continue
        if len(spilled.text.split()) > HEADER_CELL_WORDS or not LABEL_HEADER.search(spilled.text):
            continue
        rows: list[list] = []
        for block in blocks[i + 2 :]:
            if block.kind is BlockKind.PARAGRAPH and CELL in block.text and "?" in block.text:
                rows.append([block, None])
            elif block.kind is BlockKind.PARAGRAPH and rows and rows[-1][1] is None and _short_phrase(block.text):
                rows[-1][1] = block
            else:
                break
        before = [b for b in reversed(blocks[max(0, i - 2) : i]) if b.kind is BlockKind.PARAGRAPH]
        if len(rows) < MIN_ROWS or not _about_risks(source, header, before):
            continue
        for row, spill in rows:
            tail = row.text.rsplit("?", 1)[1].strip(" |")
            label = tail if _short_phrase(tail) and tail[:1].isupper() else (spill.text.strip() if spill is not None else "")
            if label := to_label(label):
                found.append(concept("risk-area", label, source, tuple(b for b in (row, spill) if b), "question-table"))
    return found


def _risk_questions(source: Source) -> list[Concept]:
    """List items and paragraphs that are questions naming their risk: "Is there a risk of military end use?"."""
    found = []
    for block in source.blocks:
        if block.kind not in (BlockKind.LIST_ITEM, BlockKind.PARAGRAPH) or CELL in block.text or not is_question(block.text):
            continue
        if (m := RISK_OF.search(block.text)) and len(m["what"].split()) <= MAX_LABEL_WORDS:
            label = to_label(re.sub(r"^(?:the|a|an)\s+", "", m["what"].strip(), flags=re.I))
            if label:
                found.append(concept("risk-area", label, source, (block,), "risk-question", definition=block.text))
    return found


def _label(cells: list[str], question: int, label: int | None) -> str | None:
    if label is not None and len(cells) > label and _short_phrase(cells[label]):
        return to_label(cells[label])
    if len(cells) > question and (m := RISK_OF.search(cells[question])) and len(m["what"].split()) <= MAX_LABEL_WORDS:
        return to_label(re.sub(r"^(?:the|a|an)\s+", "", m["what"].strip(), flags=re.I))
    return None


def _short_phrase(text: str) -> bool:
    text = text.strip()
    return 0 < len(text.split()) <= MAX_LABEL_WORDS and not is_question(text) and not text.isdigit() and text[:1].isalpha()


def _column(cells: list[list[str]], test, exclude: int | None = None) -> int | None:
    """The column whose cells (header row aside) mostly pass ``test``."""
    body = cells[1:] if len(cells) > MIN_ROWS else cells
    width = max(len(c) for c in body)
    for i in range(width):
        if i == exclude:
            continue
        filled = [c[i].strip() for c in body if len(c) > i and c[i].strip()]
        hits = sum(bool(test(cell)) for cell in filled)
        if len(filled) * 2 >= len(body) and hits * 4 >= len(filled) * 3:
            return i
    return None


def _about_risks(source: Source, first: Block, before: list[Block]) -> bool:
    context = [b.text for b in before] + [h.text for h in ancestors(source.blocks, first)] + [source.document.title or ""]
    return scheme_of(context, ("risk-area",)) is not None


def _tables(blocks: list[Block]) -> list[tuple[list[Block], list[Block]]]:
    """(rows, the paragraphs just before the table) for each run of at least two table rows."""
    found, run = [], []
    for block in [*blocks, None]:
        if block is not None and block.kind is BlockKind.PARAGRAPH and CELL in block.text:
            run.append(block)
            continue
        if len(run) >= MIN_ROWS:
            start = blocks.index(run[0])
            before = []
            for b in reversed(blocks[:start]):
                if b.kind is not BlockKind.PARAGRAPH:
                    break
                before.append(b)
            found.append((run, before[:2]))
        run = []
    return found
