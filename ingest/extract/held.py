"""Principles stated as positions the issuer holds, one "that" clause each: "We therefore hold that every Centre must be
able to judge, case by case, whether a collaboration is sound, and that such judgements belong with ...", "Our position
is that the research community should take responsibility for ...", "The team's starting point is that research should
stay open, and that openness can only be sustained if ...". A belief ("we believe that ...") is a principle only when
what it says is normative (a "should", "must" or "can only"): "we believe that most researchers are unaware" is not.

Also positions announced, then stated one sentence each: "... the University acts on a small number of settled positions. It
presumes that research will be published and shared. It expects candour from its researchers ..."."""

import re

from ..parse.model import BlockKind
from ..records import Concept
from .base import SENTENCE, Source, concept, is_question, scheme_of
from .coordinated import nlp
from .named import spoken
from .sentences import OPENING, statement_label

METHOD = "held-position"
ISSUER = (
    r"(?:we|it|they|(?:the|our)\s+(?:university|institute|institution|council|centre|center|association|team|government|"
    r"ministry|agency|foundation|board|academy|college|school|network|office|committee))"
)
HELD = re.compile(
    rf"\b{ISSUER}\s+(?:therefore\s+|further\s+|also\s+|firmly\s+|strongly\s+|still\s+)*"
    r"(?P<verb>hold|holds|maintain|maintains|take the view|takes the view|believe|believes|are convinced|is convinced)"
    r"\s+that\s+(?P<what>.+)",
    re.I | re.S,
)
POSITION = re.compile(
    r"\b(?:position|policy|starting point|conviction|premise|stance|guiding idea|basic principle|principle)\b"
    r"(?:\s*,[^,]{0,160},|\s*\([^)]{0,80}\))?\s+(?:is|remains|has always been)\s+that\s+(?P<what>.+)"
    # "Our approach starts from the conviction that A and that B"
    r"|\b(?:starts?|starting|proceeds?|begins?|rests?|builds?)\s+(?:from|on)\s+the\s+(?:firm\s+)?(?:conviction|premise|(?P<belief>view|belief))\s+"
    r"that\s+(?P<from>.+)",
    re.I | re.S,
)
NORMATIVE = re.compile(r"\b(?:should|must|shall|ought to|can only|need to|needs to|has to|have to)\b", re.I)
# Where one held clause ends: the next "that" clause, a clause of its own after a semicolon or colon, or a contrast,
# reason or circumstance added after a comma
NEXT_CLAUSE = re.compile(r",?\s+and\s+(?:also\s+)?that\s+", re.I)
CLAUSE_END = re.compile(
    r"\s*[;:]|,\s+(?:not|rather than|instead of|with|while|because|since|so that|which|where|as|itself|proportionately|"
    r"above all|especially|in particular|notably|including)\b|\s+rather than\s",
    re.I,
)
MIN_WORDS, MAX_WORDS = 3, 24


def read(source: Source) -> list[Concept]:
    found = []
    for block, sentence in source.prose_sentences():
        if is_question(sentence) or spoken(sentence):
            continue
        for label in held_positions(sentence):
            found.append(concept("principle", label, source, (block,), METHOD, definition=sentence))
    for block in source.blocks:
        if block.kind is BlockKind.PARAGRAPH and not source.is_table(block):
            found += [concept("principle", label, source, (block,), METHOD, definition=said) for label, said in stated_in_turn(block.text)]
    return found


# A sentence whose subject is the issuer, after what may order it: "Finally, it treats ...", "It also expects ..."
ISSUER_SAYS = re.compile(rf"^(?:(?:first|second|third|finally|lastly|also|further|moreover)\s*,?\s+)?{ISSUER}\s+(?P<what>.+)", re.I | re.S)
NEXT_ACT = re.compile(rf",?\s+and\s+(?:,\s*)?{ISSUER}\s+", re.I)  # "..., and it confines restrictions to ..."
TURN = re.compile(r"\s+and,\s|\s+but\s", re.I)  # "expects candour from its researchers and, in turn, owes them ..."
MIN_IN_TURN = 2
FIRST_CLAUSE = re.compile(r",\s+(?:and|but)\s+|;\s")  # where a sentence's first clause ends
# A sentence that announces a number of principles, convictions or positions ("rests on a few convictions")
COUNTED_CUE = re.compile(
    r"\b(?:a few|few|a small number of|small number of|several|two|three|four|five|six|seven)\s+(?:[\w-]+\s+)?"
    r"(?:principles|convictions|beliefs|positions|ideas|commitments|tenets)\b",
    re.I,
)


def stated_in_turn(paragraph: str) -> list[tuple[str, str]]:
    """(label, sentence) for positions a sentence announces ("acts on a small number of settled positions") and the
    sentences after it state one by one: each the issuer doing something ("It presumes that ...", "It expects ..."), or,
    after a count ("rests on a few convictions"), each a statement of its own to the paragraph's end."""
    sentences = SENTENCE.split(paragraph)
    for k, announcing in enumerate(sentences[:-MIN_IN_TURN]):
        if announcing.rstrip().endswith(":") or scheme_of([announcing], ("principle",)) is None:
            continue
        run = _issuer_acts(sentences[k + 1 :])
        if len(run) < MIN_IN_TURN and COUNTED_CUE.search(announcing):
            parts = _semicolon_parts(sentences[k + 1])  # "A is welcome; B is managed ...; and C are met ...": one sentence
            run = _statements(parts if len(parts) >= MIN_PARTS else sentences[k + 1 :])
        if len(run) < MIN_IN_TURN:
            continue
        found = []
        for what, sentence in run:
            for clause in NEXT_ACT.split(what.strip().rstrip(".")):
                label = TURN.split(CLAUSE_END.split(clause, maxsplit=1)[0], maxsplit=1)[0].strip(" ,")
                label = re.sub(r"^(?:will|shall|should|must|would|also)\s+(?:also\s+)?", "", label, flags=re.I)  # "we will also follow"
                if MIN_WORDS <= len(label.split()) <= MAX_WORDS:
                    found.append((label[:1].upper() + label[1:], sentence))
        return found
    return []


MIN_PARTS = 3


def _semicolon_parts(sentence: str) -> list[str]:
    """The statements of a sentence that runs them with semicolons, each without the "and" that closes the run."""
    parts = [re.sub(r"^(?:and|or)\s+", "", p.strip()) for p in sentence.split(";")]
    return [p for p in parts if p]


def _issuer_acts(sentences: list[str]) -> list[tuple[str, str]]:
    """(what the issuer does, sentence) for the sentences in a row whose subject is the issuer acting."""
    run = []
    for sentence in sentences:
        if not (m := ISSUER_SAYS.match(sentence)) or not _acts(sentence):
            break
        run.append((m["what"], sentence))
    return run


def _statements(sentences: list[str]) -> list[tuple[str, str]]:
    """(what each states, sentence) when every sentence left states something of a thing it names ("Research at Duke is
    open by default, and ...", "And institutions must keep academic freedom at the centre"): its first clause, or what
    a modal statement asks."""
    rest = [re.sub(r"^(?:and|but|finally|first|second|third|lastly),?\s+", "", t, flags=re.I) for t in sentences]
    rest = [t[:1].upper() + t[1:] for t in rest]
    if len(rest) < MIN_IN_TURN or not all(_states(t) for t in rest):
        return []
    return [(statement_label(m) if (m := _modal(t)) else FIRST_CLAUSE.split(t, maxsplit=1)[0], t) for t in rest]


def _modal(sentence: str) -> re.Match | None:
    """A modal statement's opening ("Institutions should keep ..."), not a statement whose second verb is modal
    ("Collaboration is welcome and will stay the norm")."""
    m = OPENING.match(sentence)
    return m if m and not VERB_BEFORE_MODAL.search(sentence[: m.start("verb")]) else None


VERB_BEFORE_MODAL = re.compile(r"\s(?:is|are|was|were|and|or)\s")  # "Collaboration is welcome and will ..."


def _states(sentence: str) -> bool:
    """Whether a sentence states something of a thing it names: its subject a noun (not "They were adopted ..."), its
    verb finite."""
    doc = nlp()(sentence)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    subjects = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}] if root is not None else []
    named = bool(subjects) and all(s.pos_ in {"NOUN", "PROPN"} for s in subjects)
    return named and root.pos_ in {"VERB", "AUX"} and not is_question(sentence)


def _acts(sentence: str) -> bool:
    """Whether a sentence's main verb is something its subject does ("It presumes ..."), not what is done to it or what
    it is ("It is reviewed yearly", "It is a list of ...")."""
    root = next((t for t in nlp()(sentence) if t.dep_ == "ROOT"), None)
    return root is not None and root.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in root.children)


def held_positions(sentence: str) -> list[str]:
    """The labels of the positions a sentence holds, one for each of its "that" clauses."""
    m = HELD.search(sentence) or POSITION.search(sentence)
    if m is None:
        return []
    labels = []
    for part in NEXT_CLAUSE.split((m["what"] or m.groupdict().get("from") or "").strip().rstrip(".")):
        what = CLAUSE_END.split(part, maxsplit=1)[0].strip()
        believed = m.groupdict().get("belief") or ("verb" in m.groupdict() and m["verb"].lower().startswith(("believe", "are", "is")))
        if believed and not NORMATIVE.search(what):
            continue  # "we believe that most researchers are unaware ...": a belief about a fact
        what = re.sub(r"^(?:the|a|an)\s+", "", what, flags=re.I).strip(" ,")
        if MIN_WORDS <= len(what.split()) <= MAX_WORDS:  # the clause whole: its own commas ("judge, case by case, whether") stay
            labels.append(what[:1].upper() + what[1:])
    return labels
