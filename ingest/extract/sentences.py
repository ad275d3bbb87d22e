"""Normative sentences: principles or values stated in prose, as a run of "should"/"must" clauses
after a sentence that announces them: "Alongside these values sit a few principles. Measures
should be risk-based and proportionate, ...; they should be transparent, ...; and they should
never single out people because of their nationality." Each clause is a principle. A single
"should" sentence is advice, not a list of principles, and is left alone.

The same run spread over paragraphs or list items, each opening with its own modal sentence, under a
heading or after a sentence that names principles or values ("Principles for a sound approach" /
"Institutions should observe proportionality, keeping ..."): each statement's object is a principle."""

import re
from itertools import pairwise

from ..parse.model import BlockKind
from ..records import Concept
from .base import ENUMERATION, SENTENCE, Source, concept, scheme_of, to_label

MODAL = re.compile(r"\b(?:should|must|shall|will|ought to)\s+(?:be\s+|always\s+|also\s+)?(?P<what>.+)$", re.I | re.S)
SCHEMES = ("principle", "value")
MIN_CLAUSES = 2
MIN_ADDRESSED = 3


def read(source: Source) -> list[Concept]:
    return _within_paragraphs(source) + _across_blocks(source) + _pledged(source)


# "Institutions should observe proportionality, keeping ..." -> "proportionality"
OPENING = re.compile(
    r"^(?:[A-Z][\w’'-]*(?:\s+[\w’'-]+){0,5}?)\s+(?:should|must|shall|are expected to|need to|will)\s+"
    r"(?:also\s+|always\s+)?(?P<verb>[a-z]+)\s+(?P<what>[^,:;(—–]+)"
)
# A paragraph that announces what follows is the run's lead, not one of its statements: "CAPES will take the following ..."
LEAD = re.compile(r"\bthe following\b|:\s*$", re.I)
# A statement addressed to those who must act ("Institutions should ...", "We will ..."): what it asks is the principle
ADDRESSED = re.compile(
    r"^(?:(?:all|each|every|the|our)\s+)?(?:institutions?|universit(?:y|ies)|organi[sz]ations?|research organi[sz]ations?|"
    r"researchers?|funders?|agencies|staff|members|we|higher education institutions|employers|departments)\s+"
    r"(?:should|must|shall|are expected to|need to|will)\s",
    re.I,
)
# A lead that pledges what follows for the institution as a whole, each item the rest of its sentence: "In applying this
# policy, the University will:" / "Member institutions should:" (not an office's duties: "The Research Office will:")
PLEDGE = re.compile(
    r"\b(?:we|(?:(?:all|each|every|the|our|member)\s+)?(?:institutions?|universit(?:y|ies)|organi[sz]ations?|"
    r"research organi[sz]ations?|higher education institutions|funders?|institute|foundation|college|school|academy))\s+"
    r"(?:should|must|shall|will|are expected to|is expected to|commits? (?:itself )?to|undertakes? to|(?:is|are) committed to)"
    r"(?:\s+the following)?\s*:\s*$",
    re.I,
)
STATEMENT_BLOCKS = (BlockKind.PARAGRAPH, BlockKind.LIST_ITEM)
# Verbs that only carry what follows them: "observe proportionality" states proportionality; "keep research as open as
# possible" states the keeping
LIGHT_VERBS = frozenset(
    {
        *("observe", "practise", "practice", "take", "seek", "uphold", "apply", "adopt", "embrace", "promote", "pursue"),
        *("follow", "respect", "ensure", "aim", "strive", "show", "exercise", "foster", "value", "honour", "honor"),
        *("commit", "guarantee", "recognise", "recognize"),
    }
)
# Where a statement's own words end and its reasons, conditions or second action begin
STATEMENT_END = re.compile(
    r"\s(?:instead of|so that|so as|with which|in which|by which|where|when|while|because|unless|until|through|by means of)\s|"
    r"\sand\s(?=[a-z]+\s(?:it|them|the|a|an|their|its|this|these|any|every)\b)|"
    r"\s(?:and|but)\s(?=(?:will|should|must|shall|may|can|need to)\s)"  # "... and will give them the support they need"
)


def statement_label(m: re.Match) -> str:
    """What a modal statement commits to: its object after a light verb ("uphold non-discrimination" ->
    "Non-discrimination"), else the verb phrase ("keep research as open as possible"), up to its reasons."""
    if coined := COINED.search(m.string):  # "... from the design of a project onwards (security by design)": its own name
        return to_label(coined["term"])
    what = re.sub(r"\s+(?:and|or|but)$", "", STATEMENT_END.split(_what(m), maxsplit=1)[0])  # "voluntarily and by means of"
    verb = m["verb"].lower()
    phrase = re.sub(r"^(?:for|to|on|with|that)\s+", "", what) if verb in LIGHT_VERBS else f"{verb} {what}"
    phrase = re.sub(r"^(?:a|an|the)\s+", "", phrase, flags=re.I)
    if len(phrase.split()) > MAX_STATEMENT_WORDS:  # "put agreements in writing and secure in them ...": the first action
        pieces = phrase.split(" and ")
        phrase = pieces[0]
        # "keep its research and education as open as possible and ...": a verb and a bare noun are not an action yet;
        # the "and" was inside its object
        for piece in pieces[1:]:
            if len(phrase.split()) >= MIN_ACTION_WORDS or len(f"{phrase} and {piece}".split()) > MAX_STATEMENT_WORDS:
                break
            phrase = f"{phrase} and {piece}"
    if len(phrase.split()) > MAX_STATEMENT_WORDS:  # "make their researchers aware of the rules that apply to ...": up to the clause
        head = RELATIVE_CLAUSE.split(phrase, maxsplit=1)[0]
        phrase = head if len(head.split()) >= MIN_ACTION_WORDS else phrase  # not "protect researchers" (who ...?)
    return to_label(phrase) if len(phrase.split()) <= MAX_STATEMENT_WORDS else ""


RELATIVE_CLAUSE = re.compile(r"\s(?:that|which|who|whose|whom)\s")


# "comply with export control, sanctions and national security legislation": a list the object goes on with
# (not a qualifier: ", whatever their nationality or origin", ", assessing partners and ...", ", the field and ...")
LIST_TAIL = re.compile(
    r"(?:,\s+(?!(?:whatever|whoever|wherever|whether|which|who|where|when|while|the|a|an|its|their|not|but|rather|as|so|to|in|by|for|"
    r"with|from|through|including|such|especially|particularly|e\.g|i\.e)\b|\w+ing\b)[\w’'-]+"
    r"(?:\s+[\w’'-]+){0,3})+,?\s+(?:and|or)\s+[^,:;(—–.]+"
)


def _what(m: re.Match) -> str:
    """What a modal statement asks for, with the rest of a list its first comma interrupted."""
    tail = LIST_TAIL.match(m.string, m.end("what")) if m.string[m.end("what") : m.end("what") + 1] == "," else None
    return (m["what"] + (tail.group(0) if tail else "")).strip()


MAX_STATEMENT_WORDS = 12
MIN_ACTION_WORDS = 4
OBJECT_END = re.compile(r"\s(?:as|so that|so as|in order|rather than|instead of|which|that|who|because|while|when|where|and not|not)\s|,\s")
MAX_NAME_WORDS = 8
MIN_NAME_WORDS = 2  # "partners" alone names nothing a reader would look up
TREAT_AS = frozenset({"treat", "regard", "see", "consider"})


def statement_names(m: re.Match) -> tuple[str, ...]:
    """Other names a statement gives what it asks for: the thing it acts on ("preserve academic freedom and
    institutional autonomy as the foundation ..." -> "Academic freedom and institutional autonomy"), or, for a
    statement that treats one thing as another, the other ("treat research security as a shared responsibility" ->
    "Shared responsibility of leadership")."""
    what = m["what"].strip()
    treated = re.search(r"\sas\s+(?:an?\s+|the\s+)?(?P<what>[^,;:]+)", what) if m["verb"].lower() in TREAT_AS else None
    if treated is not None:
        name = treated["what"]
    else:
        name = re.sub(r"^(?:for|to|on|with|that|the|a|an|every|each|all|their|its|any)\s+", "", OBJECT_END.split(what, maxsplit=1)[0])
    return (to_label(name),) if MIN_NAME_WORDS <= len(name.split()) <= MAX_NAME_WORDS and to_label(name) else ()


# A statement that coins a term for what it asks, in parentheses: "(security by design)", not an acronym or an aside
COINED = re.compile(r"\((?!(?:see|e\.g|i\.e|cf|for example|including|as|in|at|on|by)\b)(?P<term>[a-z][a-z-]+(?:\s+[a-z-]+){1,3})\)")


def _opening(block) -> re.Match | None:
    """A block's modal statement, after the number it may open with ("3.2 The University will assess ...")."""
    return OPENING.match(ENUMERATION.sub("", block.text, count=1))


def _across_blocks(source: Source) -> list[Concept]:
    found = []
    blocks = source.blocks
    i = 0
    while i < len(blocks):
        run = []
        while i + len(run) < len(blocks) and blocks[i + len(run)].kind in STATEMENT_BLOCKS and _opening(blocks[i + len(run)]):
            run.append(blocks[i + len(run)])
        if run and LEAD.search(run[0].text):
            i += 1  # the lead, read as the context of the statements after it
            continue
        if len(run) < MIN_CLAUSES:
            i += 1
            continue
        before = [b for b in reversed(blocks[:i]) if b.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)][:2]
        context = [SENTENCE.split(b.text)[-1] for b in before if b.kind is BlockKind.PARAGRAPH][:1]
        context += [b.text for b in before if b.kind is BlockKind.HEADING][:1]
        scheme = scheme_of(context, SCHEMES)
        if scheme is None and len(run) >= MIN_ADDRESSED and all(b.kind is BlockKind.LIST_ITEM and ADDRESSED.match(b.text) for b in run):
            scheme = "principle"  # a list of what institutions should do is the issuer's principles, whatever its lead calls them
        if scheme is not None:
            for block in run:
                found += _statement(scheme, _opening(block), source, block, block.text)
        i += len(run)
    return found


def _within_paragraphs(source: Source) -> list[Concept]:
    found = []
    for block in source.blocks:
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        sentences = SENTENCE.split(block.text)
        for announce, statement in pairwise(sentences):
            scheme = scheme_of([announce], SCHEMES)
            if scheme is None or announce.endswith(":"):
                continue
            parts = [m["what"] for part in re.split(r";\s*", statement) if (m := MODAL.search(part))]
            if len(parts) < MIN_CLAUSES:
                continue
            for what in parts:
                label = to_label(what)
                if label:
                    found.append(concept(scheme, label, source, (block,), "normative-sentence", definition=statement))
    return found


def _pledged(source: Source) -> list[Concept]:
    """The items of a list after a lead that pledges them ("the University will:"), each a statement of its own
    ("Keep research as open as possible and restrict it only where ..."): principles, unless the lead or the heading
    names values."""
    found, blocks = [], source.blocks
    for i, lead in enumerate(blocks):
        if lead.kind is not BlockKind.PARAGRAPH or not PLEDGE.search(lead.text):
            continue
        items = []
        for block in blocks[i + 1 :]:
            if block.kind is not BlockKind.LIST_ITEM:
                break
            items.append(block)
        if len(items) < MIN_ADDRESSED:
            continue
        heading = next((b.text for b in reversed(blocks[:i]) if b.kind is BlockKind.HEADING), "")
        scheme = scheme_of([lead.text, heading], SCHEMES) or "principle"
        for item in items:
            text = ENUMERATION.sub("", item.text, count=1).strip()
            # a sentence already, or the rest of the one it completes: "We will " + "keep research as open as possible"
            m = OPENING.match(text) or OPENING.match(f"We will {text[:1].lower()}{text[1:]}")
            found += _statement(scheme, m, source, item, text)
    return found


def _statement(scheme: str, m: re.Match | None, source: Source, block, definition: str) -> list[Concept]:
    """The principle (or value) a modal statement asks for, labelled by it, with the thing it acts on as another name."""
    if m is None or not (label := statement_label(m)):
        return []
    alts = tuple(n for n in statement_names(m) if n.casefold() != label.casefold())
    return [concept(scheme, label, source, (block,), "normative-statement", definition=definition, alt_labels=alts)]
