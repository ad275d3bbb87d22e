"""What every reader shares: the input it reads (``Source``), where a block's clause is, sections,
the words that say which scheme a list or heading introduces, and how text is cut to a label."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..parse.model import Block, BlockKind
from ..records import ClauseRecord, Concept, DocumentRecord

URL = re.compile(r"\(?<?(https?://[^\s<>()]+[^\s<>().,;:])>?\)?")
CELL = " | "  # how the parsers write a table row's cells

# Words that say what a heading, a list's introduction or a table column holds; checked in this order.
SCHEME_WORDS: list[tuple[str, re.Pattern]] = [
    ("risk-vector", re.compile(r"\bvectors?\b", re.I)),
    (
        "principle",
        re.compile(
            r"\bprinciples?\b|\bguided by\b|\bguiding\b|\btenets?\b|\bcommitments?\b|\bpillars?\b|\bcornerstones?\b|"
            r"\b(?:key|guiding|core|general|following) considerations\b|\bprecepts?\b|\bmaxims?\b|\bstarting points?\b|"
            r"\b(?:following|these|our|its|their) expectations\b|"
            r"\b(?:small number of|few|key|core|central|guiding|basic|settled|firm)(?: settled)? (?:ideas|convictions|beliefs|positions)\b|"
            r"\bexpectations (?:of|for) (?:institutions|universities|organi[sz]ations|researchers|grantees|applicants|recipients)\b|"
            r"\b(?:two|three|four|five|six) (?:ideas|convictions|beliefs)\b|"
            r"\bcommits? (?:itself )?to the following\b",
            re.I,
        ),
    ),
    ("value", re.compile(r"\bvalues?\b", re.I)),
    # "each of the following may be an export of controlled technology:": what is listed are exports, whatever they carry
    ("activity", re.compile(r"\b(?:be|is|are|counts?\s+as|deemed(?:\s+to\s+be)?)\s+(?:an?\s+)?exports?\b", re.I)),
    (
        "technology-area",
        re.compile(
            r"\btechnolog(y|ies)\b|\bsensitive (research|fields?|areas?|domains?)\b|"
            r"\b(?:research|study|subject) (?:areas|fields|domains)\b|"
            r"\b(?:areas|fields|domains) of (?:research|study)\b(?! security| integrity)|"
            r"\bsub-?(?:fields?|categor(?:y|ies))\b|"
            r"\bdual-use (?:goods|items|lists?|regulation)\b|\b(?:control|goods) lists?\b|\b(?:controlled|listed) (?:items|goods)\b|"
            r"\b(?:protected|sensitive|critical|strategic) (?:scientific (?:and technical )?|technical |technological )?sectors?\b",
            re.I,
        ),
    ),
    # (not "export-controlled subject areas": what those hold is controlled, not exported)
    ("activity", re.compile(r"\bactivit(y|ies)\b|\bengagements?\b|\bexports?\b(?!-controlled)|\btransfers? of\b", re.I)),
    (
        "risk-area",
        re.compile(
            r"\brisks?\b|\bthreats?\b|\bharms?\b|\bdangers?\b|\bwarning signs?\b|\bred flags?\b|\bindicators?\b|"
            r"\bvulnerabilit(?:y|ies)\b|\btargeted\b|\bwatch (?:out )?for\b|\blook out for\b|\balert to\b|\binterference\b|"
            r"\bbreach(?:es|ed)?\b|\bmisuse\b|\bconcerns?\b|\bconcerned about\b|\b(?:undue|foreign|malign|covert|hostile) influence\b|"
            r"\b(?:recurring|common|typical|known|frequent|main|key|following) problems\b|"
            r"\bgo(?:es)? wrong\b|\bpitfalls?\b|\bat stake\b|\b(?:may|might|could|can) face\b",
            re.I,
        ),
    ),
    ("topic", re.compile(r"\b(areas?|covers?|topics?|themes?)\b", re.I)),
]
MAX_LABEL_WORDS = 12
# A label ends where a qualifier begins: "open science, with results shared ...", "quantum science, covering ...",
# "planned from the start rather than added once a problem has appeared" (not "asks before rather than after")
QUALIFIER = re.compile(
    r"(?:[:;]\s|\s[–—]\s|\s\((?![A-Z0-9]{2,}\))|,\s(?=(?:meaning|as|with|so|which|who|whose|where|including|particularly|covering|"
    r"especially|such|for|e\.g\.|i\.e\.|not|rather|whether|while|when|because|to|in order|by|from|through|offered|maintained|"
    r"published|hosted|provided|run|kept|used|like)\b)|\s(?:so that|in order to|in every|and in|and to)\s|"
    r"\srather than\s(?=(?:\S+\s+){2}\S))"
)


# The research-security motto, one label however its halves are joined: "as open as possible, as secure as necessary"
MOTTO = re.compile(
    r"\bas open(?:ly)? as possible,?\s+(?:and\s+|but\s+)?(?:is\s+|remains?\s+|stays?\s+)?(?:only\s+)?"
    r"as (?:closed|secure|securely|safeguarded|protected|restricted|restrictively) as necessary\b",
    re.I,
)


@dataclass(frozen=True)
class Source:
    """What a reader reads: one document's blocks (page chrome already out) and where each block's clause is."""

    document: DocumentRecord
    blocks: list[Block]
    locate: "ClauseLocator"
    text: str = ""  # the document's text, which blocks index by offset (a plain-text table keeps its tabs there)

    def is_table(self, block: Block) -> bool:
        """A table row (cells joined by " | "), or a plain-text table the text parser joined into one paragraph."""
        return CELL in block.text or "\t" in self.text[block.start : block.end].strip()

    def prose_sentences(self) -> Iterator[tuple[Block, str]]:
        """Each sentence of running prose (paragraphs and list items, not table rows), with its block."""
        for block in self.blocks:
            if block.kind in (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM) and not self.is_table(block):
                for sentence in SENTENCE.split(block.text):
                    yield block, sentence

    def clauses_of(self, *blocks: Block) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c for b in blocks if (c := self.locate(b))))


class ClauseLocator:
    """The clause a block ended up in, found by character offsets."""

    def __init__(self, clauses: list[ClauseRecord]):
        self.clauses = sorted(clauses, key=lambda c: (c.start, c.end - c.start))

    def __call__(self, block: Block) -> str | None:
        """The smallest clause holding the whole block, else (a long paragraph cut in pieces) the piece it starts in."""
        best = start = None
        for clause in self.clauses:
            if clause.start > block.start:
                break
            if clause.end >= block.end and (best is None or clause.end - clause.start <= best.end - best.start):
                best = clause
            elif clause.end > block.start:
                start = clause
        found = best or start
        return found.uri if found else None


def sections(blocks: list[Block]) -> Iterator[tuple[Block | None, list[Block]]]:
    """(heading, the blocks under it up to the next heading of any level)."""
    heading, body = None, []
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            if body or heading is not None:
                yield heading, body
            heading, body = block, []
        else:
            body.append(block)
    if body or heading is not None:
        yield heading, body


SECTION_NUMBER = re.compile(r"^(?P<n>\d+(?:\.\d+)*)\.?\s+\S")


def parent_heading(blocks: list[Block], heading: Block) -> Block | None:
    """The heading a heading sits under: the nearest one of a lower level; where a PDF printed every heading at one
    level, the nearest numbered heading above an unnumbered one ("4.3 Three areas" over "Artificial Intelligence")."""
    at = blocks.index(heading)
    above = [b for b in reversed(blocks[:at]) if b.kind is BlockKind.HEADING]
    lower = next((b for b in above if b.level < heading.level), None)
    if lower is not None or SECTION_NUMBER.match(heading.text):
        return lower
    for block in above:
        if block.level != heading.level:
            return None
        if SECTION_NUMBER.match(block.text):
            return block
    return None


def child_headings(blocks: list[Block], parent: Block) -> list[Block]:
    """The headings directly under ``parent``, by level or, at one printed level, by numbering (see ``parent_heading``)."""
    children, level = [], None
    for block in blocks[blocks.index(parent) + 1 :]:
        if block.kind is not BlockKind.HEADING:
            continue
        if block.level < parent.level or (block.level == parent.level and SECTION_NUMBER.match(block.text)):
            break
        if block.level == parent.level and not SECTION_NUMBER.match(parent.text):
            break
        level = level or block.level
        if block.level == level:
            children.append(block)
    return children


def ancestors(blocks: list[Block], block: Block) -> list[Block]:
    """The headings a block sits under, nearest first."""
    at = blocks.index(block)
    heading = block if block.kind is BlockKind.HEADING else next((b for b in reversed(blocks[:at]) if b.kind is BlockKind.HEADING), None)
    found = []
    while heading is not None and heading not in found:
        found.append(heading)
        heading = parent_heading(blocks, heading)
    return found


def scheme_of(context: list[str], allowed: tuple[str, ...] | None = None) -> str | None:
    """The scheme the nearest context names: the first text with a scheme word decides, in SCHEME_WORDS order."""
    for text in context:
        hits = [scheme for scheme, pattern in SCHEME_WORDS if pattern.search(text) and (allowed is None or scheme in allowed)]
        if hits:
            return hits[0]
    return None


# A run-in head: "Proportionality. Measures match the risk." (a bold lead-in, its definition after it)
RUN_IN = re.compile(r"^(?P<label>[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,3})[.:]\s+(?P<definition>[A-Z\"“].+)$", re.S)
NOT_A_HEAD = re.compile(
    r"\b(?:is|are|was|were|be|has|have|had|can|will|would|should|must|may|do|does|did|we|it|they|this|these|there|our)\b", re.I
)


def run_in_head(text: str) -> tuple[str, str] | None:
    """(head, definition) of a block that opens with a run-in head, after any number ordering it ("3.1 Foreign
    interference. States may ..."), else None."""
    m = RUN_IN.match(ENUMERATION.sub("", text, count=1))
    return (m["label"], m["definition"]) if m and not NOT_A_HEAD.search(m["label"]) else None


# "Category 0: Nuclear materials", "Part 2 - Information security", "Area B. Sensors": an entry's number, not its name
NAMED_NUMBER = re.compile(r"^[A-Z][a-z]+\s+(?:\d{1,3}[a-z]?|[IVX]{1,4}|[A-Z])\s*[:.)–—-]\s+(?=\S)")
# A number or letter that orders an entry, not part of its name: "2.1 ", "A.3 ", "B2. ", "0 – ", "iv) ", "B. "
ENUMERATION = re.compile(
    r"^(?:[A-Z]\.\d+(?:\.\d+)*\.?|[A-Z]\d{1,2}(?:\.\d+)*\.|\d+(?:\.\d+)+\.?|\(?(?:\d{1,3}|[ivx]{1,4}|[A-Za-z])[.)]|\d{1,3}\s+[–—-])\s+(?=\w)"
)  # ("B2. " numbers a paragraph as "A.3 " does; "G7 " names the group)


SECOND_PREDICATE = re.compile(r"\s+and\s+(?:does|do|did|will|would|is|are|has|have|can|may|shall)\s+not\s")
# A comma that goes on with a list, not a clause: "export control, sanctions and data protection legislation"
LIST_GOES_ON = re.compile(r"^[\w-]+(?:\s+[\w-]+){0,3}\s+(?:and|or)\s")


def _clause_comma(text: str) -> int:
    """Where a long label's first comma that does not go on with a list stands, else -1 (as ``str.find``)."""
    return next((m.start() for m in re.finditer(r",\s", text) if not LIST_GOES_ON.match(text[m.end() :])), -1)


def to_label(text: str, max_words: int = MAX_LABEL_WORDS, statement: bool = False) -> str:
    """A list item, a table cell or a sentence cut to a label: no number ordering it, no qualifier, no closing
    punctuation, capitalised. A ``statement`` (a principle stated as what its subject does) that runs long is cut before a
    second, negated predicate and at a comma only where no list goes on."""
    text = ENUMERATION.sub("", URL.sub("", text).strip())
    if head := run_in_head(text):
        text = head[0]
    text = re.sub(r"^(?:it is|it|they are|they|we)\s+", "", text, flags=re.I)
    motto = MOTTO.search(text)
    if (m := QUALIFIER.search(text, motto.end() if motto else 0)) and m.start() > 0:
        text = text[: m.start()]
    words = text.split()
    if len(words) > max_words and ", and " in text:
        text = text.split(", and ")[0]
    if statement and len(text.split()) > max_words and (m := SECOND_PREDICATE.search(text)):
        text = text[: m.start()]  # "Treats every applicant equally and does not judge ...": the statement, not its negation
    if len(text.split()) > max_words and (cut := _clause_comma(text) if statement else text.find(", ")) >= 0:
        text = text[:cut]
    text = text.strip(" .,;:!?–—-\"'“”")
    return text[:1].upper() + text[1:] if text else text


# Where a noun phrase's head ends and what it says of it begins: "espionage directed at laboratories", "criminal groups
# after money", "competitors seeking an advantage", "conflicts of commitment that take time", "transfer through hiring"
POST_MODIFIER = re.compile(
    r"\s(?:[a-z]+(?:ed|ing)\s+(?:at|by|to|for|against|towards|from|on|into|with|an?|the|their|its|our|his|her)\b|"
    r"(?:after|through|over|via|outside|against|within|across|towards|that|which|whose|whether)\s)"
)
RELATIVE = re.compile(r"\s(?:that|which|whose|whether)\s")
# A second sentence run into an item: "Advanced weapons Subcategories are listed on the category's own page."
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")  # where one sentence ends and the next begins
SENTENCE_OR_COLON = re.compile(r"(?<=[.!?:])\s+(?=[A-Z])")  # ... or where a colon ends a lead-in
RUN_ON_SENTENCE = re.compile(r"(?<=[a-z0-9)])\s+(?=[A-Z][a-z]+\s+(?:are|is|can|will|may|were|was|have|has|remain)\b)")


RISK_OF = re.compile(r"^(?:risks?|threats?|dangers?)\s+(?:to|of|for|from|related to|linked to|arising from|posed by)\s+(?:the\s+)?", re.I)


def noun_label(text: str, modifiers: bool = True) -> str:
    """An item of a list of risks or areas cut to its noun phrase: no second sentence, no article, and (``modifiers``)
    no post-modifier. Technology areas keep theirs ("systems designed for extreme environments")."""
    text = RUN_ON_SENTENCE.split(URL.sub("", text).replace(CELL, " ").strip(), maxsplit=1)[0]
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip(), flags=re.I)
    if modifiers:  # "Risks to the resilience of supply chains" names the resilience of supply chains
        text = RISK_OF.sub("", text, count=1) or text
    if modifiers and (m := POST_MODIFIER.search(text)) and len(text[: m.start()].split()) >= (2 if RELATIVE.match(m.group(0)) else 1):
        text = text[: m.start()]  # "espionage directed at ..." -> "espionage"; not "a partner that will not ..." -> "partner"
    return to_label(text)


# A value named with what it applies to: "fairness to every applicant", "due process before any decision", "open
# communication with the institutions" name fairness, due process and open communication ("respect for", "integrity in",
# "freedom of" stay: the complement is part of the name)
VALUE_COMPLEMENT = re.compile(r"\s(?:to|before|with|towards|toward|among|across|within|from|between|at)\s")
STATEMENT = re.compile(r"\b(?:should|must|shall|will|would|can|could|is|are|was|were|be)\b", re.I)


def value_names(label: str) -> tuple[str, tuple[str, ...]]:
    """(label, alternative labels) of a value named in prose: its head, with the whole phrase kept as another name."""
    m = VALUE_COMPLEMENT.search(label)
    if m is None or STATEMENT.search(label) or not label[: m.start()].strip():
        return label, ()
    return label[: m.start()].strip(" ,"), (label,)


FULL_WORDING_WORDS = 16


def full_wording(text: str) -> str | None:
    """An item's own wording as a name, whole (its number, address and closing punctuation off), when it is short
    enough to be one: "Partner organisations linked to weapons development" where the label is its head."""
    text = ENUMERATION.sub("", URL.sub("", text).replace(CELL, " ").strip()).strip(" .,;:!–—-")
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    if not text or len(text.split()) > FULL_WORDING_WORDS or SENTENCE.search(text):
        return None
    return text[:1].upper() + text[1:]


def label_and_acronym(label: str) -> tuple[str, tuple[str, ...]]:
    """ "Intellectual Property (IP)" -> ("Intellectual Property", ("IP",))."""
    m = re.fullmatch(r"(.+?)\s*\(([A-Z][A-Za-z&]{1,9})\)", label)
    return (m[1], (m[2],)) if m else (label, ())


def is_question(text: str) -> bool:
    return text.rstrip().endswith("?")


def concept(scheme: str, label: str, source: Source, blocks: tuple[Block, ...], method: str, **fields) -> Concept:
    return Concept(scheme, label, source_clauses=source.clauses_of(*blocks), method=method, **fields)
