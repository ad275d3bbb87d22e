"""Principles stated as positions the issuer holds, one "that" clause each: "We therefore hold that every Centre must be
able to judge, case by case, whether a collaboration is sound, and that such judgements belong with ...", "Our position
is that the research community should take responsibility for ...", "The team's starting point is that research should
stay open, and that openness can only be sustained if ...". A belief ("we believe that ...") is a principle only when
what it says is normative (a "should", "must" or "can only"): "we believe that most researchers are unaware" is not."""

import re

from ..records import Concept
from .base import Source, concept, is_question
from .named import spoken

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
    r"(?:\s*,[^,]{0,160},|\s*\([^)]{0,80}\))?\s+(?:is|remains|has always been)\s+that\s+(?P<what>.+)",
    re.I | re.S,
)
NORMATIVE = re.compile(r"\b(?:should|must|shall|ought to|can only|need to|needs to|has to|have to)\b", re.I)
# Where one held clause ends: the next "that" clause, a clause of its own after a semicolon or colon, or a contrast,
# reason or circumstance added after a comma
NEXT_CLAUSE = re.compile(r",?\s+and\s+(?:also\s+)?that\s+", re.I)
CLAUSE_END = re.compile(
    r"\s*[;:]|,\s+(?:not|rather than|instead of|with|while|because|since|so that|which|where|as|itself|proportionately)\b|\s+rather than\s",
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
    return found


def held_positions(sentence: str) -> list[str]:
    """The labels of the positions a sentence holds, one for each of its "that" clauses."""
    m = HELD.search(sentence) or POSITION.search(sentence)
    if m is None:
        return []
    labels = []
    for part in NEXT_CLAUSE.split(m["what"].strip().rstrip(".")):
        what = CLAUSE_END.split(part, maxsplit=1)[0].strip()
        if "verb" in m.groupdict() and m["verb"].lower().startswith(("believe", "are", "is")) and not NORMATIVE.search(what):
            continue  # "we believe that most researchers are unaware ...": a belief about a fact
        what = re.sub(r"^(?:the|a|an)\s+", "", what, flags=re.I).strip(" ,")
        if MIN_WORDS <= len(what.split()) <= MAX_WORDS:  # the clause whole: its own commas ("judge, case by case, whether") stay
            labels.append(what[:1].upper() + what[1:])
    return labels
