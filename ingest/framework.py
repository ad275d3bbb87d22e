"""The G7 framework across every document: each clause classified against the 7 values, 8
principles and 4 risk vectors, with a score and the method that found it.

A clause addresses a framework concept when one of its sentences does. A sentence is weighed on
two features: its cosine similarity to the concept's definition (or to that of a national
principle aligned with it), and whether it names the concept (by a label, alt label or one of
its curated cues, ontology/curated/framework.ttl). The two are combined by a logistic model fitted
on a judged sample (tests/fixtures/framework/judged.toml, refitted with ``python -m bench.crosswalk
--fit``), so a score is the estimated probability that the sentence is about the concept.
"""

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyoxigraph as ox
import Stemmer

from ontology import ONTOLOGY_DIR
from ontology import namespace as ns

from .extract.mentioned import METHOD as MENTIONED
from .labels import _normal
from .records import ClauseRecord, Concept

FRAMEWORK_FILE = ONTOLOGY_DIR / "curated" / "framework.ttl"
FRAMEWORK_SCHEMES = ("value", "principle", "risk-vector")
# p(about) = sigmoid(INTERCEPT + SIMILARITY_WEIGHT * cosine + MARGIN_WEIGHT * margin + CUE_WEIGHT * named), where margin is
# the cosine less the sentence's mean cosine to all the framework's concepts (guidance all sounds alike to the model).
# Fitted on tests/fixtures/framework/judged.toml by `python -m bench.crosswalk --fit`.
WEIGHTS = (-5.86, 6.4, 3.38, 3.45)  # intercept, cosine, margin, named
ABOUT_THRESHOLD = 0.5  # a clause is about a concept when p(about) of one of its sentences reaches this
METHOD_CUE = "framework-cue-and-similarity"
METHOD_SIMILARITY = "framework-similarity"
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z“\"(\[])")
MIN_SENTENCE_CHARS = 12
Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class FrameworkConcept:
    """What the classifier knows of one framework concept."""

    uri: str
    scheme: str
    label: str
    definition: str
    cues: tuple[str, ...]  # labels, alt labels and curated cues, as they are matched in a sentence
    prototypes: tuple[str, ...]  # texts a sentence is compared with: its own definition, and aligned concepts'


@dataclass(frozen=True)
class Finding:
    """A sentence of a clause addresses a framework concept."""

    clause: str
    concept: str
    score: float
    method: str
    sentence: str
    similarity: float
    margin: float
    cue: bool


def probability(similarity: float, margin: float, cue: bool, weights: tuple[float, ...] = WEIGHTS) -> float:
    intercept, w_similarity, w_margin, w_cue = weights
    return 1 / (1 + math.exp(-(intercept + w_similarity * similarity + w_margin * margin + w_cue * float(cue))))


def sentences(text: str) -> list[str]:
    """A clause cut into sentences; each item of a list clause is a sentence of its own."""
    out = []
    for part in text.split("\n"):
        part = part.strip().removeprefix("- ").strip()
        out += [s.strip() for s in SENTENCE_END.split(part) if len(s.strip()) >= MIN_SENTENCE_CHARS]
    return out


def load_members(path: Path = FRAMEWORK_FILE) -> tuple[str, list[str], dict[str, tuple[str, ...]]]:
    """The framework's URI, its member concepts' URIs, and each member's curated cues."""
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    collection = next(q.subject.value for q in store.quads_for_pattern(None, ox.NamedNode(ns.type_), ox.NamedNode(ns.Collection)))
    members = [q.object.value for q in store.quads_for_pattern(ox.NamedNode(collection), ox.NamedNode(ns.member), None)]
    cues: dict[str, tuple[str, ...]] = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(ns.cue), None):
        cues[quad.subject.value] = (*cues.get(quad.subject.value, ()), quad.object.value)
    return collection, sorted(members), cues


def framework_concepts(concepts: list[Concept], aligned: dict[str, list[Concept]] | None = None) -> list[FrameworkConcept]:
    """The framework's members among ``concepts``, with the definitions of the concepts aligned with each."""
    _, members, cues = load_members()
    by_uri = {c.uri: c for c in concepts}
    aligned = aligned or {}
    out = []
    for uri in members:
        concept = by_uri.get(uri)
        if concept is None or not concept.definition:
            continue
        others = aligned.get(uri, [])
        out.append(
            FrameworkConcept(
                uri=uri,
                scheme=concept.scheme,
                label=concept.label,
                definition=concept.definition,
                cues=tuple(
                    dict.fromkeys((concept.label, *concept.alt_labels, *cues.get(uri, ()), *(o.label for o in others if stated(o))))
                ),
                prototypes=(f"{concept.label}: {concept.definition}", *(f"{o.label}: {o.definition}" for o in others if o.definition)),
            )
        )
    return out


def _cues(concept: Concept, curated: tuple[str, ...], aligned: list[Concept]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((concept.label, *concept.alt_labels, *curated, *(o.label for o in aligned if stated(o)))))


def stated(concept: Concept) -> bool:
    """Whether a concept's label names it as its document states it, and so can name the concept it is aligned with. A
    value only mentioned in prose is a word of the shared vocabulary ("Openness"), and its stem ("open") is no cue."""
    return concept.method != MENTIONED


class Classifier:
    """Classifies sentences and clauses against the framework's concepts."""

    def __init__(self, concepts: list[FrameworkConcept], embed: Embed):
        self.concepts = concepts
        self.embed = embed
        prototypes = [p for c in concepts for p in c.prototypes]
        owner = np.array([i for i, c in enumerate(concepts) for _ in c.prototypes])
        self._prototypes = embed(prototypes) if prototypes else np.zeros((0, 1))
        self._owner = owner
        self._cues = [CueMatcher(c.cues) for c in concepts]

    def score_sentences(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(similarity, margin, named) matrices, sentences by concepts: the best cosine to a concept's prototypes, that
        less the sentence's mean over all concepts, and whether the sentence names the concept."""
        shape = (len(texts), len(self.concepts))
        if not texts or not self.concepts:
            return np.zeros(shape), np.zeros(shape), np.zeros(shape, dtype=bool)
        cosine = self.embed(texts) @ self._prototypes.T
        similarity = np.full(shape, -1.0)
        for j in range(len(self.concepts)):
            similarity[:, j] = cosine[:, self._owner == j].max(axis=1)
        margin = similarity - similarity.mean(axis=1, keepdims=True)
        stems = [_stems(t) for t in texts]
        named = np.array([[cues.found(t, words) for cues in self._cues] for t, words in zip(texts, stems, strict=True)], dtype=bool)
        return similarity, margin, named.reshape(shape)

    def sentence_findings(self, texts: list[str], threshold: float = ABOUT_THRESHOLD) -> list[list[tuple[int, float, str]]]:
        """For each text, the concepts (index, score, method) it addresses, best first."""
        similarity, margin, named = self.score_sentences(texts)
        out = []
        for i in range(len(texts)):
            found = []
            for j in range(len(self.concepts)):
                score = probability(float(similarity[i, j]), float(margin[i, j]), bool(named[i, j]))
                if score >= threshold:
                    found.append((j, round(score, 3), METHOD_CUE if named[i, j] else METHOD_SIMILARITY))
            out.append(sorted(found, key=lambda f: -f[1]))
        return out

    def classify(self, clauses: list[ClauseRecord], threshold: float = ABOUT_THRESHOLD) -> list[Finding]:
        """Every (clause, concept) whose best sentence reaches ``threshold``, with that sentence."""
        pieces = [(clause, sentence) for clause in clauses for sentence in sentences(clause.text)]
        similarity, margin, named = self.score_sentences([s for _, s in pieces])
        best: dict[tuple[str, str], Finding] = {}
        for i, (clause, sentence) in enumerate(pieces):
            for j, concept in enumerate(self.concepts):
                score = round(probability(float(similarity[i, j]), float(margin[i, j]), bool(named[i, j])), 3)
                key = (clause.uri, concept.uri)
                if score < threshold or (key in best and best[key].score >= score):
                    continue
                method = METHOD_CUE if named[i, j] else METHOD_SIMILARITY
                best[key] = Finding(
                    clause.uri,
                    concept.uri,
                    score,
                    method,
                    sentence,
                    round(float(similarity[i, j]), 3),
                    round(float(margin[i, j]), 3),
                    bool(named[i, j]),
                )
        return sorted(best.values(), key=lambda f: (f.clause, -f.score))


WORD = re.compile(r"[a-z0-9]+")
_stemmer = Stemmer.Stemmer("english")


def _stems(text: str) -> tuple[str, ...]:
    return tuple(_stemmer.stemWord(w) for w in WORD.findall(_normal(text).lower()))


class CueMatcher:
    """Whether a sentence names a concept: a cue's words, stemmed, in a row ("evolving" finds "risks evolve"),
    and acronyms ("EDI") as written."""

    def __init__(self, cues: tuple[str, ...]):
        acronyms = [c for c in cues if c.isupper() and len(c) <= 6]
        self.phrases = {_stems(c) for c in cues if c not in acronyms and _stems(c)}
        self.acronyms = re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, acronyms))})(?![\w-])") if acronyms else None

    def found(self, text: str, stems: tuple[str, ...]) -> bool:
        if self.acronyms is not None and self.acronyms.search(text):
            return True
        for phrase in self.phrases:
            n = len(phrase)
            if any(stems[i : i + n] == phrase for i in range(len(stems) - n + 1)):
                return True
        return False


__all__ = ["Classifier", "Finding", "FrameworkConcept", "framework_concepts", "load_members", "probability", "sentences"]
