"""Principles or values stated one sentence each after a sentence that counts them: "Two principles shape
everything that follows. Institutions should take a risk-based approach, so that ... And universities must keep
academic freedom at the centre: ...". The N sentences after the count, each with a "should"/"must" clause, are
the N principles; each is labelled by what the clause asks for ("a risk-based approach"), not by its verb."""

import re

from ..parse.model import BlockKind
from ..records import Concept
from .base import SENTENCE, Source, concept, to_label
from .known_terms import pattern
from .named import REPORTED
from .ordinals import ORDINAL

COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
COUNT = re.compile(rf"\b(?P<n>{'|'.join(COUNTS)})\s+(?:\w+\s+)?(?P<word>principles|values|commitments|tenets|pillars)\b", re.I)
MODAL = re.compile(r"\b(?:should|must|shall|need to|ought to)\s+(?:always\s+|also\s+)?(?P<what>.+)$", re.I | re.S)
KEEPS_VERB = frozenset(["be", "remain", "stay", "become"])


# "We stay open by default ...", "And we treat responsibility as shared: ...": a commitment in the first person
COMMITMENT = re.compile(
    r"^(?:and\s+|also\s+|finally,?\s+)?(?:we|the university|the institution|the office)\s+(?:will\s+|always\s+|also\s+)?"
    r"(?P<what>[a-z]+\s.+)$",
    re.I | re.S,
)
MAX_CLAUSE_WORDS = 12


def read(source: Source) -> list[Concept]:
    found = []
    blocks = source.blocks
    for at, block in enumerate(blocks):
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        sentences = SENTENCE.split(block.text)
        for i, sentence in enumerate(sentences):
            m = COUNT.search(sentence)
            if m is None or REPORTED.search(sentence):
                continue  # what a speaker presented, in minutes, is not the document's own
            n = COUNTS[m["n"].lower()]
            scheme = "value" if m["word"].lower() == "values" else "principle"
            if sentence.rstrip().endswith(":"):
                continue
            if ":" in sentence[m.end() :]:  # "three principles ...: A comes first, B are ..., and C asks ..."
                listed = _listed(sentence, m, n)
                found += [concept(scheme, label, source, (block,), "counted-clauses", definition=sentence) for label in listed]
                continue
            following = sentences[i + 1 : i + 1 + n]
            where = block
            if not following and at + 1 < len(blocks) and blocks[at + 1].kind is BlockKind.PARAGRAPH:
                where, following = blocks[at + 1], SENTENCE.split(blocks[at + 1].text)[:n]  # the count ends its paragraph
            stated = [MODAL.search(s) or COMMITMENT.match(s) for s in following]
            if len(following) == n and (subjects := [value_subject(s) for s in following]) and all(subjects):
                # "... four core values. Quality and integrity come first: ... Collective benefit follows, ...": each
                # of the N sentences opens with the value it is about
                for label, s in zip(subjects, following, strict=True):
                    found.append(concept(scheme, label, source, (where,), "counted-subjects", definition=s))
                continue
            ordinal = any(ORDINAL.match(s.strip()) for s in following)  # "The first is ...": the ordinals reader's
            if len(following) == n and not all(stated) and not ordinal and all(_declares(s) for s in following):
                # "Three principles run through it. Checks are made before a project starts. ... And the effort spent
                # on checks should be proportionate ...": the N sentences after the count are the N principles
                for s in following:
                    if label := to_label(re.sub(r"^(?:and|also|finally),?\s+", "", s.strip(), flags=re.I), max_words=MAX_CLAUSE_WORDS):
                        found.append(concept(scheme, label, source, (where,), "counted-sentences", definition=s))
                continue
            if len(stated) < n or not all(stated):
                continue
            for s, modal in zip(following, stated, strict=True):
                if label := asked_for(re.split(r"[,:;]\s|\s(?:and|so that|while|because)\s", modal["what"])[0]):
                    found.append(concept(scheme, label, source, (where,), "counted-sentences", definition=s))
    return found


SUBJECT_WORDS = 5
JOINING = frozenset({"and", "or", "of", "the", "to", "in", "for"})


def value_subject(sentence: str) -> str | None:
    """The value a sentence opens with ("Quality and integrity come first", "Collective benefit follows, since ..."):
    its first words up to the last word of the vocabulary of values among them, when every word before that is a
    vocabulary word's, a joining word, or the one word paired with a vocabulary word ("Quality and integrity")."""
    head = " ".join(sentence.split()[:SUBJECT_WORDS])
    hits = [m for m in pattern().finditer(head)]
    if not hits or hits[0].start() > len(head.split()[0]) + 5:
        return None
    end = hits[-1].end()
    covered = {i for m in hits for i in range(m.start(), m.end())}
    loose = [w for w in re.finditer(r"[\w’'-]+", head[:end]) if w.start() not in covered and w.group(0).lower() not in JOINING]
    if len(loose) > 1:
        return None
    label = head[:end].strip()
    return label[:1].upper() + label[1:]


NOT_A_STATEMENT = re.compile(r"^(?:they|these|this|those|it|such|there|each of|all of|both)\b", re.I)
MAX_STATEMENT_WORDS = 40


def _declares(sentence: str) -> bool:
    """A sentence that can state a principle on its own: not a question, not about "they" or "these", not long."""
    text = sentence.strip()
    return bool(text) and not text.endswith("?") and not NOT_A_STATEMENT.match(text) and len(text.split()) <= MAX_STATEMENT_WORDS


def _listed(sentence: str, m: re.Match, n: int) -> list[str]:
    """The N clauses listed after the colon of a sentence that counts them, when there are exactly N."""
    after = sentence[sentence.index(":", m.end()) + 1 :].strip().rstrip(".")
    if ";" in after:  # "openness to the world, because ...; proportionality, so that ...; and judging ...": heads, then reasons
        parts = [re.split(r",\s", re.sub(r"^(?:and|or)\s+", "", p.strip()), maxsplit=1)[0] for p in after.split(";") if p.strip()]
    else:
        parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?", after) if p.strip()]
    if len(parts) != n or any(len(p.split()) > MAX_CLAUSE_WORDS for p in parts):
        return []
    return [label for p in parts if (label := to_label(p, max_words=MAX_CLAUSE_WORDS))]


def asked_for(clause: str) -> str:
    """ "take a risk-based approach, so that ..." -> "Risk-based approach"; "be proportionate" -> "Proportionate"."""
    words = to_label(clause).split()
    if (len(words) >= 3 and words[0].lower() not in KEEPS_VERB) or (words and words[0].lower() in KEEPS_VERB):
        words = words[1:]
    while words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    label = " ".join(words)
    return label[:1].upper() + label[1:]
