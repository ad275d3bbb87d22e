"""Questions that probe risks: a risk-assessment form or a table of orientation questions ("Could the results be
misused by third parties? | Misuse of research results"). Where a table pairs a column of questions with a column
of short noun phrases, the noun phrases name what each question probes; a question that names its risk itself
("Is there a risk of military end use?") gives that risk. Only where the section, its introduction, the headings
above or the document's title speak of risks or threats."""

import re

from ..parse.model import Block, BlockKind
from ..records import Concept
from .base import CELL, ENUMERATION, Source, ancestors, concept, is_question, scheme_of, to_label
from .coordinated import nlp

MAX_LABEL_WORDS = 8
MAX_RISK_OF_WORDS = 12  # "Is there a risk of military end use or proliferation of weapons of mass destruction?"
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


# The answer boxes a form prints after a question: "? Yes / No", "? (Yes / No)", "? ☐ Yes ☐ No", "? Y/N"
ANSWERS = re.compile(r"(?<=\?)\s*[(\[]?\s*(?:[☐□]\s*)?(?:Yes|Y)\s*(?:/|or|[☐□])?\s*(?:[☐□]\s*)?(?:No|N)\s*[)\]]?\s*$", re.I)
YES_NO = re.compile(r"^(?:Is|Are|Was|Were|Could|Would|Will|Can|Might|May|Does|Do|Did|Has|Have|Should|Shall)\b")
MIN_CHECKLIST = 3


def asked(text: str) -> str:
    """A question without the answer boxes printed after it ("Is there ...? Yes / No" -> "Is there ...?")."""
    return ANSWERS.sub("", text.strip())


def _risk_questions(source: Source) -> list[Concept]:
    """List items and paragraphs that are questions naming their risk ("Is there a risk of military end use?"), and
    the items of a yes/no checklist, each of which probes one risk through what it asks about ("Could the cooperation
    lead to the unwanted transfer of sensitive knowledge?")."""
    found, checklist = [], _checklists(source)
    for block in source.blocks:
        question = asked(block.text)
        if block.kind not in (BlockKind.LIST_ITEM, BlockKind.PARAGRAPH) or CELL in block.text or not is_question(question):
            continue
        if (m := RISK_OF.search(question)) and len(m["what"].split()) <= MAX_RISK_OF_WORDS:
            label = to_label(re.sub(r"^(?:the|a|an)\s+", "", m["what"].strip(), flags=re.I))
        elif block in checklist:
            label = to_label(probed(question) or "")
        else:
            continue
        if label:
            found.append(concept("risk-area", label, source, (block,), "risk-question", definition=question))
    return found


def _checklists(source: Source) -> set[Block]:
    """The items of runs of at least three yes/no questions in a list, where the form prints answer boxes after them or
    the list's section speaks of risks."""
    items: set[Block] = set()
    run: list[Block] = []
    for block in [*source.blocks, None]:
        if block is not None and block.kind is BlockKind.LIST_ITEM and is_question(asked(block.text)) and YES_NO.match(block.text):
            run.append(block)
            continue
        boxed = sum(1 for b in run if asked(b.text) != b.text.strip())
        if len(run) >= MIN_CHECKLIST and (boxed * 2 >= len(run) or _about_risks(source, run[0], [])):
            items.update(run)
        run = []
    return items


# Verbs whose object through a preposition is what the question fears: "lead to X", "expose researchers to X"
LEADING = ("lead", "contribut", "expos", "result", "giv")
# Verbs whose object is: "cause reputational damage", "involve the export of ...", not "signed a written agreement"
BRINGING = ("caus", "creat", "involv", "pos", "rais", "entail", "enabl", "bring", "brought", "impos")


def probed(question: str) -> str | None:
    """What a yes/no question asks about: the object of a verb that brings something about ("Could the cooperation
    create a financial dependence on a foreign partner?"), not a bare noun ("involve goods ..."); through "to" or "in"
    after a verb of leading ("Would the results contribute to the violation of human rights?", "expose staff to
    pressure or intimidation"); or a gerund's phrase ("Could it involve dealing with sanctioned parties?")."""
    doc = nlp()(question)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.pos_ != "VERB":
        return None
    if root.lower_.startswith(LEADING):
        preps = [p for p in root.subtree if p.dep_ == "prep" and p.lower_ in {"to", "in"} and root in (p.head, p.head.head)]
        objects = [o for p in preps for o in p.children if o.dep_ == "pobj"]
        # "expose researchers or data to espionage", where the parser took "to" for an infinitive's
        objects += [t for t in root.subtree if t.pos_ == "NOUN" and t.i and doc[t.i - 1].lower_ == "to" and t.dep_ in {"advcl", "xcomp"}]
    elif root.lower_.startswith(BRINGING):
        objects = [c for c in root.children if c.dep_ in {"dobj", "xcomp", "ccomp"} and c.i > root.i]
    else:
        return None
    if not objects:
        return None
    head = objects[0]
    if head.tag_ == "VBG":  # "dealing with sanctioned parties"
        preps = [p for p in head.children if p.dep_ == "prep"]
        end = max(t.i for t in preps[0].subtree) if preps else head.i
        return doc[head.i : end + 1].text
    if head.pos_ not in {"NOUN", "PROPN"}:
        return None
    words = [head, *(t for c in head.children if c.dep_ in {"amod", "compound", "nmod"} and c.i < head.i for t in c.subtree)]
    complement = next((p for p in head.children if p.dep_ == "prep" and p.i > head.i and p.lower_ in {"of", "on"}), None)
    if complement is not None and (pobj := next((o for o in complement.children if o.dep_ == "pobj"), None)) is not None:
        words += [complement, pobj, *(t for c in pobj.children if c.dep_ in {"amod", "compound"} for t in c.subtree)]
    if len(words) == 1:
        if not root.lower_.startswith(LEADING):
            return None  # "involve goods, software or technology that ...": a thing, not yet a risk
        words += [c for c in head.children if c.dep_ == "conj"]  # "expose staff to pressure, surveillance or harassment"
    start, end = min(t.i for t in words), max(t.i for t in words)
    return doc[start : end + 1].text


def _label(cells: list[str], question: int, label: int | None) -> str | None:
    """What a row's question probes: its label cell, the risk it names ("Is there a risk of ...?"), else, for a yes/no
    question ("4.1.1 Could the project involve the export of controlled items ...? | |"), what it asks about."""
    if label is not None and len(cells) > label and _short_phrase(cells[label]):
        return to_label(cells[label])
    if len(cells) <= question:
        return None
    if (m := RISK_OF.search(cells[question])) and len(m["what"].split()) <= MAX_LABEL_WORDS:
        return to_label(re.sub(r"^(?:the|a|an)\s+", "", m["what"].strip(), flags=re.I))
    asking = ENUMERATION.sub("", cells[question].strip(), count=1)
    return to_label(probed(asking) or "") or None if YES_NO.match(asking) else None


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
