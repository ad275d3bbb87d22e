"""Risks a sentence names by calling them a risk, in a section about risks: "A third risk is the loss of
intellectual property generated in joint projects", "The transfer of personal data abroad is a growing concern",
"Equally serious is the unintended export of sensitive goods". Read from the dependency parse: a copula one side of
which is a word for a risk, the other side what is named, cut to its noun phrase."""

from ..parse.model import BlockKind
from ..records import Concept
from .base import SENTENCE, Source, ancestors, concept, scheme_of, to_label
from .coordinated import common_noun, nlp

METHOD = "risk-copula"
RISK_NOUNS = {"risk", "risks", "problem", "problems", "threat", "threats", "danger", "dangers"}
# "a growing concern" names a risk; "the second concern is the organisation you deal with" names a topic
CONCERNS = {"concern", "concerns"}
# "Equally real is X": an adjective that says how serious, in front of an inverted copula, or qualifies a concern
SERIOUS = {"real", "serious", "common", "frequent", "important", "significant", "grave", "pressing", "likely", "growing", "major"}
HEDGES = {"not", "rarely", "seldom", "never", "hardly", "n't"}  # "the practical risk is rarely a crate at a border"
MAX_WORDS = 14
CUT = {"relcl", "advcl", "punct", "cc", "conj", "appos"}


def read(source: Source) -> list[Concept]:
    chosen = []
    for block in source.blocks:
        if block.kind is not BlockKind.PARAGRAPH or not _in_risk_section(source, block):
            continue
        sentences = [s for s in SENTENCE.split(block.text) if not s.rstrip().endswith(":")]  # "The risks ... are:" leads a list
        chosen += [(block, s) for s in sentences if any(w in s.lower() for w in (*RISK_NOUNS, *CONCERNS, *SERIOUS))]
    if not chosen:
        return []
    found = []
    for (block, _), doc in zip(chosen, nlp().pipe(s for _, s in chosen), strict=True):
        if (named := risk_named(doc)) and (label := to_label(named)):
            found.append(concept("risk-area", label, source, (block,), METHOD, definition=doc.text))
    return found


def _in_risk_section(source: Source, block) -> bool:
    headings = ancestors(source.blocks, block)
    return bool(headings) and scheme_of([headings[0].text], ("risk-area",)) == "risk-area"


def risk_named(doc) -> str | None:
    """What a copular sentence calls a risk: the side of "be" that is not the risk word."""
    for verb in (t for t in doc if t.lower_ in {"is", "are", "was", "were", "be", "remains", "remain"}):
        if any(c.lower_ in HEDGES for c in verb.children):
            continue
        sides = [c for c in verb.children if c.dep_ in {"nsubj", "attr", "acomp"}]
        risky = [s for s in sides if _calls_a_risk(s)]
        # what is named is a common noun ("Phishing, intrusion ..." too), not a name ("... Data Protection Law is a growing
        # concern", from a sentence a page break cut) or a pronoun
        other = [s for s in sides if s not in risky and common_noun(s) and s.lower_ not in {"one", "ones", "none"}]
        if risky and other:
            return _phrase(other[0])
    return None


def _calls_a_risk(token) -> bool:
    """ "A third risk", "the most frequent problem", "a growing concern", "Equally real": not a bare "concern that ..."."""
    modifiers = {c.lower_ for c in token.children if c.dep_ in {"det", "amod", "poss", "nummod", "compound"}}
    if token.lower_ in RISK_NOUNS:
        return bool(modifiers)
    if token.lower_ in CONCERNS:
        return bool(modifiers & SERIOUS)
    return token.dep_ == "acomp" and token.lower_ in SERIOUS


def _phrase(head) -> str | None:
    """A noun with its modifiers and complements, up to a comma, a relative clause or a second conjunct."""
    words, todo = [head], [c for c in head.children if c.dep_ not in CUT and c.dep_ != "det"]
    while todo:
        token = todo.pop()
        words.append(token)
        todo += [c for c in token.children if c.dep_ not in CUT]
    doc = head.doc
    start, end = min(t.i for t in words), max(t.i for t in words)
    span = doc[start : end + 1]
    if "," in span.text or len(span) > MAX_WORDS:
        return None
    return span.text
