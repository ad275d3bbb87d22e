"""Lists introduced by what they hold: "The guidelines name four such values:", "... one of the
following:" under "Sensitive research areas", "The following activities could be covered:".

The sentence just before the list decides the scheme; failing that the sentence before it may say
"values" or "principles" ("The guidelines rest on five principles. They were used ..."), and
failing that the section's heading. Items are cut to labels ("open science, with results shared
..." -> "Open science"). Principles and values may be whole sentences ("Security should be
proportionate to organisational risk"); every other scheme wants short noun phrases, so a list of
steps or measures under a heading that mentions risk is not a list of risks. A nested list is a
hierarchy: a technology area's sub-items have it as their ``broader`` (``Concept.extra``)."""

import functools
import re
from dataclasses import replace

import pyoxigraph as ox
import Stemmer

from ..parse.model import Block, BlockKind
from ..records import Concept
from ..settings import PROJECT_ROOT
from .base import (
    NAMED_NUMBER,
    QUALIFIER,
    RUN_ON_SENTENCE,
    SENTENCE_OR_COLON,
    URL,
    Source,
    ancestors,
    child_headings,
    concept,
    full_wording,
    is_question,
    label_and_acronym,
    noun_label,
    parent_heading,
    scheme_of,
    to_label,
)
from .definitions import split_definition
from .headings import strip_number
from .sentences import ADDRESSED

SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
SENTENCE_SCHEMES = ("principle", "value")
# "The guidelines rest on five principles. They were used ...": a sentence that counts what the list holds
ANNOUNCES = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+|a few|several|following|these|such|some)\s+(?:\w+\s+)?(?:principles|values)\b",
    re.I,
)
NOUN_SCHEMES = ("risk-area", "technology-area")  # items cut to their noun phrase (see ``noun_label``)
NOUN_PHRASE_WORDS = 10  # an item of a non-sentence list, up to its first qualifier
# What makes a long item a sentence rather than a noun phrase with its modifiers: a finite verb ("A visitor asks for
# access ...", "Staff are approached ..."); "Transfer of sensitive technology to foreign end users without a permit." has none
FINITE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|can|could|will|would|should|must|may|might|does|do|did|we|you|they|it|there)\b|"
    r"^(?:an?|the|your|our|their|one|someone|somebody)\s+(?:\w+\s+)?\w+(?<!ss)s\b",
    re.I,
)
LONG_PHRASE_WORDS = 16
DIRECTIVE = re.compile(
    r"^(?:ensure|check|make|use|keep|ask|talk|contact|report|consider|review|identify|assess|seek|avoid|limit|follow|apply|"
    r"register|declare|disclose|obtain|protect|train|establish|set|provide|share|store|encrypt|screen|document|record|"
    r"require|include|inform|notify|verify|confirm|maintain|adopt|develop|define|appoint|build|create|carry|conduct|do|"
    r"don't|never|always|please|remember|be|think|read|find|get|give|take|put|see|look|learn|plan|prepare|travel|leave|bring)\b",
    re.I,
)
STEP = re.compile(r"^(?:[a-z]+ing)\b", re.I)  # an item that opens with a verb's -ing form is a step or a measure
MIN_ITEMS = 2
ABSTRACT_NOUN = re.compile(r"(?:ness|ity|ism|ence|ance|dom|ship|our|ion|ment|acy|ty)$", re.I)
CATEGORY_WORDS = 10
MIN_SHORT_SHARE = 0.8
STATED_SHORT_SHARE = 0.6


ENUMERATOR = NAMED_NUMBER


def _unnumbered(items: list[Block]) -> list[Block]:
    """Items that open with a word and a number ("Category 0: ..."), most of the top level's at least, lose it, so
    their names are read."""
    top = [b for b in items if b.level == min(i.level for i in items)]
    if sum(bool(ENUMERATOR.match(b.text)) for b in top) * 2 < len(top):
        return items
    return [replace(b, text=ENUMERATOR.sub("", b.text, count=1)) for b in items]


def read(source: Source) -> list[Concept]:
    found = []
    blocks = _numbered_paragraphs(source.blocks)
    for heading, intro, listed in _lists(blocks):
        items = _unnumbered(listed)
        single = len(items) == 1 and _category(blocks, heading, listed, None) is not None  # one item under a category
        if _not_a_list_of_concepts(items) and not single:
            continue
        stated = _scheme("", intro)  # what the list's own introduction says it holds comes first
        named = scheme_of([heading.text]) if heading is not None else None
        if stated not in (None, "topic") and named not in (None, stated) and _remark(intro):
            stated = named  # "Sensitive technology areas" > "... is not for that reason high-risk.": a remark, not the list's lead
        category = _category(blocks, heading, listed, stated)
        scheme = stated or ("technology-area" if category else _scheme(heading.text if heading else "", intro))
        if scheme in (None, "topic"):
            scheme = _wider_scheme(source, heading, intro) or scheme
        if scheme in (None, "topic", "risk-area") and not category:
            scheme = _areas_of_technology(heading, intro, items) or scheme
        if scheme is None and heading is not None:  # "Risks" > "In the laboratory" > a list: the heading above says
            title = next((b for b in source.blocks if b.kind is BlockKind.HEADING), None)
            above = [b.text for b in ancestors(source.blocks, heading)[1:] if b is not title and b.level > 1]  # not the title
            scheme = scheme_of(above, NOUN_SCHEMES)
        if scheme is None:
            continue
        top = [b for b in items if b.level == min(i.level for i in items)]
        if scheme in SENTENCE_SCHEMES and sum(_proper_name(b.text) for b in top) * 2 >= len(top):
            continue  # "Canada", "Universities UK": members, not principles
        share = STATED_SHORT_SHARE if stated == scheme else MIN_SHORT_SHARE  # "The main concerns are:" vouches for its list
        long_ok = scheme == "risk-area" or stated == scheme  # "the following activities:" vouches for long items too
        if scheme not in SENTENCE_SCHEMES and sum(_noun_phrase(b.text, scheme, long_ok) for b in top) < share * len(top):
            continue
        if scheme == "risk-area" and sum(bool(STEP.match(b.text)) for b in top) * 2 > len(top):
            continue  # "assigning responsibility ...", "setting up a committee ...": steps, not risks
        if category:
            found.append(concept(scheme, strip_number(category.text), source, (category,), "category-heading"))
        found += _concepts(scheme, items, intro, source, strip_number(category.text) if category else None)
    return found


def _category(blocks: list[Block], heading: Block | None, items: list[Block], stated: str | None) -> Block | None:
    """A short heading over a list, one of several such sibling headings under a heading that names technologies
    ("The seven technology fields" > "Biotechnologies" > items), or over a list that says it holds technologies
    ("Its subfields include:"): a category, and its items the sub-areas."""
    if stated not in (None, "technology-area"):
        return None
    if heading is None or len(heading.text.split()) > CATEGORY_WORDS or heading.text.endswith((".", ":")):
        return None
    at = blocks.index(heading)
    if any(b.kind is BlockKind.LIST_ITEM for b in blocks[at + 1 : blocks.index(items[0])]):
        return None  # only the first list under a heading is its sub-areas
    parent = parent_heading(blocks, heading)
    if parent is None:
        return None
    siblings = [b for b in child_headings(blocks, parent) if _followed_by_list(blocks, b)]
    if len(siblings) < MIN_ITEMS or heading not in siblings:
        return None
    if stated == "technology-area":  # a nested list carries its own categories
        return heading if len({b.level for b in items}) == 1 else None
    under_parent = blocks[blocks.index(parent) + 1 : at]
    intro = [b.text for b in under_parent if b.kind is BlockKind.PARAGRAPH][:1]
    context = [parent.text, *(SENTENCE_OR_COLON.split(intro[0])[-1:] if intro else [])]
    return heading if scheme_of(context, ("technology-area",)) else None


# Words that say a list holds areas of something, without saying of what: the wider context says it
AREA_WORDS = re.compile(r"\b(?:categor(?:y|ies)|sub-?categor(?:y|ies)|areas?|fields?|sub-?fields?|domains?)\b", re.I)


def _wider_scheme(source: Source, heading: Block | None, intro: Block | None) -> str | None:
    """ "The research areas" > "Each category below ...": areas of what? The headings above and the document's title
    say (a page titled "Sensitive Technology Research Areas")."""
    near = [intro.text if intro else "", heading.text if heading else ""]
    if not any(AREA_WORDS.search(t) for t in near):
        return None
    wider = [intro.text if intro else "", *(b.text for b in ancestors(source.blocks, heading) if heading is not None)]
    wider.append(source.document.title or "")
    return "technology-area" if scheme_of(wider, ("technology-area",)) else None


TECHNOLOGY_AREAS = PROJECT_ROOT / "ontology" / "technology-areas.ttl"
# Words of the public lists too general to say an item is a field ("Advanced ... technologies", "... systems")
GENERAL_WORDS = frozenset(
    {"advanc", "technolog", "system", "scienc", "manag", "enabl", "integr", "high", "human", "data", "inform", "power", "process"}
    | {"time", "small", "direct", "analysi", "generat", "common", "use", "and", "for", "the", "of", "s"}
    | {"secur", "collabor", "critic", "big", "clean", "extract", "posit", "equip", "dual", "anim", "plant", "life"}
)
FIELD_SHARE = 0.6
RISK_AREAS = re.compile(
    r"\b(?:risk|threat|concern)\s+(?:areas?|fields?|domains?|categor(?:y|ies))\b|\b(?:areas?|categor(?:y|ies)) of (?:risk|threat|concern)",
    re.I,
)
_stemmer = Stemmer.Stemmer("english")


@functools.cache
def field_words() -> frozenset[str]:
    """The stems of the words public critical-technology lists name their areas with (ontology/technology-areas.ttl)."""
    store = ox.Store()
    store.load(path=str(TECHNOLOGY_AREAS), format=ox.RdfFormat.TURTLE)
    # the lists' entries (blank nodes), not the lists' own names
    labels = [
        q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(SKOS_PREF_LABEL), None) if isinstance(q.subject, ox.BlankNode)
    ]
    return frozenset(_stemmer.stemWords(re.findall(r"[a-z]+", " ".join(labels).lower()))) - GENERAL_WORDS


def _names_a_field(text: str) -> bool:
    return bool(set(_stemmer.stemWords(re.findall(r"[a-z]+", text.lower()))) & field_words())


def _areas_of_technology(heading: Block | None, intro: Block | None, items: list[Block]) -> str | None:
    """ "Areas that call for particular care" > "The following areas combine high value with a higher risk of misuse":
    areas whose items are fields of technology or science, most of them in the words public critical-technology lists
    use ("Advanced semiconductors", "Vaccine development platforms"), hold technology areas, whatever the sentence says
    of them (not "risk areas")."""
    near = [intro.text if intro else "", heading.text if heading else ""]
    if not any(AREA_WORDS.search(t) for t in near) or any(RISK_AREAS.search(t) for t in near) or not items:
        return None
    return "technology-area" if sum(_names_a_field(b.text) for b in items) >= FIELD_SHARE * len(items) else None


NUMBERED_PARAGRAPH = re.compile(r"^(?P<section>\d{1,2})\.\d{1,2}\.?\s+(?=[A-Z])")
MAX_NUMBERED_ITEM_WORDS = 40


def _numbered_paragraphs(blocks: list[Block]) -> list[Block]:
    """Short numbered paragraphs of one section in a row ("3.1 Applications of research that could be used for ...",
    "3.2 An unintended contribution to ..."), as policies number their items, read as the items of a list."""
    out = list(blocks)
    i = 0
    while i < len(out):
        run = []
        while i + len(run) < len(out):
            block = out[i + len(run)]
            m = NUMBERED_PARAGRAPH.match(block.text) if block.kind is BlockKind.PARAGRAPH else None
            if m is None or len(block.text.split()) > MAX_NUMBERED_ITEM_WORDS or (run and m["section"] != run[0][1]):
                break
            run.append((block, m["section"]))
        if len(run) >= MIN_ITEMS + 1:
            for k, (block, _) in enumerate(run):
                out[i + k] = replace(block, kind=BlockKind.LIST_ITEM, text=NUMBERED_PARAGRAPH.sub("", block.text, count=1), level=0)
        i += max(1, len(run))
    return out


def _lists(blocks: list[Block]):
    """(heading, introducing paragraph or None, list items) for each run of list items."""
    heading, i = None, 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind is BlockKind.HEADING:
            heading = block
        if block.kind is not BlockKind.LIST_ITEM:
            i += 1
            continue
        j = i
        while j < len(blocks) and (
            blocks[j].kind is BlockKind.LIST_ITEM
            or (blocks[j].kind is BlockKind.FOOTNOTE and j + 1 < len(blocks) and blocks[j + 1].kind is BlockKind.LIST_ITEM)
        ):  # a page's footnotes printed between two items of a list the page break cuts
            j += 1
        j, notes = _with_item_notes(blocks, i, j)
        k = i - 1
        while k >= 0 and blocks[k].kind is BlockKind.FOOTNOTE:  # a footnote printed between a table's header and its rows
            k -= 1
        intro = blocks[k] if k >= 0 and blocks[k].kind is BlockKind.PARAGRAPH else None
        yield heading, intro, [b for b in blocks[i:j] if b not in notes and b.kind is BlockKind.LIST_ITEM]
        i = j


NOTE_WORDS = 20
MIN_NOTES = 2


def _with_item_notes(blocks: list[Block], i: int, j: int) -> tuple[int, set]:
    """A list whose items each carry a short note as a paragraph of its own ("Advanced weapons" / "Subcategories are
    listed on its own page." / "Aerospace" / ...), as a word processor saves a web page's list: the run goes on across
    the notes when at least two sit between items. Returns the run's end and the notes."""
    end, notes = j, []
    while end + 1 < len(blocks) and _item_note(blocks[end]) and blocks[end + 1].kind is BlockKind.LIST_ITEM:
        notes.append(blocks[end])
        end += 1
        while end < len(blocks) and blocks[end].kind is BlockKind.LIST_ITEM:
            end += 1
    if len(notes) < MIN_NOTES:
        return j, set()
    if end < len(blocks) and _item_note(blocks[end]):  # the last item's note
        notes.append(blocks[end])
        end += 1
    return end, set(notes)


def _item_note(block: Block) -> bool:
    text = block.text.strip()
    return block.kind is BlockKind.PARAGRAPH and len(text.split()) <= NOTE_WORDS and not text.endswith(":") and " | " not in text


def _followed_by_list(blocks: list[Block], heading: Block) -> bool:
    after = blocks[blocks.index(heading) + 1 : blocks.index(heading) + 3]
    return any(b.kind is BlockKind.LIST_ITEM for b in after)


def _not_a_list_of_concepts(items: list[Block]) -> bool:
    """Questions, addresses (tools) and definition items (read elsewhere) are not this reader's; a list that mixes
    definition items with plain ones ("Foreign interference: in teaching ...", "Undisclosed affiliations, where ...")
    is, for the plain ones."""
    top = [b for b in items if b.level == items[0].level]
    odd = sum(is_question(b.text) or bool(URL.search(b.text)) for b in top)
    defined = sum(bool(split_definition(b.text)) for b in top)
    return len(top) < MIN_ITEMS or odd * 2 >= len(top) or defined == len(top)


# Words with which a sentence leads into the list after it
LEADS_IN = re.compile(r"\b(?:below|following|as follows|listed|lists?|includes?|including|are these|namely)\b", re.I)


def _remark(intro: Block | None) -> bool:
    """Whether an introduction's last sentence remarks on the list rather than leading into it."""
    last = SENTENCE_OR_COLON.split(intro.text)[-1] if intro else ""
    return bool(last) and not last.rstrip().endswith(":") and not ANNOUNCES.search(last) and not LEADS_IN.search(last)


# A lead that refers back to a list named before it: "... the Strategic Goods List ... The list has two parts:"
LIST_WORD = r"(?:lists?|annex|schedule|register)\b"
THE_LIST = re.compile(rf"^(?:The|This|That|Each|Both) {LIST_WORD}", re.I)
NAMES_A_LIST = re.compile(rf"\b{LIST_WORD}", re.I)


def _scheme(heading: str, intro: Block | None) -> str | None:
    sentences = SENTENCE_OR_COLON.split(intro.text) if intro else []
    if sentences and THE_LIST.match(sentences[-1]):
        named = next((s for s in reversed(sentences[:-1]) if NAMES_A_LIST.search(s)), None)
        if named is not None and (scheme := scheme_of([named], ("technology-area", "risk-area", "activity"))):
            return scheme
    if sentences and (scheme := scheme_of(sentences[-1:])):
        introduces = sentences[-1].endswith(":") or ANNOUNCES.search(sentences[-1])
        if scheme not in SENTENCE_SCHEMES or introduces:  # "three purposes as they relate to principles." lists purposes
            return scheme
    if len(sentences) > 1 and ANNOUNCES.search(sentences[-2]) and (scheme := scheme_of(sentences[-2:-1], SENTENCE_SCHEMES)):
        return scheme
    return scheme_of([heading])


def _proper_name(text: str) -> bool:
    words = [w for w in re.findall(r"[\w’'-]+", text) if w.lower() not in ("of", "the", "and", "for", "in", "on", "de")]
    if len(words) == 1 and ABSTRACT_NOUN.search(words[0]):
        return False  # "Openness", "Integrity", "Candour": a quality, not a name
    return 0 < len(words) <= 8 and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def _noun_phrase(text: str, scheme: str = "", long_ok: bool = False) -> bool:
    if scheme in NOUN_SCHEMES:
        first = RUN_ON_SENTENCE.split(text, maxsplit=1)[0]  # "Advanced weapons Subcategories are listed ...": a label, then a note
        sentence = first[:1].isupper() and first.rstrip().endswith(".") and len(first.split()) > NOUN_PHRASE_WORDS
        main = re.split(r"\s(?:that|which|who|whose|where|when)\s|,\s", first, maxsplit=1)[0]  # not a relative clause's verb
        if sentence and FINITE.search(main):
            return False  # "A visitor asks for access ...": a sentence
        text = noun_label(text, modifiers=scheme == "risk-area")
    head = text[: m.start()] if (m := QUALIFIER.search(text)) else text
    if is_question(text):
        return False
    # a risk's long phrase (or one a list's introduction vouches for) is still a name when no verb runs in it and it gives
    # no order ("Transfer of sensitive or dual-use technology to foreign end users without a permit", not "Check every
    # partner against the sanctions lists")
    long_phrase = long_ok and len(head.split()) <= LONG_PHRASE_WORDS and not FINITE.search(head) and not DIRECTIVE.match(head)
    return len(head.split()) <= NOUN_PHRASE_WORDS or long_phrase


# The subject every statement of a list shares: "The University cooperates ...", "The University treats ..." (a name or
# "the"/"our" and up to two more capitalised words, then the statement's verb, in lower case)
SHARED_SUBJECT = re.compile(r"^(?:(?:The|Our|This)\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,2}\s+(?=[a-z])")
MIN_SHARED = 3


def shared_subject(texts: list[str]) -> str:
    """The subject all of a list's statements open with (three at least), else ""."""
    subjects = {m.group(0) if (m := SHARED_SUBJECT.match(t)) else None for t in texts}
    if len(texts) < MIN_SHARED or len(subjects) != 1 or None in subjects:
        return ""
    return subjects.pop()


def _concepts(scheme: str, items: list[Block], intro: Block | None, source: Source, category: str | None = None) -> list[Concept]:
    found = []
    top_level = min(b.level for b in items)
    parents: dict[int, str] = {}  # the nearest item at each nesting depth: an item's broader is the one just above its depth
    statements = scheme in SENTENCE_SCHEMES and sum(bool(ADDRESSED.match(b.text)) for b in items) >= 2
    subject = shared_subject([b.text for b in items if b.level == top_level]) if scheme in SENTENCE_SCHEMES else ""
    for block in items:
        text = block.text
        if statements and ADDRESSED.match(text):
            continue  # "Institutions should uphold ...": a run of modal statements, labelled by the sentences reader
        if scheme in NOUN_SCHEMES:
            text = noun_label(text, modifiers=scheme == "risk-area")
        if subject:  # "The University treats every applicant ...": what each statement says, not whom it is about
            text = text[len(subject) :].lstrip()
        label, acronyms = label_and_acronym(to_label(text, statement=bool(subject)))
        if scheme == "risk-area" and (wording := full_wording(block.text)) and wording.lower() != label.lower():
            acronyms = (*acronyms, wording)  # the item's whole wording, its head cut to the label: another name for it
        if not label:
            continue
        parents = {level: name for level, name in parents.items() if level < block.level}
        if block.level == top_level or not parents:  # an item deeper than one that runs on (";") is its sibling
            extra = {"broader": category} if category else {}
        elif scheme == "technology-area":
            extra = {"broader": parents[max(parents)]}
        else:
            continue
        if not block.text.rstrip().endswith((";", ",")):  # "quantum science, covering ...;" runs on to its sibling: no parent
            parents[block.level] = label
        blocks = (intro, block) if intro else (block,)
        definition = block.text if scheme in SENTENCE_SCHEMES and len(block.text) > len(label) + 10 else None
        found.append(concept(scheme, label, source, blocks, "lead-in-list", definition=definition, alt_labels=acronyms, extra=extra))
    return found
