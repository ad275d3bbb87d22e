"""Principles or values stated one sentence each after a sentence that counts them: "Two principles shape
everything that follows. Institutions should take a risk-based approach, so that ... And universities must keep
academic freedom at the centre: ...". The N sentences after the count, each with a "should"/"must" clause, are
the N principles; each is labelled by what the clause asks for ("a risk-based approach"), not by its verb."""

import re

from ..parse.model import BlockKind
from ..records import Concept
from .base import SENTENCE, Source, concept, to_label

COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
COUNT = re.compile(rf"\b(?P<n>{'|'.join(COUNTS)})\s+(?:\w+\s+)?(?P<word>principles|values)\b", re.I)
MODAL = re.compile(r"\b(?:should|must|shall|need to|ought to)\s+(?:always\s+|also\s+)?(?P<what>.+)$", re.I | re.S)
KEEPS_VERB = frozenset(["be", "remain", "stay", "become"])


def read(source: Source) -> list[Concept]:
    found = []
    for block in source.blocks:
        if block.kind is not BlockKind.PARAGRAPH:
            continue
        sentences = SENTENCE.split(block.text)
        for i, sentence in enumerate(sentences):
            m = COUNT.search(sentence)
            if m is None or sentence.rstrip().endswith(":"):
                continue
            n = COUNTS[m["n"].lower()]
            stated = [MODAL.search(s) for s in sentences[i + 1 : i + 1 + n]]
            if len(stated) < n or not all(stated):
                continue
            scheme = "principle" if m["word"].lower() == "principles" else "value"
            for s, modal in zip(sentences[i + 1 : i + 1 + n], stated, strict=True):
                if label := asked_for(modal["what"]):
                    found.append(concept(scheme, label, source, (block,), "counted-sentences", definition=s))
    return found


def asked_for(clause: str) -> str:
    """ "take a risk-based approach, so that ..." -> "Risk-based approach"; "be proportionate" -> "Proportionate"."""
    words = to_label(clause).split()
    if (len(words) >= 3 and words[0].lower() not in KEEPS_VERB) or (words and words[0].lower() in KEEPS_VERB):
        words = words[1:]
    while words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    label = " ".join(words)
    return label[:1].upper() + label[1:]
