"""Normative sentences: principles or values stated in prose, as a run of "should"/"must" clauses
after a sentence that announces them: "Alongside these values sit a few principles. Measures
should be risk-based and proportionate, ...; they should be transparent, ...; and they should
never single out people because of their nationality." Each clause is a principle. A single
"should" sentence is advice, not a list of principles, and is left alone."""

import re
from itertools import pairwise

from ..parse.model import BlockKind
from ..records import Concept
from .base import SENTENCE, Source, concept, scheme_of, to_label

MODAL = re.compile(r"\b(?:should|must|shall|will|ought to)\s+(?:be\s+|always\s+|also\s+)?(?P<what>.+)$", re.I | re.S)
SCHEMES = ("principle", "value")
MIN_CLAUSES = 2


def read(source: Source) -> list[Concept]:
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
