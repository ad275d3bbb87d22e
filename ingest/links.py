"""Concepts linked to clauses, and the crosswalk from principles and risk vectors to tools.

Every link says how it was made (``method``) and how sure it is (``score`` or
``confidence``); crosswalk links carry the clauses they rest on.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pyoxigraph as ox

from ontology import ONTOLOGY_DIR
from ontology import namespace as ns

from .concepts import all_addresses, merge
from .labels import LABEL_SCORE, LabelMatcher
from .records import ClauseRecord, Concept

CURATED_DIR = ONTOLOGY_DIR / "curated"
DEFINING_METHODS = {"definition-list", "defined-term", "definition-sentence"}
SOURCE_SCORE = 1.0
CROSSWALK_SCHEMES = ("principle", "risk-vector")
INFERRED_PER_CONCEPT = 3
INFERRED_MIN_SIMILARITY = 0.3
MANY_PLACES = re.compile(r"multilateral|international|global|/", re.I)
DEFINITION_VERBS = r"(?:is|are|involves|means|refers to|encompasses|focuses on)"
COUNTRY_DOMAINS = {
    "ca": "Canada", "se": "Sweden", "no": "Norway", "nl": "Netherlands", "de": "Germany", "fr": "France", "fi": "Finland",
    "uk": "United Kingdom", "ie": "Ireland", "ch": "Switzerland", "eu": "European Union", "be": "Belgium", "jp": "Japan",
    "nz": "New Zealand", "au": "Australia", "at": "Austria", "dk": "Denmark", "it": "Italy", "es": "Spain", "gov": "United States",
}  # fmt: skip


@dataclass(frozen=True)
class ConceptLink:
    clause: str
    concept: str
    score: float
    method: str


@dataclass(frozen=True)
class CrosswalkLink:
    source: str  # a principle or risk vector
    tool: str
    evidence: tuple[str, ...]
    confidence: float
    curated: bool
    method: str
    note: str | None = None

    @property
    def uri(self) -> str:
        return ns.crosswalk_uri(self.source, self.tool)


@dataclass
class Knowledge:
    concepts: list[Concept]
    links: list[ConceptLink]
    crosswalk: list[CrosswalkLink]

    def by_uri(self) -> dict[str, Concept]:
        return {c.uri: c for c in self.concepts}


# ------------------------------------------------------------------ curated


@dataclass(frozen=True)
class CuratedCrosswalk:
    source: str
    tool_address: str
    note: str | None


def load_curated(folder: Path = CURATED_DIR) -> tuple[list[Concept], dict[str, list[str]], list[CuratedCrosswalk]]:
    """Concepts, extra alt labels by concept URI, and crosswalk links from the curated Turtle files."""
    store = ox.Store()
    for path in sorted(folder.glob("*.ttl")):
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    classes = {ns.class_uri(key): key for key in ns.SCHEMES}

    def values(subject, predicate) -> list[str]:
        return [q.object.value for q in store.quads_for_pattern(subject, ox.NamedNode(predicate), None)]

    concepts, synonyms, crosswalk = [], defaultdict(list), []
    subjects = {q.subject for q in store}
    for subject in subjects:
        types = values(subject, ns.type_)
        scheme = next((classes[t] for t in types if t in classes), None)
        if ns.CrosswalkLink in types:
            crosswalk.append(
                CuratedCrosswalk(
                    values(subject, ns.fromConcept)[0],
                    values(subject, ns.RSKG + "toolAddress")[0],
                    next(iter(values(subject, ns.RDFS + "comment")), None),
                )
            )
        elif scheme is not None:
            label = values(subject, ns.prefLabel)[0]
            concepts.append(
                Concept(
                    scheme,
                    label,
                    alt_labels=tuple(values(subject, ns.altLabel)),
                    definition=next(iter(values(subject, ns.definition)), None),
                    curated=True,
                )
            )
        else:
            synonyms[subject.value].extend(values(subject, ns.altLabel))
    return concepts, dict(synonyms), crosswalk


# ------------------------------------------------------------------ building


def build_knowledge(extracted: list[Concept], clauses: list[ClauseRecord], embed: Callable[[list[str]], np.ndarray]) -> Knowledge:
    curated, synonyms, curated_crosswalk = load_curated()
    concepts = merge(extracted + curated)
    concepts = [replace(c, alt_labels=tuple(dict.fromkeys(c.alt_labels + tuple(synonyms.get(c.uri, ()))))) for c in concepts]
    concepts = _resolve_tools(concepts)
    links = _clause_links(concepts, clauses)
    crosswalk = _crosswalk(concepts, links, clauses, curated_crosswalk, embed)
    return Knowledge(concepts, links, crosswalk)


def _resolve_tools(concepts: list[Concept]) -> list[Concept]:
    """Tell a tool's jurisdiction from its issuer: a place named in its title, its address's country
    domain, or its list's sub-heading; an organisation named there is its issuer."""
    places = LabelMatcher([c for c in concepts if c.scheme == "jurisdiction"])
    organisations = LabelMatcher([c for c in concepts if c.scheme == "organisation"])
    by_uri = {c.uri: c for c in concepts}
    by_label = {c.label: c for c in concepts if c.scheme == "jurisdiction"}
    resolved = []
    for concept in concepts:
        if concept.scheme != "tool":
            resolved.append(concept)
            continue
        context = concept.issuer or ""
        place = _first(places.find(concept.label)) or _domain_place(concept.address, by_label) or _first(places.find(context))
        if place is None and not context:  # a document speaking for one jurisdiction lends it to its tools
            home = places.find(concept.extra.get("document_jurisdiction") or "")
            place = _first(home) if len(home) == 1 and not MANY_PLACES.search(concept.extra.get("document_jurisdiction") or "") else None
        issuer = _first(organisations.find(context)) or _first(organisations.find(concept.label))
        resolved.append(
            replace(
                concept,
                jurisdiction=by_uri[place].label if place else None,
                issuer=by_uri[issuer].label if issuer else (context if context and not places.find(context) else None),
            )
        )
    return resolved


def _first(found: dict[str, float]) -> str | None:
    return max(found, key=found.get) if found else None


def _domain_place(address: str | None, by_label: dict[str, Concept]) -> str | None:
    if not address:
        return None
    host = urlparse(address).hostname or ""
    parts = host.split(".")
    if host.endswith(".gov.uk") or host.endswith(".ac.uk"):
        parts = ["uk"]
    label = COUNTRY_DOMAINS.get(parts[-1])
    return by_label[label].uri if label in by_label else None


def _clause_links(concepts: list[Concept], clauses: list[ClauseRecord]) -> list[ConceptLink]:
    links: dict[tuple[str, str], ConceptLink] = {}

    def add(link: ConceptLink) -> None:
        key = (link.clause, link.concept)
        if key not in links or links[key].score < link.score:
            links[key] = link

    for concept in concepts:
        for clause in concept.source_clauses:
            add(ConceptLink(clause, concept.uri, SOURCE_SCORE, concept.method))
    matcher = LabelMatcher(concepts)
    defining = {c.uri: c for c in concepts if c.scheme in ("term", "value", "principle", "risk-vector")}
    openings = {uri: re.compile(rf"^{re.escape(c.label)}\s+{DEFINITION_VERBS}\b", re.I) for uri, c in defining.items()}
    for clause in clauses:
        for uri, score in matcher.find(clause.text).items():
            add(ConceptLink(clause.uri, uri, score, "label-match" if score == LABEL_SCORE else "alt-label-match"))
        for uri, opening in openings.items():
            if opening.match(clause.text):
                add(ConceptLink(clause.uri, uri, SOURCE_SCORE, "definition-sentence"))
    return sorted(links.values(), key=lambda link: (link.clause, link.concept))


def _crosswalk(concepts, links, clauses, curated: list[CuratedCrosswalk], embed) -> list[CrosswalkLink]:
    tools = [c for c in concepts if c.scheme == "tool" and c.source_clauses]
    sources = [c for c in concepts if c.scheme in CROSSWALK_SCHEMES]
    if not tools or not sources:
        return []
    text_of = {c.uri: c.text for c in clauses}
    out: dict[tuple[str, str], CrosswalkLink] = {}
    by_address = defaultdict(list)
    for tool in tools:
        for address in all_addresses(tool):
            by_address[address.rstrip("/.")].append(tool)
    by_uri = {c.uri: c for c in concepts}
    for link in curated:
        source = by_uri.get(link.source)
        for tool in by_address.get(link.tool_address.rstrip("/."), []):
            if source is not None:
                out[(source.uri, tool.uri)] = CrosswalkLink(source.uri, tool.uri, _evidence(source, tool), 1.0, True, "curated", link.note)

    clauses_of = defaultdict(set)
    for link in links:
        clauses_of[link.concept].add(link.clause)
    for source in sources:
        for tool in tools:
            shared = sorted((clauses_of[source.uri] & clauses_of[tool.uri]) - set(tool.source_clauses))
            if shared and (source.uri, tool.uri) not in out:
                out[(source.uri, tool.uri)] = CrosswalkLink(
                    source.uri, tool.uri, (*shared, *_evidence(source, tool)), 0.7, False, "co-mention"
                )

    source_vectors = embed([f"{s.label}: {s.definition or ''}" for s in sources])
    tool_vectors = embed([f"{t.label}. {text_of.get(t.source_clauses[0], '')[:600]}" for t in tools])
    similarity = source_vectors @ tool_vectors.T
    for i, source in enumerate(sources):
        ranked = np.argsort(-similarity[i])
        chosen = [j for j in ranked[:INFERRED_PER_CONCEPT] if similarity[i, j] >= INFERRED_MIN_SIMILARITY] or [ranked[0]]
        for j in chosen:
            tool = tools[j]
            if (source.uri, tool.uri) not in out:
                confidence = round(float(similarity[i, j]), 3)
                out[(source.uri, tool.uri)] = CrosswalkLink(
                    source.uri, tool.uri, _evidence(source, tool), confidence, False, "embedding-similarity"
                )
    return sorted(out.values(), key=lambda link: (link.source, -link.confidence, link.tool))


def _evidence(source: Concept, tool: Concept) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*tool.source_clauses, *source.source_clauses)))


__all__ = ["ConceptLink", "CrosswalkLink", "Knowledge", "build_knowledge", "load_curated"]
