"""The same or a near principle or value, named by different documents: skos:exactMatch or
skos:closeMatch, with a score and the method.

Two concepts of different documents are compared on their labels (the share of the shorter
label's content words, stemmed, that the longer one has: "Proportionality" is all in "Risk
Proportionality", "Openness" in "Open Science and Access to Research") and on their definitions
(cosine of "label: definition"). The thresholds below were set by reading the seed concepts' pairs;
tests/fixtures/align/judged.toml (other issuers' principles against the G7's) checks them.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import Stemmer

from .records import ClauseRecord, Concept

ALIGNED_SCHEMES = {"value": ("value", "principle"), "principle": ("value", "principle"), "risk-vector": ("risk-vector",)}
STOP = {"and", "of", "the", "in", "for", "to", "a", "an", "on", "with", "from", "research"}
EXACT_DEFINITION = 0.5  # same words in the labels and definitions at least this alike: the same concept
CLOSE_DEFINITION_WITH_LABEL = 0.35  # one label inside the other, definitions at least this alike: a near concept
CLOSE_DEFINITION_ALONE = 0.75  # definitions this alike, whatever the labels: a near concept
PARTIAL_LABEL = 0.5  # half the shorter label's words in the other ("Risk-based Approach", "Risk Proportionality") ...
PARTIAL_DEFINITION = 0.5  # ... and definitions this alike: a near concept, if no other match of the concept is better
MAX_PER_CONCEPT = 2
PARTIAL_METHOD = "label-overlap-and-definition"
_stemmer = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Alignment:
    concept: str  # the concept aligned (a document's own)
    other: str  # the concept it matches (the framework's, when one side is)
    relation: str  # "exactMatch" or "closeMatch"
    score: float
    method: str


def label_words(label: str) -> set[str]:
    words = re.findall(r"[a-z]+", label.lower())
    return {_stemmer.stemWord(w) for w in words if w not in STOP} or {_stemmer.stemWord(w) for w in words}


def containment(a: str, b: str) -> float:
    """The share of the shorter label's content words that the other label has."""
    wa, wb = label_words(a), label_words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / min(len(wa), len(wb))


def align(
    concepts: list[Concept], clauses: list[ClauseRecord], embed: Callable[[list[str]], np.ndarray], framework: set[str] = frozenset()
) -> list[Alignment]:
    """Alignments between values, principles and risk vectors stated by different documents."""
    doc_of = {c.uri: c.doc_id for c in clauses}
    candidates = [c for c in concepts if c.scheme in ALIGNED_SCHEMES]
    documents = {c.uri: {doc_of[s] for s in c.source_clauses if s in doc_of} for c in candidates}
    candidates = [c for c in candidates if documents[c.uri]]
    if len(candidates) < 2:
        return []
    vectors = embed([f"{c.label}: {c.definition or c.label}" for c in candidates])
    similarity = vectors @ vectors.T
    found: dict[str, list[Alignment]] = defaultdict(list)
    for i, a in enumerate(candidates):
        for j, b in enumerate(candidates):
            if j <= i or b.scheme not in ALIGNED_SCHEMES[a.scheme] or documents[a.uri] & documents[b.uri]:
                continue
            alignment = _judge(a, b, float(similarity[i, j]), framework)
            if alignment:
                found[alignment.concept].append(alignment)
    out = []
    for alignments in found.values():
        ranked = sorted(alignments, key=lambda x: -x.score)
        out += [x for n, x in enumerate(ranked) if n == 0 or x.method != PARTIAL_METHOD][:MAX_PER_CONCEPT]
    return sorted(out, key=lambda x: (x.concept, -x.score))


def _judge(a: Concept, b: Concept, definitions: float, framework: set[str]) -> Alignment | None:
    if a.uri in framework and b.uri not in framework:
        a, b = b, a  # a document's own concept points at the framework's
    words = containment(a.label, b.label)
    same_words = label_words(a.label) == label_words(b.label)
    score = round(0.5 * words + 0.5 * max(0.0, definitions), 3)
    if same_words and definitions >= EXACT_DEFINITION:
        return Alignment(a.uri, b.uri, "exactMatch", score, "same-label-words-and-definition")
    if words == 1.0 and definitions >= CLOSE_DEFINITION_WITH_LABEL:
        return Alignment(a.uri, b.uri, "closeMatch", score, "label-contained-and-definition")
    if definitions >= CLOSE_DEFINITION_ALONE:
        return Alignment(a.uri, b.uri, "closeMatch", score, "definition-similarity")
    if words >= PARTIAL_LABEL and definitions >= PARTIAL_DEFINITION:
        return Alignment(a.uri, b.uri, "closeMatch", score, PARTIAL_METHOD)
    return None


__all__ = ["Alignment", "align", "containment"]
